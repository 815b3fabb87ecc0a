//! What the handlers of pages and of the API look up alike: a list as its
//! page shows it, one of its items; a 404 when there is none.

use crate::db::items::{self, Item};
use crate::db::lists::{self, ListView};
use crate::domain::{ItemId, ListId};
use crate::errors::AppError;
use crate::state::AppState;

pub async fn list(state: &AppState, id: &ListId) -> Result<ListView, AppError> {
    let id = id.clone();
    state.db_read("cannot load the list's items", move |conn| lists::view(conn, &id)).await?.ok_or(AppError::NotFound)
}

pub async fn item(state: &AppState, list: &ListId, item: &ItemId) -> Result<Item, AppError> {
    let (list, item) = (list.clone(), item.clone());
    state.db_read("cannot load an item", move |conn| items::find(conn, &list, &item)).await?.ok_or(AppError::NotFound)
}
