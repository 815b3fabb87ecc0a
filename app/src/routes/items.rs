//! `/lists/<id>/items/<item>/…`: tick an item off, edit it, delete it.
//! Anyone with the list's URL may: the URL is the capability, as for adding.

use actix_web::{HttpResponse, web};
use serde::Deserialize;

use super::found;
use super::list_page::{Showing, list_page, list_url};
use super::lists::NewItem;
use crate::db::items::{self, Changed};
use crate::domain::{DUPLICATE_ITEM_ERROR, ItemId, ItemText, ListId};
use crate::errors::AppError;
use crate::state::AppState;
use crate::web::csrf::{CsrfForm, NoFields};
use crate::web::paths::ItemPath;
use crate::web::redirect::see_other;
use crate::web::templates::{EditItemPage, Entered, render};
use crate::web::visit::Visit;

/// `done=true|false` (a string: the CSRF envelope's flattening hands
/// every field over as text, so serde cannot read a bool here).
#[derive(Deserialize)]
pub struct Tick {
    done: String,
}

pub async fn tick(
    state: web::Data<AppState>,
    ItemPath { list, item }: ItemPath,
    CsrfForm(form): CsrfForm<Tick>,
    visit: Visit,
) -> Result<HttpResponse, AppError> {
    let done = match form.done.as_str() {
        "true" => true,
        "false" => false,
        other => return Err(AppError::BadRequest(format!("done must be true or false, not {other:?}"))),
    };
    let i = item.clone();
    match state.write_to_list(&list, "cannot tick an item", move |conn, l| items::set_done(conn, l, &i, done)).await? {
        Changed::Yes => Ok(see_other(list_url(&state, &list))),
        Changed::NoSuchItem => Err(AppError::NotFound),
        // Undone, it would repeat an item not done: the list says so, with
        // the text in the box, as if it had been typed again.
        Changed::Duplicate => {
            let view = found::list(&state, &list).await?;
            let text = view.items.iter().find(|i| i.id == item).map_or("", |i| i.text.as_str());
            let showing = Showing::List { id: &list, list: &view, refused: None };
            list_page(&state, &visit, showing, Entered::refused(text, DUPLICATE_ITEM_ERROR))
        }
    }
}

pub async fn edit_page(
    state: web::Data<AppState>,
    ItemPath { list, item }: ItemPath,
    visit: Visit,
) -> Result<HttpResponse, AppError> {
    let found = found::item(&state, &list, &item).await?;
    edit_form(&state, &visit, &list, &item, Entered { value: &found.text, error: None })
}

pub async fn edit_item(
    state: web::Data<AppState>,
    ItemPath { list, item }: ItemPath,
    CsrfForm(form): CsrfForm<NewItem>,
    visit: Visit,
) -> Result<HttpResponse, AppError> {
    let error = match ItemText::parse(&form.text) {
        Err(e) => e.to_string(),
        Ok(text) => {
            let i = item.clone();
            let edit = move |conn: &mut _, l: &_| items::edit(conn, l, &i, &text);
            match state.write_to_list(&list, "cannot edit an item", edit).await? {
                Changed::Yes => return Ok(see_other(list_url(&state, &list))),
                Changed::NoSuchItem => return Err(AppError::NotFound),
                Changed::Duplicate => DUPLICATE_ITEM_ERROR.to_string(),
            }
        }
    };
    // The item may have gone meanwhile: then the page is a 404, as for a GET.
    found::item(&state, &list, &item).await?;
    edit_form(&state, &visit, &list, &item, Entered::refused(&form.text, error))
}

pub async fn delete_item(
    state: web::Data<AppState>,
    ItemPath { list, item }: ItemPath,
    CsrfForm(NoFields {}): CsrfForm<NoFields>,
) -> Result<HttpResponse, AppError> {
    match state.write_to_list(&list, "cannot delete an item", move |conn, l| items::delete(conn, l, &item)).await? {
        true => Ok(see_other(list_url(&state, &list))),
        false => Err(AppError::NotFound),
    }
}

fn item_url(state: &AppState, list: &ListId, item: &ItemId, action: &str) -> String {
    format!("{}items/{item}/{action}", list_url(state, list))
}

fn edit_form(
    state: &AppState,
    visit: &Visit,
    list: &ListId,
    item: &ItemId,
    entered: Entered<'_>,
) -> Result<HttpResponse, AppError> {
    let status = entered.status();
    let page = EditItemPage {
        site: visit.site(&state.settings),
        form: entered.into_form(item_url(state, list, item, "edit"), visit.csrf.as_str()),
        list_url: &list_url(state, list),
        delete_action: item_url(state, list, item, "delete"),
    };
    render(status, &page)
}
