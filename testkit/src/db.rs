//! A database of a test's own, on either backend.

use diesel::connection::SimpleConnection;
use diesel::{QueryDsl, RunQueryDsl};
use secrecy::ExposeSecret;
use std::sync::OnceLock;

use superlists::db::{DbConnection, DbPool, accounts, build_pool, migrate, schema};
use superlists::keys;
use superlists::settings::DatabaseUrl;
use superlists::web::session;

use crate::pg;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A database no other test uses; a SQLite file is removed on drop.
pub struct TestDb {
    pub url: DatabaseUrl,
    /// One small pool for the test's own look-ups, made on first use.
    pool: OnceLock<DbPool>,
    _dir: Option<tempfile::TempDir>,
}

impl TestDb {
    /// `None` (after saying so) when PostgreSQL is not available here.
    pub fn new(backend: Backend) -> Option<Self> {
        match backend {
            Backend::Sqlite => {
                let dir = tempfile::tempdir().expect("temp dir");
                let path = dir.path().join("db.sqlite3");
                let url = DatabaseUrl::Sqlite(path.to_string_lossy().into_owned());
                Some(TestDb { url, pool: OnceLock::new(), _dir: Some(dir) })
            }
            Backend::Postgres => match pg::create_database() {
                Ok(url) => {
                    Some(TestDb { url: DatabaseUrl::parse(&url).expect("pg url"), pool: OnceLock::new(), _dir: None })
                }
                Err(why) => {
                    crate::skip("PostgreSQL test", &why);
                    None
                }
            },
        }
    }

    /// A database made elsewhere (by the program under test), to look into.
    pub fn at(url: DatabaseUrl) -> Self {
        TestDb { url, pool: OnceLock::new(), _dir: None }
    }

    /// The URL as `DATABASE_URL` would hold it.
    pub fn raw_url(&self) -> String {
        match &self.url {
            DatabaseUrl::Sqlite(path) => format!("sqlite://{path}"),
            DatabaseUrl::Postgres(url) => url.expose_secret().to_string(),
        }
    }

    /// The database's name on the PostgreSQL cluster.
    pub fn pg_name(&self) -> String {
        self.raw_url().rsplit('/').next().unwrap_or_default().to_string()
    }

    /// Runs `work` on a connection of the test's own pool.
    pub fn with_connection<T>(&self, work: impl FnOnce(&mut DbConnection) -> T) -> T {
        let pool = self.pool.get_or_init(|| build_pool(&self.url, 1).expect("pool"));
        let mut conn = pool.get().expect("connection");
        work(&mut conn)
    }

    pub fn count_items(&self) -> i64 {
        self.with_connection(|conn| schema::items::table.count().get_result(conn).expect("count items"))
    }

    pub fn count_lists(&self) -> i64 {
        self.with_connection(|conn| schema::lists::table.count().get_result(conn).expect("count lists"))
    }

    /// How many rows `table` holds.
    pub fn count(&self, table: &str) -> i64 {
        #[derive(diesel::QueryableByName)]
        struct Count {
            #[diesel(sql_type = diesel::sql_types::BigInt)]
            n: i64,
        }
        let sql = format!("SELECT COUNT(*) AS n FROM {table}");
        self.with_connection(|conn| diesel::sql_query(&sql).get_result::<Count>(conn).expect("count").n)
    }

    /// Every list's public id, oldest first.
    pub fn list_ids(&self) -> Vec<String> {
        use diesel::ExpressionMethods;
        self.with_connection(|conn| {
            let query = schema::lists::table.order(schema::lists::id.asc()).select(schema::lists::public_id);
            query.load(conn).expect("list ids")
        })
    }

    /// A session for `email`'s user (made if needed), by the library call
    /// `create-session` makes; returns the `sessionid` cookie's value.
    pub fn create_session(&self, email: &str) -> String {
        let (id, expires_at) = session::new_id();
        self.with_connection(|conn| {
            accounts::start_session(conn, email, &keys::token_hash(&id), expires_at).expect("a session")
        });
        id
    }

    pub fn migrate(&self) {
        self.with_connection(|conn| migrate::run_pending(conn).expect("migrate"));
    }

    pub fn execute(&self, sql: &str) {
        self.with_connection(|conn| conn.batch_execute(sql).unwrap_or_else(|e| panic!("{sql}: {e}")));
    }
}
