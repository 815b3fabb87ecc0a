//! What the README and the example env files promise a new reader, and
//! every link of the README and the pages it leads to resolving.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_superlists");
const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/..");

fn read(file: &str) -> String {
    std::fs::read_to_string(Path::new(ROOT).join(file)).unwrap_or_else(|e| panic!("{file}: {e}"))
}

/// `superlists ARGS` in `dir` with only `env` (and PATH) set.
fn superlists(dir: &Path, args: &[&str], env: &[(String, String)]) -> Output {
    Command::new(BIN)
        .args(args)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .envs(env.iter().map(|(k, v)| (k, v)))
        .current_dir(dir)
        .output()
        .expect("run superlists")
}

/// The `KEY=VALUE` lines of an example, commented out or not.
fn example_values(file: &str) -> Vec<(String, String)> {
    read(file)
        .lines()
        .map(|line| line.trim_start_matches('#'))
        .filter_map(|line| line.split_once('='))
        .filter(|(key, _)| !key.is_empty() && key.chars().all(|c| c.is_ascii_uppercase() || c == '_'))
        .map(|(key, value)| (key.to_string(), value.to_string()))
        .collect()
}

#[test]
fn a_new_developer_copies_env_example_and_the_site_runs() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::copy(Path::new(ROOT).join(".env.example"), dir.path().join(".env")).expect("cp .env.example .env");
    let port = std::net::TcpListener::bind("127.0.0.1:0").expect("bind").local_addr().expect("addr").port();
    // The one change: a free port instead of 8000, which another run may hold.
    let env = [("BIND".to_string(), format!("127.0.0.1:{port}"))];
    let mut server = Command::new(BIN)
        .env_clear()
        .envs(env.iter().map(|(k, v)| (k, v)))
        .current_dir(dir.path())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("superlists serve");
    let deadline = Instant::now() + Duration::from_secs(20);
    while !superlists(dir.path(), &["healthcheck"], &env).status.success() {
        assert!(Instant::now() < deadline, "the site did not start with the example .env");
        std::thread::sleep(Duration::from_millis(100));
    }
    let home = reqwest::blocking::get(format!("http://127.0.0.1:{port}/")).expect("GET /");
    let _ = server.kill();
    let _ = server.wait();
    assert_eq!(home.status(), reqwest::StatusCode::OK);
    assert!(dir.path().join("db.sqlite3").is_file(), "the development database is made where the site runs");
}

#[test]
fn every_value_env_example_shows_is_accepted() {
    let dir = tempfile::tempdir().expect("temp dir");
    for (key, value) in example_values(".env.example") {
        let out = superlists(dir.path(), &["check"], &[(key.clone(), value.clone())]);
        assert!(out.status.success(), "{key}={value}: {}", String::from_utf8_lossy(&out.stderr));
    }
}

#[test]
fn compose_env_example_filled_in_is_a_safe_production_configuration() {
    let dir = tempfile::tempdir().expect("temp dir");
    let example: Vec<_> = example_values("compose.env.example").into_iter().filter(|(_, v)| !v.is_empty()).collect();
    let out = superlists(dir.path(), &["check"], &example);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.starts_with("superlists: configuration error: SECRET_KEY: required"), "the blank is named: {err}");

    let filled = [
        ("SECRET_KEY", "0123456789abcdef0123456789abcdef0123"),
        // What docker-compose.yml builds from POSTGRES_*.
        ("DATABASE_URL", "postgres://superlists:pw@db:5432/superlists"),
        ("STATIC_ROOT", concat!(env!("CARGO_MANIFEST_DIR"), "/static")),
    ];
    let env: Vec<_> = example.into_iter().chain(filled.map(|(k, v)| (k.to_string(), v.to_string()))).collect();
    let out = superlists(dir.path(), &["check", "--deploy"], &env);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stdout));
}

#[test]
fn the_readme_settings_table_lists_every_variable_the_program_reads() {
    let readme = read("README.md");
    let section = readme.split("\n## Settings").nth(1).expect("README has a Settings section");
    let section = section.split("\n## ").next().unwrap_or(section);
    let listed: Vec<&str> =
        section.lines().filter_map(|line| line.strip_prefix("| `")).filter_map(|rest| rest.split('`').next()).collect();
    let read_by_the_program: Vec<&str> = superlists::settings::names().collect();
    assert_eq!(listed, read_by_the_program, "README's table, in the order of settings/defaults.rs");
}

fn read_path(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The relative links (`[text](target)`) of a Markdown page.
fn links(page: &str) -> Vec<String> {
    page.split("](").skip(1).filter_map(|rest| rest.split(')').next()).map(str::to_string).collect()
}

#[test]
fn the_readme_and_the_pages_it_links_to_have_no_broken_link() {
    let canonical = |path: PathBuf| std::fs::canonicalize(&path).unwrap_or(path);
    let mut pages = vec![canonical(PathBuf::from(ROOT).join("README.md"))];
    let mut seen = BTreeSet::new();
    let mut broken = Vec::new();
    while let Some(page) = pages.pop() {
        if !seen.insert(page.clone()) {
            continue;
        }
        let text = read_path(&page);
        for link in links(&text).into_iter().filter(|l| !l.starts_with("http") && !l.starts_with('#')) {
            let (file, anchor) = link.split_once('#').unwrap_or((&link, ""));
            let target = page.parent().expect("a folder").join(file);
            if !target.exists() {
                broken.push(format!("{}: {link}", page.display()));
                continue;
            }
            let heading = |line: &str| line.starts_with('#') && slug(line.trim_start_matches('#')) == anchor;
            if !anchor.is_empty() && !read_path(&target).lines().any(heading) {
                broken.push(format!("{}: {link} (no such heading)", page.display()));
            }
            if file.ends_with(".md") {
                pages.push(canonical(target));
            }
        }
    }
    assert!(seen.len() > 3, "the README links to the docs: {seen:?}");
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}

/// A heading's anchor as GitHub makes it.
fn slug(heading: &str) -> String {
    heading
        .trim()
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric() || *c == ' ' || *c == '-' || *c == '_')
        .map(|c| if c == ' ' { '-' } else { c })
        .collect()
}
