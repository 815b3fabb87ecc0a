//! `/lists/new` and `/lists/<id>/`: make a list, show it, add to it.

use actix_web::http::header::LOCATION;
use actix_web::{HttpResponse, web};
use serde::Deserialize;

use super::home::render_home;
use crate::csrf::{CsrfForm, CsrfToken};
use crate::db::lists::{self, AddItemError, ListId};
use crate::domain::{DUPLICATE_ITEM_ERROR, ItemText};
use crate::errors::AppError;
use crate::state::AppState;
use crate::templates::{Entered, ListPage, Site, render};

#[derive(Deserialize)]
pub struct NewItem {
    text: String,
}

pub fn list_url(state: &AppState, id: ListId) -> String {
    state.settings.url(&format!("/lists/{id}/"))
}

fn see_other(location: String) -> HttpResponse {
    HttpResponse::SeeOther().insert_header((LOCATION, location)).finish()
}

/// Unknown and non-numeric ids alike are "no such list".
fn parse_list_id(raw: &str) -> Result<ListId, AppError> {
    raw.parse::<ListId>().ok().filter(|id| *id > 0).ok_or(AppError::NotFound)
}

pub async fn new_list(state: web::Data<AppState>, form: CsrfForm<NewItem>) -> Result<HttpResponse, AppError> {
    let CsrfForm { form, token } = form;
    let text = match ItemText::parse(&form.text) {
        Ok(text) => text,
        Err(e) => return render_home(&state, &token, Entered::refused(&form.text, e)),
    };
    let list_id = state
        .db(move |conn| lists::create_with_item(conn, &text))
        .await?
        .map_err(|e| AppError::internal(e, "cannot create a list"))?;
    Ok(see_other(list_url(&state, list_id)))
}

pub async fn view_list(
    state: web::Data<AppState>,
    path: web::Path<String>,
    csrf: CsrfToken,
) -> Result<HttpResponse, AppError> {
    let list_id = parse_list_id(&path)?;
    let items = load_items(&state, list_id).await?;
    render_list(&state, list_id, &items, &csrf, Entered::NOTHING)
}

pub async fn add_item(
    state: web::Data<AppState>,
    path: web::Path<String>,
    form: CsrfForm<NewItem>,
) -> Result<HttpResponse, AppError> {
    let list_id = parse_list_id(&path)?;
    let CsrfForm { form, token } = form;
    let error = match ItemText::parse(&form.text) {
        Err(e) => e.to_string(),
        Ok(text) => match state.db(move |conn| lists::add_item(conn, list_id, &text)).await? {
            Ok(()) => return Ok(see_other(list_url(&state, list_id))),
            Err(AddItemError::NoSuchList) => return Err(AppError::NotFound),
            Err(AddItemError::Duplicate) => DUPLICATE_ITEM_ERROR.to_string(),
            Err(AddItemError::Database(e)) => return Err(AppError::internal(e, "cannot add an item")),
        },
    };
    let items = load_items(&state, list_id).await?;
    render_list(&state, list_id, &items, &token, Entered::refused(&form.text, error))
}

async fn load_items(state: &AppState, list_id: ListId) -> Result<Vec<String>, AppError> {
    state
        .db(move |conn| lists::items_of(conn, list_id))
        .await?
        .map_err(|e| AppError::internal(e, "cannot load the list's items"))?
        .ok_or(AppError::NotFound)
}

fn render_list(
    state: &AppState,
    list_id: ListId,
    items: &[String],
    csrf: &CsrfToken,
    entered: Entered,
) -> Result<HttpResponse, AppError> {
    let status = entered.status();
    let page = ListPage {
        site: Site::of(&state.settings),
        form: entered.into_form(list_url(state, list_id), csrf.as_str()),
        items,
    };
    render(status, &page)
}
