//! A throwaway PostgreSQL cluster for the tests, or `TEST_DATABASE_URL`.
//!
//! One cluster per test binary, started on first use from the server
//! binaries Debian installs (`/usr/lib/postgresql/<v>/bin`), in a temporary
//! folder, stopped and removed when the binary exits. Each test gets a
//! database of its own.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use diesel::connection::SimpleConnection;
use diesel::{Connection, PgConnection};

struct Cluster {
    /// URL of a database we may run `CREATE DATABASE` from, ending in `/`-less db name.
    admin_url: String,
    /// Set when we started the cluster (and so must stop it).
    data_dir: Option<PathBuf>,
    pg_bin: Option<PathBuf>,
}

static CLUSTER: OnceLock<Result<Cluster, String>> = OnceLock::new();
static NEXT_DB: AtomicUsize = AtomicUsize::new(0);

/// Why PostgreSQL tests cannot run here, or `None` when they can.
pub fn unavailable() -> Option<String> {
    cluster().err()
}

/// A new, empty database on the test cluster, as a URL.
pub fn create_database() -> Result<String, String> {
    let cluster = cluster()?;
    let name = format!("test_{}_{}", std::process::id(), NEXT_DB.fetch_add(1, Ordering::SeqCst));
    let mut admin =
        PgConnection::establish(&cluster.admin_url).map_err(|e| format!("connect {}: {e}", cluster.admin_url))?;
    admin.batch_execute(&format!("CREATE DATABASE {name}")).map_err(|e| format!("create {name}: {e}"))?;
    Ok(replace_database(&cluster.admin_url, &name))
}

/// Drops a database whatever its connections are doing (an outage, for tests).
pub fn drop_database(url: &str) {
    let cluster = cluster().expect("cluster");
    let name = url.rsplit('/').next().expect("db name");
    let mut admin = PgConnection::establish(&cluster.admin_url).expect("admin connection");
    admin.batch_execute(&format!("DROP DATABASE {name} WITH (FORCE)")).expect("drop database");
}

fn replace_database(url: &str, name: &str) -> String {
    let (base, _) = url.rsplit_once('/').expect("a database URL has a path");
    format!("{base}/{name}")
}

fn cluster() -> Result<&'static Cluster, String> {
    CLUSTER.get_or_init(start).as_ref().map_err(Clone::clone)
}

fn start() -> Result<Cluster, String> {
    if let Ok(url) = std::env::var("TEST_DATABASE_URL") {
        return Ok(Cluster { admin_url: url, data_dir: None, pg_bin: None });
    }
    let bin = find_pg_bin().ok_or("no PostgreSQL server binaries (initdb) found and TEST_DATABASE_URL is unset")?;
    let root = tempfile::Builder::new().prefix("superlists-pg-").tempdir().map_err(|e| e.to_string())?.keep();
    let data = root.join("data");
    let as_root = unsafe { libc::geteuid() } == 0;
    if as_root {
        // initdb and postgres refuse to run as root.
        run(Command::new("chown").args(["-R", "postgres:postgres"]).arg(&root))?;
    }
    let port = free_port()?;
    let mut initdb = pg_command(as_root, &bin.join("initdb"));
    run(initdb.arg("-D").arg(&data).args(["-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync"]))?;
    let options = format!(
        "-p {port} -k {} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off",
        root.display()
    );
    let mut pg_ctl = pg_command(as_root, &bin.join("pg_ctl"));
    run(pg_ctl.arg("-D").arg(&data).args(["-o", &options, "-w", "-l"]).arg(root.join("server.log")).arg("start"))?;
    // SAFETY: registering a plain extern "C" function with no captured state.
    unsafe { libc::atexit(stop_cluster) };
    Ok(Cluster {
        admin_url: format!("postgres://postgres@127.0.0.1:{port}/postgres"),
        data_dir: Some(data),
        pg_bin: Some(bin),
    })
}

extern "C" fn stop_cluster() {
    let Some(Ok(Cluster { data_dir: Some(data), pg_bin: Some(bin), .. })) = CLUSTER.get() else { return };
    let as_root = unsafe { libc::geteuid() } == 0;
    let _ =
        pg_command(as_root, &bin.join("pg_ctl")).arg("-D").arg(data).args(["-m", "immediate", "-w", "stop"]).output();
    if let Some(root) = data.parent() {
        let _ = std::fs::remove_dir_all(root);
    }
}

fn pg_command(as_root: bool, program: &Path) -> Command {
    if as_root {
        let mut cmd = Command::new("runuser");
        cmd.args(["-u", "postgres", "--"]).arg(program);
        cmd
    } else {
        Command::new(program)
    }
}

fn run(cmd: &mut Command) -> Result<(), String> {
    let out = cmd.output().map_err(|e| format!("{cmd:?}: {e}"))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!("{cmd:?} failed: {}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr)))
    }
}

fn free_port() -> Result<u16, String> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").map_err(|e| e.to_string())?;
    listener.local_addr().map(|a| a.port()).map_err(|e| e.to_string())
}

/// `PG_BIN`, or the newest `/usr/lib/postgresql/<v>/bin` with an initdb.
fn find_pg_bin() -> Option<PathBuf> {
    if let Ok(dir) = std::env::var("PG_BIN") {
        return Some(PathBuf::from(dir));
    }
    let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(Result::ok)
        .filter_map(|e| {
            let version = e.file_name().to_str()?.parse().ok()?;
            let bin = e.path().join("bin");
            bin.join("initdb").is_file().then_some((version, bin))
        })
        .collect();
    versions.sort();
    versions.pop().map(|(_, bin)| bin)
}
