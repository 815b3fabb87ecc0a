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

/// A test that cannot run here says so and passes, except under `CI=true`,
/// where CI installed everything and a skip would hide a gap: it fails.
pub fn skip(what: &str, why: &str) {
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("{what} cannot run under CI=true: {why}");
    }
    eprintln!("SKIPPED: {what}: {why}");
}

/// `host:port`, `http://host:port/`, `https://host/staging` → no trailing slash.
pub fn normalise_base(target: &str) -> String {
    let target = target.trim().trim_end_matches('/');
    if target.contains("://") { target.to_string() } else { format!("http://{target}") }
}

#[cfg(test)]
mod tests {
    use super::normalise_base;

    #[test]
    fn a_base_may_omit_the_scheme_or_keep_a_slash() {
        assert_eq!(normalise_base("localhost:8080"), "http://localhost:8080");
        assert_eq!(normalise_base("http://127.0.0.1:8080/"), "http://127.0.0.1:8080");
        assert_eq!(normalise_base("https://staging.example.com/staging/"), "https://staging.example.com/staging");
    }
}
