//! What every handler can reach: settings, the pool, the CSRF key.

use anyhow::Context;

use crate::csrf::CsrfKey;
use crate::db::{DbConnection, DbPool};
use crate::errors::AppError;
use crate::settings::Settings;

pub struct AppState {
    pub settings: Settings,
    pub pool: DbPool,
    pub csrf: CsrfKey,
}

impl AppState {
    /// Runs `work` on a pooled connection on the blocking thread pool.
    /// A pool that cannot give a connection in time is a 503, not a hang.
    pub async fn db<T, F>(&self, work: F) -> Result<T, AppError>
    where
        F: FnOnce(&mut DbConnection) -> T + Send + 'static,
        T: Send + 'static,
    {
        let pool = self.pool.clone();
        actix_web::web::block(move || {
            let mut conn = pool.get().context("no database connection available")?;
            Ok::<T, anyhow::Error>(work(&mut conn))
        })
        .await?
        .map_err(AppError::Unavailable)
    }
}
