//! `check --deploy`: every setting that is unsafe in production.

use super::{AllowedHosts, DatabaseUrl, Settings, secret};

impl Settings {
    /// Each warning names its variable first.
    pub fn deploy_warnings(&self) -> Vec<String> {
        let mut warnings = Vec::new();
        if self.debug {
            warnings.push("DEBUG is on: error pages would show internal details".to_string());
        }
        if let Some(weakness) = secret::weakness(&self.secret_key) {
            warnings.push(format!("SECRET_KEY {weakness}"));
        }
        if self.allowed_hosts == AllowedHosts::Any {
            warnings.push("ALLOWED_HOSTS contains '*': any Host header is accepted".to_string());
        }
        if matches!(self.database_url, DatabaseUrl::Sqlite(_)) {
            warnings.push("DATABASE_URL is SQLite: use PostgreSQL in production".to_string());
        }
        if !self.secure_cookies() {
            warnings.push(format!(
                "APP_SETTINGS={}: cookies are sent without Secure; set APP_SETTINGS=production",
                self.profile.as_str()
            ));
        }
        warnings
    }
}

#[cfg(test)]
mod tests {
    use crate::settings::tests::{production, settings};

    #[test]
    fn production_settings_are_safe() {
        let s = production(&[]).expect("valid production settings");
        assert!(s.deploy_warnings().is_empty(), "{:?}", s.deploy_warnings());
    }

    #[test]
    fn every_unsafe_setting_is_listed() {
        let s = settings(&[("ALLOWED_HOSTS", "*")]).expect("dev");
        let warnings = s.deploy_warnings().join("\n");
        for needle in ["DEBUG", "SECRET_KEY is the public development key", "ALLOWED_HOSTS", "SQLite", "Secure"] {
            assert!(warnings.contains(needle), "missing {needle} in {warnings}");
        }
        let short = settings(&[("SECRET_KEY", "short")]).expect("dev");
        assert!(short.deploy_warnings().iter().any(|w| w.starts_with("SECRET_KEY is shorter than 32 bytes")));
    }
}
