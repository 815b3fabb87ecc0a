//! Typed settings, read once at start from the environment.
//!
//! `APP_SETTINGS` picks the profile (like Django's settings modules); each
//! variable is then read, or falls back to that profile's default from the
//! table in [`defaults`], and parsed by the rule for its kind of value. A bad
//! value stops start-up with one [`SettingsError`] line naming the variable.

mod database;
mod defaults;
mod deploy;
mod describe;
mod email;
mod error;
mod hosts;
mod profile;
mod secret;
mod values;

use std::net::SocketAddr;
use std::path::PathBuf;

use secrecy::SecretString;

pub use database::DatabaseUrl;
pub use defaults::{INSECURE_SECRET_KEY, names};
pub use email::{EmailBackend, EmailSettings};
pub use error::SettingsError;
pub use hosts::AllowedHosts;
pub use profile::Profile;
pub use secret::MIN_SECRET_KEY_LEN;

use crate::net::TrustedProxies;
use defaults::Fallback;

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
    /// Peers whose `X-Forwarded-For` is believed.
    pub trusted_proxies: TrustedProxies,
    /// Directory the app serves `STATIC_URL` from (nginx serves it in the stack).
    pub static_root: PathBuf,
    pub bind: SocketAddr,
    pub workers: usize,
    pub db_pool_size: u32,
    /// `RUST_LOG`: env_logger's filter.
    pub log_filter: String,
    pub email: EmailSettings,
}

impl Settings {
    /// Reads the process environment (after `.env` in development).
    pub fn from_env() -> Result<Self, SettingsError> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// Reads settings through `lookup`, so tests can pass a map.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, SettingsError> {
        let lookup = |name: &str| lookup(name).filter(|v| !v.trim().is_empty());
        let profile = Profile::parse(lookup("APP_SETTINGS").as_deref())
            .map_err(|message| SettingsError { variable: "APP_SETTINGS", message })?;
        let read = Reader { lookup, profile };
        Ok(Settings {
            profile,
            secret_key: read.value("SECRET_KEY", |raw| secret_key(raw, profile))?,
            debug: read.value("DEBUG", values::boolean)?,
            allowed_hosts: read.value("ALLOWED_HOSTS", AllowedHosts::parse)?,
            database_url: read.value("DATABASE_URL", DatabaseUrl::parse)?,
            static_url: read.value("STATIC_URL", values::url_folder)?,
            url_prefix: read.value("URL_PREFIX", values::url_prefix)?,
            trusted_proxies: read.value("TRUSTED_PROXIES", TrustedProxies::parse)?,
            static_root: read.value("STATIC_ROOT", |raw| Ok(PathBuf::from(raw)))?,
            bind: read.value("BIND", values::socket_address)?,
            workers: read.value("WORKERS", values::positive)?,
            db_pool_size: read.value("DB_POOL_SIZE", values::positive)?,
            log_filter: read.value("RUST_LOG", values::text)?,
            email: email::read(&read, profile)?,
        })
    }

    /// Cookies carry `Secure` in production (the site is served over TLS).
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
}

/// A weak key is refused in production only; `check --deploy` warns of it anywhere.
fn secret_key(raw: &str, profile: Profile) -> Result<SecretString, String> {
    let key = SecretString::from(raw.to_string());
    match secret::weakness(&key) {
        Some(weakness) if profile == Profile::Production => Err(format!("{weakness}: refused in production")),
        _ => Ok(key),
    }
}

/// Reads one variable, or its profile's fallback, through its parser.
struct Reader<L> {
    lookup: L,
    profile: Profile,
}

impl<L: Fn(&str) -> Option<String>> Reader<L> {
    fn value<T>(&self, name: &'static str, parse: impl Fn(&str) -> Result<T, String>) -> Result<T, SettingsError> {
        let error = |message| SettingsError { variable: name, message };
        let fallback = defaults::variable(name).map(|v| v.fallback(self.profile));
        let raw = match ((self.lookup)(name), fallback) {
            (Some(raw), _) => raw,
            (None, Some(Fallback::Value(value))) => value.to_string(),
            (None, Some(Fallback::Computed(compute))) => compute(),
            (None, Some(Fallback::Required)) => return Err(error(format!("required in {}", self.profile.as_str()))),
            (None, None) => return Err(error("is missing from the table of defaults".into())),
        };
        parse(&raw).map_err(error)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use std::collections::HashMap;

    pub fn settings(vars: &[(&str, &str)]) -> Result<Settings, SettingsError> {
        let map: HashMap<String, String> = vars.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        Settings::from_lookup(|name| map.get(name).cloned())
    }

    pub const GOOD_KEY: &str = "0123456789abcdef0123456789abcdef-prod";

    pub fn production(extra: &[(&'static str, &'static str)]) -> Result<Settings, SettingsError> {
        let mut vars = vec![
            ("APP_SETTINGS", "production"),
            ("SECRET_KEY", GOOD_KEY),
            ("ALLOWED_HOSTS", "superlists.example.com"),
            ("DATABASE_URL", "postgres://app:hunter2@db:5432/superlists"),
            ("DEFAULT_FROM_EMAIL", "Superlists <noreply@superlists.example.com>"),
        ];
        vars.retain(|(name, _)| extra.iter().all(|(k, _)| k != name));
        vars.extend_from_slice(extra);
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
        assert!(s.allowed_hosts.allows("localhost") && s.allowed_hosts.allows("127.0.0.1"));
        assert!(!s.allowed_hosts.allows("evil.example"));
        assert_eq!((s.static_url.as_str(), s.bind.to_string().as_str()), ("/static/", "127.0.0.1:8000"));
        assert_eq!((s.db_pool_size, s.log_filter.as_str()), (10, "info,actix_server=warn"));
        assert!(s.workers >= 1);
    }

    #[test]
    fn unknown_profile_is_refused() {
        assert_eq!(error_variable(settings(&[("APP_SETTINGS", "prod")])), "APP_SETTINGS");
    }

    #[test]
    fn production_requires_each_secret_setting() {
        assert!(production(&[]).is_ok());
        for var in ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "DEFAULT_FROM_EMAIL"] {
            let err = production(&[(var, "")]).err().unwrap_or_else(|| panic!("{var} missing but accepted"));
            assert_eq!(err.to_string(), format!("configuration error: {var}: required in production"));
        }
    }

    #[test]
    fn production_refuses_short_or_development_key() {
        assert_eq!(error_variable(production(&[("SECRET_KEY", "short")])), "SECRET_KEY");
        assert_eq!(error_variable(production(&[("SECRET_KEY", INSECURE_SECRET_KEY)])), "SECRET_KEY");
        assert!(settings(&[("SECRET_KEY", "short")]).is_ok(), "development takes any key");
    }

    #[test]
    fn production_sends_mail_with_smtp_only() {
        assert!(matches!(production(&[]).expect("smtp").email.backend, EmailBackend::Smtp { .. }));
        for other in ["file", "console"] {
            assert_eq!(error_variable(production(&[("EMAIL_BACKEND", other)])), "EMAIL_BACKEND", "{other}");
        }
        assert!(matches!(settings(&[]).expect("dev").email.backend, EmailBackend::File(_)));
        assert_eq!(error_variable(production(&[("EMAIL_PORT", "smtp")])), "EMAIL_PORT");
    }

    #[test]
    fn production_defaults_debug_off_and_secure_cookies() {
        let s = production(&[]).expect("valid production settings");
        assert!(!s.debug);
        assert!(s.secure_cookies());
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
            ("EMAIL_BACKEND", "pigeon"),
            ("DEFAULT_FROM_EMAIL", "not an address"),
        ] {
            let err = settings(&[(var, value)]).err().unwrap_or_else(|| panic!("{var}={value} accepted"));
            assert_eq!(err.variable, var);
            assert!(err.to_string().starts_with(&format!("configuration error: {var}: ")), "{err}");
        }
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
    fn every_variable_has_a_fallback_or_a_requirement_in_every_profile() {
        for profile in Profile::ALL {
            let required = [
                ("SECRET_KEY", GOOD_KEY),
                ("DATABASE_URL", "sqlite://x"),
                ("ALLOWED_HOSTS", "a.test"),
                ("DEFAULT_FROM_EMAIL", "a@a.test"),
            ];
            let result = settings(&[&[("APP_SETTINGS", profile.as_str())][..], &required].concat());
            assert!(result.is_ok(), "{}: {:?}", profile.as_str(), result.err());
        }
    }
}
