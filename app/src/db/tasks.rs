//! The SQL of the scheduled tasks (`superlists tasks`): rows past their use,
//! and the planner's statistics.

use diesel::connection::SimpleConnection;
use diesel::prelude::*;

use super::DbConnection;
use super::schema::{login_emails, login_tokens, sessions};
use crate::settings::LIMIT_WINDOW_SECONDS;

/// Key of the PostgreSQL advisory lock that lets one process at a time run
/// the tasks ("tasks" in ASCII).
pub const TASKS_LOCK_KEY: i64 = 0x0074_6173_6b73;

/// Sessions that expired before `now`; how many went.
pub fn delete_expired_sessions(conn: &mut DbConnection, now: i64) -> QueryResult<usize> {
    diesel::delete(sessions::table.filter(sessions::expires_at.le(now))).execute(conn)
}

/// Login links that expired before `now`, and the rate limit's records of
/// emails older than its window; how many rows went.
pub fn delete_expired_login_records(conn: &mut DbConnection, now: i64) -> QueryResult<usize> {
    conn.write_transaction(|conn| {
        let tokens = diesel::delete(login_tokens::table.filter(login_tokens::expires_at.le(now))).execute(conn)?;
        let since = now - LIMIT_WINDOW_SECONDS;
        let emails = diesel::delete(login_emails::table.filter(login_emails::sent_at.le(since))).execute(conn)?;
        Ok(tokens + emails)
    })
}

/// Refreshes the query planner's statistics.
pub fn optimize(conn: &mut DbConnection) -> QueryResult<()> {
    match conn {
        DbConnection::Pg(pg) => pg.batch_execute("ANALYZE"),
        DbConnection::Sqlite(lite) => lite.batch_execute("PRAGMA optimize"),
    }
}

/// Runs `work` unless another process is running tasks on this database
/// (PostgreSQL: a session advisory lock, not waited for; SQLite takes one
/// writer at a time anyway). `None` when another holds the lock.
pub fn exclusively<T>(
    conn: &mut DbConnection,
    work: impl FnOnce(&mut DbConnection) -> anyhow::Result<T>,
) -> anyhow::Result<Option<T>> {
    #[derive(QueryableByName)]
    struct Locked {
        #[diesel(sql_type = diesel::sql_types::Bool)]
        locked: bool,
    }
    if let DbConnection::Pg(pg) = conn {
        let taken: Locked =
            diesel::sql_query(format!("SELECT pg_try_advisory_lock({TASKS_LOCK_KEY}) AS locked")).get_result(pg)?;
        if !taken.locked {
            return Ok(None);
        }
    }
    let result = work(conn);
    if let DbConnection::Pg(pg) = conn {
        // A dropped connection would release it too.
        pg.batch_execute(&format!("SELECT pg_advisory_unlock({TASKS_LOCK_KEY})"))?;
    }
    result.map(Some)
}
