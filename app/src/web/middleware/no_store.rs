//! A response that sets or clears a cookie is the visitor's alone: no
//! cache, shared or private, may keep it (a cached login redirect would hand
//! the next visitor the session cookie).

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{CACHE_CONTROL, HeaderValue, SET_COOKIE};
use actix_web::middleware::Next;

/// `Cache-Control: no-store` on every response with a `Set-Cookie`.
pub async fn when_setting_cookies(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let mut res = next.call(req).await?;
    let headers = res.response_mut().headers_mut();
    if headers.contains_key(SET_COOKIE) {
        headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    Ok(res)
}
