//! `superlists flush`: every row goes, the schema stays; it asks first,
//! and production needs `--allow-production`. On both backends.

use std::process::{Command, Output, Stdio};

use testkit::TestApp;

const BIN: &str = env!("CARGO_BIN_EXE_superlists");
const TABLES: [&str; 7] = ["items", "list_shares", "lists", "login_emails", "login_tokens", "sessions", "users"];

testkit::on_both_backends!(flush_empties_every_table_after_asking);

fn flush(app: &TestApp, args: &[&str], env: &[(&str, &str)]) -> Output {
    Command::new(BIN)
        .arg("flush")
        .args(args)
        .env("DATABASE_URL", app.db.raw_url())
        .envs(env.iter().copied())
        .current_dir(std::env::temp_dir())
        .stdin(Stdio::null())
        .output()
        .expect("run superlists flush")
}

/// Runs flush on a terminal (util-linux `script`), typing `answer`.
fn flush_answering(app: &TestApp, answer: &str) -> Output {
    let command = format!("{BIN} flush");
    let typed = format!("sleep 1; printf '%s\\n' {answer}");
    let mut typist = Command::new("sh").args(["-c", &typed]).stdout(Stdio::piped()).spawn().expect("sh");
    let keys = typist.stdout.take().expect("piped");
    let out = Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .env("DATABASE_URL", app.db.raw_url())
        .current_dir(std::env::temp_dir())
        .stdin(keys)
        .output()
        .expect("script(1) from util-linux");
    typist.wait().expect("the typist ends");
    out
}

fn rows(app: &TestApp) -> i64 {
    TABLES.iter().map(|t| app.db.count(t)).sum()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn flush_empties_every_table_after_asking(app: &TestApp) {
    // A user with a shared list, and a visitor who asked for a login link.
    let edith = app.logged_in("edith@example.com");
    let list = edith.start_list("Buy milk");
    let token = list.csrf_token();
    edith.post_raw(&format!("{}share", list.path()), &[("csrfmiddlewaretoken", &token), ("sharee", "oni@example.com")]);
    let francis = app.visitor();
    let token = francis.get("/").csrf_token();
    francis.post_raw("/accounts/send_login_email", &[("csrfmiddlewaretoken", &token), ("email", "f@example.com")]);
    let before = rows(app);
    assert!(TABLES.iter().all(|t| app.db.count(t) > 0), "every table holds a row before");

    // Nobody at a terminal to ask: refused, nothing deleted.
    let out = flush(app, &[], &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("add --noinput"), "{}", text(&out.stderr));
    // At a terminal, anything but "yes" cancels.
    let out = flush_answering(app, "no");
    assert!(text(&out.stdout).contains("Type 'yes' to continue"), "{}", text(&out.stdout));
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stdout));
    // Production needs --allow-production, even with --noinput.
    let production = [
        ("APP_SETTINGS", "production"),
        ("SECRET_KEY", "0123456789abcdef0123456789abcdef0123456789"),
        ("ALLOWED_HOSTS", "superlists.example.com"),
        ("DEFAULT_FROM_EMAIL", "noreply@superlists.example.com"),
    ];
    let out = flush(app, &["--noinput"], &production);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("--allow-production"), "{}", text(&out.stderr));
    assert_eq!(rows(app), before, "nothing deleted yet");

    // "yes" at the terminal empties every table.
    let out = flush_answering(app, "yes");
    assert!(out.status.success(), "{}", text(&out.stdout));
    assert!(text(&out.stdout).contains(&format!("Emptied 7 tables: {}", TABLES.join(", "))), "{}", text(&out.stdout));
    assert_eq!(rows(app), 0);
    assert!(app.db.count("__diesel_schema_migrations") > 0, "the migrations stay applied");
    // The running site carries on; the old session is gone.
    let page = app.visitor().start_list("Start again");
    assert_eq!(page.rows(), ["1: Start again"]);
    assert!(edith.get("/").texts(".navbar-text").iter().all(|t| !t.starts_with("Logged in")));

    // --noinput, and in production --allow-production too.
    app.visitor().start_list("Once more");
    assert!(flush(app, &["--noinput", "--allow-production"], &production).status.success());
    assert_eq!(rows(app), 0);
}
