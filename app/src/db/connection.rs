//! `DbConnection` over both backends, and its write transactions (which on
//! SQLite wait for this process's turn of writers: see `sqlite.rs`).

use std::sync::MutexGuard;

use diesel::Connection;
use diesel::connection::{AnsiTransactionManager, TransactionManager};
use diesel::pg::PgConnection;
use diesel::result::{DatabaseErrorKind, Error as DieselError, QueryResult};
use diesel::sqlite::SqliteConnection;

use super::sqlite::writers_turn;

#[derive(diesel::MultiConnection)]
pub enum DbConnection {
    Pg(PgConnection),
    // Last: SQLite accepts any string as a file name.
    Sqlite(SqliteConnection),
}

/// `$body` with `$conn` bound to the backend's own connection, for the
/// queries every page runs. Through `DbConnection` diesel rebuilds a
/// query's SQL on each call (its multi-backend wrapper has no static query
/// id); typed for one backend it finds the prepared statement by type.
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
    /// SQLite writers of this process first queue on `sqlite::WRITER`.
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

    /// Waits for `sqlite::WRITER` on SQLite outside a transaction; inside
    /// one, whoever began it took its turn (or holds SQLite's lock).
    fn sqlite_writers_turn(&mut self) -> QueryResult<Option<MutexGuard<'static, ()>>> {
        let outermost = Manager::transaction_manager_status_mut(self).transaction_depth()?.is_none();
        let sqlite = matches!(self, DbConnection::Sqlite(_));
        Ok((outermost && sqlite).then(writers_turn))
    }
}

type Manager = <DbConnection as Connection>::TransactionManager;

/// Whether `error` means the connection itself is gone (the server
/// restarted, or closed it), rather than that one statement failed.
pub fn is_connection_lost(error: &DieselError) -> bool {
    matches!(
        error,
        DieselError::DatabaseError(DatabaseErrorKind::ClosedConnection | DatabaseErrorKind::UnableToSendCommand, _)
            | DieselError::BrokenTransactionManager
    )
}
