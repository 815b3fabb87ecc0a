//! One line per request: method, path (never the query: a login link's token
//! travels in it), status, size, duration and client, as fields in JSON and
//! as a familiar line in text.

use std::time::Instant;

use actix_web::body::{BodySize, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;

use crate::state::AppState;
use crate::web::forwarded;

pub async fn log(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let started = Instant::now();
    let client = match req.app_data::<actix_web::web::Data<AppState>>() {
        Some(state) => forwarded::client_for_log(&req, &state.settings.trusted_proxies),
        None => "-".to_string(),
    };
    let (method, path, version) = (req.method().to_string(), req.path().to_string(), req.version());
    let query = if req.query_string().is_empty() { "" } else { "?…" };
    let res = next.call(req).await?;
    let status = res.status().as_u16();
    let bytes = match res.response().body().size() {
        BodySize::Sized(n) => n,
        _ => 0,
    };
    let ms = started.elapsed().as_secs_f64() * 1000.0;
    log::info!(
        target: "superlists::access",
        method = method.as_str(), path = path.as_str(), status = status, bytes = bytes,
        duration_ms = (ms * 1000.0).round() / 1000.0, client = client.as_str();
        "{client} \"{method} {path}{query} {version:?}\" {status} {bytes} {ms:.3}ms"
    );
    Ok(res)
}
