//! Who is logged in: a random session id in the `sessionid` cookie, its
//! hash in the `sessions` table (so every replica sees it). A forged,
//! unknown or expired id is simply "logged out".

use actix_web::HttpRequest;
use actix_web::cookie::{Cookie, SameSite, time::Duration};

use crate::db::accounts::{self, User};
use crate::errors::AppError;
use crate::keys;
use crate::settings::Settings;
use crate::state::AppState;

pub const COOKIE_NAME: &str = "sessionid";
/// How long a login lasts without logging in again.
pub const LIFETIME: Duration = Duration::days(14);

/// The hash of the request's session id, if it carries a well-formed one.
pub fn id_hash(req: &HttpRequest) -> Option<String> {
    let cookie = req.cookie(COOKIE_NAME)?;
    let id = cookie.value();
    (id.len() == 64 && id.bytes().all(|b| b.is_ascii_hexdigit())).then(|| keys::token_hash(id))
}

pub async fn current_user(state: &AppState, req: &HttpRequest) -> Result<Option<User>, AppError> {
    let Some(hash) = id_hash(req) else { return Ok(None) };
    state.db_read("cannot read the session", move |conn| accounts::user_of_session(conn, &hash)).await
}

/// A new session id, and when its row expires.
pub fn new_id() -> (String, i64) {
    (keys::random_token(), accounts::now() + LIFETIME.whole_seconds())
}

/// Scoped to the site's path: a staging site under `/staging/` on the same
/// host keeps its own session.
pub fn cookie(id: String, settings: &Settings) -> Cookie<'static> {
    Cookie::build(COOKIE_NAME, id)
        .path(settings.url("/"))
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(settings.secure_cookies())
        .max_age(LIFETIME)
        .finish()
}

pub fn removal(settings: &Settings) -> Cookie<'static> {
    let mut gone = cookie(String::new(), settings);
    gone.make_removal();
    gone
}
