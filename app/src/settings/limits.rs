//! `LOGIN_EMAILS_PER_*`: how fast one address or one client may ask for
//! login links, counted in the database, so they hold across replicas.
//! `LIVE_STREAMS_PER_*`: how many live-update streams one client, and all
//! clients, may hold open on one replica.

use super::{Reader, SettingsError, values};

/// The window every limit counts over.
pub const LIMIT_WINDOW_SECONDS: i64 = 3600;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RateLimits {
    /// Login emails to one address per hour.
    pub login_emails_per_address: u32,
    /// Login emails asked for by one client IP (through trusted proxies) per hour.
    pub login_emails_per_ip: u32,
    /// Live-update streams one client IP may hold open on a replica.
    pub live_streams_per_ip: u32,
    /// Live-update streams a replica holds open at most.
    pub live_streams_per_replica: u32,
}

pub(super) fn read<L: Fn(&str) -> Option<String>>(read: &Reader<L>) -> Result<RateLimits, SettingsError> {
    Ok(RateLimits {
        login_emails_per_address: read.value("LOGIN_EMAILS_PER_ADDRESS", values::positive)?,
        login_emails_per_ip: read.value("LOGIN_EMAILS_PER_IP", values::positive)?,
        live_streams_per_ip: read.value("LIVE_STREAMS_PER_IP", values::positive)?,
        live_streams_per_replica: read.value("LIVE_STREAMS_PER_REPLICA", values::positive)?,
    })
}
