//! `tasks list`, `tasks run NAME…|--all`, `tasks schedule` and `tasks alive`.

use std::path::PathBuf;
use std::time::{Duration, Instant, SystemTime};

use anyhow::{Context, bail};

use crate::db::{self, DbPool};
use crate::ops::shutdown::Signals;
use crate::ops::tasks::{self, Outcome, TASKS, Task};
use crate::settings::Settings;

/// After a failed run, `schedule` tries again this soon, not a day later.
const RETRY: Duration = Duration::from_secs(60);
/// How often `schedule` writes its heartbeat, and how old `alive` accepts it.
const HEARTBEAT: Duration = Duration::from_secs(30);
const HEARTBEAT_STALE: Duration = Duration::from_secs(90);

/// In the temporary folder: the images' root filesystem is read-only
/// elsewhere for this user, and one scheduler runs per container.
fn heartbeat_file() -> PathBuf {
    std::env::temp_dir().join("superlists-scheduler.heartbeat")
}

pub fn alive() -> anyhow::Result<()> {
    let file = heartbeat_file();
    let modified = std::fs::metadata(&file)
        .and_then(|m| m.modified())
        .with_context(|| format!("no heartbeat from `tasks schedule` ({})", file.display()))?;
    let age = SystemTime::now().duration_since(modified).unwrap_or_default();
    if age > HEARTBEAT_STALE {
        bail!("the scheduler's last heartbeat was {} s ago", age.as_secs());
    }
    Ok(())
}

pub fn list() -> anyhow::Result<()> {
    for task in TASKS {
        println!("{:<22} every {:>3} h  {}", task.name, task.every.as_secs() / 3600, task.about);
    }
    Ok(())
}

pub fn run(settings: &Settings, names: &[String], all: bool) -> anyhow::Result<()> {
    let chosen: Vec<&'static Task> = if all {
        TASKS.iter().collect()
    } else if names.is_empty() {
        bail!("name a task or give --all (see `superlists tasks list`)");
    } else {
        names
            .iter()
            .map(|n| tasks::find(n).with_context(|| format!("no task {n:?}: see `superlists tasks list`")))
            .collect::<anyhow::Result<_>>()?
    };
    let pool = connect(settings)?;
    match run_once(&pool, &chosen)? {
        Some(outcomes) => outcomes.iter().for_each(|o| println!("{}", describe(o))),
        None => println!("another process is running the tasks on this database: nothing done"),
    }
    Ok(())
}

/// Runs every task at its interval until SIGTERM or SIGINT (the compose
/// `scheduler` service). Each run is a transaction: stopping is safe.
pub fn schedule(settings: &Settings) -> anyhow::Result<()> {
    let pool = connect(settings)?;
    for task in TASKS {
        log::info!("scheduled: {} every {} s", task.name, task.every.as_secs());
    }
    actix_web::rt::System::new().block_on(async move {
        let mut signals = Signals::new().context("cannot listen for SIGTERM/SIGINT")?;
        let mut due: Vec<Instant> = TASKS.iter().map(|_| Instant::now()).collect();
        loop {
            let now = Instant::now();
            for (task, when) in TASKS.iter().zip(due.iter_mut()).filter(|(_, when)| **when <= now) {
                *when = now + scheduled_run(&pool, task);
            }
            let stamp = SystemTime::now().duration_since(SystemTime::UNIX_EPOCH).unwrap_or_default().as_secs();
            if let Err(e) = std::fs::write(heartbeat_file(), stamp.to_string()) {
                log::warn!("cannot write the heartbeat {}: {e}", heartbeat_file().display());
            }
            let next = due.iter().min().copied().unwrap_or(now + RETRY).min(Instant::now() + HEARTBEAT);
            if signals.sleep(next.saturating_duration_since(Instant::now())).await {
                log::info!("stopping the scheduler");
                return Ok(());
            }
        }
    })
}

/// Runs `task` once, logging what came of it; how long until its next turn.
fn scheduled_run(pool: &DbPool, task: &'static Task) -> Duration {
    match run_once(pool, &[task]) {
        Ok(Some(outcomes)) => {
            outcomes.iter().for_each(|o| log::info!("{}", describe(o)));
            task.every
        }
        Ok(None) => {
            log::info!("{}: another process is running the tasks; next turn later", task.name);
            task.every
        }
        Err(e) => {
            log::error!("{}: {e:#}; trying again in {} s", task.name, RETRY.as_secs());
            RETRY
        }
    }
}

fn connect(settings: &Settings) -> anyhow::Result<DbPool> {
    db::wait_for_database(&settings.database_url, settings.database_wait)?;
    db::build_pool(&settings.database_url, 1)
}

fn run_once(pool: &DbPool, chosen: &[&'static Task]) -> anyhow::Result<Option<Vec<Outcome>>> {
    let mut conn = pool.get().context("cannot get a database connection")?;
    tasks::run(&mut conn, chosen)
}

fn describe(outcome: &Outcome) -> String {
    let ms = outcome.took.as_secs_f64() * 1000.0;
    match outcome.rows_deleted {
        Some(rows) => format!("task {}: {rows} rows deleted in {ms:.1} ms", outcome.task),
        None => format!("task {}: done in {ms:.1} ms", outcome.task),
    }
}
