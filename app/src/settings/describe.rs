//! Every setting as name and printable value, secrets redacted: for
//! `show-settings` and the debug page.

use std::fmt;

use super::{EmailBackend, Settings, secret};

impl Settings {
    /// In the order of [`super::names`], one entry per variable.
    /// Settings the chosen email backend does not read are left out.
    pub fn describe(&self) -> Vec<(&'static str, String)> {
        let mut rows = vec![
            ("APP_SETTINGS", self.profile.as_str().to_string()),
            ("SECRET_KEY", secret::describe(&self.secret_key)),
            ("DEBUG", self.debug.to_string()),
            ("ALLOWED_HOSTS", self.allowed_hosts.to_string()),
            ("DATABASE_URL", self.database_url.redacted()),
            ("STATIC_URL", self.static_url.clone()),
            ("SITE_URL", self.site_url.clone().unwrap_or_default()),
            ("URL_PREFIX", self.url_prefix.clone()),
            ("TRUSTED_PROXIES", self.trusted_proxies.to_string()),
            ("STATIC_ROOT", self.static_root.display().to_string()),
            ("BIND", self.bind.to_string()),
            ("METRICS_BIND", self.metrics_bind.map(|a| a.to_string()).unwrap_or_default()),
            ("WORKERS", self.workers.to_string()),
            ("DB_POOL_SIZE", self.db_pool_size.to_string()),
            ("DATABASE_WAIT", self.database_wait.as_secs().to_string()),
            ("SHUTDOWN_DRAIN", self.shutdown_drain.as_secs().to_string()),
            ("RUST_LOG", self.log_filter.clone()),
            ("LOG_FORMAT", self.log_format.as_str().to_string()),
        ];
        rows.extend(self.describe_email());
        rows.push(("LOGIN_EMAILS_PER_ADDRESS", self.limits.login_emails_per_address.to_string()));
        rows.push(("LOGIN_EMAILS_PER_IP", self.limits.login_emails_per_ip.to_string()));
        rows.push(("LIVE_STREAMS_PER_IP", self.live_streams.per_ip.to_string()));
        rows.push(("LIVE_STREAMS_PER_REPLICA", self.live_streams.per_replica.to_string()));
        rows
    }

    fn describe_email(&self) -> Vec<(&'static str, String)> {
        let mut rows = vec![];
        let backend = match &self.email.backend {
            EmailBackend::Smtp { host, port, user, password, tls } => {
                rows.push(("EMAIL_HOST", host.clone()));
                rows.push(("EMAIL_PORT", port.to_string()));
                rows.push(("EMAIL_HOST_USER", user.clone().unwrap_or_default()));
                rows.push(("EMAIL_HOST_PASSWORD", if password.is_some() { "********" } else { "" }.to_string()));
                rows.push(("EMAIL_USE_TLS", tls.to_string()));
                "smtp"
            }
            EmailBackend::File(path) => {
                rows.push(("EMAIL_FILE_PATH", path.display().to_string()));
                "file"
            }
            EmailBackend::Console => "console",
        };
        rows.insert(0, ("EMAIL_BACKEND", backend.to_string()));
        rows.push(("DEFAULT_FROM_EMAIL", self.email.from.clone()));
        rows
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
        let all: Vec<&str> = names().collect();
        // Production sends with smtp: every variable but the file backend's folder.
        assert_eq!(described, all.into_iter().filter(|n| *n != "EMAIL_FILE_PATH").collect::<Vec<_>>());
        let shown = format!("{s:?}");
        assert!(!shown.contains(GOOD_KEY));
        assert!(!shown.contains("hunter2"));
        assert!(shown.contains("APP_SETTINGS=production"));
    }
}
