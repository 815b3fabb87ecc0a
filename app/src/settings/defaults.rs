//! Every variable and its default per profile: the one list that loading,
//! `show-settings`, the debug page and the README's table follow.

use super::Profile;

/// What a variable falls back to when it is unset (or empty).
#[derive(Clone, Copy)]
pub enum Fallback {
    Value(&'static str),
    /// Worked out on this machine (a path, the number of CPUs).
    Computed(fn() -> String),
    /// Start-up stops with "required in <profile>".
    Required,
}

pub struct Variable {
    pub name: &'static str,
    development: Fallback,
    staging: Fallback,
    production: Fallback,
}

impl Variable {
    pub fn fallback(&self, profile: Profile) -> Fallback {
        match profile {
            Profile::Development => self.development,
            Profile::Staging => self.staging,
            Profile::Production => self.production,
        }
    }
}

use Fallback::{Computed, Required, Value};

const fn var(name: &'static str, development: Fallback, staging: Fallback, production: Fallback) -> Variable {
    Variable { name, development, staging, production }
}

const fn same(name: &'static str, everywhere: Fallback) -> Variable {
    var(name, everywhere, everywhere, everywhere)
}

/// The development key: public on purpose, refused in production.
pub const INSECURE_SECRET_KEY: &str = "django-insecure-superlists-development-key-do-not-use";

/// `APP_SETTINGS` picks the column; it is read before this table.
#[rustfmt::skip]
pub const VARIABLES: &[Variable] = &[
    //  name               development                     staging                    production
    var("SECRET_KEY",      Value(INSECURE_SECRET_KEY),     Value(INSECURE_SECRET_KEY), Required),
    var("DEBUG",           Value("true"),                  Value("true"),             Value("false")),
    var("ALLOWED_HOSTS",   Value("localhost;127.0.0.1;[::1]"), Value("*"),            Required),
    var("DATABASE_URL",    Value("sqlite://db.sqlite3"),   Required,                  Required),
    same("STATIC_URL",     Value("/static/")),
    same("SITE_URL",       Value("")),
    same("URL_PREFIX",     Value("")),
    same("TRUSTED_PROXIES", Value("")),
    same("STATIC_ROOT",    Computed(static_root)),
    same("BIND",           Value("127.0.0.1:8000")),
    same("METRICS_BIND",   Value("")),
    same("WORKERS",        Computed(cpus)),
    same("DB_POOL_SIZE",   Computed(two_per_cpu)),
    var("DATABASE_WAIT",   Value("0"),                     Value("30"),               Value("30")),
    var("SHUTDOWN_DRAIN",  Value("0"),                     Value("5"),                Value("5")),
    same("RUST_LOG",       Value("info,actix_server=warn")),
    var("LOG_FORMAT",      Value("text"),                  Value("json"),             Value("json")),
    var("EMAIL_BACKEND",   Value("file"),                  Value("file"),             Value("smtp")),
    same("EMAIL_HOST",     Value("localhost")),
    same("EMAIL_PORT",     Value("25")),
    same("EMAIL_HOST_USER", Value("")),
    same("EMAIL_HOST_PASSWORD", Value("")),
    same("EMAIL_USE_TLS",  Value("false")),
    var("DEFAULT_FROM_EMAIL", Value("superlists@localhost"), Value("superlists@localhost"), Required),
    same("EMAIL_FILE_PATH", Value("sent_emails")),
    same("LOGIN_EMAILS_PER_ADDRESS", Value("5")),
    same("LOGIN_EMAILS_PER_IP", Value("30")),
    same("LIVE_STREAMS_PER_IP", Value("20")),
    same("LIVE_STREAMS_PER_REPLICA", Value("2000")),
];

/// Every variable the program reads, `APP_SETTINGS` first.
pub fn names() -> impl Iterator<Item = &'static str> {
    std::iter::once("APP_SETTINGS").chain(VARIABLES.iter().map(|v| v.name))
}

pub fn variable(name: &str) -> Option<&'static Variable> {
    VARIABLES.iter().find(|v| v.name == name)
}

fn cpus() -> String {
    cpu_count().to_string()
}

/// Connections kept busy by a replica's CPUs: more only adds backends and
/// blocking threads taking turns on the same cores, which lengthens the
/// slowest requests under load.
fn two_per_cpu() -> String {
    (2 * cpu_count()).to_string()
}

fn cpu_count() -> usize {
    std::thread::available_parallelism().map_or(2, |n| n.get())
}

fn static_root() -> String {
    // A source checkout serves the crate's own folder; an image sets STATIC_ROOT.
    let in_checkout = concat!(env!("CARGO_MANIFEST_DIR"), "/static");
    if std::path::Path::new(in_checkout).is_dir() { in_checkout.into() } else { "static".into() }
}
