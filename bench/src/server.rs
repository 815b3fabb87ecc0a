//! The release `prod` binary as a production replica: started, timed to
//! ready, and its memory read from /proc.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Child, Command};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};

/// A running `superlists serve`; dropping it kills the process.
pub struct Replica {
    child: Child,
    pub port: u16,
    /// From spawning the process to the first 200 from `/readyz`.
    pub ready_after: Duration,
}

/// What a replica is started with.
pub struct Setup {
    pub bin: PathBuf,
    pub database_url: String,
    pub static_root: PathBuf,
    pub log: PathBuf,
}

impl Replica {
    /// Starts a replica on `port` with the production profile and waits
    /// (up to 10 s) for `/readyz` to answer 200.
    pub fn start(setup: &Setup, port: u16) -> anyhow::Result<Replica> {
        let log = File::options().create(true).append(true).open(&setup.log)?;
        let bind = format!("127.0.0.1:{port}");
        let started = Instant::now();
        let child = Command::new(&setup.bin)
            .arg("serve")
            .env_clear()
            .env("APP_SETTINGS", "production")
            .env("SECRET_KEY", "bench-only-secret-key-of-sufficient-length-0123456789")
            .env("ALLOWED_HOSTS", "127.0.0.1;localhost")
            .env("TRUSTED_PROXIES", "127.0.0.1")
            .env("DEFAULT_FROM_EMAIL", "bench@localhost")
            .env("DATABASE_URL", &setup.database_url)
            .env("STATIC_ROOT", &setup.static_root)
            .env("BIND", &bind)
            // live.rs's listeners all come from loopback.
            .env("LIVE_STREAMS_PER_IP", "2000")
            // As the deployment's env file has it (compose.env.example).
            .env("GNUTLS_NO_IMPLICIT_INIT", "1")
            .stdout(log.try_clone()?)
            .stderr(log)
            .spawn()
            .with_context(|| format!("cannot start {}", setup.bin.display()))?;
        let mut replica = Replica { child, port, ready_after: Duration::ZERO };
        let client = reqwest::blocking::Client::builder().timeout(Duration::from_secs(1)).build()?;
        let readyz = format!("http://{bind}/readyz");
        loop {
            if client.get(&readyz).send().is_ok_and(|r| r.status().is_success()) {
                replica.ready_after = started.elapsed();
                return Ok(replica);
            }
            if let Ok(Some(status)) = replica.child.try_wait() {
                bail!("the replica exited ({status}): see {}", setup.log.display());
            }
            if started.elapsed() > Duration::from_secs(10) {
                bail!("the replica was not ready within 10 s: see {}", setup.log.display());
            }
            std::thread::sleep(Duration::from_millis(1));
        }
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Resident memory now and at its peak since [`Replica::reset_peak`].
    pub fn memory(&self) -> anyhow::Result<Resident> {
        let status = std::fs::read_to_string(self.proc_file("status"))?;
        let mib = |key: &str| -> anyhow::Result<f64> {
            let line = status.lines().find_map(|l| l.strip_prefix(key)).with_context(|| format!("no {key}"))?;
            Ok(line.trim().trim_end_matches("kB").trim().parse::<f64>()? / 1024.0)
        };
        Ok(Resident { now_mib: mib("VmRSS:")?, peak_mib: mib("VmHWM:")?, anon_mib: mib("RssAnon:")? })
    }

    /// Starts counting the peak resident memory afresh (Linux's clear_refs).
    pub fn reset_peak(&self) -> anyhow::Result<()> {
        std::fs::write(self.proc_file("clear_refs"), "5").context("cannot reset the peak RSS")
    }

    fn proc_file(&self, name: &str) -> PathBuf {
        Path::new("/proc").join(self.child.id().to_string()).join(name)
    }
}

/// A replica's resident memory, in MiB.
pub struct Resident {
    pub now_mib: f64,
    pub peak_mib: f64,
    /// Of `now_mib`, the process's own pages, not those of mapped files
    /// (the binary's code, libpq's libraries), which the kernel shares.
    pub anon_mib: f64,
}

impl Drop for Replica {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
