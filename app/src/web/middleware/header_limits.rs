//! Oversized request headers get 431 (RFC 6585) before anything reads them.
//! nginx in front refuses a header line over its 8 KiB buffers itself (with
//! a 400); this holds the same line for the app run bare.

use actix_web::HttpResponse;
use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::HeaderMap;
use actix_web::middleware::Next;

/// One header line (name and value), as nginx's `large_client_header_buffers`.
pub const MAX_HEADER_LINE_BYTES: usize = 8 * 1024;
/// All header lines together.
pub const MAX_HEADERS_BYTES: usize = 32 * 1024;

/// What is too large about `headers`, if anything.
pub fn too_large(headers: &HeaderMap) -> Option<&'static str> {
    let lines = headers.iter().map(|(name, value)| name.as_str().len() + 2 + value.len());
    let (mut total, mut longest) = (0, 0);
    for line in lines {
        total += line;
        longest = longest.max(line);
    }
    if longest > MAX_HEADER_LINE_BYTES {
        Some("a header line is over 8 KiB")
    } else if total > MAX_HEADERS_BYTES {
        Some("the headers are over 32 KiB in all")
    } else {
        None
    }
}

pub async fn check(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, actix_web::Error> {
    let Some(why) = too_large(req.headers()) else {
        return next.call(req).await.map(ServiceResponse::map_into_left_body);
    };
    log::warn!("refused {} {}: {why}", req.method(), req.path());
    let response = HttpResponse::build(actix_web::http::StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE)
        .content_type("text/plain; charset=utf-8")
        .body(format!("Request Header Fields Too Large (431): {why}"));
    Ok(req.into_response(response).map_into_right_body())
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::http::header::{HeaderName, HeaderValue};

    fn headers(lines: &[(&'static str, usize)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, size) in lines {
            let value = HeaderValue::from_str(&"a".repeat(*size)).expect("ascii");
            map.append(HeaderName::from_static(name), value);
        }
        map
    }

    #[test]
    fn a_long_line_or_many_lines_are_too_large() {
        assert_eq!(too_large(&headers(&[("x-a", 8_000)])), None);
        assert!(too_large(&headers(&[("x-a", 8_200)])).is_some_and(|w| w.contains("line")));
        let many = headers(&[("x-a", 7_000), ("x-b", 7_000), ("x-c", 7_000), ("x-d", 7_000), ("x-e", 7_000)]);
        assert!(too_large(&many).is_some_and(|w| w.contains("in all")));
    }
}
