//! `migrate` and `dbshell`.

use std::os::unix::process::CommandExt;
use std::process::Command;

use anyhow::{Context, bail};
use secrecy::ExposeSecret;

use crate::db::{self, migrate as migrations};
use crate::settings::{DatabaseUrl, Settings};

pub fn migrate(settings: &Settings) -> anyhow::Result<()> {
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
