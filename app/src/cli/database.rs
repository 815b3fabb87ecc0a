//! `migrate`, `flush` and `dbshell`.

use std::io::{BufRead, IsTerminal, Write};
use std::os::unix::process::CommandExt;
use std::process::Command;

use anyhow::{Context, bail};
use secrecy::ExposeSecret;

use crate::db::{self, migrate as migrations};
use crate::settings::{DatabaseUrl, Profile, Settings};

pub fn migrate(settings: &Settings) -> anyhow::Result<()> {
    db::wait_for_database(&settings.database_url, settings.database_wait)?;
    let pool = db::build_pool(&settings.database_url, 1)?;
    let mut conn = pool.get().context("cannot get a database connection")?;
    let applied = migrations::run_pending(&mut conn)?;
    if applied.is_empty() {
        println!("No migrations to apply.");
    }
    for name in applied {
        println!("Applied {name}");
    }
    Ok(())
}

/// Empties every table, after asking (see the command's help).
pub fn flush(settings: &Settings, noinput: bool, allow_production: bool) -> anyhow::Result<()> {
    let target = settings.database_url.redacted();
    if settings.profile == Profile::Production && !allow_production {
        bail!("refusing to flush a production database ({target}): add --allow-production if you mean it");
    }
    if !noinput {
        confirm(&format!("This deletes every row in {target} ({}).", settings.profile.as_str()))?;
    }
    let pool = db::build_pool(&settings.database_url, 1)?;
    let mut conn = pool.get().context("cannot get a database connection")?;
    let tables = db::flush::delete_all_rows(&mut conn).context("cannot empty the tables")?;
    println!("Emptied {} tables: {}", tables.len(), tables.join(", "));
    Ok(())
}

/// Asks on the terminal; without one there is nobody to ask.
fn confirm(what: &str) -> anyhow::Result<()> {
    if !std::io::stdin().is_terminal() {
        bail!("standard input is not a terminal, so nobody can confirm: add --noinput to flush without asking");
    }
    eprint!("{what}\nType 'yes' to continue, or anything else to cancel: ");
    std::io::stderr().flush()?;
    let mut answer = String::new();
    std::io::stdin().lock().read_line(&mut answer).context("cannot read the answer")?;
    if answer.trim() != "yes" {
        bail!("flush cancelled: nothing deleted");
    }
    Ok(())
}

/// Replaces this process with the database's own client. The password goes
/// in its environment: any local user can read a command line in `ps`.
pub fn dbshell(settings: &Settings) -> anyhow::Result<()> {
    let (client, package) = match settings.database_url {
        DatabaseUrl::Postgres(_) => ("psql", "postgresql-client"),
        DatabaseUrl::Sqlite(_) => ("sqlite3", "sqlite3"),
    };
    let mut command = Command::new(client);
    let (url, password) = settings.database_url.split_password();
    if let DatabaseUrl::Sqlite(path) = &settings.database_url {
        command.arg(path);
    } else {
        command.arg(url);
    }
    if let Some(password) = password {
        command.env("PGPASSWORD", password.expose_secret());
    }
    // exec only returns on failure.
    let err = command.exec();
    if err.kind() == std::io::ErrorKind::NotFound {
        bail!("{client} is not installed (on Debian: apt-get install {package})");
    }
    Err(err).with_context(|| format!("cannot run {client}"))
}
