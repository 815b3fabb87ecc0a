//! Reading the messages the site sent: `.eml` files (the `file` backend)
//! or a real SMTP server's maildir (aiosmtpd, started here).

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Every message file under `dir` (recursively: a maildir's `new/`), oldest first.
pub fn messages_in(dir: &Path) -> Vec<String> {
    let mut files: Vec<(std::time::SystemTime, PathBuf)> =
        walk(dir).into_iter().filter_map(|p| Some((p.metadata().ok()?.modified().ok()?, p))).collect();
    files.sort();
    files.into_iter().filter_map(|(_, p)| std::fs::read_to_string(p).ok()).collect()
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else { return vec![] };
    entries
        .filter_map(Result::ok)
        .flat_map(|e| if e.path().is_dir() { walk(&e.path()) } else { vec![e.path()] })
        // `.eml` files, or what a maildir has delivered (not `tmp/`, being written).
        .filter(|p| {
            p.extension().is_some_and(|x| x == "eml")
                || p.parent().and_then(Path::file_name).is_some_and(|d| d == "new")
        })
        .collect()
}

/// The body's last non-empty line: where the login link stands.
pub fn last_line(message: &str) -> String {
    message.lines().map(str::trim).rfind(|l| !l.is_empty()).unwrap_or_default().to_string()
}

/// A real SMTP server (PyPI's aiosmtpd, from `.tools/venv`) writing what it
/// receives into a maildir; stopped on drop.
pub struct SmtpServer {
    pub port: u16,
    pub maildir: tempfile::TempDir,
    child: Child,
}

impl SmtpServer {
    /// `None` (after saying so) when aiosmtpd is not installed.
    pub fn start() -> Option<Self> {
        let python = Path::new(env!("CARGO_MANIFEST_DIR")).join("../.tools/venv/bin/python");
        let installed =
            Command::new(&python).args(["-c", "import aiosmtpd"]).output().is_ok_and(|o| o.status.success());
        if !installed {
            crate::skip("SMTP test", "aiosmtpd is not installed (scripts/install-requirements --pip ci-tools)");
            return None;
        }
        let port = std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).expect("a free port").port();
        let maildir = tempfile::tempdir().expect("a maildir");
        let child = Command::new(&python)
            .args(["-m", "aiosmtpd", "-n", "-l", &format!("127.0.0.1:{port}"), "-c", "aiosmtpd.handlers.Mailbox"])
            .arg(maildir.path().join("mail"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("starting aiosmtpd");
        let deadline = Instant::now() + Duration::from_secs(10);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "aiosmtpd did not start");
            std::thread::sleep(Duration::from_millis(50));
        }
        Some(SmtpServer { port, maildir, child })
    }

    pub fn messages(&self) -> Vec<String> {
        messages_in(self.maildir.path())
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
