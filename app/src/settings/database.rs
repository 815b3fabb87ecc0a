//! `DATABASE_URL`: where the data lives; the scheme picks the diesel backend.

use std::fmt;

use percent_encoding::percent_decode_str;
use secrecy::{ExposeSecret, SecretString};
use url::Url;

#[derive(Clone)]
pub enum DatabaseUrl {
    Postgres(SecretString),
    /// A file path (or `:memory:`), without the `sqlite://` prefix.
    Sqlite(String),
}

impl DatabaseUrl {
    pub fn parse(raw: &str) -> Result<Self, String> {
        let raw = raw.trim();
        if let Some(path) = raw.strip_prefix("sqlite://").or_else(|| raw.strip_prefix("sqlite:")) {
            if path.is_empty() {
                return Err("sqlite URL has no file path (expected sqlite://PATH)".into());
            }
            return Ok(DatabaseUrl::Sqlite(path.to_string()));
        }
        if raw.starts_with("postgres://") || raw.starts_with("postgresql://") {
            let url = Url::parse(raw).map_err(|e| format!("not a valid postgres URL: {e}"))?;
            if url.host_str().is_none_or(str::is_empty) || url.path().len() < 2 {
                return Err("postgres URL has no host or database".into());
            }
            return Ok(DatabaseUrl::Postgres(SecretString::from(raw.to_string())));
        }
        Err("expected postgres://USER:PASSWORD@HOST:PORT/NAME or sqlite://PATH".into())
    }

    pub fn backend(&self) -> &'static str {
        match self {
            DatabaseUrl::Postgres(_) => "postgres",
            DatabaseUrl::Sqlite(_) => "sqlite",
        }
    }

    /// The URL with any password replaced, fit for logs and debug pages.
    pub fn redacted(&self) -> String {
        match self {
            DatabaseUrl::Sqlite(path) => format!("sqlite://{path}"),
            DatabaseUrl::Postgres(_) => self.postgres_url(|url| {
                if url.password().is_some() {
                    // Only fails for URLs that cannot have a password, which have none.
                    let _ = url.set_password(Some("********"));
                }
            }),
        }
    }

    /// The URL without its password, and the password (percent-decoded):
    /// what a client such as `psql` takes as an argument and in `PGPASSWORD`.
    pub fn split_password(&self) -> (String, Option<SecretString>) {
        let mut password = None;
        let url = match self {
            DatabaseUrl::Sqlite(_) => self.redacted(),
            DatabaseUrl::Postgres(_) => self.postgres_url(|url| {
                password =
                    url.password().map(|p| SecretString::from(percent_decode_str(p).decode_utf8_lossy().into_owned()));
                let _ = url.set_password(None);
            }),
        };
        (url, password)
    }

    /// The PostgreSQL URL as changed by `edit`.
    fn postgres_url(&self, edit: impl FnOnce(&mut Url)) -> String {
        let DatabaseUrl::Postgres(raw) = self else { return String::new() };
        // `parse` checked it; a URL made some other way is shown as nothing.
        let Ok(mut url) = Url::parse(raw.expose_secret()) else { return "postgres://********".into() };
        edit(&mut url);
        url.to_string()
    }
}

impl fmt::Debug for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.redacted())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_scheme_picks_the_backend_and_the_password_is_hidden() {
        let pg = DatabaseUrl::parse("postgresql://app:hunter2@db/superlists").expect("pg url");
        assert_eq!(pg.backend(), "postgres");
        assert_eq!(pg.redacted(), "postgresql://app:********@db/superlists");
        assert!(!format!("{pg:?}").contains("hunter2"));
        let lite = DatabaseUrl::parse("sqlite:///var/lib/superlists/db.sqlite3").expect("sqlite url");
        assert_eq!(lite.backend(), "sqlite");
        assert_eq!(lite.redacted(), "sqlite:///var/lib/superlists/db.sqlite3");
    }

    #[test]
    fn the_password_is_split_off_and_decoded() {
        let pg = DatabaseUrl::parse("postgres://app:p%40ss%3Aword@db:5432/superlists?sslmode=require").expect("pg");
        let (url, password) = pg.split_password();
        assert_eq!(url, "postgres://app@db:5432/superlists?sslmode=require");
        assert_eq!(password.map(|p| p.expose_secret().to_string()).as_deref(), Some("p@ss:word"));
        let (url, password) = DatabaseUrl::parse("postgres://app@db/x").expect("pg").split_password();
        assert_eq!((url.as_str(), password.is_none()), ("postgres://app@db/x", true));
    }

    #[test]
    fn malformed_urls_are_refused() {
        for raw in ["mysql://x", "sqlite://", "postgres://", "postgres://db", "postgres://u:p@:5432/x", "x"] {
            assert!(DatabaseUrl::parse(raw).is_err(), "{raw} accepted");
        }
    }
}
