//! The application running on a database of its own.

use superlists::Settings;
use superlists::settings::EmailBackend;

use crate::{Backend, BackgroundServer, TestDb, Visitor, settings_for};

pub struct TestApp {
    pub db: TestDb,
    pub server: BackgroundServer,
    /// Where the app's `file` email backend writes.
    pub mail: tempfile::TempDir,
}

impl TestApp {
    pub fn start(backend: Backend) -> Option<Self> {
        Self::start_with(backend, |_| {})
    }

    /// Development settings on a fresh database, changed by `adjust` first.
    pub fn start_with(backend: Backend, adjust: impl FnOnce(&mut Settings)) -> Option<Self> {
        let db = TestDb::new(backend)?;
        let mut settings = settings_for(&db.raw_url());
        let mail = tempfile::tempdir().expect("a mail folder");
        settings.email.backend = EmailBackend::File(mail.path().to_path_buf());
        adjust(&mut settings);
        if !settings.migrate_on_serve() {
            db.migrate();
        }
        let server = BackgroundServer::start(settings).expect("the application starts");
        Some(TestApp { db, server, mail })
    }

    pub fn base_url(&self) -> String {
        self.server.base_url()
    }

    pub fn visitor(&self) -> Visitor {
        Visitor::new(&self.base_url())
    }

    /// A visitor logged in as `email`.
    pub fn logged_in(&self, email: &str) -> Visitor {
        Visitor::logged_in(&self.base_url(), &self.db.create_session(email))
    }

    /// The messages the app sent, as written by the `file` backend.
    pub fn sent_mail(&self) -> Vec<String> {
        crate::mail::messages_in(self.mail.path())
    }
}

/// Runs `check` on a fresh app on `backend`, if that backend runs here.
pub fn with_app(backend: Backend, check: fn(&TestApp)) {
    if let Some(app) = TestApp::start(backend) {
        check(&app)
    }
}

/// Runs `check` with `backend` itself (checks that make their own database).
pub fn with_backend(backend: Backend, check: fn(Backend)) {
    check(backend)
}

/// One `#[test]` per backend for each named check function `fn(&TestApp)`:
/// `sqlite::name` and `postgres::name`.
#[macro_export]
macro_rules! on_both_backends {
    ($($check:ident),* $(,)?) => {
        $crate::each_backend!($crate::with_app; $($check),*);
    };
}

/// One `#[test]` per backend for each check, each calling
/// `runner(backend, check)`: `sqlite::name` and `postgres::name`.
#[macro_export]
macro_rules! each_backend {
    ($runner:path; $($check:ident),* $(,)?) => {
        mod sqlite {
            $(#[test] fn $check() { $runner($crate::Backend::Sqlite, super::$check) })*
        }
        mod postgres {
            $(#[test] fn $check() { $runner($crate::Backend::Postgres, super::$check) })*
        }
    };
}
