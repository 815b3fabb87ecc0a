//! Reading a url-encoded form body (and any body's bytes), strictly: actix's `web::Form` would turn
//! invalid UTF-8 into U+FFFD and store it, and would read a compressed body
//! it cannot decode as if it were plain.

use actix_web::http::header::{CONTENT_ENCODING, CONTENT_TYPE};
use actix_web::{FromRequest, HttpRequest, dev::Payload, web};
use percent_encoding::percent_decode;
use serde::de::DeserializeOwned;

use crate::errors::AppError;

const FORM_TYPE: &str = "application/x-www-form-urlencoded";

/// Checks what can be checked before the body is read.
pub fn check_headers(req: &HttpRequest) -> Result<(), AppError> {
    check_encoding(req)?;
    let content_type = req.headers().get(CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or_default();
    let essence = content_type.split(';').next().unwrap_or_default().trim();
    if !essence.eq_ignore_ascii_case(FORM_TYPE) {
        return Err(AppError::BadRequest(format!("expected a form ({FORM_TYPE}), got {content_type:?}")));
    }
    Ok(())
}

/// Reads the body (up to the app's `PayloadConfig` limit: 413 beyond).
pub async fn read<T: DeserializeOwned>(req: &HttpRequest, payload: &mut Payload) -> Result<T, AppError> {
    parse(&read_bytes(req, payload).await?)
}

/// The body's bytes, for a form or JSON: 413 beyond the `PayloadConfig` limit.
pub async fn read_bytes(req: &HttpRequest, payload: &mut Payload) -> Result<web::Bytes, AppError> {
    web::Bytes::from_request(req, payload).await.map_err(|e| {
        if e.as_response_error().status_code() == actix_web::http::StatusCode::PAYLOAD_TOO_LARGE {
            AppError::PayloadTooLarge
        } else {
            AppError::BadRequest(format!("the body could not be read ({e})"))
        }
    })
}

/// Refuses a compressed body: nothing here decodes one.
pub fn check_encoding(req: &HttpRequest) -> Result<(), AppError> {
    let encoding = req.headers().get(CONTENT_ENCODING).map(|v| v.to_str().unwrap_or("?").trim());
    match encoding.filter(|e| !e.eq_ignore_ascii_case("identity")) {
        Some(encoding) => Err(AppError::UnsupportedMediaType(format!("Content-Encoding {encoding:?} is not accepted"))),
        None => Ok(()),
    }
}

pub fn parse<T: DeserializeOwned>(body: &[u8]) -> Result<T, AppError> {
    let valid_utf8 = body.split(|b| *b == b'&').flat_map(|pair| pair.split(|b| *b == b'='));
    if valid_utf8.into_iter().any(|part| percent_decode(part).decode_utf8().is_err()) {
        return Err(AppError::BadRequest("the form is not valid UTF-8".into()));
    }
    serde_urlencoded::from_bytes(body).map_err(|e| AppError::BadRequest(format!("the form could not be read ({e})")))
}

#[cfg(test)]
mod tests {
    use super::parse;
    use crate::errors::AppError;
    use proptest::prelude::*;
    use std::collections::HashMap;

    type Fields = HashMap<String, String>;

    #[test]
    fn invalid_utf8_is_a_bad_request_however_it_is_spelled() {
        for body in [&b"text=%ff%fe%00"[..], b"text=\xff", b"%c3=x", b"text=%E2%82"] {
            assert!(matches!(parse::<Fields>(body), Err(AppError::BadRequest(_))), "{body:?}");
        }
        let fields: Fields = parse(b"text=caf%C3%A9+au+lait&x=%00").expect("valid UTF-8");
        assert_eq!((fields["text"].as_str(), fields["x"].as_str()), ("café au lait", "\0"));
    }

    proptest! {
        #[test]
        fn any_body_is_read_or_refused_as_a_bad_request(body in any::<Vec<u8>>()) {
            match parse::<Fields>(&body) {
                Ok(_) | Err(AppError::BadRequest(_)) => {}
                Err(other) => prop_assert!(false, "{other:?}"),
            }
        }
    }
}
