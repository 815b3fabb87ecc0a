//! CSRF protection, bound to the visitor and signed with `SECRET_KEY`.
//!
//! Each visitor gets a random id in an HttpOnly cookie; the form token is
//! HMAC-SHA256(key, id). A POST must carry the token matching its cookie,
//! which another site can neither read nor compute.

use std::future::Future;
use std::pin::Pin;

use actix_web::body::MessageBody;
use actix_web::cookie::{Cookie, SameSite, time::Duration};
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::{FromRequest, HttpMessage, HttpRequest, web};
use hmac::{Hmac, Mac};
use rand::RngCore;
use secrecy::ExposeSecret;
use serde::Deserialize;
use serde::de::DeserializeOwned;
use sha2::Sha256;

use crate::errors::AppError;
use crate::settings::Settings;
use crate::state::AppState;

pub const COOKIE_NAME: &str = "csrftoken";
pub const FIELD_NAME: &str = "csrfmiddlewaretoken";
pub const CSRF_FAILURE: &str = "CSRF verification failed: reload the page and try again";
const VISITOR_ID_BYTES: usize = 32;
/// HMAC-SHA256's output.
const MAC_BYTES: usize = 32;

type HmacSha256 = Hmac<Sha256>;

#[derive(Clone)]
pub struct CsrfKey(Vec<u8>);

impl CsrfKey {
    pub fn from_settings(settings: &Settings) -> Self {
        // A key of its own, so a CSRF token never doubles as another signature.
        let mut mac = new_mac(settings.secret_key.expose_secret().as_bytes());
        mac.update(b"superlists.csrf");
        CsrfKey(mac.finalize().into_bytes().to_vec())
    }

    /// A token for `visitor`'s forms, different on every call: the MAC is
    /// masked with fresh random bytes, so a compressed page (nginx gzips
    /// HTML) leaks nothing about it (BREACH), as Django masks its tokens.
    pub fn token_for(&self, visitor: &str) -> String {
        let mut mask = [0u8; MAC_BYTES];
        rand::rng().fill_bytes(&mut mask);
        let mac = self.mac(visitor);
        let masked: Vec<u8> = mask.iter().zip(mac.iter()).map(|(m, b)| m ^ b).collect();
        format!("{}{}", hex::encode(mask), hex::encode(masked))
    }

    pub fn verify(&self, visitor: &str, token: &str) -> bool {
        let Ok(bytes) = hex::decode(token) else { return false };
        if bytes.len() != 2 * MAC_BYTES {
            return false;
        }
        let (mask, masked) = bytes.split_at(MAC_BYTES);
        let unmasked: Vec<u8> = mask.iter().zip(masked).map(|(m, b)| m ^ b).collect();
        let mut mac = new_mac(&self.0);
        mac.update(visitor.as_bytes());
        mac.verify_slice(&unmasked).is_ok()
    }

    fn mac(&self, visitor: &str) -> [u8; MAC_BYTES] {
        let mut mac = new_mac(&self.0);
        mac.update(visitor.as_bytes());
        mac.finalize().into_bytes().into()
    }
}

fn new_mac(key: &[u8]) -> HmacSha256 {
    // HMAC takes keys of any length; this cannot fail.
    <HmacSha256 as Mac>::new_from_slice(key).unwrap_or_else(|_| unreachable!("HMAC accepts any key length"))
}

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

fn state(req: &HttpRequest) -> Result<web::Data<AppState>, AppError> {
    req.app_data::<web::Data<AppState>>()
        .cloned()
        .ok_or_else(|| AppError::Internal(anyhow::anyhow!("AppState is not registered")))
}

impl FromRequest for CsrfToken {
    type Error = AppError;
    type Future = std::future::Ready<Result<Self, AppError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        std::future::ready(state(req).map(|state| CsrfToken::for_request(req, &state.csrf)))
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
pub struct CsrfForm<T> {
    pub form: T,
    /// The token for the page re-rendered on a validation error.
    pub token: CsrfToken,
}

impl<T: DeserializeOwned + 'static> FromRequest for CsrfForm<T> {
    type Error = actix_web::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Self, actix_web::Error>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let body = web::Form::<Envelope<T>>::from_request(req, payload);
        let req = req.clone();
        Box::pin(async move {
            let state = state(&req)?;
            // Refuse before reading the body when there is no cookie to check against.
            let visitor = visitor_cookie(&req).ok_or(AppError::Forbidden(CSRF_FAILURE))?;
            let Envelope { token, form } = body.await?.into_inner();
            match token {
                Some(token) if state.csrf.verify(&visitor, &token) => {
                    Ok(CsrfForm { form, token: CsrfToken(state.csrf.token_for(&visitor)) })
                }
                _ => Err(AppError::Forbidden(CSRF_FAILURE).into()),
            }
        })
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
        let secure = state(res.request()).map(|s| s.settings.secure_cookies()).unwrap_or(true);
        let cookie = Cookie::build(COOKIE_NAME, id)
            .path("/")
            .http_only(true)
            .same_site(SameSite::Lax)
            .secure(secure)
            .max_age(Duration::days(365))
            .finish();
        res.response_mut().add_cookie(&cookie)?;
    }
    Ok(res)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(secret: &str) -> CsrfKey {
        let settings =
            Settings::from_lookup(|name| (name == "SECRET_KEY").then(|| secret.to_string())).expect("settings");
        CsrfKey::from_settings(&settings)
    }

    #[test]
    fn token_verifies_only_for_its_visitor_and_key() {
        let k = key("first secret");
        let token = k.token_for("visitor-a");
        assert!(k.verify("visitor-a", &token));
        assert!(!k.verify("visitor-b", &token));
        assert!(!key("second secret").verify("visitor-a", &token));
        assert!(!k.verify("visitor-a", "not hex"));
        assert!(!k.verify("visitor-a", ""));
        assert!(!k.verify("visitor-a", &token[..64]), "a truncated token");
    }

    #[test]
    fn tokens_are_masked_afresh_each_time() {
        let k = key("secret");
        let (first, second) = (k.token_for("visitor"), k.token_for("visitor"));
        assert_ne!(first, second, "the same token twice would let compression leak it");
        assert!(k.verify("visitor", &first) && k.verify("visitor", &second));
    }

    #[test]
    fn visitor_ids_are_64_hex_digits() {
        assert!(is_visitor_id(&"ab".repeat(32)));
        assert!(!is_visitor_id("abc"));
        assert!(!is_visitor_id(&"zz".repeat(32)));
    }
}
