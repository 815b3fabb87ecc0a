//! Logging in by the emailed link, as a person would.

use std::time::{Duration, Instant};

use ftests::{mail_dir, new_visitor};
use testkit::Page;
use testkit::mail::{last_line, messages_in};

fn logged_in_as(page: &Page) -> Option<String> {
    page.texts(".navbar-text").into_iter().find_map(|t| t.strip_prefix("Logged in as ").map(str::to_string))
}

#[test]
fn a_visitor_logs_in_with_the_emailed_link_and_logs_out() {
    let Some(mail) = mail_dir() else { return };
    // An address of this run's own: the site may hold other people's mail.
    let nonce = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos());
    let email = format!("edith-{nonce}@example.com");

    // Edith goes to the site and notices a "Log in" section in the navbar.
    let edith = new_visitor();
    let home = edith.get("/");
    assert_eq!(home.attr("#id_email_input", "name").as_deref(), Some("email"));

    // She enters her email address and is told to check her email.
    let token = home.csrf_token();
    let page = edith
        .follow(edith.post_raw("/accounts/send_login_email", &[("csrfmiddlewaretoken", &token), ("email", &email)]));
    assert_eq!(
        page.text("#id_message").as_deref(),
        Some("Check your email, we've sent you a link you can use to log in.")
    );

    // She checks her email and finds a message with a link as its last line.
    let deadline = Instant::now() + Duration::from_secs(10);
    let message = loop {
        let found = messages_in(&mail).into_iter().find(|m| m.contains(&format!("To: {email}")));
        if let Some(message) = found {
            break message;
        }
        assert!(Instant::now() < deadline, "no email for {email} in {}", mail.display());
        std::thread::sleep(Duration::from_millis(100));
    };
    assert!(message.contains("Subject: Your login link for Superlists"));
    let link = last_line(&message);
    assert!(link.starts_with(&edith.url("/accounts/login?token=")), "{link}");

    // She clicks it, and she is logged in.
    let home = edith.follow(edith.client().get(&link).send().expect("the link"));
    assert_eq!(logged_in_as(&home).as_deref(), Some(email.as_str()));

    // She logs out.
    let token = home.csrf_token();
    let home = edith.follow(edith.post_raw("/accounts/logout", &[("csrfmiddlewaretoken", &token)]));
    assert_eq!(logged_in_as(&home), None);
    assert!(home.attr("#id_email_input", "name").is_some());
}
