//! SQLite's WAL checkpoints, on a thread of their own. Left to SQLite, the
//! commit that takes the WAL past 1,000 pages copies it into the database
//! and syncs both before it returns, while its writer holds the process's
//! turn (see `sqlite::WRITER`): every queued POST waits for it.
//! Here a thread checkpoints a few times a second and no request does.
//!
//! A passive checkpoint copies the WAL but never rewinds it: SQLite starts
//! the WAL over only when a writer finds no reader still on it, which under
//! a steady load of reads and writes never happens (the WAL reached 352 MB
//! after a minute of list reads and POSTs at full speed, on a 2 MB
//! database). So once the WAL is long the thread restarts it, waiting
//! briefly for the readers to move on.

use std::sync::Weak;
use std::thread;
use std::time::Duration;

use anyhow::Context as _;
use diesel::sql_types::BigInt;
use diesel::sqlite::SqliteConnection;
use diesel::{Connection, QueryResult, QueryableByName, RunQueryDsl};

use super::{self as sqlite, RESTART_AFTER_FRAMES, writers_turn};

/// Often enough that the WAL stays a few MB under a write load.
const EVERY: Duration = Duration::from_millis(250);

/// How long a restart waits for readers and writers to finish before it
/// gives up until the next round: writers queue behind it meanwhile.
const RESTART_WAIT_MS: u32 = 20;

/// What `PRAGMA wal_checkpoint` answers.
#[derive(QueryableByName, Debug)]
struct Checkpointed {
    /// 1 when it could not finish (readers or writers held it back).
    #[diesel(sql_type = BigInt)]
    busy: i64,
    /// Frames in the WAL.
    #[diesel(sql_type = BigInt)]
    log: i64,
}

/// Starts checkpointing the database at `path` on a connection of its own,
/// until `pool_alive` can no longer be upgraded: the pool holding it is gone.
pub fn start(path: &str, pool_alive: Weak<()>) -> anyhow::Result<()> {
    let mut conn = SqliteConnection::establish(path).with_context(|| format!("cannot open {path} to checkpoint"))?;
    sqlite::wait_for_locks(&mut conn, RESTART_WAIT_MS)?;
    let mut checkpointer = Checkpointer::new(conn, RESTART_AFTER_FRAMES);
    thread::Builder::new()
        .name("sqlite-checkpoint".into())
        .spawn(move || {
            while pool_alive.strong_count() > 0 {
                thread::sleep(EVERY);
                if let Err(e) = checkpointer.checkpoint() {
                    log::warn!("SQLite WAL checkpoint failed (retried in {EVERY:?}): {e}");
                }
            }
        })
        .context("cannot start the SQLite checkpoint thread")?;
    Ok(())
}

/// What one round did.
#[derive(Debug, PartialEq, Eq)]
enum Round {
    Passive,
    Restarted,
    /// Readers or writers held the restart past [`RESTART_WAIT_MS`].
    RestartHeldBack,
}

struct Checkpointer {
    conn: SqliteConnection,
    restart_after: i64,
    /// The WAL's length when last restarted. A restarted WAL keeps its
    /// length until the next write starts it over; while it is unchanged,
    /// restarting it again would only take the writers' turn for nothing.
    restarted_at: Option<i64>,
}

impl Checkpointer {
    fn new(conn: SqliteConnection, restart_after: i64) -> Self {
        Checkpointer { conn, restart_after, restarted_at: None }
    }

    /// PASSIVE copies what no reader still needs and never waits. RESTART,
    /// once the WAL holds over `restart_after` frames, waits (up to
    /// [`RESTART_WAIT_MS`]) for the readers to leave the WAL, so that the
    /// next write starts it over. It holds this process's writers' turn
    /// meanwhile: they queue there and go as soon as it is done, rather than
    /// sleep in SQLite's busy handler (1 ms, 2, 5, 10…).
    fn checkpoint(&mut self) -> QueryResult<Round> {
        let passive: Checkpointed = diesel::sql_query("PRAGMA wal_checkpoint(PASSIVE)").get_result(&mut self.conn)?;
        if passive.log <= self.restart_after || self.restarted_at == Some(passive.log) {
            return Ok(Round::Passive);
        }
        let _turn = writers_turn();
        let restart: Checkpointed = diesel::sql_query("PRAGMA wal_checkpoint(RESTART)").get_result(&mut self.conn)?;
        if restart.busy != 0 {
            log::debug!("SQLite WAL of {} frames not restarted: readers or writers held it", restart.log);
            return Ok(Round::RestartHeldBack);
        }
        self.restarted_at = Some(restart.log);
        Ok(Round::Restarted)
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicBool, Ordering};

    use diesel::connection::SimpleConnection;

    use super::*;

    /// Readers always inside a statement on the WAL, a writer appending and
    /// checkpointing every ten writes: the WAL file's largest size over a
    /// run. The checkpoints are the writer's own, between its writes, and
    /// wait up to a second for readers rather than the app's 20 ms, so
    /// neither how many there are nor whether they succeed hangs on how a
    /// loaded machine schedules the threads.
    fn largest_wal(path: &str, restart_after: i64) -> anyhow::Result<u64> {
        let open = || -> anyhow::Result<SqliteConnection> {
            let mut conn = SqliteConnection::establish(path)?;
            sqlite::configure(&mut conn)?;
            Ok(conn)
        };
        let mut writer = open()?;
        writer.batch_execute("CREATE TABLE t (x BLOB)")?;
        let mut checkpoints = open()?;
        sqlite::wait_for_locks(&mut checkpoints, 1_000)?;
        let mut checkpointer = Checkpointer::new(checkpoints, restart_after);
        let writing = AtomicBool::new(true);
        let wal = format!("{path}-wal");
        thread::scope(|scope| {
            let readers: Vec<_> = (0..2)
                .map(|_| {
                    scope.spawn(|| -> anyhow::Result<()> {
                        let mut reader = open()?;
                        while writing.load(Ordering::Relaxed) {
                            reader.batch_execute("SELECT sum(length(x)) FROM t")?;
                        }
                        Ok(())
                    })
                })
                .collect();
            let mut largest = 0;
            let written = (0..4_000).try_for_each(|n| {
                if n % 10 == 0 {
                    checkpointer.checkpoint()?;
                }
                // In its turn, as the app's writers write.
                let _turn = writers_turn();
                writer.batch_execute("INSERT INTO t VALUES (randomblob(3000))")?;
                largest = largest.max(std::fs::metadata(&wal).map(|m| m.len()).unwrap_or(0));
                anyhow::Ok(())
            });
            writing.store(false, Ordering::Relaxed);
            for reader in readers {
                reader.join().map_err(|_| anyhow::anyhow!("a reader thread panicked"))??;
            }
            written.map(|()| largest)
        })
    }

    #[test]
    fn a_wal_its_readers_never_leave_is_started_over_once_long() -> anyhow::Result<()> {
        let dir = tempfile::tempdir()?;
        let run = |name: &str, restart_after: i64| {
            let path = dir.path().join(name).to_string_lossy().into_owned();
            sqlite::use_wal(&mut SqliteConnection::establish(&path)?)?;
            largest_wal(&path, restart_after)
        };
        let passive_only = run("passive.sqlite3", i64::MAX)?;
        let restarted = run("restarted.sqlite3", 100)?;
        eprintln!("largest WAL: {passive_only} bytes with passive checkpoints only, {restarted} restarted");
        // 4,000 commits of about three pages: 50 MB if never started over.
        assert!(passive_only > 16_000_000, "with passive checkpoints only the WAL reached {passive_only} bytes");
        // Restarted past 100 frames, ten writes apart: about 130 frames, 0.5 MB;
        // a fifth of 50 MB leaves room for a restart a slow reader holds back.
        assert!(restarted < 10_000_000, "restarted past 100 frames, the WAL still reached {restarted} bytes");
        Ok(())
    }

    #[test]
    fn a_restarted_wal_is_not_restarted_again_until_written() -> anyhow::Result<()> {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("idle.sqlite3").to_string_lossy().into_owned();
        let mut writer = SqliteConnection::establish(&path)?;
        sqlite::use_wal(&mut writer)?;
        sqlite::configure(&mut writer)?;
        writer.batch_execute("CREATE TABLE t (x BLOB)")?;
        let mut checkpointer = Checkpointer::new(SqliteConnection::establish(&path)?, 10);
        // About six frames a write.
        let mut write = || writer.batch_execute("INSERT INTO t VALUES (randomblob(20000))");
        write()?;
        write()?;
        assert_eq!(checkpointer.checkpoint()?, Round::Restarted);
        assert_eq!(checkpointer.checkpoint()?, Round::Passive, "restarted again with nothing written since");
        // The next write starts the WAL over: short again, then long again.
        write()?;
        assert_eq!(checkpointer.checkpoint()?, Round::Passive, "a WAL the write started over is short");
        write()?;
        write()?;
        assert_eq!(checkpointer.checkpoint()?, Round::Restarted);
        Ok(())
    }
}
