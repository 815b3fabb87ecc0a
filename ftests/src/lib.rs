//! Functional tests for Superlists: black-box HTTP, written as user stories
//! in `tests/`. `TARGET_HOST` points them at a running site; without it they
//! start the site themselves, in-process, on a fresh SQLite file.

use std::time::{Duration, Instant};

use testkit::mail::{last_line, messages_in};

pub mod axe;
pub mod browser;
pub mod site;

pub use site::{base_url, create_session, mail_dir};
pub use testkit::{Page, Visitor};

/// A new visitor (fresh cookie jar) on the site under test.
pub fn new_visitor() -> Visitor {
    Visitor::new(base_url())
}

/// A visitor already logged in as `email` (see [`create_session`]).
pub fn logged_in_visitor(email: &str) -> Option<Visitor> {
    create_session(email).map(|id| Visitor::logged_in(base_url(), &id))
}

/// `name-<nanoseconds>@example.com`: an address of this run's own, since a
/// deployed site may hold other runs' users and lists.
pub fn unique_email(name: &str) -> String {
    let nonce = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos());
    format!("{name}-{nonce}@example.com")
}

/// Whom the navbar says is logged in.
pub fn logged_in_as(page: &Page) -> Option<String> {
    page.texts(".navbar-text").into_iter().find_map(|t| t.strip_prefix("Logged in as ").map(str::to_string))
}

/// The link (last line) of the login email to `email`, waiting for it to
/// arrive; `None` when the site's mail cannot be read here (see [`mail_dir`]).
pub fn emailed_link(email: &str) -> Option<String> {
    let mail = mail_dir()?;
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let found = messages_in(&mail).into_iter().find(|m| m.contains(&format!("To: {email}")));
        if let Some(message) = found {
            assert!(message.contains("Subject: Your login link for Superlists"), "{message}");
            return Some(last_line(&message));
        }
        assert!(Instant::now() < deadline, "no email for {email} in {}", mail.display());
        std::thread::sleep(Duration::from_millis(100));
    }
}
