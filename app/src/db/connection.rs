//! `DbConnection` over both backends and an r2d2 pool of it.
//!
//! The derived `MultiConnection::establish` tries each backend in turn and
//! reports only "Invalid connection url"; our manager picks the backend from
//! the URL scheme instead, so the real error (`database "x" does not exist`)
//! reaches the operator.

use std::ops::{Deref, DerefMut};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use diesel::Connection;
use diesel::connection::{AnsiTransactionManager, SimpleConnection, TransactionManager};
use diesel::pg::PgConnection;
use diesel::r2d2::{self, CustomizeConnection, ManageConnection, R2D2Connection};
use diesel::result::{DatabaseErrorKind, Error as DieselError, QueryResult};
use diesel::sqlite::SqliteConnection;
use scheduled_thread_pool::ScheduledThreadPool;
use secrecy::ExposeSecret;

use super::checkpoint;
use crate::settings::DatabaseUrl;
use anyhow::Context as _;

#[derive(diesel::MultiConnection)]
pub enum DbConnection {
    Pg(PgConnection),
    // Last: SQLite accepts any string as a file name.
    Sqlite(SqliteConnection),
}

/// `$body` with `$conn` bound to the backend's own connection, for the
/// queries every page runs. Through `DbConnection` diesel rebuilds a
/// query's SQL on each call (its multi-backend wrapper has no static query
/// id); typed for one backend it finds the prepared statement by type
/// (a list of 10: 139k → 116k instructions a request, callgrind).
macro_rules! on_backend {
    ($conn:expr, |$c:ident| $body:expr) => {
        match $conn {
            $crate::db::DbConnection::Pg($c) => $body,
            $crate::db::DbConnection::Sqlite($c) => $body,
        }
    };
}
pub(crate) use on_backend;

pub type DbPool = r2d2::Pool<ConnectionManager>;
/// A connection checked out of a [`DbPool`], given back when dropped.
pub type PooledConnection = r2d2::PooledConnection<ConnectionManager>;

impl DbConnection {
    /// A transaction that writes. On SQLite it takes the write lock at
    /// `BEGIN IMMEDIATE`, waiting out the busy timeout: a deferred one that
    /// reads first fails at once with "database is locked" when another
    /// connection commits meanwhile. PostgreSQL's plain `BEGIN` is enough;
    /// inside another transaction this is a savepoint, as `transaction` is.
    ///
    /// SQLite writers of this process first queue on [`SQLITE_WRITER`].
    pub fn write_transaction<T, E, F>(&mut self, work: F) -> Result<T, E>
    where
        F: FnOnce(&mut Self) -> Result<T, E>,
        E: From<DieselError>,
    {
        // A turn is given on SQLite, outside a transaction only.
        let Some(_turn) = self.sqlite_writers_turn()? else { return self.transaction(work) };
        if let DbConnection::Sqlite(lite) = self {
            AnsiTransactionManager::begin_transaction_sql(lite, "BEGIN IMMEDIATE")?;
        }
        // The derived manager hands commit and rollback to SQLite's own.
        match work(self) {
            Ok(value) => Manager::commit_transaction(self).map(|()| value).map_err(E::from),
            Err(e) => {
                Manager::rollback_transaction(self)?;
                Err(e)
            }
        }
    }

    /// Runs `work`, statements that write outside a transaction, in this
    /// process's turn of SQLite writers; on PostgreSQL at once.
    pub fn writing<T>(&mut self, work: impl FnOnce(&mut Self) -> QueryResult<T>) -> QueryResult<T> {
        let _turn = self.sqlite_writers_turn()?;
        work(self)
    }

    /// Waits for [`SQLITE_WRITER`] on SQLite outside a transaction; inside
    /// one, whoever began it took its turn (or holds SQLite's lock).
    fn sqlite_writers_turn(&mut self) -> QueryResult<Option<MutexGuard<'static, ()>>> {
        let outermost = Manager::transaction_manager_status_mut(self).transaction_depth()?.is_none();
        let sqlite = matches!(self, DbConnection::Sqlite(_));
        Ok((outermost && sqlite).then(writers_turn))
    }
}

/// This process's turn to write to SQLite (see [`SQLITE_WRITER`]).
pub(super) fn writers_turn() -> MutexGuard<'static, ()> {
    SQLITE_WRITER.lock().unwrap_or_else(PoisonError::into_inner)
}

type Manager = <DbConnection as Connection>::TransactionManager;

/// SQLite lets one connection write at a time, and one that finds the lock
/// taken sleeps in its busy handler, polling at 1 to 100 ms. Writers of this
/// process queue here instead and go as soon as the one before commits
/// (POSTs at 32 connections: p99 105–150 ms before, 22–27 ms after); the
/// busy timeout is left for other processes (the CLI). One lock for every
/// SQLite database of the process: it has one, except in tests.
static SQLITE_WRITER: Mutex<()> = Mutex::new(());

/// How long a request waits for a free connection (or the first connect)
/// before it is answered with 503 rather than hanging.
pub const CONNECTION_TIMEOUT: Duration = Duration::from_secs(5);
/// How long SQLite waits on a lock held by another connection.
const SQLITE_BUSY_TIMEOUT_MS: u32 = 5_000;
/// Each connection's page cache, in KiB (SQLite's default is 2,000): in WAL
/// mode a write empties every other connection's cache, so a large one
/// mostly held pages in glibc's heap after a load. 256 KiB: RSS after mixed
/// reads and POSTs 22.1 -> 20.5 MB (heap 3.2 -> 1.3 MB), throughput unchanged.
const SQLITE_CACHE_KIB: u32 = 256;

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

/// Per-connection SQLite settings (`journal_mode` is per database: see
/// [`build_pool`]). It holds the token whose drop stops the checkpointer.
#[derive(Debug)]
struct SqlitePragmas {
    _checkpointer: Option<Arc<()>>,
}

impl CustomizeConnection<Pooled, r2d2::Error> for SqlitePragmas {
    fn on_acquire(&self, conn: &mut Pooled) -> Result<(), r2d2::Error> {
        if let DbConnection::Sqlite(conn) = &mut conn.conn {
            configure_sqlite(conn).map_err(r2d2::Error::QueryError)?;
        }
        Ok(())
    }
}

/// What every SQLite connection of the app's sets for itself.
pub(super) fn configure_sqlite(conn: &mut SqliteConnection) -> QueryResult<()> {
    conn.batch_execute(&format!(
        "PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}; PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL; \
         PRAGMA cache_size = -{SQLITE_CACHE_KIB}; {}",
        checkpoint::pooled_pragmas()
    ))
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
    use anyhow::Context;
    let manager = ConnectionManager::new(url.clone());
    let mut first = manager.establish().with_context(|| format!("cannot connect to {}", url.redacted()))?;
    let mut checkpointer = None;
    if let (DbConnection::Sqlite(conn), DatabaseUrl::Sqlite(path)) = (&mut first, url) {
        // Once, before the pool exists: setting WAL from every new pooled
        // connection races and fails with "database is locked". The busy
        // timeout first: another process (a replica, a closing pool's last
        // connection checkpointing) may hold the lock for a moment.
        conn.batch_execute(&format!("PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}; PRAGMA journal_mode = WAL"))
            .context("cannot switch SQLite to WAL mode")?;
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
        // three, each with its stack and allocator heap: for a pool of a few,
        // 0.4-0.65 MB less anonymous memory after a mixed load.
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

#[cfg(test)]
mod tests {
    use super::*;
    use diesel::RunQueryDsl;
    use diesel::dsl::sql;
    use diesel::sql_types::Integer;

    #[test]
    fn a_configured_sqlite_connection_has_the_apps_pragmas() {
        let mut conn = SqliteConnection::establish(":memory:").expect("an in-memory database");
        configure_sqlite(&mut conn).expect("the pragmas");
        let mut read = |pragma: &str| {
            diesel::select(sql::<Integer>(&format!("(SELECT * FROM pragma_{pragma}())")))
                .get_result::<i32>(&mut conn)
                .expect(pragma)
        };
        // synchronous 1 = NORMAL; a negative cache_size is in KiB.
        assert_eq!([read("foreign_keys"), read("synchronous"), read("cache_size")], [1, 1, -(SQLITE_CACHE_KIB as i32)]);
    }
}
