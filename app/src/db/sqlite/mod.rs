//! Everything SQLite-specific a connection is set up with: the pragmas of
//! every connection, the once-per-database switch to WAL, and this
//! process's turn of writers. The modules that open SQLite connections
//! (the pool, the item writer, the checkpointer) take them from here.

pub(super) mod checkpoint;
pub(super) mod item_writer;

use std::sync::{Mutex, MutexGuard, PoisonError};

use diesel::connection::SimpleConnection;
use diesel::result::QueryResult;
use diesel::sqlite::SqliteConnection;

/// SQLite lets one connection write at a time, and one that finds the lock
/// taken sleeps in its busy handler, polling at 1 to 100 ms. Writers of this
/// process queue here instead and go as soon as the one before commits; the
/// busy timeout is left for other processes (the CLI). One lock for every
/// SQLite database of the process: it has one, except in tests.
static WRITER: Mutex<()> = Mutex::new(());

/// This process's turn to write to SQLite (see [`WRITER`]).
pub(super) fn writers_turn() -> MutexGuard<'static, ()> {
    WRITER.lock().unwrap_or_else(PoisonError::into_inner)
}

/// How long SQLite waits on a lock held by another connection.
const BUSY_TIMEOUT_MS: u32 = 5_000;
/// Each connection's page cache, in KiB (SQLite's default is 2,000): in WAL
/// mode a write empties every other connection's cache, so a large one
/// mostly holds pages in the allocator's heap after a load.
const CACHE_KIB: u32 = 256;
/// Frames (4 KiB pages) past which the checkpointer restarts the WAL. Rarely,
/// as a restart holds writers while it syncs the database file.
pub(super) const RESTART_AFTER_FRAMES: i64 = 65_536;

/// What every SQLite connection of the app's sets for itself. No checkpoint
/// on commit (the checkpointer's thread does them), and a WAL that a commit
/// starts over is cut back to the restart size (it keeps its largest size
/// otherwise).
pub(super) fn configure(conn: &mut SqliteConnection) -> QueryResult<()> {
    conn.batch_execute(&format!(
        "PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}; PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL; \
         PRAGMA cache_size = -{CACHE_KIB}; PRAGMA wal_autocheckpoint = 0; PRAGMA journal_size_limit = {};",
        RESTART_AFTER_FRAMES * 4096
    ))
}

/// Switches the database to WAL: once, before the pool exists, as setting it
/// from every new pooled connection races and fails with "database is
/// locked". The busy timeout first: another process (a replica, a closing
/// pool's last connection checkpointing) may hold the lock for a moment.
pub(super) fn use_wal(conn: &mut SqliteConnection) -> QueryResult<()> {
    conn.batch_execute(&format!("PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}; PRAGMA journal_mode = WAL"))
}

/// Sets how long `conn` waits for a lock before it gives up.
pub(super) fn wait_for_locks(conn: &mut SqliteConnection, ms: u32) -> QueryResult<()> {
    conn.batch_execute(&format!("PRAGMA busy_timeout = {ms}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use diesel::dsl::sql;
    use diesel::sql_types::Integer;
    use diesel::{Connection, RunQueryDsl};

    #[test]
    fn a_configured_sqlite_connection_has_the_apps_pragmas() -> anyhow::Result<()> {
        let mut conn = SqliteConnection::establish(":memory:")?;
        configure(&mut conn)?;
        let mut read = |pragma: &str| {
            diesel::select(sql::<Integer>(&format!("(SELECT * FROM pragma_{pragma}())"))).get_result::<i32>(&mut conn)
        };
        // synchronous 1 = NORMAL; a negative cache_size is in KiB.
        assert_eq!([read("foreign_keys")?, read("synchronous")?, read("cache_size")?], [1, 1, -(CACHE_KIB as i32)]);
        Ok(())
    }
}
