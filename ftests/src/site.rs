//! The site under test: `TARGET_HOST`, or a copy started here.

use std::path::PathBuf;
use std::process::Command;
use std::sync::OnceLock;

use testkit::{Backend, BackgroundServer, TestDb, settings_with};

/// A copy this process started; lives until the test binary exits.
struct LocalSite {
    _server: BackgroundServer,
    db: TestDb,
    /// Where its `file` email backend writes.
    mail: tempfile::TempDir,
}

static BASE_URL: OnceLock<String> = OnceLock::new();
static LOCAL: OnceLock<LocalSite> = OnceLock::new();

/// `http://host:port` of the site under test, starting one on first use
/// when `TARGET_HOST` is not set.
pub fn base_url() -> &'static str {
    BASE_URL.get_or_init(|| match std::env::var("TARGET_HOST") {
        Ok(target) if !target.trim().is_empty() => testkit::normalise_base(&target),
        _ => start_local(),
    })
}

/// Where the site under test leaves the messages it sends: the local
/// copy's mail folder, or `FTESTS_MAIL_DIR` (a maildir or `.eml` folder the
/// deployed site's mail reaches). `None`, after saying why, when neither.
pub fn mail_dir() -> Option<PathBuf> {
    base_url();
    if let Some(local) = LOCAL.get() {
        return Some(local.mail.path().to_path_buf());
    }
    let dir = std::env::var_os("FTESTS_MAIL_DIR").map(PathBuf::from);
    if dir.is_none() {
        // A deployed site's mail may go where tests cannot read it.
        testkit::skip("a story reading the site's email", "TARGET_HOST is set but FTESTS_MAIL_DIR is not");
    }
    dir
}

/// A new session for `email` (the user made if needed): its id, the
/// `sessionid` cookie. In-process by the library call; on a deployed site
/// by `superlists create-session` through the `FTESTS_MANAGE` command
/// template. `None`, after saying why, when neither is possible.
pub fn create_session(email: &str) -> Option<String> {
    base_url();
    if let Some(local) = LOCAL.get() {
        return Some(local.db.create_session(email));
    }
    let Ok(template) = std::env::var("FTESTS_MANAGE") else {
        testkit::skip("a story with a logged-in visitor", "TARGET_HOST is set but FTESTS_MANAGE is not");
        return None;
    };
    let output = manage_command(&template, &["create-session", email])
        .output()
        .unwrap_or_else(|e| panic!("FTESTS_MANAGE={template:?}: {e}"));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "create-session through {template:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    Some(stdout.trim().to_string())
}

/// `FTESTS_MANAGE` with `{args}` replaced by `args`, each quoted for the
/// shell that runs it (`docker compose exec -T web superlists {args}`).
pub fn manage_command(template: &str, args: &[&str]) -> Command {
    let quoted: Vec<String> = args.iter().map(|a| format!("'{}'", a.replace('\'', r"'\''"))).collect();
    let mut command = Command::new("sh");
    command.args(["-c", &template.replace("{args}", &quoted.join(" "))]);
    command
}

/// Staging settings on a fresh SQLite file, migrated the way an operator
/// would (`superlists migrate`), on a free port.
fn start_local() -> String {
    let db = TestDb::new(Backend::Sqlite).expect("a SQLite test database");
    db.migrate();
    let mail = tempfile::tempdir().expect("a mail folder");
    let mail_path = mail.path().display().to_string();
    let vars = [("APP_SETTINGS", "staging"), ("ALLOWED_HOSTS", "127.0.0.1;localhost"), ("EMAIL_FILE_PATH", &mail_path)];
    let settings = settings_with(&db.raw_url(), &vars);
    let server = BackgroundServer::start(settings).expect("the site starts");
    let url = server.base_url();
    eprintln!("ftests: no TARGET_HOST, testing a local copy at {url}");
    let _ = LOCAL.set(LocalSite { _server: server, db, mail });
    url
}

#[cfg(test)]
mod tests {
    #[test]
    fn manage_arguments_reach_the_command_as_given() {
        let out = super::manage_command("printf '%s|' {args}", &["create-session", "o'brien@example.com", "$HOME"])
            .output()
            .expect("sh");
        assert_eq!(String::from_utf8_lossy(&out.stdout), "create-session|o'brien@example.com|$HOME|");
    }
}
