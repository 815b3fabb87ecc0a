//! Every request has an id: nginx's `X-Request-Id` when it sent a sane one,
//! else a new one. It is in every log line written while serving the request
//! and in the response's `X-Request-Id`, so one id finds a request in the
//! proxy's log, the app's log and a visitor's report.

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::middleware::Next;
use rand::Rng;

use crate::ops::logging::REQUEST_ID;

const HEADER: HeaderName = HeaderName::from_static("x-request-id");

pub async fn scope(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let id = req
        .headers()
        .get(HEADER)
        .and_then(|v| v.to_str().ok())
        .filter(|v| is_sane(v))
        .map_or_else(new_id, String::from);
    let header = HeaderValue::from_str(&id).ok();
    let mut res = REQUEST_ID.scope(id, next.call(req)).await?;
    if let Some(header) = header {
        res.headers_mut().insert(HEADER, header);
    }
    Ok(res)
}

/// Up to 64 of `[A-Za-z0-9._-]`: nothing that could forge a log line.
fn is_sane(id: &str) -> bool {
    (1..=64).contains(&id.len()) && id.bytes().all(|b| b.is_ascii_alphanumeric() || b"._-".contains(&b))
}

/// 128 random bits in hex, the shape of nginx's `$request_id`.
fn new_id() -> String {
    let mut bytes = [0u8; 16];
    rand::rng().fill_bytes(&mut bytes);
    hex::encode(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_short_plain_ids_are_taken() {
        assert!(is_sane("0c123bd4a0519ea666e6ff5d873cd938"));
        assert!(is_sane("a.b-c_d"));
        for bad in ["", "a b", "x\"y", "line\nbreak", &"x".repeat(65)] {
            assert!(!is_sane(bad), "{bad:?}");
        }
        assert_eq!(new_id().len(), 32);
    }
}
