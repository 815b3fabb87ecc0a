//! What every handler can reach: settings, the pool, the CSRF key.

use std::sync::Arc;

use actix_web::{HttpRequest, web};
use anyhow::Context;

use crate::db::{DbConnection, DbPool};
use crate::errors::AppError;
use crate::keys::CsrfKey;
use crate::mail::Mailer;
use crate::settings::Settings;

pub struct AppState {
    pub settings: Settings,
    pub pool: DbPool,
    pub csrf: CsrfKey,
    pub mailer: Arc<Mailer>,
}

impl AppState {
    /// The state of the app serving `req`: how extractors and middleware reach it.
    pub fn of(req: &HttpRequest) -> Result<web::Data<AppState>, AppError> {
        req.app_data::<web::Data<AppState>>()
            .cloned()
            .ok_or_else(|| AppError::Internal(anyhow::anyhow!("AppState is not registered")))
    }

    /// Runs `work` on a pooled connection on the blocking thread pool, so a
    /// handler reads `let items = state.db("cannot load …", …).await?`; an
    /// error carries `doing` as its context. A pool that cannot give a
    /// connection in time is a 503, not a hang; a connection the work found
    /// lost is not given back to the pool.
    pub async fn db<T, E, F>(&self, doing: &'static str, work: F) -> Result<T, AppError>
    where
        F: FnOnce(&mut DbConnection) -> Result<T, E> + Send + 'static,
        E: Into<AppError>,
        T: Send + 'static,
    {
        let pool = self.pool.clone();
        web::block(move || {
            let mut conn = pool.get().context("no database connection available").map_err(AppError::Unavailable)?;
            let result = work(&mut conn).map_err(Into::into);
            if matches!(result, Err(AppError::Unavailable(_))) {
                conn.mark_lost();
            }
            result
        })
        .await?
        .map_err(|e| e.context(doing))
    }

    /// Sends a plain-text message on the blocking thread pool; a failure
    /// is a 503 for the caller to turn into a message for the visitor.
    pub async fn send_mail(&self, to: &str, subject: &'static str, body: String) -> Result<(), AppError> {
        let (mailer, to) = (self.mailer.clone(), to.to_string());
        web::block(move || mailer.send(&to, subject, body)).await?.map_err(AppError::Unavailable)
    }
}
