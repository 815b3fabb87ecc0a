//! `superlists scenario`: a data set from `scenarios/*.json` on a fresh
//! database of either backend, the site running on it, and gone again.

use std::path::Path;
use std::process::Command;

use superlists::settings::DatabaseUrl;
use testkit::{Backend, TestDb};

const BIN: &str = env!("CARGO_BIN_EXE_superlists");
const SHIPPED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../scenarios");

/// Runs `superlists scenario ARGS` in `dir` with scenarios from `scenarios`.
fn scenario(dir: &Path, scenarios: &Path, args: &[&str]) -> String {
    let out = Command::new(BIN)
        .arg("scenario")
        .args(args)
        .current_dir(dir)
        .env("SCENARIOS_DIR", scenarios)
        .output()
        .expect("superlists scenario");
    let said = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "scenario {args:?}: {said}");
    said
}

/// The value after `prefix` on the line that has it.
fn after<'a>(text: &'a str, prefix: &str) -> &'a str {
    let line = text.lines().find_map(|l| l.split_once(prefix)).unwrap_or_else(|| panic!("no {prefix:?} in {text}"));
    line.1.trim().trim_end_matches('\'')
}

fn counts(database_url: &str) -> [i64; 4] {
    let db = TestDb::at(DatabaseUrl::parse(database_url).expect("a database URL"));
    ["users", "lists", "items", "list_shares"].map(|table| db.count(table))
}

/// Up, served, counted, down, gone.
fn demo_round_trip(scenarios: &Path, name: &str, server: Option<&str>) {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut args = vec!["up", name];
    args.extend(server.iter().flat_map(|s| ["--database-url", s]));
    let said = scenario(dir.path(), scenarios, &args);
    let url = after(&said, "is up: ").to_string();
    let database_url = after(&said, "DATABASE_URL='").split('\'').next().expect("a URL").to_string();
    let home = reqwest::blocking::get(&url).expect("the site answers");
    assert_eq!(home.status(), 200);
    assert_eq!(counts(&database_url), [3, 6, 11, 3], "users, lists, items, shares of scenarios/demo.json");
    let db = TestDb::at(DatabaseUrl::parse(&database_url).expect("a database URL"));
    let named = ["items WHERE done", "lists WHERE title IS NOT NULL"].map(|rows| db.count(rows));
    assert_eq!(named, [4, 3], "done items and titled lists of scenarios/demo.json");
    assert!(scenario(dir.path(), scenarios, &["list"]).contains(&format!("(up at {url})")));

    scenario(dir.path(), scenarios, &["down", name]);
    assert!(reqwest::blocking::get(&url).is_err(), "the site is stopped");
    assert!(!dir.path().join(".scenarios").join(name).exists());
    if server.is_some() {
        let gone = std::panic::catch_unwind(|| counts(&database_url));
        assert!(gone.is_err(), "the database is dropped");
    }
}

#[test]
fn sqlite_demo_comes_up_and_goes_down() {
    demo_round_trip(Path::new(SHIPPED), "demo", None);
}

#[test]
fn postgres_demo_comes_up_and_goes_down() {
    let Some(db) = TestDb::new(Backend::Postgres) else { return };
    // A name of this run's own, in case the server is shared.
    let scenarios = tempfile::tempdir().expect("temp dir");
    let name = format!("demo-{}", std::process::id());
    std::fs::copy(Path::new(SHIPPED).join("demo.json"), scenarios.path().join(format!("{name}.json"))).expect("copy");
    demo_round_trip(scenarios.path(), &name, Some(&db.raw_url()));
}

#[test]
fn big_loads_a_million_items() {
    let dir = tempfile::tempdir().expect("temp dir");
    let started = std::time::Instant::now();
    let said = scenario(dir.path(), Path::new(SHIPPED), &["up", "big"]);
    eprintln!("scenario big: up in {:.1} s ({})", started.elapsed().as_secs_f64(), after(&said, "loaded big in"));
    let database_url = after(&said, "DATABASE_URL='").split('\'').next().expect("a URL").to_string();
    assert_eq!(counts(&database_url), [0, 10_000, 1_000_000, 0]);
    let db = TestDb::at(DatabaseUrl::parse(&database_url).expect("a database URL"));
    let named = ["items WHERE done", "lists WHERE title IS NOT NULL"].map(|rows| db.count(rows));
    assert_eq!(named, [250_000, 1_000], "every fourth item done, every tenth list named");
    scenario(dir.path(), Path::new(SHIPPED), &["down", "big"]);
}

#[test]
fn every_shipped_scenario_is_listed_and_a_bad_name_is_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let listed = scenario(dir.path(), Path::new(SHIPPED), &["list"]);
    for name in ["big", "demo", "empty"] {
        assert!(listed.lines().any(|l| l.starts_with(name)), "{name} in {listed}");
    }
    let out =
        Command::new(BIN).args(["scenario", "up", "../etc/passwd"]).current_dir(dir.path()).output().expect("run");
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is not a scenario name"));
}
