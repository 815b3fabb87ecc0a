//! Functional tests for Superlists: black-box HTTP, written as user stories
//! in `tests/`. `TARGET_HOST` points them at a running site; without it they
//! start the site themselves, in-process, on a fresh SQLite file.

pub mod browser;
pub mod site;

pub use site::{base_url, mail_dir};
pub use testkit::{Page, Visitor};

/// A new visitor (fresh cookie jar) on the site under test.
pub fn new_visitor() -> Visitor {
    Visitor::new(base_url())
}
