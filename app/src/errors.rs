//! The error a handler returns: the user sees a status and a sentence, the
//! log (and, in a debug build with DEBUG on, the page) sees the chain.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};

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

    /// The full chain, for the log and debug pages.
    pub fn detail(&self) -> Option<String> {
        match self {
            AppError::Unavailable(e) | AppError::Internal(e) => Some(format!("{e:?}")),
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
            AppError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// A plain body; `middleware::error_pages` turns it into the site's page.
    fn error_response(&self) -> HttpResponse {
        HttpResponse::build(self.status_code()).content_type("text/plain; charset=utf-8").body(self.to_string())
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
