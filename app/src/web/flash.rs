//! A one-time message for the next page ("Check your email…"), carried by
//! a short-lived cookie across the redirect. Only a code from this closed
//! list travels, so a forged cookie can only show one of these sentences.

use actix_web::HttpRequest;
use actix_web::cookie::{Cookie, SameSite, time::Duration};

use crate::settings::Settings;

pub const COOKIE_NAME: &str = "flash";
pub const LOGIN_UNAVAILABLE: &str = "Logging in by email is not set up on this site yet";
pub const LIST_DELETED: &str = "The list was deleted";
pub const TOO_MANY_LOGIN_EMAILS: &str =
    "Too many login emails have been asked for, please wait an hour or use the link already sent";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flash {
    LinkSent,
    InvalidLink,
    SendFailed,
    BadEmail,
    TooManyLoginEmails,
    LoginUnavailable,
    ListDeleted,
}

const ALL: [Flash; 7] = [
    Flash::LinkSent,
    Flash::InvalidLink,
    Flash::SendFailed,
    Flash::BadEmail,
    Flash::TooManyLoginEmails,
    Flash::LoginUnavailable,
    Flash::ListDeleted,
];

impl Flash {
    pub fn message(self) -> &'static str {
        match self {
            Flash::LinkSent => "Check your email, we've sent you a link you can use to log in.",
            Flash::InvalidLink => "Invalid login link, please request a new one",
            Flash::SendFailed => "Could not send the login email, please try again",
            Flash::BadEmail => crate::domain::BAD_EMAIL_ERROR,
            Flash::TooManyLoginEmails => TOO_MANY_LOGIN_EMAILS,
            Flash::LoginUnavailable => LOGIN_UNAVAILABLE,
            Flash::ListDeleted => LIST_DELETED,
        }
    }

    fn code(self) -> &'static str {
        match self {
            Flash::LinkSent => "sent",
            Flash::InvalidLink => "invalid-link",
            Flash::SendFailed => "send-failed",
            Flash::BadEmail => "bad-email",
            Flash::TooManyLoginEmails => "too-many",
            Flash::LoginUnavailable => "unavailable",
            Flash::ListDeleted => "list-deleted",
        }
    }

    pub fn of(req: &HttpRequest) -> Option<Flash> {
        let cookie = req.cookie(COOKIE_NAME)?;
        ALL.into_iter().find(|f| f.code() == cookie.value())
    }

    pub fn cookie(self, settings: &Settings) -> Cookie<'static> {
        Self::build(self.code(), settings).max_age(Duration::minutes(1)).finish()
    }

    pub fn removal(settings: &Settings) -> Cookie<'static> {
        let mut gone = Self::build("", settings).finish();
        gone.make_removal();
        gone
    }

    /// Scoped to the site's path, like the session cookie.
    fn build(value: &'static str, settings: &Settings) -> actix_web::cookie::CookieBuilder<'static> {
        Cookie::build(COOKIE_NAME, value).path(settings.url("/")).http_only(true).same_site(SameSite::Lax)
    }
}
