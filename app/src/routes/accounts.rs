//! `/accounts/…`: log in by a link sent by email, log out.
//!
//! A link holds 256 random bits; the database keeps its SHA-256, spends it
//! once, and forgets it after [`LINK_LIFETIME`]. Logging in starts a new
//! session (a new id: the old one, if any, is ended).

use actix_web::cookie::{Cookie, time::Duration};
use actix_web::http::header::LOCATION;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use crate::db::{accounts, login_emails};
use crate::domain::Email;
use crate::errors::AppError;
use crate::keys;
use crate::settings::LinkOrigin;
use crate::state::AppState;
use crate::web::csrf::{CsrfForm, NoFields};
use crate::web::flash::Flash;
use crate::web::forwarded;
use crate::web::middleware::hosts;
use crate::web::session;

pub const LOGIN_EMAIL_SUBJECT: &str = "Your login link for Superlists";
/// How long a login link works.
pub const LINK_LIFETIME: Duration = Duration::minutes(15);

#[derive(Deserialize)]
pub struct LoginForm {
    email: String,
}

#[derive(Deserialize)]
pub struct LinkQuery {
    token: Option<String>,
}

pub async fn send_login_email(
    state: web::Data<AppState>,
    req: HttpRequest,
    CsrfForm(form): CsrfForm<LoginForm>,
) -> Result<HttpResponse, AppError> {
    let Some(email) = Email::parse(&form.email) else { return Ok(home_with(&state, Flash::BadEmail)) };
    let Some(root) = site_root(&state, &req)? else {
        log::error!(
            "login email to {} not sent: ALLOWED_HOSTS is * and SITE_URL is unset, so the link would name \
             whatever host the request gave; set SITE_URL",
            email.as_str()
        );
        return Ok(home_with(&state, Flash::LoginUnavailable));
    };
    let token = keys::random_token();
    let hash = keys::token_hash(&token);
    let expires_at = accounts::now() + LINK_LIFETIME.whole_seconds();
    let (to, stored, limits) = (email.clone(), hash.clone(), state.settings.limits);
    let client =
        forwarded::client_ip(&req, &state.settings.trusted_proxies).map_or_else(String::new, |ip| ip.to_string());
    let allowed = state
        .db("cannot store a login link", move |conn| {
            let allowed = login_emails::record(conn, &to, &client, accounts::now(), &limits)?;
            if allowed.is_ok() {
                accounts::create_login_token(conn, &to, &stored, expires_at)?;
            }
            Ok::<_, diesel::result::Error>(allowed)
        })
        .await?;
    if let Err(exceeded) = allowed {
        log::warn!("login email to {} refused: {exceeded:?} over its hourly limit", email.as_str());
        return Ok(home_with(&state, Flash::TooManyLoginEmails));
    }

    let link = format!("{root}/accounts/login?token={token}");
    let body = format!("Use this link to log in:\n\n{link}\n");
    if let Err(e) = state.send_mail(email.as_str(), LOGIN_EMAIL_SUBJECT, body).await {
        log::error!("login email to {} not sent: {}", email.as_str(), e.detail().unwrap_or_default());
        // No usable link may outlive a message that was never sent.
        state.db("cannot forget an unsent link", move |conn| accounts::delete_login_token(conn, &hash)).await?;
        return Ok(home_with(&state, Flash::SendFailed));
    }
    Ok(home_with(&state, Flash::LinkSent))
}

pub async fn login(
    state: web::Data<AppState>,
    req: HttpRequest,
    query: web::Query<LinkQuery>,
) -> Result<HttpResponse, AppError> {
    let Some(token) = query.into_inner().token.filter(|t| t.len() == 64) else {
        return Ok(home_with(&state, Flash::InvalidLink));
    };
    let old = session::id_hash(&req);
    let (id, expires_at) = session::new_id();
    let id_hash = keys::token_hash(&id);
    let user = state
        .db("cannot redeem a login link", move |conn| {
            let user = accounts::redeem_login_token(conn, &keys::token_hash(&token), &id_hash, expires_at)?;
            if let (Some(_), Some(old)) = (&user, old) {
                accounts::end_session(conn, &old)?;
            }
            Ok::<_, diesel::result::Error>(user)
        })
        .await?;
    if user.is_none() {
        return Ok(home_with(&state, Flash::InvalidLink));
    }
    Ok(see_home(&state, session::cookie(id, &state.settings)))
}

pub async fn logout(
    state: web::Data<AppState>,
    req: HttpRequest,
    _: CsrfForm<NoFields>,
) -> Result<HttpResponse, AppError> {
    if let Some(hash) = session::id_hash(&req) {
        state.db("cannot end the session", move |conn| accounts::end_session(conn, &hash)).await?;
    }
    Ok(see_home(&state, session::removal(&state.settings)))
}

/// Where the link points, `http(s)://host[:port][URL_PREFIX]`: `SITE_URL`,
/// or the site as the visitor reached it when `ALLOWED_HOSTS` names that
/// host; `None` when neither names a host we chose.
fn site_root(state: &AppState, req: &HttpRequest) -> Result<Option<String>, AppError> {
    match state.settings.link_origin() {
        None => Ok(None),
        Some(LinkOrigin::Configured(origin)) => Ok(Some(format!("{origin}{}", state.settings.url_prefix))),
        Some(LinkOrigin::RequestHost) => request_root(state, req).map(Some),
    }
}

/// `http(s)://host[:port][URL_PREFIX]` as the visitor reached the site:
/// the scheme from `X-Forwarded-Proto` only when a trusted proxy sent it.
fn request_root(state: &AppState, req: &HttpRequest) -> Result<String, AppError> {
    let header = |name: &str| req.headers().get(name).and_then(|v| v.to_str().ok());
    let host = header("host").filter(|h| hosts::host_of(h).is_some());
    let host = host.ok_or_else(|| AppError::BadRequest("no valid Host header".into()))?;
    let via_proxy = req.peer_addr().is_some_and(|peer| state.settings.trusted_proxies.contains(peer.ip()));
    let forwarded = via_proxy.then(|| header("x-forwarded-proto")).flatten().filter(|p| ["http", "https"].contains(p));
    let scheme = forwarded.unwrap_or(if req.app_config().secure() { "https" } else { "http" });
    Ok(format!("{scheme}://{host}{}", state.settings.url_prefix))
}

/// 303 to the home page, setting `cookie`.
fn see_home(state: &AppState, cookie: Cookie<'static>) -> HttpResponse {
    HttpResponse::SeeOther().insert_header((LOCATION, state.settings.url("/"))).cookie(cookie).finish()
}

fn home_with(state: &AppState, flash: Flash) -> HttpResponse {
    see_home(state, flash.cookie(&state.settings))
}
