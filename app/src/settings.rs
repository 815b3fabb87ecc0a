//! Typed settings, read once at start from the environment.
//!
//! `APP_SETTINGS` picks the profile (like Django's settings modules); each
//! variable is then read with that profile's default. A bad value stops
//! start-up with one [`SettingsError`] line naming the variable.

use std::fmt;
use std::net::SocketAddr;
use std::path::PathBuf;

use secrecy::{ExposeSecret, SecretString};

use crate::middleware::forwarded::IpNet;

/// The development key: public on purpose, refused in production.
pub const INSECURE_SECRET_KEY: &str = "django-insecure-superlists-development-key-do-not-use";
/// Shortest `SECRET_KEY` production accepts, in bytes.
pub const MIN_SECRET_KEY_LEN: usize = 32;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Profile {
    Development,
    Staging,
    Production,
}

impl Profile {
    pub fn as_str(self) -> &'static str {
        match self {
            Profile::Development => "development",
            Profile::Staging => "staging",
            Profile::Production => "production",
        }
    }
}

/// Which hosts may be named in a request's `Host` header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AllowedHosts {
    Any,
    Only(Vec<String>),
}

impl AllowedHosts {
    fn parse(raw: &str) -> Result<Self, String> {
        let hosts: Vec<String> =
            raw.split(';').map(|h| h.trim().to_ascii_lowercase()).filter(|h| !h.is_empty()).collect();
        if hosts.is_empty() {
            return Err("expected one or more host names separated by ';'".into());
        }
        if hosts.iter().any(|h| h == "*") {
            return Ok(AllowedHosts::Any);
        }
        Ok(AllowedHosts::Only(hosts))
    }

    /// `host` is the Host header without its port. A leading dot in the
    /// setting allows the domain and its subdomains, as in Django.
    pub fn allows(&self, host: &str) -> bool {
        let host = host.to_ascii_lowercase();
        match self {
            AllowedHosts::Any => true,
            AllowedHosts::Only(hosts) => hosts.iter().any(|allowed| match allowed.strip_prefix('.') {
                Some(domain) => host == domain || host.ends_with(allowed.as_str()),
                None => host == *allowed,
            }),
        }
    }
}

impl fmt::Display for AllowedHosts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AllowedHosts::Any => f.write_str("*"),
            AllowedHosts::Only(hosts) => f.write_str(&hosts.join(";")),
        }
    }
}

/// Where the data lives; the scheme picks the diesel backend.
#[derive(Clone)]
pub enum DatabaseUrl {
    Postgres(SecretString),
    /// A file path (or `:memory:`), without the `sqlite://` prefix.
    Sqlite(String),
}

impl DatabaseUrl {
    pub fn parse(raw: &str) -> Result<Self, String> {
        let raw = raw.trim();
        if let Some(rest) = raw.strip_prefix("sqlite://").or_else(|| raw.strip_prefix("sqlite:")) {
            if rest.is_empty() {
                return Err("sqlite URL has no file path (expected sqlite://PATH)".into());
            }
            return Ok(DatabaseUrl::Sqlite(rest.to_string()));
        }
        if let Some(rest) = raw.strip_prefix("postgres://").or_else(|| raw.strip_prefix("postgresql://")) {
            let host_part = rest.rsplit_once('@').map_or(rest, |(_, h)| h);
            if host_part.is_empty() || host_part.starts_with('/') && host_part.len() == 1 {
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
            DatabaseUrl::Postgres(url) => redact_password(url.expose_secret()),
        }
    }
}

impl fmt::Debug for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.redacted())
    }
}

fn redact_password(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return "********".into();
    };
    match rest.rsplit_once('@') {
        Some((userinfo, host)) => {
            let user = userinfo.split(':').next().unwrap_or_default();
            if userinfo.contains(':') {
                format!("{scheme}://{user}:********@{host}")
            } else {
                format!("{scheme}://{user}@{host}")
            }
        }
        None => url.to_string(),
    }
}

/// A setting that could not be used: the variable and why.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("configuration error: {variable}: {message}")]
pub struct SettingsError {
    pub variable: &'static str,
    pub message: String,
}

fn invalid(variable: &'static str, message: impl Into<String>) -> SettingsError {
    SettingsError { variable, message: message.into() }
}

#[derive(Clone)]
pub struct Settings {
    pub profile: Profile,
    pub secret_key: SecretString,
    pub debug: bool,
    pub allowed_hosts: AllowedHosts,
    pub database_url: DatabaseUrl,
    pub static_url: String,
    /// Path the site is mounted under behind a shared proxy (`/staging`), or "".
    pub url_prefix: String,
    /// Directory the app serves `STATIC_URL` from (nginx serves it in the stack).
    pub static_root: PathBuf,
    pub bind: SocketAddr,
    pub workers: usize,
    pub db_pool_size: u32,
    /// Peers whose `X-Forwarded-For` is believed (addresses or networks).
    pub trusted_proxies: Vec<IpNet>,
}

impl fmt::Debug for Settings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (name, value) in self.describe() {
            writeln!(f, "{name}={value}")?;
        }
        Ok(())
    }
}

impl Settings {
    /// Reads the process environment (after `.env` in development).
    pub fn from_env() -> Result<Self, SettingsError> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// Reads settings through `lookup`, so tests can pass a map.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, SettingsError> {
        let var = |name: &str| lookup(name).filter(|v| !v.trim().is_empty());

        let profile = match var("APP_SETTINGS").as_deref().map(str::trim) {
            None | Some("development") => Profile::Development,
            Some("staging") => Profile::Staging,
            Some("production") => Profile::Production,
            Some(other) => {
                return Err(invalid(
                    "APP_SETTINGS",
                    format!("unknown profile {other:?} (expected development, staging or production)"),
                ));
            }
        };

        let secret_key = match (var("SECRET_KEY"), profile) {
            (Some(key), Profile::Production) if key.len() < MIN_SECRET_KEY_LEN => {
                return Err(invalid(
                    "SECRET_KEY",
                    format!("must be at least {MIN_SECRET_KEY_LEN} bytes in production (got {})", key.len()),
                ));
            }
            (Some(key), Profile::Production) if key == INSECURE_SECRET_KEY => {
                return Err(invalid("SECRET_KEY", "the development key cannot be used in production"));
            }
            (Some(key), _) => key,
            (None, Profile::Production) => return Err(invalid("SECRET_KEY", "required in production")),
            (None, _) => INSECURE_SECRET_KEY.to_string(),
        };

        let debug = match var("DEBUG") {
            Some(raw) => {
                parse_bool(&raw).ok_or_else(|| invalid("DEBUG", format!("expected true or false, got {raw:?}")))?
            }
            None => profile != Profile::Production,
        };

        let allowed_hosts = match (var("ALLOWED_HOSTS"), profile) {
            (Some(raw), _) => AllowedHosts::parse(&raw).map_err(|m| invalid("ALLOWED_HOSTS", m))?,
            (None, Profile::Production) => return Err(invalid("ALLOWED_HOSTS", "required in production")),
            (None, Profile::Staging) => AllowedHosts::Any,
            (None, Profile::Development) => {
                AllowedHosts::Only(vec!["localhost".into(), "127.0.0.1".into(), "[::1]".into()])
            }
        };

        let database_url = match (var("DATABASE_URL"), profile) {
            (Some(raw), _) => DatabaseUrl::parse(&raw).map_err(|m| invalid("DATABASE_URL", m))?,
            (None, Profile::Development) => DatabaseUrl::Sqlite("db.sqlite3".into()),
            (None, _) => return Err(invalid("DATABASE_URL", format!("required in {}", profile.as_str()))),
        };

        let static_url = var("STATIC_URL").unwrap_or_else(|| "/static/".into());
        if !static_url.starts_with('/') || !static_url.ends_with('/') {
            return Err(invalid("STATIC_URL", format!("must start and end with '/', got {static_url:?}")));
        }
        let url_prefix = match var("URL_PREFIX") {
            None => String::new(),
            Some(raw) if raw.starts_with('/') && !raw.contains(['?', '#', ' ']) => {
                raw.trim_end_matches('/').to_string()
            }
            Some(raw) => return Err(invalid("URL_PREFIX", format!("must be a path such as /staging, got {raw:?}"))),
        };
        let static_root = var("STATIC_ROOT").map(PathBuf::from).unwrap_or_else(default_static_root);

        let bind = match var("BIND") {
            Some(raw) => raw
                .parse()
                .map_err(|_| invalid("BIND", format!("expected ADDRESS:PORT such as 0.0.0.0:8000, got {raw:?}")))?,
            None => SocketAddr::from(([127, 0, 0, 1], 8000)),
        };
        let workers = parse_positive("WORKERS", var("WORKERS"), default_workers())?;
        let db_pool_size = parse_positive("DB_POOL_SIZE", var("DB_POOL_SIZE"), 10)?;
        let trusted_proxies = var("TRUSTED_PROXIES")
            .map(|raw| raw.split(';').map(str::trim).filter(|p| !p.is_empty()).map(IpNet::parse).collect())
            .transpose()
            .map_err(|m| invalid("TRUSTED_PROXIES", m))?
            .unwrap_or_default();

        Ok(Settings {
            profile,
            secret_key: SecretString::from(secret_key),
            debug,
            allowed_hosts,
            database_url,
            static_url,
            url_prefix,
            static_root,
            bind,
            workers,
            db_pool_size,
            trusted_proxies,
        })
    }

    /// Development settings on the given database: what tests start.
    pub fn for_tests(database_url: DatabaseUrl) -> Self {
        let mut settings =
            Settings::from_lookup(|_| None).unwrap_or_else(|e| unreachable!("development defaults are valid: {e}"));
        settings.database_url = database_url;
        settings.bind = SocketAddr::from(([127, 0, 0, 1], 0));
        settings.workers = 2;
        settings
    }

    /// Cookies carry `Secure` outside development (the site is served over TLS).
    pub fn secure_cookies(&self) -> bool {
        self.profile == Profile::Production
    }

    /// Whether pending migrations are applied by `serve` itself.
    pub fn migrate_on_serve(&self) -> bool {
        self.profile == Profile::Development
    }

    /// An absolute path on this site: `path` under `URL_PREFIX`.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.url_prefix)
    }

    /// Every setting as name and printable value, secrets redacted.
    pub fn describe(&self) -> Vec<(&'static str, String)> {
        let secret = if self.secret_key.expose_secret() == INSECURE_SECRET_KEY {
            "<the insecure development key>".to_string()
        } else {
            format!("******** ({} bytes)", self.secret_key.expose_secret().len())
        };
        vec![
            ("APP_SETTINGS", self.profile.as_str().to_string()),
            ("SECRET_KEY", secret),
            ("DEBUG", self.debug.to_string()),
            ("ALLOWED_HOSTS", self.allowed_hosts.to_string()),
            ("DATABASE_URL", self.database_url.redacted()),
            ("STATIC_URL", self.static_url.clone()),
            ("URL_PREFIX", self.url_prefix.clone()),
            ("STATIC_ROOT", self.static_root.display().to_string()),
            ("BIND", self.bind.to_string()),
            ("WORKERS", self.workers.to_string()),
            ("DB_POOL_SIZE", self.db_pool_size.to_string()),
            ("TRUSTED_PROXIES", self.trusted_proxies.iter().map(ToString::to_string).collect::<Vec<_>>().join(";")),
        ]
    }

    /// Every unsafe production setting, as `check --deploy` reports them.
    pub fn deploy_warnings(&self) -> Vec<String> {
        let mut warnings = Vec::new();
        if self.debug {
            warnings.push("DEBUG is on: error pages would show internal details".to_string());
        }
        let key = self.secret_key.expose_secret();
        if key == INSECURE_SECRET_KEY {
            warnings.push("SECRET_KEY is the public development key".to_string());
        } else if key.len() < MIN_SECRET_KEY_LEN {
            warnings.push(format!("SECRET_KEY is shorter than {MIN_SECRET_KEY_LEN} bytes"));
        }
        if self.allowed_hosts == AllowedHosts::Any {
            warnings.push("ALLOWED_HOSTS contains '*': any Host header is accepted".to_string());
        }
        if matches!(self.database_url, DatabaseUrl::Sqlite(_)) {
            warnings.push("DATABASE_URL is SQLite: use PostgreSQL in production".to_string());
        }
        if !self.secure_cookies() {
            warnings.push(format!(
                "cookies are sent without Secure (APP_SETTINGS={}): set APP_SETTINGS=production",
                self.profile.as_str()
            ));
        }
        warnings
    }
}

fn parse_bool(raw: &str) -> Option<bool> {
    match raw.trim().to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" | "on" => Some(true),
        "0" | "false" | "no" | "off" => Some(false),
        _ => None,
    }
}

fn parse_positive<T>(variable: &'static str, raw: Option<String>, default: T) -> Result<T, SettingsError>
where
    T: std::str::FromStr + PartialOrd + Default,
{
    let Some(raw) = raw else { return Ok(default) };
    match raw.trim().parse::<T>() {
        Ok(n) if n > T::default() => Ok(n),
        _ => Err(invalid(variable, format!("expected a positive whole number, got {raw:?}"))),
    }
}

fn default_workers() -> usize {
    std::thread::available_parallelism().map_or(2, |n| n.get())
}

fn default_static_root() -> PathBuf {
    // A source checkout serves the crate's own folder; an image sets STATIC_ROOT.
    let in_checkout = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/static"));
    if in_checkout.is_dir() { in_checkout } else { PathBuf::from("static") }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn settings(vars: &[(&str, &str)]) -> Result<Settings, SettingsError> {
        let map: HashMap<String, String> = vars.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        Settings::from_lookup(|name| map.get(name).cloned())
    }

    const GOOD_KEY: &str = "0123456789abcdef0123456789abcdef-prod";

    fn production(extra: &[(&'static str, &'static str)]) -> Result<Settings, SettingsError> {
        let mut vars = vec![
            ("APP_SETTINGS", "production"),
            ("SECRET_KEY", GOOD_KEY),
            ("ALLOWED_HOSTS", "superlists.example.com"),
            ("DATABASE_URL", "postgres://app:hunter2@db:5432/superlists"),
        ];
        for (k, v) in extra {
            vars.retain(|(name, _)| name != k);
            vars.push((k, v));
        }
        settings(&vars)
    }

    fn error_variable(result: Result<Settings, SettingsError>) -> &'static str {
        match result {
            Ok(_) => panic!("expected a settings error"),
            Err(e) => e.variable,
        }
    }

    #[test]
    fn development_defaults_need_nothing() {
        let s = settings(&[]).expect("defaults");
        assert_eq!(s.profile, Profile::Development);
        assert!(s.debug);
        assert_eq!(s.database_url.redacted(), "sqlite://db.sqlite3");
        assert!(s.allowed_hosts.allows("localhost"));
        assert!(s.allowed_hosts.allows("127.0.0.1"));
        assert!(!s.allowed_hosts.allows("evil.example"));
        assert_eq!(s.static_url, "/static/");
        assert_eq!(s.bind.to_string(), "127.0.0.1:8000");
    }

    #[test]
    fn unknown_profile_is_refused() {
        assert_eq!(error_variable(settings(&[("APP_SETTINGS", "prod")])), "APP_SETTINGS");
    }

    #[test]
    fn production_requires_each_secret_setting() {
        assert!(production(&[]).is_ok());
        for var in ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL"] {
            assert_eq!(error_variable(production(&[(var, "")])), var, "{var} missing");
        }
    }

    #[test]
    fn production_refuses_short_or_development_key() {
        assert_eq!(error_variable(production(&[("SECRET_KEY", "short")])), "SECRET_KEY");
        assert_eq!(error_variable(production(&[("SECRET_KEY", INSECURE_SECRET_KEY)])), "SECRET_KEY");
    }

    #[test]
    fn production_defaults_debug_off_and_secure_cookies() {
        let s = production(&[]).expect("valid production settings");
        assert!(!s.debug);
        assert!(s.secure_cookies());
        assert!(s.deploy_warnings().is_empty(), "{:?}", s.deploy_warnings());
    }

    #[test]
    fn staging_needs_a_database_but_allows_any_host() {
        assert_eq!(error_variable(settings(&[("APP_SETTINGS", "staging")])), "DATABASE_URL");
        let s = settings(&[("APP_SETTINGS", "staging"), ("DATABASE_URL", "sqlite:///tmp/x.db")]).expect("staging");
        assert!(s.debug);
        assert!(s.allowed_hosts.allows("anything.example"));
    }

    #[test]
    fn malformed_values_name_their_variable() {
        for (var, value) in [
            ("WORKERS", "abc"),
            ("WORKERS", "0"),
            ("DB_POOL_SIZE", "-3"),
            ("DATABASE_URL", "mysql://x"),
            ("DATABASE_URL", "sqlite://"),
            ("DEBUG", "maybe"),
            ("BIND", "localhost"),
            ("STATIC_URL", "static"),
            ("URL_PREFIX", "staging"),
            ("TRUSTED_PROXIES", "nginx"),
        ] {
            let err = settings(&[(var, value)]).err().unwrap_or_else(|| panic!("{var}={value} accepted"));
            assert_eq!(err.variable, var);
            assert!(err.to_string().starts_with(&format!("configuration error: {var}: ")), "{err}");
        }
    }

    #[test]
    fn database_url_picks_backend_and_hides_password() {
        let pg = DatabaseUrl::parse("postgresql://app:hunter2@db/superlists").expect("pg url");
        assert_eq!(pg.backend(), "postgres");
        assert_eq!(pg.redacted(), "postgresql://app:********@db/superlists");
        assert!(!format!("{pg:?}").contains("hunter2"));
        let lite = DatabaseUrl::parse("sqlite:///var/lib/superlists/db.sqlite3").expect("sqlite url");
        assert_eq!(lite.backend(), "sqlite");
    }

    #[test]
    fn describe_never_shows_secrets() {
        let s = production(&[]).expect("valid");
        let shown = format!("{s:?}");
        assert!(!shown.contains(GOOD_KEY));
        assert!(!shown.contains("hunter2"));
        assert!(shown.contains("APP_SETTINGS=production"));
    }

    #[test]
    fn url_prefix_is_a_path_without_trailing_slash() {
        assert_eq!(settings(&[]).expect("dev").url("/lists/1/"), "/lists/1/");
        let staging = settings(&[("URL_PREFIX", "/staging/")]).expect("prefix");
        assert_eq!(staging.url_prefix, "/staging");
        assert_eq!(staging.url("/lists/new"), "/staging/lists/new");
        assert_eq!(settings(&[("URL_PREFIX", "/")]).expect("root").url_prefix, "");
    }

    #[test]
    fn allowed_hosts_with_leading_dot_allow_subdomains() {
        let hosts = AllowedHosts::parse(".example.com; other.org").expect("hosts");
        assert!(hosts.allows("example.com"));
        assert!(hosts.allows("www.EXAMPLE.com"));
        assert!(!hosts.allows("badexample.com"));
        assert!(hosts.allows("other.org"));
        assert!(!hosts.allows("sub.other.org"));
    }

    #[test]
    fn check_deploy_lists_every_unsafe_setting() {
        let s = settings(&[("ALLOWED_HOSTS", "*")]).expect("dev");
        let warnings = s.deploy_warnings().join("\n");
        for needle in ["DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "SQLite", "Secure"] {
            assert!(warnings.contains(needle), "missing {needle} in {warnings}");
        }
    }
}
