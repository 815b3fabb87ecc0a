//! Reading a JSON body for the API, with the statuses a form gets: 415 for
//! what is not JSON, 413 for too much, 400 for JSON that does not parse,
//! 422 for JSON of the wrong shape. Every body the API takes is an object:
//! serde would also read a struct from an array of its fields
//! (`["Buy milk"]`), which the OpenAPI description does not allow.

use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::http::header::CONTENT_TYPE;
use actix_web::{FromRequest, HttpRequest};
use serde::de::DeserializeOwned;
use serde_json::error::Category;

use crate::errors::AppError;
use crate::web::form_body;

/// A JSON request body of type `T`.
pub struct JsonBody<T>(pub T);

impl<T: DeserializeOwned + 'static> FromRequest for JsonBody<T> {
    type Error = AppError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, AppError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let req = req.clone();
        let mut payload = payload.take();
        Box::pin(async move {
            form_body::check_encoding(&req)?;
            let content_type = req.headers().get(CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or_default();
            if !is_json(content_type) {
                let why = format!("send JSON (Content-Type: application/json), not {content_type:?}");
                return Err(AppError::UnsupportedMediaType(why));
            }
            let body = form_body::read_bytes(&req, &mut payload).await?;
            parse(&body).map(JsonBody)
        })
    }
}

/// `application/json`, or a `+json` type, with any parameters.
fn is_json(content_type: &str) -> bool {
    let essence = content_type.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
    essence == "application/json" || (essence.starts_with("application/") && essence.ends_with("+json"))
}

pub const NOT_AN_OBJECT: &str = "the JSON does not fit: the body must be a JSON object";

fn parse<T: DeserializeOwned>(body: &[u8]) -> Result<T, AppError> {
    let not_json = |e: serde_json::Error| AppError::BadRequest(format!("the body is not JSON: {e}"));
    let first = body.iter().find(|b| !matches!(b, b' ' | b'\t' | b'\n' | b'\r'));
    if first != Some(&b'{') {
        // JSON of another kind is 422, like any other wrong shape.
        return Err(serde_json::from_slice::<serde::de::IgnoredAny>(body)
            .map_or_else(not_json, |_| AppError::Unprocessable(NOT_AN_OBJECT.into())));
    }
    serde_json::from_slice(body).map_err(|e| match e.classify() {
        Category::Data => AppError::Unprocessable(format!("the JSON does not fit: {e}")),
        Category::Syntax | Category::Eof | Category::Io => not_json(e),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Item {
        text: String,
    }

    #[test]
    fn json_types_are_told_apart_from_the_rest() {
        for json in
            ["application/json", "application/json; charset=utf-8", "Application/JSON", "application/merge-patch+json"]
        {
            assert!(is_json(json), "{json}");
        }
        for other in ["", "text/plain", "application/x-www-form-urlencoded", "application/jsonp", "text/json+x"] {
            assert!(!is_json(other), "{other}");
        }
    }

    #[test]
    fn broken_json_is_400_and_the_wrong_shape_422() {
        assert!(matches!(parse::<Item>(b"{\"text\": "), Err(AppError::BadRequest(_))));
        assert!(matches!(parse::<Item>(b"not json"), Err(AppError::BadRequest(_))));
        assert!(matches!(parse::<Item>(b"{\"text\": 3}"), Err(AppError::Unprocessable(_))));
        assert!(matches!(parse::<Item>(b"{}"), Err(AppError::Unprocessable(_))));
        assert!(matches!(parse::<Item>(b"{\"text\": \"milk\"}"), Ok(Item { .. })));
        assert!(matches!(parse::<Item>(b" \r\n\t{\"text\": \"milk\"}"), Ok(Item { .. })));
    }

    #[test]
    fn only_an_object_is_read_as_one() {
        // serde reads a struct from the array of its fields; the API does not.
        for other in ["[\"milk\"]", " [\"milk\", true]", "\"milk\"", "3", "null", "true", "[]"] {
            let refused = parse::<Item>(other.as_bytes());
            assert!(matches!(&refused, Err(AppError::Unprocessable(m)) if m == NOT_AN_OBJECT), "{other}: {refused:?}");
        }
        for broken in ["", " ", "[\"milk\"", "\u{feff}{\"text\": \"milk\"}"] {
            assert!(matches!(parse::<Item>(broken.as_bytes()), Err(AppError::BadRequest(_))), "{broken:?}");
        }
    }
}
