//! `DbConnection` over both backends and an r2d2 pool of it.
//!
//! The derived `MultiConnection::establish` tries each backend in turn and
//! reports only "Invalid connection url"; our manager picks the backend from
//! the URL scheme instead, so the real error (`database "x" does not exist`)
//! reaches the operator.

use std::ops::{Deref, DerefMut};
use std::time::Duration;

use diesel::Connection;
use diesel::connection::SimpleConnection;
use diesel::pg::PgConnection;
use diesel::r2d2::{self, CustomizeConnection, ManageConnection, R2D2Connection};
use diesel::result::{DatabaseErrorKind, Error as DieselError};
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

/// How long a request waits for a free connection (or the first connect)
/// before it is answered with 503 rather than hanging.
const CONNECTION_TIMEOUT: Duration = Duration::from_secs(5);
/// How long SQLite waits on a lock held by another connection.
const SQLITE_BUSY_TIMEOUT_MS: u32 = 5_000;

/// Whether `error` means the connection itself is gone (the server
/// restarted, or closed it), rather than that one statement failed.
pub fn is_connection_lost(error: &DieselError) -> bool {
    matches!(
        error,
        DieselError::DatabaseError(DatabaseErrorKind::ClosedConnection | DatabaseErrorKind::UnableToSendCommand, _)
            | DieselError::BrokenTransactionManager
    )
}

/// A pooled connection, and whether a query found it lost: libpq knows, but
/// diesel only tells through the error, so whoever sees it says so here.
pub struct Pooled {
    conn: DbConnection,
    lost: bool,
}

impl Pooled {
    pub fn mark_lost(&mut self) {
        self.lost = true;
    }
}

impl Deref for Pooled {
    type Target = DbConnection;
    fn deref(&self) -> &DbConnection {
        &self.conn
    }
}

impl DerefMut for Pooled {
    fn deref_mut(&mut self) -> &mut DbConnection {
        &mut self.conn
    }
}

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
    type Connection = Pooled;
    type Error = r2d2::Error;

    fn connect(&self) -> Result<Pooled, r2d2::Error> {
        self.establish().map(|conn| Pooled { conn, lost: false }).map_err(r2d2::Error::ConnectionError)
    }

    /// Only called where asked (`test_on_check_out`): a round trip.
    fn is_valid(&self, conn: &mut Pooled) -> Result<(), r2d2::Error> {
        conn.ping().map_err(r2d2::Error::QueryError)
    }

    /// Called as a connection goes back to the pool, without a round trip:
    /// lost, or left inside a transaction, it is closed instead.
    fn has_broken(&self, conn: &mut Pooled) -> bool {
        conn.lost || R2D2Connection::is_broken(&mut conn.conn)
    }
}

/// Per-connection SQLite settings (`journal_mode` is per database: see [`build_pool`]).
#[derive(Debug)]
struct SqlitePragmas;

impl CustomizeConnection<Pooled, r2d2::Error> for SqlitePragmas {
    fn on_acquire(&self, conn: &mut Pooled) -> Result<(), r2d2::Error> {
        if let DbConnection::Sqlite(conn) = &mut conn.conn {
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
        // connection races and fails with "database is locked". The busy
        // timeout first: another process (a replica, a closing pool's last
        // connection checkpointing) may hold the lock for a moment.
        conn.batch_execute(&format!("PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}; PRAGMA journal_mode = WAL"))
            .context("cannot switch SQLite to WAL mode")?;
    }
    drop(first);
    r2d2::Pool::builder()
        .max_size(size)
        .connection_timeout(CONNECTION_TIMEOUT)
        // A checkout costs no round trip; `has_broken` drops lost connections.
        .test_on_check_out(false)
        .connection_customizer(Box::new(SqlitePragmas))
        .build(manager)
        .with_context(|| format!("cannot open a connection pool on {}", url.redacted()))
}
