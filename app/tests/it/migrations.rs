//! Upgrading a database made by an earlier release: `superlists migrate`
//! applies what is new and keeps every list reachable.

use std::process::Command;

use reqwest::StatusCode;
use testkit::{Backend, BackgroundServer, TestDb, settings_for};

const BIN: &str = env!("CARGO_BIN_EXE_superlists");

/// The schema as the first release left it: its migration's SQL, recorded
/// as applied the way diesel records it.
fn first_release_schema(db: &TestDb, backend: &str) {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../migrations");
    let sql = std::fs::read_to_string(format!("{dir}/{backend}/2026-11-22-000000_create_lists/up.sql")).expect("sql");
    db.execute(&sql);
    db.execute(
        "CREATE TABLE __diesel_schema_migrations (version VARCHAR(50) PRIMARY KEY NOT NULL, \
         run_on TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP); \
         INSERT INTO __diesel_schema_migrations (version) VALUES ('20261122000000');",
    );
}

fn lists_made_before_private_urls_get_one_and_keep_their_items(backend: Backend, name: &str) {
    let Some(db) = TestDb::new(backend) else { return };
    first_release_schema(&db, name);
    db.execute("INSERT INTO lists DEFAULT VALUES; INSERT INTO items (list_id, text) VALUES (1, 'Old item');");

    let out = Command::new(BIN).arg("migrate").env("DATABASE_URL", db.raw_url()).output().expect("migrate");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let applied = String::from_utf8_lossy(&out.stdout);
    assert!(applied.starts_with("Applied 20261123000000") && !applied.contains("20261122000000"), "{applied}");

    let server = BackgroundServer::start(settings_for(&db.raw_url())).expect("serves once migrated");
    let visitor = testkit::Visitor::new(&server.base_url());
    assert_eq!(visitor.get("/lists/1/").status, StatusCode::NOT_FOUND, "the old integer URL is no capability");
    // The list is still there, under the random id the migration gave it.
    let old_id = db.list_ids().pop().expect("the old list");
    assert!(old_id.len() >= 20, "at least 80 random bits: {old_id}");
    assert_eq!(visitor.get(&format!("/lists/{old_id}/")).rows(), ["1: Old item"]);
    let new_list = visitor.start_list("New item");
    assert_eq!(new_list.rows(), ["1: New item"]);
    assert_eq!(db.count_lists(), 2);
    assert_eq!(db.count_items(), 2);
}

#[test]
fn sqlite_upgrade_gives_old_lists_private_urls() {
    lists_made_before_private_urls_get_one_and_keep_their_items(Backend::Sqlite, "sqlite");
}

#[test]
fn postgres_upgrade_gives_old_lists_private_urls() {
    lists_made_before_private_urls_get_one_and_keep_their_items(Backend::Postgres, "postgres");
}
