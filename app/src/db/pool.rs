//! The r2d2 pool of [`DbConnection`]s, and waiting for the database at start.
//!
//! The derived `MultiConnection::establish` tries each backend in turn and
//! reports only "Invalid connection url"; our manager picks the backend from
//! the URL scheme instead, so the real error (`database "x" does not exist`)
//! reaches the operator.

use std::ops::{Deref, DerefMut};
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context as _;
use diesel::Connection;
use diesel::pg::PgConnection;
use diesel::r2d2::{self, CustomizeConnection, ManageConnection, R2D2Connection};
use diesel::sqlite::SqliteConnection;
use scheduled_thread_pool::ScheduledThreadPool;
use secrecy::ExposeSecret;

use super::connection::DbConnection;
use super::sqlite::{self, checkpoint};
use crate::settings::DatabaseUrl;

pub type DbPool = r2d2::Pool<ConnectionManager>;
/// A connection checked out of a [`DbPool`], given back when dropped.
pub type PooledConnection = r2d2::PooledConnection<ConnectionManager>;

/// How long a request waits for a free connection (or the first connect)
/// before it is answered with 503 rather than hanging.
pub const CONNECTION_TIMEOUT: Duration = Duration::from_secs(5);

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

/// Per-connection SQLite settings (`journal_mode` is per database: see
/// [`build_pool`]). It holds the token whose drop stops the checkpointer.
#[derive(Debug)]
struct SqlitePragmas {
    _checkpointer: Option<Arc<()>>,
}

impl CustomizeConnection<Pooled, r2d2::Error> for SqlitePragmas {
    fn on_acquire(&self, conn: &mut Pooled) -> Result<(), r2d2::Error> {
        if let DbConnection::Sqlite(conn) = &mut conn.conn {
            sqlite::configure(conn).map_err(r2d2::Error::QueryError)?;
        }
        Ok(())
    }
}

/// Waits up to `wait` (`DATABASE_WAIT`) for the database to take a
/// connection, retrying with backoff: a container's database may still be
/// starting. Then the error, naming the database and the wait.
pub fn wait_for_database(url: &DatabaseUrl, wait: Duration) -> anyhow::Result<()> {
    let manager = ConnectionManager::new(url.clone());
    let started = std::time::Instant::now();
    let mut delay = Duration::from_millis(100);
    loop {
        match manager.establish() {
            Ok(_) => return Ok(()),
            Err(e) if started.elapsed() < wait => {
                let pause = delay.min(wait - started.elapsed());
                let e = e.to_string();
                let why = e.split_whitespace().collect::<Vec<_>>().join(" ");
                log::warn!("database {} not reachable yet ({why}); retrying in {pause:?}", url.redacted());
                std::thread::sleep(pause);
                delay = (delay * 2).min(Duration::from_secs(2));
            }
            Err(e) => {
                let waited = started.elapsed().as_secs_f64();
                return Err(anyhow::Error::new(e))
                    .with_context(|| format!("cannot connect to {} (gave up after {waited:.1} s)", url.redacted()));
            }
        }
    }
}

/// Builds the pool, failing fast with the backend's own error when the
/// database cannot be reached.
pub fn build_pool(url: &DatabaseUrl, size: u32) -> anyhow::Result<DbPool> {
    let manager = ConnectionManager::new(url.clone());
    let mut first = manager.establish().with_context(|| format!("cannot connect to {}", url.redacted()))?;
    let mut checkpointer = None;
    if let (DbConnection::Sqlite(conn), DatabaseUrl::Sqlite(path)) = (&mut first, url) {
        sqlite::use_wal(conn).context("cannot switch SQLite to WAL mode")?;
        let alive = Arc::new(());
        checkpoint::start(path, Arc::downgrade(&alive))?;
        checkpointer = Some(alive);
    }
    drop(first);
    r2d2::Pool::builder()
        .max_size(size)
        // Connections are opened as the load asks for them, not all at start:
        // start-up stays quick, and a quiet replica holds one.
        .min_idle(Some(1))
        // One thread opens connections and closes idle ones, not r2d2's
        // three, each with its stack and allocator heap.
        .thread_pool(Arc::new(helper_thread()))
        .connection_timeout(CONNECTION_TIMEOUT)
        // A checkout costs no round trip; `has_broken` drops lost connections.
        .test_on_check_out(false)
        .connection_customizer(Box::new(SqlitePragmas { _checkpointer: checkpointer }))
        .build(manager)
        .with_context(|| format!("cannot open a connection pool on {}", url.redacted()))
}

fn helper_thread() -> ScheduledThreadPool {
    ScheduledThreadPool::builder().num_threads(1).thread_name_pattern("r2d2-worker-{}").build()
}
