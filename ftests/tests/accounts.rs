//! Logging in by the emailed link, and out, as a person would.

use ftests::{Visitor, emailed_link, logged_in_as, mail_dir, new_visitor, unique_email};

#[test]
fn a_visitor_logs_in_with_the_emailed_link_and_logs_out() {
    if mail_dir().is_none() {
        return;
    }
    let email = unique_email("edith");

    // Edith goes to the site and notices a "Log in" section in the navbar.
    let edith = new_visitor();
    let home = edith.get("/");
    assert_eq!(home.attr("#id_email_input", "name").as_deref(), Some("email"));

    // She enters her email address and is told to check her email.
    let page = edith.follow(edith.submit_form(&home, "/accounts/send_login_email", &[("email", &email)]));
    assert_eq!(
        page.text("#id_message").as_deref(),
        Some("Check your email, we've sent you a link you can use to log in.")
    );

    // She checks her email and finds a message with a link as its last line.
    let link = emailed_link(&email).expect("the mail folder");
    assert!(link.starts_with(&edith.url("/accounts/login?token=")), "{link}");

    // She clicks it, and she is logged in.
    let home = open(&edith, &link);
    assert_eq!(logged_in_as(&home).as_deref(), Some(email.as_str()));

    // The link was good once only: opened again (in another browser) it is refused.
    let stranger = new_visitor();
    let page = open(&stranger, &link);
    assert_eq!(page.text("#id_message").as_deref(), Some("Invalid login link, please request a new one"));
    assert_eq!(logged_in_as(&page), None);

    // She logs out; she is still logged out on her next visit.
    let home = edith.follow(edith.submit_form(&home, "/accounts/logout", &[]));
    assert_eq!(logged_in_as(&home), None);
    assert!(home.attr("#id_email_input", "name").is_some());
    assert_eq!(logged_in_as(&edith.get("/")), None);
}

fn open(visitor: &Visitor, url: &str) -> testkit::Page {
    visitor.follow(visitor.client().get(url).send().unwrap_or_else(|e| panic!("GET {url}: {e}")))
}

#[test]
fn asking_for_links_again_and_again_is_stopped_with_a_message() {
    // Uses this machine's hourly allowance on the site: 6 of 30 with the defaults.
    let email = unique_email("impatient");
    let visitor = new_visitor();
    let mut sent = 0;
    let refusal = loop {
        let home = visitor.get("/");
        let page = visitor.follow(visitor.submit_form(&home, "/accounts/send_login_email", &[("email", &email)]));
        assert_eq!(page.status, reqwest::StatusCode::OK, "a message, not an error");
        let message = page.text("#id_message").unwrap_or_default();
        if !message.starts_with("Check your email") {
            break message;
        }
        sent += 1;
        assert!(sent < 20, "20 links to one address and no limit");
    };
    // A few links (LOGIN_EMAILS_PER_ADDRESS, 5 by default), then a clear refusal.
    assert!(sent >= 1, "the first was sent");
    assert_eq!(refusal, superlists::web::flash::TOO_MANY_LOGIN_EMAILS);
}
