//! The application running on a database of its own.

use superlists::Settings;

use crate::{Backend, BackgroundServer, TestDb, Visitor, settings_for};

pub struct TestApp {
    pub db: TestDb,
    pub server: BackgroundServer,
}

impl TestApp {
    pub fn start(backend: Backend) -> Option<Self> {
        Self::start_with(backend, |_| {})
    }

    /// Development settings on a fresh database, changed by `adjust` first.
    pub fn start_with(backend: Backend, adjust: impl FnOnce(&mut Settings)) -> Option<Self> {
        let db = TestDb::new(backend)?;
        let mut settings = settings_for(&db.raw_url());
        adjust(&mut settings);
        if !settings.migrate_on_serve() {
            db.migrate();
        }
        let server = BackgroundServer::start(settings).expect("the application starts");
        Some(TestApp { db, server })
    }

    pub fn base_url(&self) -> String {
        self.server.base_url()
    }

    pub fn visitor(&self) -> Visitor {
        Visitor::new(&self.base_url())
    }
}

/// Generates one `#[test]` per backend for each named check function
/// `fn(&TestApp)`: `sqlite::name` and `postgres::name`.
#[macro_export]
macro_rules! on_both_backends {
    ($($check:ident),* $(,)?) => {
        mod sqlite {
            $(#[test] fn $check() {
                if let Some(app) = $crate::TestApp::start($crate::Backend::Sqlite) { super::$check(&app) }
            })*
        }
        mod postgres {
            $(#[test] fn $check() {
                if let Some(app) = $crate::TestApp::start($crate::Backend::Postgres) { super::$check(&app) }
            })*
        }
    };
}
