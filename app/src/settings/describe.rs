//! Every setting as name and printable value, secrets redacted: for
//! `show-settings` and the debug page.

use std::fmt;

use super::{Settings, secret};

impl Settings {
    /// In the order of [`super::names`], one entry per variable.
    pub fn describe(&self) -> Vec<(&'static str, String)> {
        vec![
            ("APP_SETTINGS", self.profile.as_str().to_string()),
            ("SECRET_KEY", secret::describe(&self.secret_key)),
            ("DEBUG", self.debug.to_string()),
            ("ALLOWED_HOSTS", self.allowed_hosts.to_string()),
            ("DATABASE_URL", self.database_url.redacted()),
            ("STATIC_URL", self.static_url.clone()),
            ("URL_PREFIX", self.url_prefix.clone()),
            ("TRUSTED_PROXIES", self.trusted_proxies.to_string()),
            ("STATIC_ROOT", self.static_root.display().to_string()),
            ("BIND", self.bind.to_string()),
            ("WORKERS", self.workers.to_string()),
            ("DB_POOL_SIZE", self.db_pool_size.to_string()),
            ("RUST_LOG", self.log_filter.clone()),
        ]
    }
}

impl fmt::Debug for Settings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (name, value) in self.describe() {
            writeln!(f, "{name}={value}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use crate::settings::names;
    use crate::settings::tests::{GOOD_KEY, production};

    #[test]
    fn every_variable_is_described_and_no_secret_shown() {
        let s = production(&[]).expect("valid");
        let described: Vec<&str> = s.describe().into_iter().map(|(name, _)| name).collect();
        assert_eq!(described, names().collect::<Vec<_>>());
        let shown = format!("{s:?}");
        assert!(!shown.contains(GOOD_KEY));
        assert!(!shown.contains("hunter2"));
        assert!(shown.contains("APP_SETTINGS=production"));
    }
}
