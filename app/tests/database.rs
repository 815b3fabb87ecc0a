//! The site when its PostgreSQL database goes away under it: readiness
//! says so, and the pool does not keep a connection the server closed.
//! PostgreSQL only: a SQLite file cannot become unreachable under an open
//! connection.

use reqwest::StatusCode;
use testkit::{Backend, TestApp, pg};

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
    let Some(app) = TestApp::start_with(Backend::Postgres, |s| s.db_pool_size = 1) else { return };
    let visitor = app.visitor();
    let list = visitor.start_list("Outlive a restart");
    let path = list.path().to_string();

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
