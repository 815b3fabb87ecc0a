//! `DbConnection` over both backends: its write transactions (and this
//! process's turn of SQLite writers), and what each SQLite connection sets.

use std::sync::{Mutex, MutexGuard, PoisonError};

use diesel::Connection;
use diesel::connection::{AnsiTransactionManager, SimpleConnection, TransactionManager};
use diesel::pg::PgConnection;
use diesel::result::{DatabaseErrorKind, Error as DieselError, QueryResult};
use diesel::sqlite::SqliteConnection;

use super::checkpoint;

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

/// How long SQLite waits on a lock held by another connection.
pub(super) const SQLITE_BUSY_TIMEOUT_MS: u32 = 5_000;
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

/// What every SQLite connection of the app's sets for itself.
pub(super) fn configure_sqlite(conn: &mut SqliteConnection) -> QueryResult<()> {
    conn.batch_execute(&format!(
        "PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}; PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL; \
         PRAGMA cache_size = -{SQLITE_CACHE_KIB}; {}",
        checkpoint::pooled_pragmas()
    ))
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
