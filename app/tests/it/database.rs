//! The site when its PostgreSQL database goes away under it: readiness
//! says so, and the pool does not keep a connection the server closed.
//! PostgreSQL only: a SQLite file cannot become unreachable under an open
//! connection.

use reqwest::StatusCode;
use testkit::{Backend, TestApp, Visitor, pg};

/// A site on PostgreSQL with a pool of `pool_size`, a visitor, and the path
/// of the list they started with `first`.
fn app_with_a_list(pool_size: u32, first: &str) -> Option<(TestApp, Visitor, String)> {
    let app = TestApp::start_with(Backend::Postgres, |s| s.db_pool_size = pool_size)?;
    let visitor = app.visitor();
    let path = visitor.start_list(first).path().to_string();
    Some((app, visitor, path))
}

#[test]
fn pages_and_readyz_are_503_when_the_database_is_gone() {
    let Some(app) = TestApp::start(Backend::Postgres) else { return };
    let visitor = app.visitor();
    let list = visitor.start_list("Kept safe");
    let url = visitor.url("/readyz");
    assert_eq!(visitor.client().get(&url).send().expect("readyz").status(), StatusCode::OK);
    pg::as_superuser(&format!("DROP DATABASE {} WITH (FORCE)", app.db.pg_name()));
    for _ in 0..2 {
        let page = visitor.client().get(visitor.url(list.path())).send().expect("list page");
        assert_eq!(page.status(), StatusCode::SERVICE_UNAVAILABLE, "a lost database is a 503, never a 500");
        assert_eq!(page.headers()["retry-after"], "5");
        let page = testkit::Page::from_response(page);
        assert!(page.text("#id_error_message").is_some_and(|m| m.contains("try again")), "{}", page.body);
    }
    let response = visitor.client().get(&url).send().expect("readyz");
    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(response.text().expect("body"), "database unreachable");
    // Liveness does not depend on the database.
    let health = visitor.client().get(visitor.url("/healthz")).send().expect("healthz");
    assert_eq!(health.status(), StatusCode::OK);
}

#[test]
fn a_connection_the_server_closed_is_not_handed_out_again() {
    // One connection, so every request gets the one the server closes.
    let Some((app, visitor, path)) = app_with_a_list(1, "Outlive a restart") else { return };

    pg::as_superuser(&format!(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{}'",
        app.db.pg_name()
    ));
    // The request that meets the closed connection is told to come back
    // (checkouts are not tested with a round trip); never a 500.
    let first = visitor.get(&path);
    assert!(matches!(first.status, StatusCode::OK | StatusCode::SERVICE_UNAVAILABLE), "{}", first.status);
    // The pool dropped it rather than keep handing it out.
    for _ in 0..3 {
        let page = visitor.get(&path);
        assert_eq!(page.status, StatusCode::OK, "a closed connection came back from the pool");
        assert_eq!(page.rows(), ["1: Outlive a restart"]);
    }
}

#[test]
fn during_an_outage_503_comes_at_once_and_the_site_recovers_by_itself() {
    // A small pool: its dead connections are soon spent, then new ones are needed.
    let Some((app, visitor, path)) = app_with_a_list(2, "Through the outage") else { return };
    let name = app.db.pg_name();

    // The database refuses every new connection and the open ones are cut.
    pg::as_superuser(&format!("ALTER DATABASE {name} ALLOW_CONNECTIONS false"));
    pg::as_superuser(&format!("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}'"));
    // Once one request has found it away, the next are answered without
    // waiting the pool's 5 s connection timeout (a generous bound: 2 s).
    for attempt in 0..6 {
        let started = std::time::Instant::now();
        let page = visitor.client().get(visitor.url(&path)).send().expect("list page");
        assert_eq!(page.status(), StatusCode::SERVICE_UNAVAILABLE, "attempt {attempt}");
        assert!(page.headers().contains_key("retry-after"));
        if attempt > 0 {
            assert!(started.elapsed() < std::time::Duration::from_secs(2), "waited {:?}", started.elapsed());
        }
    }

    // Back: the next requests are served, without restarting the app.
    pg::as_superuser(&format!("ALTER DATABASE {name} ALLOW_CONNECTIONS true"));
    let recovered = (0..20).find_map(|_| {
        let page = visitor.get(&path);
        std::thread::sleep(std::time::Duration::from_millis(100));
        (page.status == StatusCode::OK).then_some(page)
    });
    assert_eq!(recovered.expect("served again within 2 s").rows(), ["1: Through the outage"]);
}
