//! What the tests of every crate share, and nothing the site ships: the
//! real application on a background thread, throwaway databases on both
//! backends, and a visitor with a browser's cookie jar.

mod app;
mod db;
pub mod events;
mod list_items;
pub mod mail;
pub mod pg;
mod process;
mod server;
mod visitor;

pub use app::{TestApp, with_app, with_backend};
pub use db::{Backend, TestDb};
pub use process::ServeProcess;
pub use server::{BackgroundServer, settings_for, settings_with};
pub use visitor::{Page, Visitor, client_builder};

use std::io::Write;
use std::path::Path;

/// A test that cannot run here says so and passes, except under `CI=true`,
/// where CI installed everything and a skip would hide a gap: it fails.
/// libtest shows a passing test's stderr to no one, so the skip is also
/// added to the file `SKIPPED_TESTS_LOG` names: `scripts/test` counts and
/// names them in its closing lines.
pub fn skip(what: &str, why: &str) {
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("{what} cannot run under CI=true: {why}");
    }
    eprintln!("SKIPPED: {what}: {why}");
    if let Some(log) = std::env::var_os("SKIPPED_TESTS_LOG") {
        // libtest names each test's thread after the test.
        let test = std::thread::current().name().unwrap_or("a test").to_string();
        if let Err(e) = note_skip(Path::new(&log), &test, what, why) {
            eprintln!("cannot note the skip in {}: {e}", log.to_string_lossy());
        }
    }
}

/// One line per skip, written at once with O_APPEND so that lines from
/// parallel tests do not interleave.
fn note_skip(log: &Path, test: &str, what: &str, why: &str) -> std::io::Result<()> {
    let why = why.split_whitespace().collect::<Vec<_>>().join(" ");
    let line = format!("test {test}: {what}: {why}\n");
    std::fs::OpenOptions::new().create(true).append(true).open(log)?.write_all(line.as_bytes())
}

/// `host:port`, `http://host:port/`, `https://host/staging` → no trailing slash.
pub fn normalise_base(target: &str) -> String {
    let target = target.trim().trim_end_matches('/');
    if target.contains("://") { target.to_string() } else { format!("http://{target}") }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_base_may_omit_the_scheme_or_keep_a_slash() {
        assert_eq!(normalise_base("localhost:8080"), "http://localhost:8080");
        assert_eq!(normalise_base("http://127.0.0.1:8080/"), "http://127.0.0.1:8080");
        assert_eq!(normalise_base("https://staging.example.com/staging/"), "https://staging.example.com/staging");
    }

    #[test]
    fn a_skip_is_one_line_naming_the_test_and_why() {
        let dir = tempfile::tempdir().expect("a folder");
        let log = dir.path().join("skipped");
        note_skip(&log, "live::postgres::a", "PostgreSQL test", "connect failed:\n\tIs the server running?")
            .expect("noted");
        note_skip(&log, "browser::b", "browser test", "no chromedriver").expect("noted");
        let lines = std::fs::read_to_string(&log).expect("the log");
        assert_eq!(
            lines,
            "test live::postgres::a: PostgreSQL test: connect failed: Is the server running?\n\
             test browser::b: browser test: no chromedriver\n"
        );
    }
}
