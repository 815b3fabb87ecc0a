//! The site under test: `TARGET_HOST`, or a copy started here.

use std::sync::OnceLock;

use testkit::{Backend, BackgroundServer, TestDb, settings_with};

/// A copy this process started; lives until the test binary exits.
struct LocalSite {
    _server: BackgroundServer,
    _db: TestDb,
}

static BASE_URL: OnceLock<String> = OnceLock::new();
static LOCAL: OnceLock<LocalSite> = OnceLock::new();

/// `http://host:port` of the site under test, starting one on first use
/// when `TARGET_HOST` is not set.
pub fn base_url() -> &'static str {
    BASE_URL.get_or_init(|| match std::env::var("TARGET_HOST") {
        Ok(target) if !target.trim().is_empty() => normalise(&target),
        _ => start_local(),
    })
}

/// `host:port`, `http://host:port/`, `https://host/staging` → no trailing slash.
pub fn normalise(target: &str) -> String {
    let target = target.trim().trim_end_matches('/');
    if target.contains("://") { target.to_string() } else { format!("http://{target}") }
}

/// Staging settings on a fresh SQLite file, migrated the way an operator
/// would (`superlists migrate`), on a free port.
fn start_local() -> String {
    let db = TestDb::new(Backend::Sqlite).expect("a SQLite test database");
    db.migrate();
    let settings = settings_with(&db.raw_url(), &[("APP_SETTINGS", "staging")]);
    let server = BackgroundServer::start(settings).expect("the site starts");
    let url = server.base_url();
    eprintln!("ftests: no TARGET_HOST, testing a local copy at {url}");
    let _ = LOCAL.set(LocalSite { _server: server, _db: db });
    url
}

#[cfg(test)]
mod tests {
    use super::normalise;

    #[test]
    fn target_host_may_omit_the_scheme_or_keep_a_slash() {
        assert_eq!(normalise("localhost:8080"), "http://localhost:8080");
        assert_eq!(normalise("http://127.0.0.1:8080/"), "http://127.0.0.1:8080");
        assert_eq!(normalise("https://staging.example.com/staging/"), "https://staging.example.com/staging");
    }
}
