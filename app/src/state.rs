//! What every handler can reach: settings, the pool, the CSRF key.

use std::sync::Arc;

use actix_web::{HttpRequest, web};

use crate::db::items::{self, Added};
use crate::db::lists::version_of;
use crate::db::{DbConnection, DbPool, ItemWriter, Outage, PooledConnection};
use crate::domain::{ItemText, ListId};
use crate::errors::AppError;
use crate::keys::CsrfKey;
use crate::live::{Change, Hub};
use crate::mail::Mailer;
use crate::ops::metrics::Metrics;
use crate::ops::shutdown::Drain;
use crate::settings::{DatabaseUrl, Settings};

pub struct AppState {
    pub settings: Settings,
    pub pool: DbPool,
    /// On SQLite: the thread that adds items in batches.
    pub item_writer: Option<ItemWriter>,
    pub csrf: CsrfKey,
    pub mailer: Arc<Mailer>,
    pub outage: Arc<Outage>,
    /// Set on SIGTERM: see [`crate::ops::shutdown`].
    pub drain: Arc<Drain>,
    /// The lists whose pages are open here: see [`crate::live`].
    pub live: Arc<Hub>,
    pub metrics: Metrics,
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
        let (pool, outage) = (self.pool.clone(), self.outage.clone());
        let waiting = self.metrics.pool_waiting.clone();
        web::block(move || {
            waiting.inc();
            let checkout = pool.get_timeout(outage.checkout_timeout());
            waiting.dec();
            let conn = checkout.map_err(|e| {
                // r2d2 names the last connect error, if connecting is what failed
                // (a bare timeout means every connection is busy: no outage).
                if e.to_string().contains(": ") {
                    outage.begin();
                }
                AppError::Unavailable(anyhow::Error::new(e).context("no database connection available"))
            })?;
            run(conn, &outage, work)
        })
        .await?
        .map_err(|e| e.context(doing))
    }

    /// [`AppState::db`] for a read of a few rows: on SQLite, with a
    /// connection idle in the pool, it runs here on the worker, since a read
    /// in WAL mode never waits for a writer. The replica then keeps fewer
    /// connections open, and less memory. Otherwise, as `db`.
    pub async fn db_read<T, E, F>(&self, doing: &'static str, work: F) -> Result<T, AppError>
    where
        F: FnOnce(&mut DbConnection) -> Result<T, E> + Send + 'static,
        E: Into<AppError>,
        T: Send + 'static,
    {
        if matches!(self.settings.database_url, DatabaseUrl::Sqlite(_))
            && let Some(conn) = self.pool.try_get()
        {
            return run(conn, &self.outage, work).map_err(|e| e.context(doing));
        }
        self.db(doing, work).await
    }

    /// Adds `text` to `list`: on SQLite in the item writer's next batch, on
    /// PostgreSQL on a pooled connection; then tells the list's pages.
    pub async fn add_item(&self, list: &ListId, text: ItemText) -> Result<Added, AppError> {
        const DOING: &str = "cannot add an item";
        let added = match &self.item_writer {
            None => self.write_to_list(list, DOING, move |conn, list| items::add(conn, list, &text)).await?,
            Some(writer) => {
                let added = writer.add(list.clone(), text).await.map_err(|e| AppError::Internal(e.context(DOING)))?;
                let added = added.map_err(|e| AppError::from(e).context(DOING))?;
                self.list_changed(list).await;
                added
            }
        };
        Ok(added)
    }

    /// [`AppState::db`] for a write to `list`, then its pages are told (see
    /// [`AppState::list_changed`]). Told also when the write changed nothing:
    /// a page hears only of a newer version than it has.
    pub async fn write_to_list<T, E, F>(&self, list: &ListId, doing: &'static str, work: F) -> Result<T, AppError>
    where
        F: FnOnce(&mut DbConnection, &ListId) -> Result<T, E> + Send + 'static,
        E: Into<AppError>,
        T: Send + 'static,
    {
        let id = list.clone();
        let done = self.db(doing, move |conn| work(conn, &id)).await?;
        self.list_changed(list).await;
        Ok(done)
    }

    /// After a write to `list`: when the hub hears of writes from the site
    /// (SQLite), tells its open pages here its new version (on PostgreSQL the
    /// database's trigger announces it to every replica). Nothing to do, and
    /// no query, when no page watches it.
    pub async fn list_changed(&self, list: &ListId) {
        if !self.live.told_by_writers() || !self.live.is_watched(list) {
            return;
        }
        let id = list.clone();
        match self.db_read("cannot read a list's version", move |conn| version_of(conn, &id)).await {
            Ok(Some(version)) => self.live.publish(list, Change::Version(version)),
            Ok(None) => self.live.publish(list, Change::Gone),
            // The write is done; the pages catch up at their next change or reconnect.
            Err(e) => log::warn!("live updates: {}", e.detail().unwrap_or_default()),
        }
    }

    /// After `list` was deleted: as [`AppState::list_changed`].
    pub fn list_gone(&self, list: &ListId) {
        if self.live.told_by_writers() {
            self.live.publish(list, Change::Gone);
        }
    }

    /// Sends a plain-text message on the blocking thread pool; a failure
    /// is a 503 for the caller to turn into a message for the visitor.
    pub async fn send_mail(&self, to: &str, subject: &'static str, body: String) -> Result<(), AppError> {
        let (mailer, to) = (self.mailer.clone(), to.to_string());
        web::block(move || mailer.send(&to, subject, body)).await?.map_err(AppError::Unavailable)
    }
}

/// `work` on `conn`; a connection the work found lost leaves the pool.
fn run<T, E, F>(mut conn: PooledConnection, outage: &Outage, work: F) -> Result<T, AppError>
where
    F: FnOnce(&mut DbConnection) -> Result<T, E>,
    E: Into<AppError>,
{
    let result = work(&mut conn).map_err(Into::into);
    match &result {
        Err(AppError::Unavailable(_)) => {
            conn.mark_lost();
            outage.begin();
        }
        Err(_) => {}
        Ok(_) => outage.end(),
    }
    result
}
