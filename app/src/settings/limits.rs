//! `LOGIN_EMAILS_PER_*`: how fast one address or one client may ask for
//! login links. Counted in the database, so they hold across replicas.

use super::{Reader, SettingsError, values};

/// The window every limit counts over.
pub const LIMIT_WINDOW_SECONDS: i64 = 3600;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RateLimits {
    /// Login emails to one address per hour.
    pub login_emails_per_address: u32,
    /// Login emails asked for by one client IP (through trusted proxies) per hour.
    pub login_emails_per_ip: u32,
}

pub(super) fn read<L: Fn(&str) -> Option<String>>(read: &Reader<L>) -> Result<RateLimits, SettingsError> {
    Ok(RateLimits {
        login_emails_per_address: read.value("LOGIN_EMAILS_PER_ADDRESS", values::positive)?,
        login_emails_per_ip: read.value("LOGIN_EMAILS_PER_IP", values::positive)?,
    })
}
