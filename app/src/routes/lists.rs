//! `/lists/new` and `/lists/<id>/`: make a list, show it, add to it.

use actix_web::{HttpResponse, web};
use serde::Deserialize;

use super::found;
use super::list_page::{Showing, list_page, list_url};
use crate::db::items::Added;
use crate::db::lists;
use crate::domain::{DUPLICATE_ITEM_ERROR, ItemText};
use crate::errors::AppError;
use crate::state::AppState;
use crate::web::csrf::CsrfForm;
use crate::web::paths::ListPath;
use crate::web::redirect::see_other;
use crate::web::templates::Entered;
use crate::web::visit::Visit;

#[derive(Deserialize)]
pub struct NewItem {
    pub(super) text: String,
}

pub async fn new_list(
    state: web::Data<AppState>,
    CsrfForm(form): CsrfForm<NewItem>,
    visit: Visit,
) -> Result<HttpResponse, AppError> {
    let text = match ItemText::parse(&form.text) {
        Ok(text) => text,
        Err(e) => return list_page(&state, &visit, Showing::NewList, Entered::refused(&form.text, e)),
    };
    let owner = visit.user.as_ref().map(|user| user.id);
    let list_id = state.db("cannot create a list", move |conn| lists::create_with_item(conn, &text, owner)).await?;
    Ok(see_other(list_url(&state, &list_id)))
}

pub async fn view_list(
    state: web::Data<AppState>,
    ListPath(id): ListPath,
    visit: Visit,
) -> Result<HttpResponse, AppError> {
    let list = found::list(&state, &id).await?;
    list_page(&state, &visit, Showing::List { id: &id, list: &list, refused: None }, Entered::NOTHING)
}

pub async fn add_item(
    state: web::Data<AppState>,
    ListPath(id): ListPath,
    CsrfForm(form): CsrfForm<NewItem>,
    visit: Visit,
) -> Result<HttpResponse, AppError> {
    let error = match ItemText::parse(&form.text) {
        Err(e) => e.to_string(),
        Ok(text) => match state.add_item(&id, text).await? {
            Added::Yes(_) => return Ok(see_other(list_url(&state, &id))),
            Added::NoSuchList => return Err(AppError::NotFound),
            Added::Duplicate => DUPLICATE_ITEM_ERROR.to_string(),
        },
    };
    let list = found::list(&state, &id).await?;
    list_page(
        &state,
        &visit,
        Showing::List { id: &id, list: &list, refused: None },
        Entered::refused(&form.text, error),
    )
}
