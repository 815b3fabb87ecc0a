//! SQLite's WAL checkpoints, on a thread of their own. Left to SQLite, the
//! commit that takes the WAL past 1,000 pages copies it into the database
//! and syncs both before it returns, while its writer holds the process's
//! turn (see `connection::SQLITE_WRITER`): every queued POST waits for it.
//! Here a thread checkpoints a few times a second and no request does.

use std::sync::Weak;
use std::thread;
use std::time::Duration;

use anyhow::Context as _;
use diesel::Connection;
use diesel::connection::SimpleConnection;
use diesel::sqlite::SqliteConnection;

/// For every pooled connection: no checkpoint on commit.
pub const NO_CHECKPOINT_ON_COMMIT: &str = "PRAGMA wal_autocheckpoint = 0;";

/// Often enough that the WAL stays a few MB under a write load.
const EVERY: Duration = Duration::from_millis(250);

/// Starts checkpointing the database at `path` on a connection of its own,
/// until `pool_alive` can no longer be upgraded: the pool holding it is gone.
pub fn start(path: &str, busy_timeout_ms: u32, pool_alive: Weak<()>) -> anyhow::Result<()> {
    let mut conn = SqliteConnection::establish(path).with_context(|| format!("cannot open {path} to checkpoint"))?;
    conn.batch_execute(&format!("PRAGMA busy_timeout = {busy_timeout_ms}"))?;
    thread::Builder::new()
        .name("sqlite-checkpoint".into())
        .spawn(move || {
            while pool_alive.strong_count() > 0 {
                thread::sleep(EVERY);
                // PASSIVE: copies what no reader still needs; never waits on writers.
                if let Err(e) = conn.batch_execute("PRAGMA wal_checkpoint(PASSIVE)") {
                    log::warn!("SQLite WAL checkpoint failed (retried in {EVERY:?}): {e}");
                }
            }
        })
        .context("cannot start the SQLite checkpoint thread")?;
    Ok(())
}
