//! Loading settings: defaults per profile, each refusal naming its variable.

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
fn development_defaults_need_nothing() -> Result<(), SettingsError> {
    let s = settings(&[])?;
    assert_eq!(s.profile, Profile::Development);
    assert!(s.debug);
    assert_eq!(s.database_url.redacted(), "sqlite://db.sqlite3");
    assert!(s.allowed_hosts.allows("localhost") && s.allowed_hosts.allows("127.0.0.1"));
    assert!(!s.allowed_hosts.allows("evil.example"));
    assert_eq!((s.static_url.as_str(), s.bind.to_string().as_str()), ("/static/", "127.0.0.1:8000"));
    assert_eq!(s.log_filter.as_str(), "info,actix_server=warn");
    assert!(s.workers >= 1);
    assert_eq!(s.db_pool_size as usize, 2 * s.workers);
    Ok(())
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
fn production_sends_mail_with_smtp_only() -> Result<(), SettingsError> {
    assert!(matches!(production(&[])?.email.backend, EmailBackend::Smtp { .. }));
    for other in ["file", "console"] {
        assert_eq!(error_variable(production(&[("EMAIL_BACKEND", other)])), "EMAIL_BACKEND", "{other}");
    }
    assert!(matches!(settings(&[])?.email.backend, EmailBackend::File(_)));
    assert_eq!(error_variable(production(&[("EMAIL_PORT", "smtp")])), "EMAIL_PORT");
    Ok(())
}

#[test]
fn production_defaults_debug_off_and_secure_cookies() -> Result<(), SettingsError> {
    let s = production(&[])?;
    assert!(!s.debug);
    assert!(s.secure_cookies());
    Ok(())
}

#[test]
fn staging_needs_a_database_but_allows_any_host() -> Result<(), SettingsError> {
    assert_eq!(error_variable(settings(&[("APP_SETTINGS", "staging")])), "DATABASE_URL");
    let s = settings(&[
        ("APP_SETTINGS", "staging"),
        ("DATABASE_URL", "sqlite:///tmp/x.db"),
        ("SITE_URL", "https://staging.example.com"),
    ])?;
    assert!(s.debug);
    assert!(s.allowed_hosts.allows("anything.example"));
    Ok(())
}

#[test]
fn malformed_values_name_their_variable() {
    for (var, value) in [
        ("WORKERS", "abc"),
        ("WORKERS", "0"),
        ("DB_POOL_SIZE", "-3"),
        ("DATABASE_WAIT", "soon"),
        ("SHUTDOWN_DRAIN", "later"),
        ("LOG_FORMAT", "xml"),
        ("DATABASE_URL", "mysql://x"),
        ("DATABASE_URL", "sqlite://"),
        ("DEBUG", "maybe"),
        ("BIND", "localhost"),
        ("METRICS_BIND", "9000"),
        ("STATIC_URL", "static"),
        ("URL_PREFIX", "staging"),
        ("TRUSTED_PROXIES", "nginx"),
        ("EMAIL_BACKEND", "pigeon"),
        ("DEFAULT_FROM_EMAIL", "not an address"),
        ("LOGIN_EMAILS_PER_IP", "0"),
    ] {
        let err = settings(&[(var, value)]).err().unwrap_or_else(|| panic!("{var}={value} accepted"));
        assert_eq!(err.variable, var);
        assert!(err.to_string().starts_with(&format!("configuration error: {var}: ")), "{err}");
    }
}

proptest::proptest! {
    /// Any value of any variable: settings, or one error naming it; never a panic.
    #[test]
    fn any_value_of_any_variable_is_read_or_named(index in 0usize..64, value in "\\PC{0,40}") {
        let all: Vec<&str> = names().collect();
        let name = all[index % all.len()];
        if let Err(e) = settings(&[(name, value.as_str())]) {
            proptest::prop_assert_eq!(e.variable, name);
        }
    }
}

#[test]
fn url_prefix_is_a_path_without_trailing_slash() -> Result<(), SettingsError> {
    assert_eq!(settings(&[])?.url("/lists/1/"), "/lists/1/");
    let staging = settings(&[("URL_PREFIX", "/staging/")])?;
    assert_eq!(staging.url_prefix, "/staging");
    assert_eq!(staging.url("/lists/new"), "/staging/lists/new");
    assert_eq!(settings(&[("URL_PREFIX", "/")])?.url_prefix, "");
    Ok(())
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

#[test]
fn a_secret_can_come_from_the_file_its_file_variable_names() -> anyhow::Result<()> {
    use secrecy::ExposeSecret;
    let dir = tempfile::tempdir()?;
    let key_file = dir.path().join("secret_key");
    std::fs::write(&key_file, format!("{GOOD_KEY}-from-a-file\n"))?;
    let with_key_file = |path: &std::path::Path, extra: &[(&str, &str)]| {
        let path = path.to_string_lossy().into_owned();
        let mut vars = vec![
            ("APP_SETTINGS", "production"),
            ("SECRET_KEY_FILE", path.as_str()),
            ("ALLOWED_HOSTS", "superlists.example.com"),
            ("DATABASE_URL", "postgres://app:hunter2@db:5432/superlists"),
            ("DEFAULT_FROM_EMAIL", "noreply@superlists.example.com"),
        ];
        vars.extend_from_slice(extra);
        settings(&vars)
    };
    let loaded = with_key_file(&key_file, &[])?;
    assert_eq!(loaded.secret_key.expose_secret(), format!("{GOOD_KEY}-from-a-file"), "without the newline");

    let refused = with_key_file(&key_file, &[("SECRET_KEY", GOOD_KEY)]).expect_err("both given");
    assert_eq!(refused.variable, "SECRET_KEY");
    assert!(refused.message.contains("not both"), "{}", refused.message);

    let refused = with_key_file(&dir.path().join("nothing-here"), &[]).expect_err("unreadable file");
    assert_eq!(refused.variable, "SECRET_KEY");
    assert!(
        refused.message.contains("SECRET_KEY_FILE=") && refused.message.contains("cannot read"),
        "{}",
        refused.message
    );
    Ok(())
}

#[test]
fn staging_that_accepts_any_host_needs_a_site_url_for_its_login_links() -> Result<(), SettingsError> {
    let staging = |extra: &[(&str, &str)]| {
        let mut vars = vec![("APP_SETTINGS", "staging"), ("DATABASE_URL", "sqlite://db.sqlite3")];
        vars.extend_from_slice(extra);
        settings(&vars)
    };
    assert_eq!(error_variable(staging(&[])), "SITE_URL");
    let with_url = staging(&[("SITE_URL", "https://staging.example.com/")])?;
    assert_eq!(with_url.site_url.as_deref(), Some("https://staging.example.com"));
    // Hosts listed instead.
    staging(&[("ALLOWED_HOSTS", "staging.example.com")])?;
    // Development's hosts are listed; `*` there is refused at the request.
    settings(&[("ALLOWED_HOSTS", "*")])?;
    Ok(())
}

#[test]
fn a_site_url_is_an_origin_and_nothing_more() -> Result<(), SettingsError> {
    for bad in
        ["example.com", "ftp://example.com", "https://example.com/app", "https://u:p@example.com", "https://x.com?a"]
    {
        assert_eq!(error_variable(settings(&[("SITE_URL", bad)])), "SITE_URL", "{bad}");
    }
    let ok = settings(&[("SITE_URL", "http://Example.com:8080")])?;
    assert_eq!(ok.site_url.as_deref(), Some("http://example.com:8080"));
    Ok(())
}
