//! `/api/lists/<id>/items…`: add, read, change and delete one item.

use actix_web::http::StatusCode;
use actix_web::http::header::LOCATION;
use actix_web::{HttpResponse, web};

use super::json::{CsrfHeaderParam, ErrorJson, ItemChangeJson, ItemJson, NewItemJson, WriteRefusals, answer};
use super::lists::list_api_url;
use crate::db::items::{self, Added, Changed, Item};
use crate::domain::{DUPLICATE_ITEM_ERROR, ItemText};
use crate::errors::AppError;
use crate::routes::found;
use crate::state::AppState;
use crate::web::csrf::CsrfHeader;
use crate::web::json_body::JsonBody;
use crate::web::paths::{ItemPath, ListPath};

/// Adds an item at the end of the list.
#[utoipa::path(post, path = "/api/lists/{list_id}/items", tag = "items",
    request_body = NewItemJson,
    params(
        ("list_id" = String, Path, description = "The list's id"),
        CsrfHeaderParam,
    ),
    responses(
        (status = 201, description = "The new item", body = ItemJson,
            headers(("Location" = String, description = "The item's API URL"))),
        (status = 404, description = "No such list", body = ErrorJson),
        (status = 422, description = "Refused (empty, too long, control characters, a duplicate)", body = ErrorJson),
        WriteRefusals,
    ))]
pub async fn add_item(
    state: web::Data<AppState>,
    ListPath(list): ListPath,
    _csrf: CsrfHeader,
    JsonBody(body): JsonBody<NewItemJson>,
) -> Result<HttpResponse, AppError> {
    let text = refused_unless(ItemText::parse(&body.text))?;
    match state.add_item(&list, text.clone()).await? {
        Added::Yes(id) => {
            let location = format!("{}items/{id}", list_api_url(&state, &list));
            let item = Item { id, text: text.as_str().to_string(), done: false };
            Ok(answer(StatusCode::CREATED).insert_header((LOCATION, location)).json(ItemJson::from(item)))
        }
        Added::Duplicate => Err(AppError::Unprocessable(DUPLICATE_ITEM_ERROR.into())),
        Added::NoSuchList => Err(AppError::NotFound),
    }
}

/// One item.
#[utoipa::path(get, path = "/api/lists/{list_id}/items/{item_id}", tag = "items",
    params(
        ("list_id" = String, Path, description = "The list's id"),
        ("item_id" = String, Path, description = "The item's id within that list"),
    ),
    responses(
        (status = 200, description = "The item", body = ItemJson),
        (status = 404, description = "No such item in that list", body = ErrorJson),
    ))]
pub async fn get_item(state: web::Data<AppState>, ItemPath { list, item }: ItemPath) -> Result<HttpResponse, AppError> {
    Ok(answer(StatusCode::OK).json(ItemJson::from(found::item(&state, &list, &item).await?)))
}

/// Changes an item's text, its tick, or both: all of it or nothing.
#[utoipa::path(patch, path = "/api/lists/{list_id}/items/{item_id}", tag = "items",
    request_body = ItemChangeJson,
    params(
        ("list_id" = String, Path, description = "The list's id"),
        ("item_id" = String, Path, description = "The item's id within that list"),
        CsrfHeaderParam,
    ),
    responses(
        (status = 200, description = "The item as it now is", body = ItemJson),
        (status = 404, description = "No such item in that list", body = ErrorJson),
        (status = 422, description = "Refused, as for a new item; nothing was saved", body = ErrorJson),
        WriteRefusals,
    ))]
pub async fn change_item(
    state: web::Data<AppState>,
    ItemPath { list, item }: ItemPath,
    _csrf: CsrfHeader,
    JsonBody(body): JsonBody<ItemChangeJson>,
) -> Result<HttpResponse, AppError> {
    let text = body.text.as_deref().map(ItemText::parse).transpose();
    let text = refused_unless(text)?;
    let i = item.clone();
    let change = move |conn: &mut _, l: &_| items::change(conn, l, &i, text.as_ref(), body.done);
    match state.write_to_list(&list, "cannot change an item", change).await? {
        Changed::Yes => Ok(answer(StatusCode::OK).json(ItemJson::from(found::item(&state, &list, &item).await?))),
        Changed::Duplicate => Err(AppError::Unprocessable(DUPLICATE_ITEM_ERROR.into())),
        Changed::NoSuchItem => Err(AppError::NotFound),
    }
}

/// Deletes an item; the rest keep their ids.
#[utoipa::path(delete, path = "/api/lists/{list_id}/items/{item_id}", tag = "items",
    params(
        ("list_id" = String, Path, description = "The list's id"),
        ("item_id" = String, Path, description = "The item's id within that list"),
        CsrfHeaderParam,
    ),
    responses(
        (status = 204, description = "Deleted"),
        (status = 403, description = "No CSRF token, or a wrong one", body = ErrorJson),
        (status = 404, description = "No such item in that list", body = ErrorJson),
    ))]
pub async fn delete_item(
    state: web::Data<AppState>,
    ItemPath { list, item }: ItemPath,
    _csrf: CsrfHeader,
) -> Result<HttpResponse, AppError> {
    match state.write_to_list(&list, "cannot delete an item", move |conn, l| items::delete(conn, l, &item)).await? {
        true => Ok(answer(StatusCode::NO_CONTENT).finish()),
        false => Err(AppError::NotFound),
    }
}

/// A refused text is a 422 with the page's message.
fn refused_unless<T, E: ToString>(parsed: Result<T, E>) -> Result<T, AppError> {
    parsed.map_err(|e| AppError::Unprocessable(e.to_string()))
}
