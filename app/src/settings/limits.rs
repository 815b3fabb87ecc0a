//! Limits on what one client, or everyone, may ask of the site.
//! `LOGIN_EMAILS_PER_*`: how fast one address or one client may ask for
//! login links, counted in the database over [`LIMIT_WINDOW_SECONDS`], so
//! they hold across replicas. `LIVE_STREAMS_PER_*`: how many live-update
//! streams one client, and all clients, may hold open on one replica at once.

use super::{Reader, SettingsError, values};

/// The window the login-email limits count over.
pub const LIMIT_WINDOW_SECONDS: i64 = 3600;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RateLimits {
    /// Login emails to one address per hour.
    pub login_emails_per_address: u32,
    /// Login emails asked for by one client IP (through trusted proxies) per hour.
    pub login_emails_per_ip: u32,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StreamLimits {
    /// Live-update streams one client IP may hold open on a replica.
    pub per_ip: u32,
    /// Live-update streams a replica holds open at most.
    pub per_replica: u32,
}

pub(super) fn read_rates<L: Fn(&str) -> Option<String>>(read: &Reader<L>) -> Result<RateLimits, SettingsError> {
    Ok(RateLimits {
        login_emails_per_address: read.value("LOGIN_EMAILS_PER_ADDRESS", values::positive)?,
        login_emails_per_ip: read.value("LOGIN_EMAILS_PER_IP", values::positive)?,
    })
}

pub(super) fn read_streams<L: Fn(&str) -> Option<String>>(read: &Reader<L>) -> Result<StreamLimits, SettingsError> {
    Ok(StreamLimits {
        per_ip: read.value("LIVE_STREAMS_PER_IP", values::positive)?,
        per_replica: read.value("LIVE_STREAMS_PER_REPLICA", values::positive)?,
    })
}
