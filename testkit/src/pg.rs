//! A throwaway PostgreSQL cluster for the tests, or `TEST_DATABASE_URL`.
//!
//! One cluster per test binary, started on first use by `scripts/pg` (the
//! one place that knows how: the stack scripts use it too), in a temporary
//! folder, stopped and removed when the binary exits. Each test gets a
//! database of its own.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use diesel::connection::SimpleConnection;
use diesel::{Connection, PgConnection};

struct Cluster {
    /// A database we may run `CREATE DATABASE` from.
    admin_url: String,
    /// Set when we started the cluster (and so must stop it).
    dir: Option<PathBuf>,
}

static CLUSTER: OnceLock<Result<Cluster, String>> = OnceLock::new();
static NEXT_DB: AtomicUsize = AtomicUsize::new(0);

/// Fast and unsafe: a test cluster's data is worthless after the run.
const TEST_OPTIONS: &str = "-c fsync=off -c synchronous_commit=off -c full_page_writes=off";

/// A new, empty database on the test cluster, as a URL.
pub fn create_database() -> Result<String, String> {
    let cluster = cluster()?;
    let name = format!("test_{}_{}", std::process::id(), NEXT_DB.fetch_add(1, Ordering::SeqCst));
    admin(cluster)?.batch_execute(&format!("CREATE DATABASE {name}")).map_err(|e| format!("create {name}: {e}"))?;
    let (server, _) = cluster.admin_url.rsplit_once('/').ok_or("the admin URL has no database")?;
    Ok(format!("{server}/{name}"))
}

/// Runs `sql` as the cluster's superuser (to drop a database or end
/// connections under a running app).
pub fn as_superuser(sql: &str) {
    let cluster = cluster().unwrap_or_else(|e| panic!("no test cluster: {e}"));
    admin(cluster)
        .and_then(|mut c| c.batch_execute(sql).map_err(|e| e.to_string()))
        .unwrap_or_else(|e| panic!("{sql}: {e}"));
}

fn admin(cluster: &Cluster) -> Result<PgConnection, String> {
    PgConnection::establish(&cluster.admin_url).map_err(|e| format!("connect {}: {e}", cluster.admin_url))
}

fn cluster() -> Result<&'static Cluster, String> {
    CLUSTER.get_or_init(start).as_ref().map_err(Clone::clone)
}

fn script() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../scripts/pg")
}

fn start() -> Result<Cluster, String> {
    if let Ok(url) = std::env::var("TEST_DATABASE_URL") {
        return Ok(Cluster { admin_url: url, dir: None });
    }
    let dir = tempfile::Builder::new().prefix("superlists-pg-").tempdir().map_err(|e| e.to_string())?.keep();
    let out = Command::new(script())
        .arg("start")
        .arg(&dir)
        .arg(TEST_OPTIONS)
        .output()
        .map_err(|e| format!("cannot run scripts/pg: {e}"))?;
    if !out.status.success() {
        let _ = std::fs::remove_dir_all(&dir);
        return Err(String::from_utf8_lossy(&out.stderr).trim().to_string());
    }
    // SAFETY: registering a plain extern "C" function with no captured state.
    unsafe { libc::atexit(stop_cluster) };
    Ok(Cluster { admin_url: String::from_utf8_lossy(&out.stdout).trim().to_string(), dir: Some(dir) })
}

extern "C" fn stop_cluster() {
    let Some(Ok(Cluster { dir: Some(dir), .. })) = CLUSTER.get() else { return };
    let _ = Command::new(script()).arg("stop").arg(dir).output();
    let _ = std::fs::remove_dir_all(dir);
}
