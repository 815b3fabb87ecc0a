//! Where a login link points, and what a cache may keep of the login
//! flow: nothing that sets a cookie.

use reqwest::StatusCode;
use superlists::settings::AllowedHosts;
use superlists::web::flash::LOGIN_UNAVAILABLE;
use testkit::mail::last_line;
use testkit::{Backend, TestApp};

use crate::accounts::{SENT, ask_for_link_with, link_path};

/// Every response that sets or clears a cookie, the login flow's redirects
/// included, is marked `no-store`: a cache must never hand one visitor's
/// session (or message) to the next.
#[test]
fn responses_that_set_or_clear_a_cookie_are_never_cached() {
    let app = TestApp::start(Backend::Sqlite).expect("sqlite");
    let edith = app.visitor();
    let no_store = |response: &reqwest::blocking::Response, what: &str| {
        assert!(response.headers().contains_key("set-cookie"), "{what} sets no cookie");
        let cache = response.headers().get("cache-control").and_then(|v| v.to_str().ok());
        assert_eq!(cache, Some("no-store"), "{what}");
    };
    let token = edith.get("/").csrf_token();
    let asked =
        edith.post_raw("/accounts/send_login_email", &[("csrfmiddlewaretoken", &token), ("email", "e@example.com")]);
    assert_eq!(asked.status(), StatusCode::SEE_OTHER);
    no_store(&asked, "POST /accounts/send_login_email");
    edith.follow(asked);
    let login = edith.client().get(edith.url(&link_path(&app.sent_mail()[0]))).send().expect("login");
    assert_eq!(login.status(), StatusCode::SEE_OTHER);
    no_store(&login, "GET /accounts/login with a good link");
    edith.follow(login);
    let bad = edith.client().get(edith.url("/accounts/login?token=bad")).send().expect("bad link");
    no_store(&bad, "GET /accounts/login with a bad link");
    edith.follow(bad);
    let token = edith.get("/").csrf_token();
    let out = edith.post_raw("/accounts/logout", &[("csrfmiddlewaretoken", &token)]);
    assert_eq!(out.status(), StatusCode::SEE_OTHER);
    no_store(&out, "POST /accounts/logout");
}

/// With `ALLOWED_HOSTS=*` a request may name any host; a link to it would
/// log in whoever owns that host as the victim. Links name `SITE_URL`, or
/// nothing is sent.
#[test]
fn a_login_link_never_names_a_host_the_request_chose() {
    let open = TestApp::start_with(Backend::Sqlite, |s| s.allowed_hosts = AllowedHosts::Any).expect("sqlite");
    let page = ask_for_link_with(&open.visitor(), Some(("host", "attacker.example")), "edith@example.com");
    assert_eq!(page.text("#id_message").as_deref(), Some(LOGIN_UNAVAILABLE));
    assert!(open.sent_mail().is_empty(), "no link mailed");
    assert_eq!(open.db.count("login_tokens"), 0, "no link stored");

    let configured = TestApp::start_with(Backend::Sqlite, |s| {
        s.allowed_hosts = AllowedHosts::Any;
        s.site_url = Some("https://superlists.example.com".into());
    })
    .expect("sqlite");
    let page = ask_for_link_with(&configured.visitor(), Some(("host", "attacker.example")), "edith@example.com");
    assert_eq!(page.text("#id_message").as_deref(), Some(SENT));
    let link = last_line(&configured.sent_mail()[0]);
    assert!(link.starts_with("https://superlists.example.com/accounts/login?token="), "{link}");
}
