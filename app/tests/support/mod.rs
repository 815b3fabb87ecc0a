//! Starting the real application on a fresh database, on either backend.

#![allow(dead_code)] // each test binary uses part of this

pub mod pg;
#[path = "../../../ftests/src/visitor.rs"]
pub mod visitor;

use diesel::RunQueryDsl;
use superlists::db::{DbConnection, build_pool, schema};
use superlists::settings::{DatabaseUrl, Settings};
use superlists::startup::BackgroundServer;

pub use visitor::Visitor;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A database no other test uses; a SQLite file is removed on drop.
pub struct TestDb {
    pub url: DatabaseUrl,
    _dir: Option<tempfile::TempDir>,
}

impl TestDb {
    /// `None` (after saying so) when PostgreSQL is not available here;
    /// with `CI=true` that is a failure instead.
    pub fn new(backend: Backend) -> Option<Self> {
        match backend {
            Backend::Sqlite => {
                let dir = tempfile::tempdir().expect("temp dir");
                let path = dir.path().join("db.sqlite3");
                let url = DatabaseUrl::Sqlite(path.to_string_lossy().into_owned());
                Some(TestDb { url, _dir: Some(dir) })
            }
            Backend::Postgres => match pg::create_database() {
                Ok(url) => Some(TestDb { url: DatabaseUrl::parse(&url).expect("pg url"), _dir: None }),
                Err(why) => {
                    if std::env::var("CI").is_ok_and(|v| v == "true") {
                        panic!("PostgreSQL tests cannot run under CI=true: {why}");
                    }
                    eprintln!("SKIPPED: PostgreSQL test: {why}");
                    None
                }
            },
        }
    }

    pub fn raw_url(&self) -> String {
        match &self.url {
            DatabaseUrl::Sqlite(path) => format!("sqlite://{path}"),
            DatabaseUrl::Postgres(url) => secrecy::ExposeSecret::expose_secret(url).to_string(),
        }
    }

    pub fn connection(&self) -> diesel::r2d2::PooledConnection<superlists::db::ConnectionManager> {
        build_pool(&self.url, 1).expect("pool").get().expect("connection")
    }

    pub fn count_items(&self) -> i64 {
        let mut conn = self.connection();
        schema::items::table.count().get_result(&mut *conn as &mut DbConnection).expect("count items")
    }

    pub fn count_lists(&self) -> i64 {
        let mut conn = self.connection();
        schema::lists::table.count().get_result(&mut *conn as &mut DbConnection).expect("count lists")
    }

    pub fn migrate(&self) {
        superlists::db::migrate::run_pending(&mut self.connection()).expect("migrate");
    }

    pub fn execute(&self, sql: &str) {
        use diesel::connection::SimpleConnection;
        let mut conn = self.connection();
        conn.batch_execute(sql).unwrap_or_else(|e| panic!("{sql}: {e}"));
    }
}

use diesel::QueryDsl;

/// The application running on a database of its own.
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
        let mut settings = Settings::for_tests(db.url.clone());
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
                if let Some(app) = $crate::support::TestApp::start($crate::support::Backend::Sqlite) { super::$check(&app) }
            })*
        }
        mod postgres {
            $(#[test] fn $check() {
                if let Some(app) = $crate::support::TestApp::start($crate::support::Backend::Postgres) { super::$check(&app) }
            })*
        }
    };
}
