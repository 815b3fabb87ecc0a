//! Turns error responses into the site's own page (under `/api/`, into
//! `{"error": "…"}`), and logs server errors with their chain. A `dev`
//! build with DEBUG on shows the chain on the page; a `prod` build has no
//! code that could.

use actix_web::HttpResponse;
use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{CONTENT_LENGTH, CONTENT_TYPE, HeaderMap};
use actix_web::middleware::Next;

use crate::errors::AppError;
use crate::state::AppState;
use crate::web::templates::{ErrorPage, Site, render};

pub async fn render_errors(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let res = next.call(req).await?;
    let status = res.status();
    let Ok(state) = AppState::of(res.request()) else {
        return Ok(res.map_into_boxed_body());
    };
    let api = is_api(res.request().path(), &state.settings.url_prefix);
    let error = res.response().error();
    // Pages a handler rendered itself (form errors) and plain answers such
    // as /readyz's 503 carry no error and pass untouched; under /api/ so
    // does JSON, but not actix's own bodiless 405.
    let bare_api_error = api && status.as_u16() >= 400 && !is_json(res.headers());
    if error.is_none() && !bare_api_error {
        return Ok(res.map_into_boxed_body());
    }
    let app_error = error.and_then(|e| e.as_error::<AppError>());
    let detail = app_error.and_then(AppError::detail).or_else(|| error.map(ToString::to_string)).unwrap_or_default();
    if status.is_server_error() {
        log::error!("{} {}: {status}: {detail}", res.request().method(), res.request().path());
    }
    let message = match app_error {
        Some(AppError::NotFound) if api => "Not found".to_string(),
        Some(e) => e.to_string(),
        None => status.canonical_reason().unwrap_or("Error").to_string(),
    };
    let mut answer = if api {
        HttpResponse::build(status).json(serde_json::json!({ "error": message }))
    } else {
        let show_detail = cfg!(feature = "dev") && state.settings.debug && status.is_server_error();
        let page = ErrorPage {
            site: Site::of(&state.settings),
            status: status.as_u16(),
            message: &message,
            detail: show_detail.then_some(detail.as_str()),
        };
        let Ok(html) = render(status, &page) else {
            return Ok(res.map_into_boxed_body());
        };
        html
    };
    let (req, old) = res.into_parts();
    // Keep what the handler set besides the body (Allow on 405, cookies).
    for (name, value) in old.headers() {
        if name != CONTENT_TYPE && name != CONTENT_LENGTH {
            answer.headers_mut().append(name.clone(), value.clone());
        }
    }
    Ok(ServiceResponse::new(req, answer))
}

/// Whether `path` is the API's, under the site's prefix.
fn is_api(path: &str, url_prefix: &str) -> bool {
    path.strip_prefix(url_prefix).is_some_and(|p| p == "/api" || p.starts_with("/api/"))
}

fn is_json(headers: &HeaderMap) -> bool {
    let content_type = headers.get(CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or_default();
    content_type.starts_with("application/json")
}

/// Status for routes that do not exist, as an error so it gets the page.
pub async fn not_found() -> Result<actix_web::HttpResponse, AppError> {
    Err(AppError::NotFound)
}
