//! Logging in by an emailed link, sessions, logging out; on both backends,
//! with the `file` email backend, and once through a real SMTP server.

use std::process::Command;

use reqwest::StatusCode;
use reqwest::blocking::Client;
use superlists::domain::BAD_EMAIL_ERROR;
use superlists::routes::LOGIN_EMAIL_SUBJECT;
use superlists::settings::{EmailBackend, Profile};
use testkit::mail::{SmtpServer, last_line};
use testkit::{Backend, Page, TestApp, Visitor};

pub const SENT: &str = "Check your email, we've sent you a link you can use to log in.";
const INVALID: &str = "Invalid login link, please request a new one";

testkit::on_both_backends!(
    a_visitor_logs_in_with_the_emailed_link_once_and_logs_out,
    bad_addresses_are_refused_and_nothing_is_sent,
    forged_expired_and_malformed_links_log_nobody_in,
    logging_in_again_starts_a_new_session,
    create_session_prints_a_session_id_that_logs_in,
    two_first_logins_racing_for_one_new_address_both_succeed,
);

/// Submits the navbar's login form.
fn ask_for_link(visitor: &Visitor, email: &str) -> Page {
    ask_for_link_with(visitor, None, email)
}

/// The same with one more request header (`Host`, `X-Forwarded-For`…): a
/// message on the home page, never an error.
pub fn ask_for_link_with(visitor: &Visitor, header: Option<(&str, &str)>, email: &str) -> Page {
    let token = visitor.get("/").csrf_token();
    let mut request = visitor.client().post(visitor.url("/accounts/send_login_email"));
    if let Some((name, value)) = header {
        request = request.header(name, value);
    }
    let response = request
        .form(&[("csrfmiddlewaretoken", token.as_str()), ("email", email)])
        .send()
        .expect("POST /accounts/send_login_email");
    assert_eq!(response.status(), StatusCode::SEE_OTHER, "with {header:?}");
    visitor.follow(response)
}

pub fn link_path(message: &str) -> String {
    let link = last_line(message);
    let url = reqwest::Url::parse(&link).unwrap_or_else(|e| panic!("{link:?}: {e}"));
    format!("{}?{}", url.path(), url.query().unwrap_or_default())
}

fn logged_in_as(page: &Page) -> Option<String> {
    page.texts(".navbar-text").into_iter().find_map(|t| t.strip_prefix("Logged in as ").map(str::to_string))
}

fn a_visitor_logs_in_with_the_emailed_link_once_and_logs_out(app: &TestApp) {
    // Edith sees a login form in the navbar.
    let edith = app.visitor();
    let home = edith.get("/");
    assert_eq!(home.attr("nav.navbar form", "action").as_deref(), Some("/accounts/send_login_email"));
    assert_eq!(home.attr("#id_email_input", "name").as_deref(), Some("email"));
    assert_eq!(home.attr("#id_email_input", "type").as_deref(), Some("email"));
    assert!(home.texts("label").contains(&"Enter your email to log in".to_string()));

    // She enters her address and is told to check her email; the message shows once.
    let page = ask_for_link(&edith, "Edith@Example.com ");
    assert_eq!((page.status, page.path()), (StatusCode::OK, "/"));
    assert_eq!(page.text("#id_message").as_deref(), Some(SENT));
    assert_eq!(edith.get("/").text("#id_message"), None, "shown once");

    // The email: subject, body, and the link as its last line.
    let sent = app.sent_mail();
    assert_eq!(sent.len(), 1);
    assert!(sent[0].contains(&format!("Subject: {LOGIN_EMAIL_SUBJECT}")), "{}", sent[0]);
    assert!(sent[0].contains("To: edith@example.com"), "{}", sent[0]);
    assert!(sent[0].contains("Use this link to log in:\r\n\r\nhttp://"), "{}", sent[0]);
    let link = last_line(&sent[0]);
    assert!(link.starts_with(&format!("{}/accounts/login?token=", app.base_url())), "{link}");
    let token = link.rsplit('=').next().expect("token");
    assert_eq!(token.len(), 64, "256 bits");
    assert_eq!(app.db.count("login_tokens"), 1);
    assert_eq!(app.db.count(&format!("login_tokens WHERE token_hash = '{token}'")), 0, "stored hashed");

    // The link logs her in.
    let response = edith.client().get(edith.url(&link_path(&sent[0]))).send().expect("login");
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let cookie = response.headers()["set-cookie"].to_str().expect("ascii").to_string();
    assert!(cookie.starts_with("sessionid=") && cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"));
    assert!(!cookie.contains("Secure"), "not in development: {cookie}");
    let home = edith.follow(response);
    assert_eq!(logged_in_as(&home).as_deref(), Some("edith@example.com"));
    assert!(home.attr("#id_logout", "type").is_some());
    assert_eq!(home.attr("#id_email_input", "name"), None, "no login form once logged in");

    // The link works once: again, it says so, for her and for anyone else.
    let again = edith.get(&link_path(&sent[0]));
    assert_eq!(again.text("#id_message").as_deref(), Some(INVALID));
    let francis = app.visitor();
    let stolen = francis.get(&link_path(&sent[0]));
    assert_eq!((stolen.text("#id_message").as_deref(), logged_in_as(&stolen)), (Some(INVALID), None));

    // She logs out: the session is gone from the database, not just her cookie.
    let session_cookie = cookie.split(';').next().expect("name=value").to_string();
    let token = edith.get("/").csrf_token();
    let out = edith.follow(edith.post_raw("/accounts/logout", &[("csrfmiddlewaretoken", &token)]));
    assert_eq!(logged_in_as(&out), None);
    assert!(out.attr("#id_email_input", "name").is_some());
    let replayed = Client::new().get(edith.url("/")).header("cookie", session_cookie).send().expect("replay");
    assert_eq!(logged_in_as(&Page::from_response(replayed)), None, "a logged-out session id is dead");
    assert_eq!(app.db.count("sessions"), 0);
}

fn bad_addresses_are_refused_and_nothing_is_sent(app: &TestApp) {
    let visitor = app.visitor();
    for bad in ["", "edith", "edith@localhost", "edith@exa mple.com", "e\u{0}@example.com", "a@b@example.com"] {
        let page = ask_for_link(&visitor, bad);
        assert_eq!(page.text("#id_message").as_deref(), Some(BAD_EMAIL_ERROR), "{bad:?}");
    }
    assert!(app.sent_mail().is_empty());
    assert_eq!(app.db.count("login_tokens"), 0);
}

fn forged_expired_and_malformed_links_log_nobody_in(app: &TestApp) {
    let visitor = app.visitor();
    ask_for_link(&visitor, "edith@example.com");
    let real = link_path(&app.sent_mail()[0]);
    // Expire it in the database: it stops working.
    app.db.execute("UPDATE login_tokens SET expires_at = 1");
    let forged = format!("/accounts/login?token={}", "ab".repeat(32));
    for path in
        [real.as_str(), forged.as_str(), "/accounts/login?token=short", "/accounts/login", "/accounts/login?token="]
    {
        let page = visitor.get(path);
        assert_eq!((page.path(), page.text("#id_message").as_deref()), ("/", Some(INVALID)), "{path}");
        assert_eq!(logged_in_as(&page), None, "{path}");
    }
    // A made-up session id is simply "logged out".
    let forged_session = Client::new().get(visitor.url("/")).header("cookie", format!("sessionid={}", "cd".repeat(32)));
    assert_eq!(logged_in_as(&Page::from_response(forged_session.send().expect("GET"))), None);
}

fn logging_in_again_starts_a_new_session(app: &TestApp) {
    let edith = app.visitor();
    let session_of = |page_link: &str| {
        let response = edith.client().get(edith.url(page_link)).send().expect("login");
        let cookie = response.headers()["set-cookie"].to_str().expect("ascii").to_string();
        edith.follow(response);
        cookie.split(';').next().expect("name=value").to_string()
    };
    ask_for_link(&edith, "edith@example.com");
    let first = session_of(&link_path(&app.sent_mail()[0]));
    ask_for_link(&edith, "edith@example.com");
    let second = session_of(&link_path(&app.sent_mail()[1]));
    assert_ne!(first, second, "the session id is rotated at login");
    assert_eq!(app.db.count("sessions"), 1, "the old session was ended");
    assert_eq!(app.db.count("users"), 1, "one user per address");
}

fn create_session_prints_a_session_id_that_logs_in(app: &TestApp) {
    let out = Command::new(env!("CARGO_BIN_EXE_superlists"))
        .args(["create-session", "Francis@Example.com"])
        .env("DATABASE_URL", app.db.raw_url())
        .output()
        .expect("create-session");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let id = String::from_utf8_lossy(&out.stdout).trim().to_string();
    assert_eq!(id.len(), 64, "only the id on stdout: {id:?}");
    let page = Client::new().get(format!("{}/", app.base_url())).header("cookie", format!("sessionid={id}")).send();
    assert_eq!(logged_in_as(&Page::from_response(page.expect("GET"))).as_deref(), Some("francis@example.com"));
}

/// Each login makes the user if needed: two at once must not fail on the
/// unique address (on PostgreSQL that aborted the transaction: a 500).
fn two_first_logins_racing_for_one_new_address_both_succeed(app: &TestApp) {
    for n in 0..4 {
        let email = format!("racer{n}@example.com");
        let (one, two) = (app.visitor(), app.visitor());
        ask_for_link(&one, &email);
        ask_for_link(&two, &email);
        let links: Vec<String> = app.sent_mail().iter().rev().take(2).map(|m| link_path(m)).collect();
        let barrier = std::sync::Barrier::new(2);
        let statuses: Vec<StatusCode> = std::thread::scope(|scope| {
            let racers = [(&one, &links[0]), (&two, &links[1])].map(|(visitor, link)| {
                let barrier = &barrier;
                scope.spawn(move || {
                    barrier.wait();
                    visitor.client().get(visitor.url(link)).send().expect("login").status()
                })
            });
            racers.into_iter().map(|r| r.join().expect("racer")).collect()
        });
        assert_eq!(statuses, [StatusCode::SEE_OTHER; 2], "{email}");
        assert_eq!(logged_in_as(&one.get("/")).as_deref(), Some(email.as_str()));
        assert_eq!(logged_in_as(&two.get("/")).as_deref(), Some(email.as_str()));
    }
    assert_eq!(app.db.count("users"), 4);
}

#[test]
fn the_session_cookie_is_secure_in_production() {
    let app = TestApp::start_with(Backend::Sqlite, |s| s.profile = Profile::Production).expect("sqlite");
    let edith = app.visitor();
    ask_for_link(&edith, "edith@example.com");
    let response = edith.client().get(edith.url(&link_path(&app.sent_mail()[0]))).send().expect("login");
    let cookie = response.headers()["set-cookie"].to_str().expect("ascii").to_string();
    assert!(cookie.starts_with("sessionid=") && cookie.contains("Secure"), "{cookie}");
}

#[test]
fn login_links_go_through_a_real_smtp_server() {
    let Some(smtp) = SmtpServer::start() else { return };
    let app = TestApp::start_with(Backend::Sqlite, |s| {
        s.email.backend =
            EmailBackend::Smtp { host: "127.0.0.1".into(), port: smtp.port, user: None, password: None, tls: false };
    })
    .expect("sqlite");
    let edith = app.visitor();
    assert_eq!(ask_for_link(&edith, "edith@example.com").text("#id_message").as_deref(), Some(SENT));
    let received = smtp.messages();
    assert_eq!(received.len(), 1, "the SMTP server received the message");
    assert!(received[0].contains(&format!("Subject: {LOGIN_EMAIL_SUBJECT}")));
    let home = edith.get(&link_path(&received[0]));
    assert_eq!(logged_in_as(&home).as_deref(), Some("edith@example.com"));
}

#[test]
fn a_message_that_cannot_be_sent_says_so_and_leaves_no_usable_link() {
    // Nothing listens on this port: the SMTP connection is refused.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).expect("port").port();
    let app = TestApp::start_with(Backend::Sqlite, |s| {
        s.email.backend =
            EmailBackend::Smtp { host: "127.0.0.1".into(), port: closed, user: None, password: None, tls: false };
    })
    .expect("sqlite");
    let page = ask_for_link(&app.visitor(), "edith@example.com");
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.text("#id_message").as_deref(), Some("Could not send the login email, please try again"));
    assert_eq!(app.db.count("login_tokens"), 0);
}

#[test]
fn a_site_under_a_prefix_keeps_its_cookies_to_itself() {
    let app = TestApp::start_with(Backend::Sqlite, |s| s.url_prefix = "/staging".into()).expect("sqlite");
    let edith = Visitor::new(&format!("{}/staging", app.base_url()));
    let page = ask_for_link(&edith, "edith@example.com");
    assert_eq!(page.text("#id_message").as_deref(), Some(SENT));
    let link = last_line(&app.sent_mail()[0]);
    assert!(link.starts_with(&format!("{}/staging/accounts/login?token=", app.base_url())), "{link}");
    let response = edith.client().get(&link).send().expect("login");
    let cookie = response.headers()["set-cookie"].to_str().expect("ascii").to_string();
    assert!(cookie.starts_with("sessionid=") && cookie.contains("Path=/staging/"), "{cookie}");
    assert_eq!(logged_in_as(&edith.follow(response)).as_deref(), Some("edith@example.com"));
}
