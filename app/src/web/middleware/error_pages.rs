//! Turns error responses into the site's own page, and logs server errors
//! with their chain. A `dev` build with DEBUG on shows the chain on the page;
//! a `prod` build has no code that could.

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
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
    // Pages a handler rendered itself (form errors) and plain answers such
    // as /readyz's 503 carry no error and pass untouched.
    let Some(error) = res.response().error() else {
        return Ok(res.map_into_boxed_body());
    };
    let app_error = error.as_error::<AppError>();
    let detail = app_error.and_then(AppError::detail).unwrap_or_else(|| error.to_string());
    if status.is_server_error() {
        log::error!("{} {}: {status}: {detail}", res.request().method(), res.request().path());
    }
    let message = match app_error {
        Some(e) => e.to_string(),
        None => status.canonical_reason().unwrap_or("Error").to_string(),
    };
    let Ok(state) = AppState::of(res.request()) else {
        return Ok(res.map_into_boxed_body());
    };
    let show_detail = cfg!(feature = "dev") && state.settings.debug && status.is_server_error();
    let page = ErrorPage {
        site: Site::of(&state.settings),
        status: status.as_u16(),
        message: &message,
        detail: show_detail.then_some(detail.as_str()),
    };
    let Ok(mut html) = render(status, &page) else {
        return Ok(res.map_into_boxed_body());
    };
    let (req, old) = res.into_parts();
    // Keep what the handler set besides the body (Allow on 405, cookies).
    for (name, value) in old.headers() {
        if name != actix_web::http::header::CONTENT_TYPE && name != actix_web::http::header::CONTENT_LENGTH {
            html.headers_mut().append(name.clone(), value.clone());
        }
    }
    Ok(ServiceResponse::new(req, html))
}

/// Status for routes that do not exist, as an error so it gets the page.
pub async fn not_found() -> Result<actix_web::HttpResponse, AppError> {
    Err(AppError::NotFound)
}
