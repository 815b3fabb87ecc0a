//! Writes from many connections at once all succeed, on both backends.
//! On SQLite a transaction that reads before it writes fails at once with
//! "database is locked" when another connection commits meanwhile, unless
//! it takes the write lock at its start (seen in CI as a lost share).

use std::time::Duration;
use std::{fs, thread};

use superlists::db::ownership::ListChange;
use superlists::db::{accounts, build_pool, items, lists, shares};
use superlists::domain::{Email, ItemText};
use superlists::settings::DatabaseUrl;
use testkit::{Backend, TestDb};

const WRITERS: usize = 8;
const ROUNDS: usize = 25;

testkit::each_backend!(testkit::with_backend; concurrent_shares_and_items_all_land);

fn concurrent_shares_and_items_all_land(backend: Backend) {
    let Some(db) = TestDb::new(backend) else { return };
    db.migrate();
    let pool = build_pool(&db.url, WRITERS as u32).expect("pool");
    let failures: Vec<String> = thread::scope(|scope| {
        let writers: Vec<_> = (0..WRITERS)
            .map(|writer| {
                let pool = &pool;
                scope.spawn(move || {
                    let mut failures = Vec::new();
                    let mut conn = pool.get().expect("connection");
                    let owner = accounts::user_for(&mut conn, &format!("owner{writer}@example.com")).expect("owner");
                    let first = ItemText::parse("first").expect("text");
                    let list = lists::create_with_item(&mut conn, &first, Some(owner.id)).expect("list");
                    for round in 0..ROUNDS {
                        let sharee = Email::parse(&format!("sharee{writer}-{round}@example.com")).expect("email");
                        match shares::share(&mut conn, &list, owner.id, &sharee) {
                            Ok(ListChange::Yes) => {}
                            other => failures.push(format!("share {writer}/{round}: {other:?}")),
                        }
                        let text = ItemText::parse(&format!("item {round}")).expect("text");
                        match items::add(&mut conn, &list, &text) {
                            Ok(items::Added::Yes(_)) => {}
                            other => failures.push(format!("add {writer}/{round}: {other:?}")),
                        }
                    }
                    failures
                })
            })
            .collect();
        writers.into_iter().flat_map(|w| w.join().expect("writer thread")).collect()
    });
    assert_eq!(failures, Vec::<String>::new());
    assert_eq!(db.count("list_shares"), (WRITERS * ROUNDS) as i64);
    assert_eq!(db.count_items(), (WRITERS * (ROUNDS + 1)) as i64);
}

/// No commit checkpoints the WAL (a request would wait for it): the pool's
/// own thread copies it into the database file, while the pool is open.
#[test]
fn the_checkpoint_thread_copies_sqlite_writes_into_the_database_file() {
    let Some(db) = TestDb::new(Backend::Sqlite) else { return };
    db.migrate();
    let DatabaseUrl::Sqlite(path) = &db.url else { panic!("not SQLite: {}", db.url.redacted()) };
    let pool = build_pool(&db.url, 2).expect("pool");
    let mut conn = pool.get().expect("connection");
    let before = fs::metadata(path).expect("the database file").len();
    let list = lists::create_with_item(&mut conn, &ItemText::parse("first").expect("text"), None).expect("list");
    for n in 0..2_000 {
        let text = ItemText::parse(&format!("item {n} {}", "x".repeat(150))).expect("text");
        assert!(matches!(items::add(&mut conn, &list, &text), Ok(items::Added::Yes(_))));
    }
    // About 600 KB of rows and index: in the file once checkpointed.
    let grown = (0..40).any(|_| {
        thread::sleep(Duration::from_millis(100));
        fs::metadata(path).map(|m| m.len()).unwrap_or(0) > before + 300_000
    });
    assert!(
        grown,
        "the database file stayed at {} bytes (was {before})",
        fs::metadata(path).map(|m| m.len()).unwrap_or(0)
    );
}
