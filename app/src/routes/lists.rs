//! `/lists/new` and `/lists/<id>/`: make a list, show it, add to it.

use actix_web::http::header::LOCATION;
use actix_web::{HttpResponse, web};
use serde::Deserialize;

use super::item_page::{Showing, item_page, list_url};
use crate::db::items::Added;
use crate::db::lists::{self, ListView};
use crate::domain::{DUPLICATE_ITEM_ERROR, ItemText, ListId};
use crate::errors::AppError;
use crate::state::AppState;
use crate::web::csrf::CsrfForm;
use crate::web::templates::Entered;
use crate::web::visit::Visit;

#[derive(Deserialize)]
pub struct NewItem {
    pub(super) text: String,
}

pub(super) fn see_other(location: String) -> HttpResponse {
    HttpResponse::SeeOther().insert_header((LOCATION, location)).finish()
}

/// An id no list can have is "no such list", like an unknown one.
pub(super) fn parse_list_id(raw: &str) -> Result<ListId, AppError> {
    ListId::parse(raw).ok_or(AppError::NotFound)
}

pub async fn new_list(
    state: web::Data<AppState>,
    CsrfForm(form): CsrfForm<NewItem>,
    visit: Visit,
) -> Result<HttpResponse, AppError> {
    let text = match ItemText::parse(&form.text) {
        Ok(text) => text,
        Err(e) => return item_page(&state, &visit, Showing::NewList, Entered::refused(&form.text, e)),
    };
    let owner = visit.user.as_ref().map(|user| user.id);
    let list_id = state.db("cannot create a list", move |conn| lists::create_with_item(conn, &text, owner)).await?;
    Ok(see_other(list_url(&state, &list_id)))
}

pub async fn view_list(
    state: web::Data<AppState>,
    path: web::Path<String>,
    visit: Visit,
) -> Result<HttpResponse, AppError> {
    let id = parse_list_id(&path)?;
    let list = load(&state, &id).await?;
    item_page(&state, &visit, Showing::List { id: &id, list: &list, refused: None }, Entered::NOTHING)
}

pub async fn add_item(
    state: web::Data<AppState>,
    path: web::Path<String>,
    CsrfForm(form): CsrfForm<NewItem>,
    visit: Visit,
) -> Result<HttpResponse, AppError> {
    let id = parse_list_id(&path)?;
    let error = match ItemText::parse(&form.text) {
        Err(e) => e.to_string(),
        Ok(text) => match state.add_item(&id, text).await? {
            Added::Yes(_) => return Ok(see_other(list_url(&state, &id))),
            Added::NoSuchList => return Err(AppError::NotFound),
            Added::Duplicate => DUPLICATE_ITEM_ERROR.to_string(),
        },
    };
    let list = load(&state, &id).await?;
    item_page(
        &state,
        &visit,
        Showing::List { id: &id, list: &list, refused: None },
        Entered::refused(&form.text, error),
    )
}

pub(super) async fn load(state: &AppState, id: &ListId) -> Result<ListView, AppError> {
    let id = id.clone();
    state.db_read("cannot load the list's items", move |conn| lists::view(conn, &id)).await?.ok_or(AppError::NotFound)
}
