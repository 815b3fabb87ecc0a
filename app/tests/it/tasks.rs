//! Scheduled tasks on both backends: what is past its use goes, what is live
//! stays, a second run finds nothing; on PostgreSQL a run that finds the
//! tasks lock taken does nothing.

use diesel::connection::SimpleConnection;
use superlists::db::accounts::now;
use superlists::db::build_pool;
use superlists::db::tasks::TASKS_LOCK_KEY;
use superlists::ops::tasks::{self, TASKS};
use testkit::{Backend, TestDb};

const BIN: &str = env!("CARGO_BIN_EXE_superlists");

fn expired_rows_go_and_live_ones_stay(backend: Backend) {
    let Some(db) = TestDb::new(backend) else { return };
    db.migrate();
    let live = db.create_session("edith@example.com");
    db.create_session("oni@example.com");
    let (past, future, long_ago) = (now() - 10, now() + 900, now() - 3601);
    db.execute(&format!(
        "UPDATE sessions SET expires_at = {past} WHERE user_id = (SELECT id FROM users WHERE email = 'oni@example.com');
         INSERT INTO login_tokens (token_hash, email, expires_at, used) VALUES
             ('old', 'a@example.com', {past}, false), ('new', 'b@example.com', {future}, false);
         INSERT INTO login_emails (email, client_ip, sent_at) VALUES
             ('a@example.com', '1.1.1.1', {long_ago}), ('b@example.com', '1.1.1.1', {})",
        now()
    ));

    let all: Vec<_> = TASKS.iter().collect();
    let outcomes = db.with_connection(|conn| tasks::run(conn, &all)).expect("run").expect("the lock is free");
    let deleted: Vec<_> = outcomes.iter().map(|o| (o.task, o.rows_deleted)).collect();
    assert_eq!(deleted, [("expired-sessions", Some(1)), ("expired-login-links", Some(2)), ("optimize", None)]);
    assert_eq!((db.count("sessions"), db.count("login_tokens"), db.count("login_emails")), (1, 1, 1));
    assert!(!live.is_empty());

    let again = db.with_connection(|conn| tasks::run(conn, &all)).expect("run").expect("the lock is free");
    assert!(again.iter().all(|o| o.rows_deleted.unwrap_or(0) == 0), "{again:?}");
    assert_eq!((db.count("sessions"), db.count("login_tokens"), db.count("login_emails")), (1, 1, 1));
}

testkit::each_backend!(testkit::with_backend; expired_rows_go_and_live_ones_stay);

#[test]
fn postgres_a_run_that_finds_the_lock_taken_does_nothing() {
    let Some(db) = TestDb::new(Backend::Postgres) else { return };
    db.migrate();
    db.create_session("oni@example.com");
    db.execute("UPDATE sessions SET expires_at = 0");
    // Another process (another pool's connection) is running the tasks.
    let other = build_pool(&db.url, 1).expect("pool");
    let mut holder = other.get().expect("connection");
    holder.batch_execute(&format!("SELECT pg_advisory_lock({TASKS_LOCK_KEY})")).expect("take the tasks lock");
    let all: Vec<_> = TASKS.iter().collect();
    let skipped = db.with_connection(|conn| tasks::run(conn, &all)).expect("run");
    assert!(skipped.is_none(), "ran while another held the lock");
    assert_eq!(db.count("sessions"), 1, "nothing deleted");
    holder.batch_execute(&format!("SELECT pg_advisory_unlock({TASKS_LOCK_KEY})")).expect("release it");
    let ran = db.with_connection(|conn| tasks::run(conn, &all)).expect("run");
    assert!(ran.is_some_and(|o| o[0].rows_deleted == Some(1)));
}

#[test]
fn the_cli_lists_and_runs_tasks() {
    let Some(db) = TestDb::new(Backend::Sqlite) else { return };
    db.migrate();
    let superlists = |args: &[&str]| {
        let out = std::process::Command::new(BIN).args(args).env("DATABASE_URL", db.raw_url()).output().expect("run");
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (code, listed, _) = superlists(&["tasks", "list"]);
    assert_eq!(code, Some(0));
    assert!(TASKS.iter().all(|t| listed.contains(t.name)), "{listed}");
    let (code, ran, _) = superlists(&["tasks", "run", "--all"]);
    assert_eq!(code, Some(0));
    assert!(ran.contains("task expired-sessions: 0 rows deleted") && ran.contains("task optimize: done"), "{ran}");
    let (code, _, err) = superlists(&["tasks", "run", "vacuum-everything"]);
    assert_eq!(code, Some(1));
    assert!(err.contains("no task \"vacuum-everything\""), "{err}");
}

#[test]
fn the_scheduler_runs_every_task_at_once_beats_its_heart_and_stops_on_sigterm() {
    let Some(db) = TestDb::new(Backend::Sqlite) else { return };
    db.migrate();
    let log = tempfile::NamedTempFile::new().expect("log file");
    // Its own temporary folder: where the heartbeat goes.
    let tmp = tempfile::tempdir().expect("temp dir");
    let alive = || {
        let status = std::process::Command::new(BIN).args(["tasks", "alive"]).env("TMPDIR", tmp.path()).output();
        status.expect("tasks alive").status.success()
    };
    assert!(!alive(), "alive before any scheduler ran");
    let mut scheduler = std::process::Command::new(BIN)
        .args(["tasks", "schedule"])
        .env("TMPDIR", tmp.path())
        .env("DATABASE_URL", db.raw_url())
        .env("RUST_LOG", "info")
        .stderr(log.reopen().expect("log file"))
        .spawn()
        .expect("tasks schedule");
    let read = || std::fs::read_to_string(log.path()).unwrap_or_default();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while !TASKS.iter().all(|t| read().contains(&format!("task {}:", t.name))) {
        assert!(std::time::Instant::now() < deadline, "not every task ran: {}", read());
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    assert!(alive(), "no heartbeat once the tasks ran");
    let pid = libc::pid_t::try_from(scheduler.id()).expect("a pid");
    // SAFETY: kill(2) on our own child.
    assert_eq!(unsafe { libc::kill(pid, libc::SIGTERM) }, 0);
    let status = scheduler.wait().expect("it exits");
    assert!(status.success(), "exit {status}: {}", read());
    assert!(read().contains("stopping the scheduler"), "{}", read());
}
