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
mod limits;
mod log_format;
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
pub use limits::{LIMIT_WINDOW_SECONDS, RateLimits, StreamLimits};
pub use log_format::LogFormat;
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
    /// `SITE_URL`: the origin (`https://host[:port]`) login links name.
    pub site_url: Option<String>,
    /// Path the site is mounted under behind a shared proxy (`/staging`), or "".
    pub url_prefix: String,
    /// Peers whose `X-Forwarded-For` is believed.
    pub trusted_proxies: TrustedProxies,
    /// Directory the app serves `STATIC_URL` from (nginx serves it in the stack).
    pub static_root: PathBuf,
    pub bind: SocketAddr,
    /// Where `/metrics` is served, apart from the site; `None`: nowhere.
    pub metrics_bind: Option<SocketAddr>,
    pub workers: usize,
    pub db_pool_size: u32,
    /// How long `serve` and `migrate` retry an unreachable database at start.
    pub database_wait: std::time::Duration,
    /// How long a replica keeps serving, closing connections, after SIGTERM.
    pub shutdown_drain: std::time::Duration,
    /// `RUST_LOG`: env_logger's filter.
    pub log_filter: String,
    pub log_format: LogFormat,
    pub email: EmailSettings,
    pub limits: RateLimits,
    /// `LIVE_STREAMS_PER_*`.
    pub live_streams: StreamLimits,
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
        let settings = Settings {
            profile,
            secret_key: read.value("SECRET_KEY", |raw| secret_key(raw, profile))?,
            debug: read.value("DEBUG", values::boolean)?,
            allowed_hosts: read.value("ALLOWED_HOSTS", AllowedHosts::parse)?,
            database_url: read.value("DATABASE_URL", DatabaseUrl::parse)?,
            static_url: read.value("STATIC_URL", values::url_folder)?,
            site_url: read.value("SITE_URL", values::site_url)?,
            url_prefix: read.value("URL_PREFIX", values::url_prefix)?,
            trusted_proxies: read.value("TRUSTED_PROXIES", TrustedProxies::parse)?,
            static_root: read.value("STATIC_ROOT", |raw| Ok(PathBuf::from(raw)))?,
            bind: read.value("BIND", values::socket_address)?,
            metrics_bind: read.value("METRICS_BIND", values::optional_socket_address)?,
            workers: read.value("WORKERS", values::positive)?,
            db_pool_size: read.value("DB_POOL_SIZE", values::positive)?,
            database_wait: read.value("DATABASE_WAIT", values::seconds)?,
            shutdown_drain: read.value("SHUTDOWN_DRAIN", values::seconds)?,
            log_filter: read.value("RUST_LOG", values::text)?,
            log_format: read.value("LOG_FORMAT", LogFormat::parse)?,
            email: email::read(&read, profile)?,
            limits: limits::read_rates(&read)?,
            live_streams: limits::read_streams(&read)?,
        };
        if settings.profile != Profile::Development && settings.link_origin().is_none() {
            let message = format!(
                "required in {} when ALLOWED_HOSTS is *: a login link must name a host you chose, \
                 not the one a request gave (or list the hosts in ALLOWED_HOSTS)",
                profile.as_str()
            );
            return Err(SettingsError { variable: "SITE_URL", message });
        }
        Ok(settings)
    }

    /// Where login links point: `SITE_URL`, else the request's host when
    /// `ALLOWED_HOSTS` names hosts (not by `*`), else nowhere: a link naming
    /// a host the request chose would log in whoever owns that host.
    pub fn link_origin(&self) -> Option<LinkOrigin<'_>> {
        match (&self.site_url, &self.allowed_hosts) {
            (Some(url), _) => Some(LinkOrigin::Configured(url)),
            (None, AllowedHosts::Any) => None,
            (None, AllowedHosts::Only(_)) => Some(LinkOrigin::RequestHost),
        }
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

/// Where login links point (see [`Settings::link_origin`]).
#[derive(Debug, PartialEq, Eq)]
pub enum LinkOrigin<'a> {
    /// `SITE_URL`, scheme included.
    Configured(&'a str),
    /// The request's `Host`, which `ALLOWED_HOSTS` names explicitly.
    RequestHost,
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
        let raw = match (self.given(name).map_err(error)?, fallback) {
            (Some(raw), _) => raw,
            (None, Some(Fallback::Value(value))) => value.to_string(),
            (None, Some(Fallback::Computed(compute))) => compute(),
            (None, Some(Fallback::Required)) => return Err(error(format!("required in {}", self.profile.as_str()))),
            (None, None) => return Err(error("is missing from the table of defaults".into())),
        };
        parse(&raw).map_err(error)
    }

    /// `NAME`, or the content of the file `NAME_FILE` names (a Docker or
    /// Kubernetes secret mounted as a file), without its final newline.
    fn given(&self, name: &str) -> Result<Option<String>, String> {
        let file_variable = format!("{name}_FILE");
        match ((self.lookup)(name), (self.lookup)(&file_variable)) {
            (Some(_), Some(_)) => Err(format!("set either {name} or {file_variable}, not both")),
            (value, None) => Ok(value),
            (None, Some(path)) => match std::fs::read_to_string(&path) {
                Ok(content) => Ok(Some(content.trim_end_matches(['\n', '\r']).to_string())),
                Err(e) => Err(format!("{file_variable}={path}: cannot read it: {e}")),
            },
        }
    }
}

#[cfg(test)]
pub(crate) mod tests;
