//! `DbConnection` over both backends and an r2d2 pool of it.
//!
//! The derived `MultiConnection::establish` tries each backend in turn and
//! reports only "Invalid connection url"; our manager picks the backend from
//! the URL scheme instead, so the real error (`database "x" does not exist`)
//! reaches the operator.

use std::time::Duration;

use diesel::Connection;
use diesel::connection::SimpleConnection;
use diesel::pg::PgConnection;
use diesel::r2d2::{self, CustomizeConnection, ManageConnection};
use diesel::sqlite::SqliteConnection;
use secrecy::ExposeSecret;

use crate::settings::DatabaseUrl;

#[derive(diesel::MultiConnection)]
pub enum DbConnection {
    Pg(PgConnection),
    // Last: SQLite accepts any string as a file name.
    Sqlite(SqliteConnection),
}

pub type DbPool = r2d2::Pool<ConnectionManager>;
pub type PoolError = r2d2::PoolError;

/// How long a request waits for a free connection (or the first connect)
/// before it is answered with 503 rather than hanging.
const CONNECTION_TIMEOUT: Duration = Duration::from_secs(5);
/// How long SQLite waits on a lock held by another connection.
const SQLITE_BUSY_TIMEOUT_MS: u32 = 5_000;

#[derive(Debug, Clone)]
pub struct ConnectionManager {
    url: DatabaseUrl,
}

impl ConnectionManager {
    pub fn new(url: DatabaseUrl) -> Self {
        ConnectionManager { url }
    }

    pub fn establish(&self) -> Result<DbConnection, diesel::ConnectionError> {
        match &self.url {
            DatabaseUrl::Postgres(url) => PgConnection::establish(url.expose_secret()).map(DbConnection::Pg),
            DatabaseUrl::Sqlite(path) => SqliteConnection::establish(path).map(DbConnection::Sqlite),
        }
    }
}

impl ManageConnection for ConnectionManager {
    type Connection = DbConnection;
    type Error = r2d2::Error;

    fn connect(&self) -> Result<DbConnection, r2d2::Error> {
        self.establish().map_err(r2d2::Error::ConnectionError)
    }

    fn is_valid(&self, conn: &mut DbConnection) -> Result<(), r2d2::Error> {
        conn.batch_execute("SELECT 1").map_err(r2d2::Error::QueryError)
    }

    fn has_broken(&self, _conn: &mut DbConnection) -> bool {
        false
    }
}

/// Per-connection SQLite settings (`journal_mode` is per database: see [`build_pool`]).
#[derive(Debug)]
struct SqlitePragmas;

impl CustomizeConnection<DbConnection, r2d2::Error> for SqlitePragmas {
    fn on_acquire(&self, conn: &mut DbConnection) -> Result<(), r2d2::Error> {
        if let DbConnection::Sqlite(conn) = conn {
            conn.batch_execute(&format!(
                "PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}; PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;"
            ))
            .map_err(r2d2::Error::QueryError)?;
        }
        Ok(())
    }
}

/// Builds the pool, failing fast with the backend's own error when the
/// database cannot be reached.
pub fn build_pool(url: &DatabaseUrl, size: u32) -> anyhow::Result<DbPool> {
    use anyhow::Context;
    let manager = ConnectionManager::new(url.clone());
    let mut first = manager.establish().with_context(|| format!("cannot connect to {}", url.redacted()))?;
    if let DbConnection::Sqlite(conn) = &mut first {
        // Once, before the pool exists: setting WAL from every new pooled
        // connection races and fails with "database is locked".
        conn.batch_execute("PRAGMA journal_mode = WAL").context("cannot switch SQLite to WAL mode")?;
    }
    drop(first);
    r2d2::Pool::builder()
        .max_size(size)
        .connection_timeout(CONNECTION_TIMEOUT)
        .connection_customizer(Box::new(SqlitePragmas))
        .build(manager)
        .with_context(|| format!("cannot open a connection pool on {}", url.redacted()))
}
