//! The real `superlists serve` as a child process, for what only a process
//! shows: its log, and how it answers signals.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use tempfile::TempDir;

/// `superlists serve` in staging on a fresh SQLite file, its output in a
/// log file. Dropping it kills the process.
pub struct ServeProcess {
    child: Child,
    port: u16,
    dir: TempDir,
}

impl ServeProcess {
    /// Migrates a new database (staging refuses an unmigrated one, as an
    /// operator would be told), then starts `bin serve` with `vars` on top
    /// of staging defaults and waits until `/healthz` answers.
    pub fn start(bin: &Path, vars: &[(&str, &str)]) -> anyhow::Result<Self> {
        let dir = tempfile::tempdir().context("temp dir")?;
        let port = std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr())?.port();
        let database_url = format!("sqlite://{}", dir.path().join("db.sqlite3").display());
        let bind = format!("127.0.0.1:{port}");
        let mail = dir.path().join("mail").display().to_string();
        let base = [
            ("APP_SETTINGS", "staging"),
            // Staging's default `*` would need a SITE_URL for login links.
            ("ALLOWED_HOSTS", "127.0.0.1;localhost"),
            ("DATABASE_URL", database_url.as_str()),
            ("BIND", bind.as_str()),
            ("EMAIL_FILE_PATH", mail.as_str()),
        ];
        let migrate = Command::new(bin).arg("migrate").env_clear().envs(base).output().context("migrate")?;
        if !migrate.status.success() {
            bail!("migrate failed: {}", String::from_utf8_lossy(&migrate.stderr));
        }
        let log = std::fs::File::create(dir.path().join("server.log"))?;
        let child = Command::new(bin)
            .arg("serve")
            .env_clear()
            .envs(base)
            .envs(vars.iter().copied())
            .current_dir(dir.path())
            .stdout(log.try_clone()?)
            .stderr(log)
            .spawn()
            .context("superlists serve")?;
        let server = ServeProcess { child, port, dir };
        let listening = || std::net::TcpStream::connect(("127.0.0.1", port)).ok();
        if poll(Duration::from_secs(10), listening).is_none() {
            bail!("the server did not start: {}", server.log());
        }
        Ok(server)
    }

    pub fn base_url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Where the file backend writes login emails.
    pub fn mail_dir(&self) -> PathBuf {
        self.dir.path().join("mail")
    }

    /// Everything the process has written so far.
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("server.log")).unwrap_or_default()
    }

    /// The log once it holds `last` (waiting up to 5 s): the app's own log
    /// lines are written by a thread of their own, a moment after the
    /// response, in the order they were logged.
    pub fn log_through(&self, last: &str) -> String {
        let holding = || Some(self.log()).filter(|log| log.contains(last));
        poll(Duration::from_secs(5), holding).unwrap_or_else(|| self.log())
    }

    /// SIGTERM, as an orchestrator stops a replica.
    pub fn terminate(&self) {
        self.signal(libc::SIGTERM);
    }

    /// SIGINT, as Ctrl-C at a terminal.
    pub fn interrupt(&self) {
        self.signal(libc::SIGINT);
    }

    fn signal(&self, signal: libc::c_int) {
        // SAFETY: kill(2) on our own child's pid has no memory effects.
        let pid = libc::pid_t::try_from(self.child.id()).unwrap_or(libc::pid_t::MAX);
        assert_eq!(unsafe { libc::kill(pid, signal) }, 0, "kill({pid}, {signal})");
    }

    /// The exit status, if the process ends within `timeout`.
    pub fn wait_exit(&mut self, timeout: Duration) -> Option<ExitStatus> {
        poll(timeout, || self.child.try_wait().ok().flatten())
    }
}

/// `check` every 20 ms until it gives a value or `timeout` has passed.
fn poll<T>(timeout: Duration, mut check: impl FnMut() -> Option<T>) -> Option<T> {
    let deadline = Instant::now() + timeout;
    loop {
        let found = check();
        if found.is_some() || Instant::now() > deadline {
            return found;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

impl Drop for ServeProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
