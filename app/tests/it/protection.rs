//! CSRF, Host checks, body limits, security headers and error pages.

use reqwest::StatusCode;
use reqwest::blocking::Client;
use superlists::settings::AllowedHosts;
use superlists::startup::MAX_BODY_BYTES;
use superlists::web::csrf::CSRF_FAILURE;
use testkit::{Backend, TestApp};

testkit::on_both_backends!(
    posts_without_a_valid_csrf_token_get_403_and_save_nothing,
    malformed_and_oversized_forms_get_400_and_413,
    server_errors_show_detail_only_with_debug,
);

fn posts_without_a_valid_csrf_token_get_403_and_save_nothing(app: &TestApp) {
    let alice = app.visitor();
    let list = alice.start_list("Alice's item");
    let token = list.csrf_token();
    let bob = app.visitor();
    let bobs_token = bob.get("/").csrf_token();

    let made_up = "ab".repeat(32);
    let attempts: [(&str, Vec<(&str, &str)>); 4] = [
        ("no token", vec![("text", "forged")]),
        ("empty token", vec![("csrfmiddlewaretoken", ""), ("text", "forged")]),
        ("made-up token", vec![("csrfmiddlewaretoken", &made_up), ("text", "forged")]),
        ("another visitor's token", vec![("csrfmiddlewaretoken", &bobs_token), ("text", "forged")]),
    ];
    for (what, fields) in &attempts {
        for path in ["/lists/new", list.path()] {
            let response = alice.post_raw(path, fields);
            assert_eq!(response.status(), StatusCode::FORBIDDEN, "{what} on {path}");
            assert!(response.text().expect("body").contains(CSRF_FAILURE), "{what}: the page says why");
        }
    }
    // A client with no cookie at all (a cross-site form post) is refused too.
    let stranger = Client::new()
        .post(alice.url("/lists/new"))
        .form(&[("csrfmiddlewaretoken", token.as_str()), ("text", "forged")]);
    assert_eq!(stranger.send().expect("post").status(), StatusCode::FORBIDDEN);
    assert_eq!(app.db.count_items(), 1);
    assert_eq!(app.db.count_lists(), 1);

    // The real token still works afterwards.
    let list = alice.submit_item(&list, "Second item");
    assert_eq!(list.rows(), ["1: Alice's item", "2: Second item"]);
}

fn malformed_and_oversized_forms_get_400_and_413(app: &TestApp) {
    let visitor = app.visitor();
    let home = visitor.get("/");
    let token = home.csrf_token();
    let url = visitor.url("/lists/new");

    let missing_field = visitor.post_raw("/lists/new", &[("csrfmiddlewaretoken", &token)]);
    assert_eq!(missing_field.status(), StatusCode::BAD_REQUEST);

    let json = visitor.client().post(&url).header("content-type", "application/json").body(r#"{"text":"x"}"#);
    assert_eq!(json.send().expect("post").status(), StatusCode::BAD_REQUEST);

    let big = "x".repeat(MAX_BODY_BYTES + 1);
    let response = visitor.post_raw("/lists/new", &[("csrfmiddlewaretoken", &token), ("text", &big)]);
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let page = testkit::Page::from_response(response);
    assert_eq!(page.title().as_deref(), Some("To-Do lists"), "error statuses get the site's page");

    let wrong_method = visitor.client().delete(visitor.url("/")).send().expect("delete");
    assert_eq!(wrong_method.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(app.db.count_items(), 0);
}

/// A list page after the schema broke under the running server: a 500.
fn server_error_page(app: &TestApp) -> testkit::Page {
    let visitor = app.visitor();
    let list = visitor.start_list("doomed");
    app.db.execute("DROP TABLE items");
    let page = visitor.get(list.path());
    assert_eq!(page.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(page.text("#id_error_message").as_deref(), Some("Server error"));
    page
}

fn server_errors_show_detail_only_with_debug(app: &TestApp) {
    let page = server_error_page(app);
    let detail = page.text("#id_error_detail").expect("DEBUG is on in development: the chain is shown");
    assert!(detail.contains("cannot load the list's items"), "{detail}");
    assert!(detail.contains("items"), "{detail}");
}

#[test]
fn server_errors_hide_detail_without_debug() {
    let app = TestApp::start_with(Backend::Sqlite, |s| s.debug = false).expect("sqlite");
    let page = server_error_page(&app);
    assert_eq!(page.text("#id_error_detail"), None);
    assert!(!page.body.contains("no such table"), "no internals without DEBUG");
}

#[test]
fn requests_for_other_hosts_get_400() {
    let app = TestApp::start_with(Backend::Sqlite, |s| {
        s.allowed_hosts = AllowedHosts::Only(vec!["superlists.test".into()]);
    })
    .expect("sqlite");
    let client = Client::new();
    let get = |host: &str, path: &str| {
        client.get(format!("{}{path}", app.base_url())).header("host", host).send().expect("get").status()
    };
    assert_eq!(get("superlists.test", "/"), StatusCode::OK);
    assert_eq!(get("superlists.test:8080", "/"), StatusCode::OK);
    assert_eq!(get("evil.test", "/"), StatusCode::BAD_REQUEST);
    assert_eq!(get("127.0.0.1", "/"), StatusCode::BAD_REQUEST);
    assert_eq!(get("evil.test", "/lists/1/"), StatusCode::BAD_REQUEST);
    // Probes come by address.
    assert_eq!(get("10.0.0.7:8000", "/healthz"), StatusCode::OK);
    assert_eq!(get("10.0.0.7:8000", "/readyz"), StatusCode::OK);
}

#[test]
fn every_response_carries_the_security_headers() {
    let app = TestApp::start(Backend::Sqlite).expect("sqlite");
    let visitor = app.visitor();
    for path in ["/", "/lists/42/", "/healthz", "/static/base.css"] {
        let response = visitor.client().get(visitor.url(path)).send().expect("get");
        let headers = response.headers();
        assert_eq!(headers["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(headers["x-frame-options"], "DENY", "{path}");
        assert_eq!(headers["referrer-policy"], "same-origin", "{path}");
        let csp = headers["content-security-policy"].to_str().expect("ascii");
        assert!(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"), "{path}: {csp}");
    }
}

#[test]
fn pages_satisfy_their_content_security_policy() {
    let app = TestApp::start(Backend::Sqlite).expect("sqlite");
    let visitor = app.visitor();
    let list = visitor.start_list("x");
    for page in [visitor.get("/"), list] {
        assert!(!page.body.contains("<script>"), "inline script in {}", page.path());
        assert!(!page.body.contains("style="), "inline style in {}", page.path());
        assert!(!page.body.contains(" on"), "inline handler in {}", page.path());
        for src in [page.attr("script", "src"), page.attr("link[rel=stylesheet]", "href")] {
            let src = src.expect("the page loads its script and stylesheet");
            assert!(src.starts_with("/static/") && src.contains("?v="), "{src} is ours and versioned");
            let asset = visitor.client().get(visitor.url(&src)).send().expect("asset");
            assert_eq!(asset.status(), StatusCode::OK, "{src}");
        }
    }
}

#[test]
fn the_csrf_cookie_is_httponly_samesite_and_secure_in_production() {
    for (secure, expect_secure) in [(false, false), (true, true)] {
        let app = TestApp::start_with(Backend::Sqlite, |s| {
            if secure {
                s.profile = superlists::settings::Profile::Production;
            }
        })
        .expect("sqlite");
        let response = Client::new().get(format!("{}/", app.base_url())).send().expect("get");
        let cookie = response.headers()["set-cookie"].to_str().expect("ascii").to_string();
        assert!(cookie.starts_with("csrftoken="), "{cookie}");
        assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"), "{cookie}");
        assert_eq!(cookie.contains("Secure"), expect_secure, "{cookie}");
    }
}

#[test]
fn the_debug_page_lists_settings_without_secrets_only_with_debug() {
    let app = TestApp::start_with(Backend::Sqlite, |s| {
        s.secret_key = "a-very-secret-key-that-must-not-leak-anywhere".to_string().into();
    })
    .expect("sqlite");
    let page = app.visitor().get("/__debug__/");
    assert_eq!(page.status, StatusCode::OK);
    assert!(!page.body.contains("a-very-secret-key"), "the secret key leaked");
    let settings = page.texts("#id_settings td").join(" ");
    assert!(settings.contains("APP_SETTINGS") && settings.contains("development"), "{settings}");
    assert!(page.texts("#id_routes td").iter().any(|t| t == "/lists/{list_id}/"));
    assert!(page.text("#id_pool").is_some_and(|t| t.contains("sqlite")));

    let app = TestApp::start_with(Backend::Sqlite, |s| s.debug = false).expect("sqlite");
    assert_eq!(app.visitor().get("/__debug__/").status, StatusCode::NOT_FOUND);
}
