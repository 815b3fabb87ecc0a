//! `/api/lists`: a list as JSON, a new list, and the token for writes.

use actix_web::http::StatusCode;
use actix_web::http::header::LOCATION;
use actix_web::{HttpRequest, HttpResponse, web};

use super::json::{CsrfHeaderParam, CsrfJson, ErrorJson, ListJson, NewItemJson, WriteRefusals, answer};
use crate::db::lists;
use crate::domain::{ItemText, ListId};
use crate::errors::AppError;
use crate::routes::found;
use crate::state::AppState;
use crate::web::csrf::{CsrfHeader, CsrfToken};
use crate::web::json_body::JsonBody;
use crate::web::paths::ListPath;
use crate::web::session;

/// The API's URL of a list.
pub fn list_api_url(state: &AppState, id: &ListId) -> String {
    state.settings.url(&format!("/api/lists/{id}/"))
}

/// A list with its items.
#[utoipa::path(get, path = "/api/lists/{list_id}/", tag = "lists",
    params(("list_id" = String, Path, description = "The list's id, as in its page's URL")),
    responses(
        (status = 200, description = "The list", body = ListJson),
        (status = 404, description = "No such list", body = ErrorJson),
    ))]
pub async fn get_list(state: web::Data<AppState>, ListPath(id): ListPath) -> Result<HttpResponse, AppError> {
    let list = found::list(&state, &id).await?;
    Ok(answer(StatusCode::OK).json(ListJson::new(&id, list)))
}

/// Makes a list with its first item; a logged-in caller owns it.
#[utoipa::path(post, path = "/api/lists", tag = "lists",
    request_body = NewItemJson,
    params(CsrfHeaderParam),
    responses(
        (status = 201, description = "The new list", body = ListJson,
            headers(("Location" = String, description = "The list's API URL"))),
        (status = 422, description = "Refused: the message says why; nothing was saved", body = ErrorJson),
        WriteRefusals,
    ))]
pub async fn new_list(
    state: web::Data<AppState>,
    req: HttpRequest,
    _csrf: CsrfHeader,
    JsonBody(body): JsonBody<NewItemJson>,
) -> Result<HttpResponse, AppError> {
    let text = ItemText::parse(&body.text).map_err(|e| AppError::Unprocessable(e.to_string()))?;
    let owner = session::current_user(&state, &req).await?.map(|user| user.id);
    let id = state.db("cannot create a list", move |conn| lists::create_with_item(conn, &text, owner)).await?;
    let list = found::list(&state, &id).await?;
    Ok(answer(StatusCode::CREATED).insert_header((LOCATION, list_api_url(&state, &id))).json(ListJson::new(&id, list)))
}

/// A token for the `X-CSRFToken` header of writes; the response sets the
/// `csrftoken` cookie it goes with, if the caller had none.
#[utoipa::path(get, path = "/api/csrf", tag = "lists",
    responses((status = 200, description = "The token", body = CsrfJson)))]
pub async fn csrf(token: CsrfToken) -> HttpResponse {
    answer(StatusCode::OK).json(CsrfJson { csrf_token: token.as_str().to_string() })
}
