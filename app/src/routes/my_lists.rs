//! `/lists/users/<email>/`: the lists a user owns. Only that user sees it:
//! another logged-in user gets 403, a logged-out visitor is sent home, where
//! the login form is.

use actix_web::http::header::LOCATION;
use actix_web::{HttpResponse, http::StatusCode, web};

use super::item_page::list_url;
use crate::db::lists;
use crate::errors::AppError;
use crate::state::AppState;
use crate::templates::{MyListsPage, Site, render};
use crate::visit::Visit;

pub const NOT_YOUR_LISTS: &str = "These are another user's lists";

pub async fn my_lists(
    state: web::Data<AppState>,
    path: web::Path<String>,
    visit: Visit,
) -> Result<HttpResponse, AppError> {
    let Some(user) = &visit.user else {
        return Ok(HttpResponse::SeeOther().insert_header((LOCATION, state.settings.url("/"))).finish());
    };
    if !path.eq_ignore_ascii_case(&user.email) {
        return Err(AppError::Forbidden(NOT_YOUR_LISTS));
    }
    let owner = user.id;
    let owned = state.db("cannot load the user's lists", move |conn| lists::owned_by(conn, owner)).await?;
    let owned = owned.into_iter().map(|(id, name)| (list_url(&state, &id), name)).collect();
    let page = MyListsPage { site: Site::for_visit(&state.settings, &visit), email: &user.email, owned };
    render(StatusCode::OK, &page)
}
