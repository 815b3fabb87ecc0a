//! Start-up rules: migrations, settings errors, the command line, shutdown.

use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use superlists::settings::Profile;
use superlists::startup::Application;
use testkit::{Backend, TestDb};

const BIN: &str = env!("CARGO_BIN_EXE_superlists");
const PROD_KEY: &str = "0123456789abcdef0123456789abcdef0123456789";

fn superlists(args: &[&str], env: &[(&str, &str)]) -> Output {
    Command::new(BIN)
        .args(args)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .envs(env.iter().copied())
        .current_dir(std::env::temp_dir())
        .output()
        .expect("run superlists")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn bad_settings_stop_startup_with_one_line_naming_the_variable() {
    let cases: [(&[(&str, &str)], &str); 6] = [
        (&[("APP_SETTINGS", "prod")], "APP_SETTINGS"),
        (&[("WORKERS", "abc")], "WORKERS"),
        (&[("DATABASE_URL", "mysql://db/x")], "DATABASE_URL"),
        (&[("APP_SETTINGS", "production")], "SECRET_KEY"),
        (&[("APP_SETTINGS", "production"), ("SECRET_KEY", "short")], "SECRET_KEY"),
        (&[("APP_SETTINGS", "production"), ("SECRET_KEY", PROD_KEY)], "ALLOWED_HOSTS"),
    ];
    for (env, variable) in cases {
        for command in [&["serve"][..], &["migrate"][..]] {
            let out = superlists(command, env);
            let err = stderr(&out);
            assert_eq!(out.status.code(), Some(2), "{env:?}: {err}");
            assert_eq!(err.lines().count(), 1, "one line: {err}");
            assert!(err.starts_with(&format!("superlists: configuration error: {variable}: ")), "{err}");
            assert!(!err.contains("panicked"), "{err}");
        }
    }
}

#[test]
fn production_refuses_an_unmigrated_database_and_migrate_fixes_it() {
    let db = TestDb::new(Backend::Sqlite).expect("sqlite");
    let mut settings = testkit::settings_for(&db.raw_url());
    settings.profile = Profile::Production;
    let err = Application::build(settings.clone()).err().expect("refused");
    assert!(err.to_string().contains("run `superlists migrate` first"), "{err}");

    let url = db.raw_url();
    let env = [
        ("APP_SETTINGS", "production"),
        ("SECRET_KEY", PROD_KEY),
        ("ALLOWED_HOSTS", "x.test"),
        ("DATABASE_URL", url.as_str()),
        ("DEFAULT_FROM_EMAIL", "noreply@x.test"),
    ];
    let out = superlists(&["migrate"], &env);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("Applied 2026"), "migrate names what it applied");
    let again = superlists(&["migrate"], &env);
    assert_eq!(String::from_utf8_lossy(&again.stdout).trim(), "No migrations to apply.");
    assert!(Application::build(settings).is_ok(), "serves once migrated");
}

#[test]
fn three_concurrent_migrations_on_postgres_apply_once() {
    let Some(db) = TestDb::new(Backend::Postgres) else { return };
    let url = db.raw_url();
    let children: Vec<_> = (0..3)
        .map(|_| {
            Command::new(BIN)
                .arg("migrate")
                .env("APP_SETTINGS", "staging")
                .env("ALLOWED_HOSTS", "superlists.test")
                .env("DATABASE_URL", &url)
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .expect("spawn migrate")
        })
        .collect();
    let outputs: Vec<Output> = children.into_iter().map(|c| c.wait_with_output().expect("wait")).collect();
    for out in &outputs {
        assert!(out.status.success(), "a concurrent migrate failed: {}", stderr(out));
    }
    let applied = outputs.iter().filter(|o| String::from_utf8_lossy(&o.stdout).contains("Applied")).count();
    assert_eq!(applied, 1, "exactly one run applies the migration; the others wait and find nothing to do");
    assert_eq!(db.count_lists(), 0, "the schema exists");
}

#[test]
fn check_deploy_lists_unsafe_settings_and_fails() {
    let out = superlists(&["check", "--deploy"], &[("ALLOWED_HOSTS", "*")]);
    assert!(!out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    for needle in ["DEBUG is on", "SECRET_KEY", "ALLOWED_HOSTS", "SQLite", "Secure"] {
        assert!(stdout.contains(needle), "{needle} missing from:\n{stdout}");
    }
    let safe = [
        ("APP_SETTINGS", "production"),
        ("SECRET_KEY", PROD_KEY),
        ("ALLOWED_HOSTS", "superlists.test"),
        ("DATABASE_URL", "postgres://app@db/superlists"),
        ("DEFAULT_FROM_EMAIL", "noreply@superlists.test"),
        ("STATIC_ROOT", concat!(env!("CARGO_MANIFEST_DIR"), "/static")),
    ];
    let out = superlists(&["check", "--deploy"], &safe);
    assert!(out.status.success(), "{}{}", String::from_utf8_lossy(&out.stdout), stderr(&out));
}

#[test]
fn show_urls_and_show_settings_in_dev_builds() {
    let out = superlists(&["show-urls"], &[]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success());
    assert!(stdout.contains("/lists/{list_id}/") && stdout.contains("POST"), "{stdout}");
    let out = superlists(&["show-settings"], &[("SECRET_KEY", "never-print-me-please")]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("DATABASE_URL=sqlite://db.sqlite3"), "{stdout}");
    assert!(!stdout.contains("never-print-me"), "{stdout}");
}

#[test]
fn unknown_commands_and_flags_are_refused_with_exit_code_2() {
    for args in [&["frobnicate"][..], &["check", "--deplo"], &["migrate", "extra"]] {
        let out = superlists(args, &[]);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = stderr(&out);
        assert!(err.starts_with("error: ") && err.contains("Usage: superlists"), "{args:?}: {err}");
    }
}

#[test]
fn help_describes_every_command_and_version_names_the_revision() {
    let help = superlists(&["--help"], &[("APP_SETTINGS", "nonsense")]);
    assert!(help.status.success(), "help needs no valid settings");
    let help = String::from_utf8_lossy(&help.stdout);
    for command in ["serve", "migrate", "check", "healthcheck", "dbshell", "show-settings", "show-urls"] {
        assert!(help.lines().any(|l| l.trim_start().starts_with(command)), "{command} missing from:\n{help}");
    }
    let check = superlists(&["check", "--help"], &[]);
    assert!(String::from_utf8_lossy(&check.stdout).contains("--deploy"));
    let version = superlists(&["--version"], &[]);
    let version = String::from_utf8_lossy(&version.stdout);
    let git = Command::new("git").args(["rev-parse", "--short=12", "HEAD"]).output().expect("git");
    let revision = String::from_utf8_lossy(&git.stdout).trim().to_string();
    assert_eq!(version.trim(), format!("superlists {} ({revision})", env!("CARGO_PKG_VERSION")));
}

#[test]
fn serve_answers_healthcheck_and_stops_cleanly_on_sigterm() {
    let dir = tempfile::tempdir().expect("temp dir");
    let port = std::net::TcpListener::bind("127.0.0.1:0").expect("bind").local_addr().expect("addr").port();
    let bind = format!("127.0.0.1:{port}");
    let url = format!("sqlite://{}", dir.path().join("db.sqlite3").display());
    let env = [("BIND", bind.as_str()), ("DATABASE_URL", url.as_str())];
    let healthcheck = || superlists(&["healthcheck"], &env).status.success();
    let ready = || superlists(&["healthcheck", "--ready"], &env).status.success();
    assert!(!healthcheck() && !ready(), "nothing listens yet");

    let mut child = Command::new(BIN)
        .arg("serve")
        .envs(env)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn serve");
    let deadline = Instant::now() + Duration::from_secs(20);
    while !healthcheck() {
        assert!(Instant::now() < deadline, "serve did not become healthy");
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(ready(), "/readyz answers 200 once the database does");
    // SAFETY: signalling our own child process.
    unsafe { libc::kill(child.id() as i32, libc::SIGTERM) };
    let deadline = Instant::now() + Duration::from_secs(15);
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        assert!(Instant::now() < deadline, "serve ignored SIGTERM");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "serve exits 0 after a graceful stop: {status:?}");
    assert!(!healthcheck());
}

#[test]
fn dbshell_gives_psql_the_password_in_its_environment_not_its_arguments() {
    // A stand-in psql that writes down what it was given: the check is on
    // what superlists hands any local user's `ps`.
    let bin = tempfile::tempdir().expect("temp dir");
    let seen = bin.path().join("seen");
    let psql = bin.path().join("psql");
    std::fs::write(
        &psql,
        format!("#!/bin/sh\necho \"args=$*\" > {0}\necho \"password=$PGPASSWORD\" >> {0}\n", seen.display()),
    )
    .expect("write psql");
    std::fs::set_permissions(&psql, std::os::unix::fs::PermissionsExt::from_mode(0o755)).expect("chmod");
    let url = "postgres://app:s3cr%40t@db.test:5432/superlists";
    let out = superlists(&["dbshell"], &[("PATH", &bin.path().display().to_string()), ("DATABASE_URL", url)]);
    assert!(out.status.success(), "{}", stderr(&out));
    let seen = std::fs::read_to_string(&seen).expect("psql ran");
    assert_eq!(seen, "args=postgres://app@db.test:5432/superlists\npassword=s3cr@t\n");
}

#[test]
fn dbshell_says_which_client_is_missing() {
    let out = Command::new(BIN)
        .arg("dbshell")
        .env_clear()
        .env("PATH", "/nonexistent")
        .env("DATABASE_URL", "sqlite:///tmp/x.sqlite3")
        .output()
        .expect("run superlists");
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("sqlite3 is not installed (on Debian: apt-get install sqlite3)"), "{err}");
}
