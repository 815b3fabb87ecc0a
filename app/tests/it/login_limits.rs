//! The rate limit on login emails: per address and per client IP (as a
//! trusted proxy reports it), over a sliding hour, on both backends.

use superlists::net::TrustedProxies;
use superlists::web::flash::TOO_MANY_LOGIN_EMAILS;
use testkit::{Backend, TestApp, Visitor};

use crate::accounts::ask_for_link_with;

const SENT: &str = "Check your email, we've sent you a link you can use to log in.";

/// Asks for a link for `email` through a proxy on 127.0.0.1 that says the
/// request came from `client`; the message the home page shows.
fn ask_as(visitor: &Visitor, client: &str, email: &str) -> Option<String> {
    ask_for_link_with(visitor, Some(("x-forwarded-for", client)), email).text("#id_message")
}

fn limits_hold_per_address_and_per_client(backend: Backend) {
    let Some(app) = TestApp::start_with(backend, |s| {
        s.limits.login_emails_per_address = 2;
        s.limits.login_emails_per_ip = 3;
        s.trusted_proxies = TrustedProxies::parse("127.0.0.1").expect("a proxy");
    }) else {
        return;
    };
    let visitor = app.visitor();
    let sent = || app.sent_mail().len();

    // Two links for one address, then its third is refused: nothing sent, no link stored.
    assert_eq!(ask_as(&visitor, "1.1.1.1", "edith@example.com").as_deref(), Some(SENT));
    assert_eq!(ask_as(&visitor, "1.1.1.1", "edith@example.com").as_deref(), Some(SENT));
    assert_eq!(ask_as(&visitor, "1.1.1.1", "edith@example.com").as_deref(), Some(TOO_MANY_LOGIN_EMAILS));
    assert_eq!((sent(), app.db.count("login_tokens")), (2, 2));

    // The client's third address is sent, its fourth refused...
    assert_eq!(ask_as(&visitor, "1.1.1.1", "francis@example.com").as_deref(), Some(SENT));
    assert_eq!(ask_as(&visitor, "1.1.1.1", "gwen@example.com").as_deref(), Some(TOO_MANY_LOGIN_EMAILS));
    // ...while another client has its own allowance, but not for a used-up address.
    assert_eq!(ask_as(&visitor, "2.2.2.2", "gwen@example.com").as_deref(), Some(SENT));
    assert_eq!(ask_as(&visitor, "2.2.2.2", "edith@example.com").as_deref(), Some(TOO_MANY_LOGIN_EMAILS));
    assert_eq!(sent(), 4);

    // An hour later the allowance is back, and the old records are gone.
    app.db.execute("UPDATE login_emails SET sent_at = sent_at - 3601");
    assert_eq!(ask_as(&visitor, "1.1.1.1", "edith@example.com").as_deref(), Some(SENT));
    assert_eq!((sent(), app.db.count("login_emails")), (5, 1));
}

testkit::each_backend!(testkit::with_backend; limits_hold_per_address_and_per_client);
