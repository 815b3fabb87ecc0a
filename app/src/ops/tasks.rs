//! Scheduled tasks: what a site needs done now and then, run by
//! `superlists tasks run` (cron) or `superlists tasks schedule` (the compose
//! stack's `scheduler` service). Each is safe to run at any time, from any
//! number of processes at once.

use std::time::{Duration, Instant};

use anyhow::Context;
use diesel::QueryResult;

use crate::db::{self, DbConnection};

pub struct Task {
    pub name: &'static str,
    pub about: &'static str,
    /// How often `tasks schedule` runs it.
    pub every: Duration,
    /// Rows deleted, for tasks that delete.
    work: fn(&mut DbConnection) -> QueryResult<Option<usize>>,
}

const HOUR: Duration = Duration::from_secs(3600);

pub const TASKS: &[Task] = &[
    Task {
        name: "expired-sessions",
        about: "delete sessions past their expiry",
        every: HOUR,
        work: |conn| db::tasks::delete_expired_sessions(conn, db::accounts::now()).map(Some),
    },
    Task {
        name: "expired-login-links",
        about: "delete login links past their expiry, and login-email records older than the rate limit's hour",
        every: HOUR,
        work: |conn| db::tasks::delete_expired_login_records(conn, db::accounts::now()).map(Some),
    },
    Task {
        name: "optimize",
        about: "refresh the query planner's statistics (PostgreSQL ANALYZE, SQLite PRAGMA optimize)",
        every: Duration::from_secs(24 * 3600),
        work: |conn| db::tasks::optimize(conn).map(|()| None),
    },
];

pub fn find(name: &str) -> Option<&'static Task> {
    TASKS.iter().find(|t| t.name == name)
}

/// What one run of a task did.
#[derive(Debug)]
pub struct Outcome {
    pub task: &'static str,
    pub rows_deleted: Option<usize>,
    pub took: Duration,
}

/// Runs `tasks` in order under the tasks lock; `None` if another process
/// holds it (it is doing the same work).
pub fn run(conn: &mut DbConnection, tasks: &[&'static Task]) -> anyhow::Result<Option<Vec<Outcome>>> {
    db::tasks::exclusively(conn, |conn| {
        tasks
            .iter()
            .map(|task| {
                let started = Instant::now();
                let rows_deleted = (task.work)(conn).with_context(|| format!("task {} failed", task.name))?;
                Ok(Outcome { task: task.name, rows_deleted, took: started.elapsed() })
            })
            .collect()
    })
}
