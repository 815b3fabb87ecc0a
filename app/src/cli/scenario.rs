//! `scenario list`, `scenario up NAME [--database-url SERVER]` and
//! `scenario down NAME`: a named data set on a fresh database, with the site
//! running on it in the background. What is up is kept in `.scenarios/NAME/`.

use std::net::TcpStream;
use std::os::unix::process::CommandExt;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use diesel::connection::SimpleConnection;
use diesel::{Connection, PgConnection};
use indicatif::{ProgressBar, ProgressStyle};
use serde::{Deserialize, Serialize};

use crate::db::{self, migrate};
use crate::ops::scenarios;
use crate::settings::DatabaseUrl;

/// What `down` needs to undo `up`.
#[derive(Serialize, Deserialize)]
struct Running {
    url: String,
    database_url: String,
    pid: u32,
    /// The PostgreSQL server and the database made on it; `None` for SQLite.
    postgres: Option<(String, String)>,
}

fn state_dir(name: &str) -> PathBuf {
    PathBuf::from(".scenarios").join(name)
}

fn running(name: &str) -> Option<Running> {
    let text = std::fs::read_to_string(state_dir(name).join("state.json")).ok()?;
    serde_json::from_str(&text).ok()
}

pub fn list() -> anyhow::Result<()> {
    for (name, scenario) in scenarios::list(&scenarios::folder())? {
        let up = running(&name).map(|r| format!(" (up at {})", r.url)).unwrap_or_default();
        println!("{name:<10} {}{up}", scenario.about);
    }
    Ok(())
}

pub fn up(name: &str, server: Option<&str>) -> anyhow::Result<()> {
    let scenario = scenarios::read(&scenarios::folder(), name)?;
    if let Some(up) = running(name) {
        bail!("scenario {name} is already up at {}: `superlists scenario down {name}` first", up.url);
    }
    let dir = state_dir(name);
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot make {}", dir.display()))?;
    let (database_url, postgres) = match server {
        None => {
            let path = dir.join("db.sqlite3");
            let _ = std::fs::remove_file(&path);
            (format!("sqlite://{}", std::fs::canonicalize(&dir)?.join("db.sqlite3").display()), None)
        }
        Some(server) => {
            let database = format!("superlists_scenario_{}", name.replace('-', "_"));
            let url = create_database(server, &database)?;
            (url, Some((server.to_string(), database)))
        }
    };
    let parsed = DatabaseUrl::parse(&database_url).map_err(|e| anyhow::anyhow!("DATABASE_URL: {e}"))?;
    let pool = db::build_pool(&parsed, 1)?;
    let mut conn = pool.get().context("cannot connect to the new database")?;
    migrate::run_pending(&mut conn)?;
    let started = Instant::now();
    let total = scenario.generate.as_ref().map_or(0, |g| (g.lists * g.items_per_list) as u64);
    let bar = ProgressBar::new(total).with_style(
        ProgressStyle::with_template("{bar:40} {human_pos}/{human_len} items, {per_sec}, {eta} left")
            .context("progress bar template")?,
    );
    scenarios::load(&mut conn, &scenario, |n| bar.inc(n)).with_context(|| format!("cannot load scenario {name}"))?;
    bar.finish_and_clear();
    drop(conn);
    eprintln!("loaded {name} in {:.1} s", started.elapsed().as_secs_f64());

    let (url, pid) = start_site(&dir, &database_url)?;
    let state = Running { url: url.clone(), database_url: database_url.clone(), pid, postgres };
    std::fs::write(dir.join("state.json"), serde_json::to_string_pretty(&state)?)?;
    println!("scenario {name} is up: {url}");
    println!("  an SQL shell on it: DATABASE_URL='{database_url}' superlists dbshell");
    println!("  stop it, and drop its database: superlists scenario down {name}");
    Ok(())
}

pub fn down(name: &str) -> anyhow::Result<()> {
    let state = running(name).with_context(|| format!("scenario {name} is not up"))?;
    stop(state.pid);
    if let Some((server, database)) = &state.postgres {
        let mut admin = PgConnection::establish(server).with_context(|| format!("cannot connect to {server}"))?;
        admin.batch_execute(&format!("DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)"))?;
    }
    std::fs::remove_dir_all(state_dir(name)).context("cannot remove the scenario's folder")?;
    println!("scenario {name} is down, its database gone");
    Ok(())
}

/// A new, empty database `name` on the PostgreSQL `server`; its URL.
fn create_database(server: &str, name: &str) -> anyhow::Result<String> {
    let mut admin = PgConnection::establish(server).with_context(|| format!("cannot connect to {server}"))?;
    // Two statements: neither may run inside the transaction one batch is.
    admin.batch_execute(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))?;
    admin.batch_execute(&format!("CREATE DATABASE \"{name}\""))?;
    let mut url = url::Url::parse(server).context("--database-url is not a URL")?;
    url.set_path(&format!("/{name}"));
    Ok(url.to_string())
}

/// `superlists serve` on a free port, in a process group of its own (a
/// Ctrl-C in this terminal is not for it); its URL and pid.
fn start_site(dir: &std::path::Path, database_url: &str) -> anyhow::Result<(String, u32)> {
    let port = std::net::TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
    let log = std::fs::File::create(dir.join("server.log"))?;
    let child = Command::new(std::env::current_exe()?)
        .arg("serve")
        .env("APP_SETTINGS", "development")
        .env("DATABASE_URL", database_url)
        .env("BIND", format!("127.0.0.1:{port}"))
        .stdin(Stdio::null())
        .stdout(log.try_clone()?)
        .stderr(log)
        .process_group(0)
        .spawn()
        .context("cannot start the site")?;
    let deadline = Instant::now() + Duration::from_secs(10);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        if Instant::now() > deadline {
            stop(child.id());
            bail!("the site did not start: see {}", dir.join("server.log").display());
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    Ok((format!("http://127.0.0.1:{port}/"), child.id()))
}

/// SIGINT (no drain: nobody balances over it), then waits up to 15 s.
fn stop(pid: u32) {
    let Ok(pid) = libc::pid_t::try_from(pid) else { return };
    // SAFETY: kill(2) has no memory effects; a stale pid fails with ESRCH.
    if unsafe { libc::kill(pid, libc::SIGINT) } != 0 {
        return;
    }
    let deadline = Instant::now() + Duration::from_secs(15);
    // SAFETY: as above; signal 0 only asks whether the process exists.
    while unsafe { libc::kill(pid, 0) } == 0 && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
}
