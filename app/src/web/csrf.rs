//! CSRF protection over HTTP: the visitor cookie, the token extractor for
//! pages, and the checked-form extractor for POSTs.
//!
//! Each visitor gets a random id in an HttpOnly cookie; the form token is
//! signed for that id with [`CsrfKey`]. A POST must carry the token matching
//! its cookie, which another site can neither read nor compute.

use std::future::Future;
use std::pin::Pin;

use actix_web::body::MessageBody;
use actix_web::cookie::{Cookie, SameSite, time::Duration};
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::{FromRequest, HttpMessage, HttpRequest};
use rand::Rng;
use serde::Deserialize;
use serde::de::DeserializeOwned;

use crate::errors::AppError;
use crate::keys::CsrfKey;
use crate::state::AppState;
use crate::web::form_body;
use crate::web::middleware::hosts;

pub const COOKIE_NAME: &str = "csrftoken";
pub const CSRF_FAILURE: &str = "CSRF verification failed: reload the page and try again";
pub const CROSS_SITE_FAILURE: &str = "CSRF verification failed: the form was sent from another site";
/// The API's header for the token, named as Django names it.
pub const HEADER_NAME: &str = "X-CSRFToken";
pub const API_CSRF_FAILURE: &str =
    "CSRF verification failed: send the csrftoken cookie and the X-CSRFToken header that GET /api/csrf gives";
const VISITOR_ID_BYTES: usize = 32;

fn is_visitor_id(value: &str) -> bool {
    value.len() == VISITOR_ID_BYTES * 2 && value.bytes().all(|b| b.is_ascii_hexdigit())
}

fn visitor_cookie(req: &HttpRequest) -> Option<String> {
    req.cookie(COOKIE_NAME).map(|c| c.value().to_string()).filter(|v| is_visitor_id(v))
}

/// A visitor id made for this request, for [`set_cookie`] to send.
#[derive(Clone)]
struct NewVisitor(String);

/// The token to put in this visitor's forms.
#[derive(Debug, Clone)]
pub struct CsrfToken(String);

impl CsrfToken {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    fn for_request(req: &HttpRequest, key: &CsrfKey) -> Self {
        let visitor = visitor_cookie(req).unwrap_or_else(|| {
            let existing = req.extensions().get::<NewVisitor>().map(|v| v.0.clone());
            existing.unwrap_or_else(|| {
                let mut bytes = [0u8; VISITOR_ID_BYTES];
                rand::rng().fill_bytes(&mut bytes);
                let id = hex::encode(bytes);
                req.extensions_mut().insert(NewVisitor(id.clone()));
                id
            })
        });
        CsrfToken(key.token_for(&visitor))
    }
}

impl FromRequest for CsrfToken {
    type Error = AppError;
    type Future = std::future::Ready<Result<Self, AppError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        std::future::ready(AppState::of(req).map(|state| CsrfToken::for_request(req, &state.csrf)))
    }
}

#[derive(Deserialize)]
struct Envelope<T> {
    #[serde(rename = "csrfmiddlewaretoken", default)]
    token: Option<String>,
    #[serde(flatten)]
    form: T,
}

/// A url-encoded form whose CSRF token was checked: handlers that change
/// data take this instead of `web::Form`, so none can forget the check.
pub struct CsrfForm<T>(pub T);

/// A form with nothing but its CSRF token: a button's.
#[derive(serde::Deserialize)]
pub struct NoFields {}

impl<T: DeserializeOwned + 'static> FromRequest for CsrfForm<T> {
    type Error = actix_web::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Self, actix_web::Error>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let req = req.clone();
        let mut payload = payload.take();
        Box::pin(async move {
            let state = AppState::of(&req)?;
            // Refuse before reading the body when there is no cookie to check against.
            let visitor = visitor_cookie(&req).ok_or(AppError::Forbidden(CSRF_FAILURE))?;
            if is_cross_site(&req) {
                return Err(AppError::Forbidden(CROSS_SITE_FAILURE).into());
            }
            form_body::check_headers(&req)?;
            let Envelope { token, form } = form_body::read(&req, &mut payload).await?;
            match token {
                Some(token) if state.csrf.verify(&visitor, &token) => Ok(CsrfForm(form)),
                _ => Err(AppError::Forbidden(CSRF_FAILURE).into()),
            }
        })
    }
}

/// An API write whose `X-CSRFToken` header carries the token matching its
/// visitor cookie: the header is the API's form field. Handlers that change
/// data through the API take this, before their body.
pub struct CsrfHeader;

impl FromRequest for CsrfHeader {
    type Error = AppError;
    type Future = std::future::Ready<Result<Self, AppError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        std::future::ready(check_header(req))
    }
}

fn check_header(req: &HttpRequest) -> Result<CsrfHeader, AppError> {
    let state = AppState::of(req)?;
    let visitor = visitor_cookie(req).ok_or(AppError::Forbidden(API_CSRF_FAILURE))?;
    if is_cross_site(req) {
        return Err(AppError::Forbidden(CROSS_SITE_FAILURE));
    }
    match req.headers().get(HEADER_NAME).and_then(|v| v.to_str().ok()) {
        Some(token) if state.csrf.verify(&visitor, token) => Ok(CsrfHeader),
        _ => Err(AppError::Forbidden(API_CSRF_FAILURE)),
    }
}

/// Defence in depth beside the token: what the browser says of where a
/// POST comes from. Clients that say nothing (curl, old browsers) rely on
/// the token alone; an opaque `Origin: null` says nothing either.
fn is_cross_site(req: &HttpRequest) -> bool {
    let header = |name: &str| req.headers().get(name).and_then(|v| v.to_str().ok());
    if header("sec-fetch-site").is_some_and(|site| site.eq_ignore_ascii_case("cross-site")) {
        return true;
    }
    match header("origin") {
        None | Some("null") => false,
        Some(origin) => {
            let origin_host = origin.split_once("://").and_then(|(_, authority)| hosts::host_of(authority));
            origin_host.map(str::to_ascii_lowercase) != hosts::request_host(req)
        }
    }
}

/// Middleware: sends the cookie for a visitor id made during the request.
pub async fn set_cookie(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let mut res = next.call(req).await?;
    let new_visitor = res.request().extensions().get::<NewVisitor>().cloned();
    if let Some(NewVisitor(id)) = new_visitor {
        let secure = AppState::of(res.request()).map_or(true, |s| s.settings.secure_cookies());
        let cookie = Cookie::build(COOKIE_NAME, id)
            .path("/")
            .http_only(true)
            .same_site(SameSite::Lax)
            .secure(secure)
            .max_age(Duration::days(365))
            .finish();
        // `no_store` marks the response uncacheable.
        res.response_mut().add_cookie(&cookie)?;
    }
    Ok(res)
}

#[cfg(test)]
mod tests {
    use super::is_visitor_id;

    #[test]
    fn visitor_ids_are_64_hex_digits() {
        assert!(is_visitor_id(&"ab".repeat(32)));
        assert!(!is_visitor_id("abc"));
        assert!(!is_visitor_id(&"zz".repeat(32)));
    }
}
