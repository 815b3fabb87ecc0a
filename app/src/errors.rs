//! The error a handler returns: the user sees a status and a sentence, the
//! log (and, in a debug build with DEBUG on, the page) sees the chain.

use actix_web::http::StatusCode;
use actix_web::http::header::RETRY_AFTER;
use actix_web::{HttpResponse, ResponseError};

/// What a 503 tells the client to wait before trying again.
pub const RETRY_AFTER_SECONDS: u32 = 5;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("Page not found")]
    NotFound,
    #[error("Bad request: {0}")]
    BadRequest(String),
    #[error("Forbidden: {0}")]
    Forbidden(&'static str),
    #[error("The request is too large")]
    PayloadTooLarge,
    #[error("Unsupported request: {0}")]
    UnsupportedMediaType(String),
    /// Well-formed, but refused by the site's rules: the message is the
    /// one the page shows (the pages render their own 422; the API uses this).
    #[error("{0}")]
    Unprocessable(String),
    #[error("Too many requests: {0}")]
    TooManyRequests(&'static str),
    #[error("The service is busy or its database is unreachable; please try again shortly")]
    Unavailable(#[source] anyhow::Error),
    #[error("Server error")]
    Internal(#[source] anyhow::Error),
}

impl AppError {
    /// A 500 for `error`, with what we were doing as context.
    pub fn internal(error: impl std::error::Error + Send + Sync + 'static, doing: &'static str) -> Self {
        AppError::Internal(anyhow::Error::new(error).context(doing))
    }

    /// Says what we were doing when a server-side error happened.
    pub fn context(self, doing: &'static str) -> Self {
        match self {
            AppError::Unavailable(e) => AppError::Unavailable(e.context(doing)),
            AppError::Internal(e) => AppError::Internal(e.context(doing)),
            other => other,
        }
    }

    /// The full chain on one line (`a: b: c`, and no backtrace even with
    /// RUST_BACKTRACE set): one event, one log line.
    pub fn detail(&self) -> Option<String> {
        match self {
            AppError::Unavailable(e) | AppError::Internal(e) => Some(format!("{e:#}")),
            _ => None,
        }
    }
}

impl ResponseError for AppError {
    fn status_code(&self) -> StatusCode {
        match self {
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AppError::Forbidden(_) => StatusCode::FORBIDDEN,
            AppError::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            AppError::Unprocessable(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::TooManyRequests(_) => StatusCode::TOO_MANY_REQUESTS,
            AppError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// A plain body; `middleware::error_pages` turns it into the site's page.
    fn error_response(&self) -> HttpResponse {
        let mut response = HttpResponse::build(self.status_code());
        if matches!(self, AppError::Unavailable(_) | AppError::TooManyRequests(_)) {
            // Long enough for a restarted database; a balancer may retry sooner elsewhere.
            response.insert_header((RETRY_AFTER, RETRY_AFTER_SECONDS.to_string()));
        }
        response.content_type("text/plain; charset=utf-8").body(self.to_string())
    }
}

/// A lost connection is a 503 (the database may be back in a moment, and a
/// balancer may retry elsewhere); any other database error is a 500.
impl From<diesel::result::Error> for AppError {
    fn from(e: diesel::result::Error) -> Self {
        let lost = crate::db::is_connection_lost(&e);
        let error = anyhow::Error::new(e);
        if lost { AppError::Unavailable(error) } else { AppError::Internal(error) }
    }
}

impl From<actix_web::error::BlockingError> for AppError {
    fn from(e: actix_web::error::BlockingError) -> Self {
        AppError::Internal(anyhow::anyhow!("blocking task failed: {e}"))
    }
}

#[cfg(test)]
mod tests {
    use super::AppError;

    #[test]
    fn the_detail_is_the_chain_on_one_line() {
        let cause = std::io::Error::other("connection refused");
        let error = AppError::internal(cause, "cannot load the list's items").context("GET /lists/x/");
        assert_eq!(error.detail().as_deref(), Some("GET /lists/x/: cannot load the list's items: connection refused"));
    }
}
