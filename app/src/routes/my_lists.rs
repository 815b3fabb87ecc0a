//! `/lists/users/<email>/`: the lists a user owns. Only that user sees it:
//! another logged-in user gets 403, a logged-out visitor is sent home, where
//! the login form is.

use actix_web::http::header::LOCATION;
use actix_web::{HttpResponse, http::StatusCode, web};

use super::list_page::list_url;
use crate::db::lists;
use crate::errors::AppError;
use crate::state::AppState;
use crate::web::templates::{MyListsPage, render};
use crate::web::visit::Visit;

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
    let user_id = user.id;
    let found = state.db_read("cannot load the user's lists", move |conn| lists::of_user(conn, user_id)).await?;
    let owned = found.owned.into_iter().map(|(id, name)| (list_url(&state, &id), name)).collect();
    let shared = found.shared.into_iter().map(|(id, name, owner)| (list_url(&state, &id), name, owner)).collect();
    let page = MyListsPage { site: visit.site(&state.settings), email: &user.email, owned, shared };
    let mut shown = render(StatusCode::OK, &page)?;
    visit.shown(&mut shown, &state.settings)?;
    Ok(shown)
}
