//! `GET /api/openapi.json`: the API's OpenAPI 3.1 description, generated
//! from the handlers' `#[utoipa::path]` (through the API's route table)
//! and the JSON types.

use actix_web::HttpResponse;
use actix_web::web;
use utoipa::OpenApi;
use utoipa::openapi::server::Server;

use super::json;
use crate::routes::API;
use crate::state::AppState;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Superlists API",
        description = "To-do lists as JSON. A list's id is its capability: whoever has it may read the list and add, \
            change and delete its items. Writes carry the X-CSRFToken header with the token of GET /api/csrf, and the \
            csrftoken cookie that response sets. Errors are {\"error\": \"<the message the page would show>\"}."
    ),
    components(schemas(json::ListJson, json::ItemJson, json::NewItemJson, json::ItemChangeJson, json::ErrorJson, json::CsrfJson)),
    tags((name = "lists", description = "Lists"), (name = "items", description = "A list's items")),
)]
pub struct ApiDoc;

/// The description, its server the site's `URL_PREFIX` (or `/`).
pub fn description(url_prefix: &str) -> utoipa::openapi::OpenApi {
    let mut doc = ApiDoc::openapi();
    for endpoint in API.iter() {
        if let Some(operation) = endpoint.operation {
            let (methods, operation) = operation();
            doc.paths.add_path_operation(endpoint.path, methods, operation);
        }
    }
    doc.servers = Some(vec![Server::new(if url_prefix.is_empty() { "/" } else { url_prefix })]);
    doc
}

pub async fn openapi_json(state: web::Data<AppState>) -> HttpResponse {
    HttpResponse::Ok().json(description(&state.settings.url_prefix))
}
