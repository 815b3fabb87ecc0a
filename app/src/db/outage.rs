//! Whether the database is away right now. During an outage every request
//! would otherwise wait the pool's whole connection timeout before its 503;
//! once one request has found the database unreachable, the next ones wait
//! only [`OUTAGE_CHECKOUT`], and the first success ends the outage.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use super::pool::CONNECTION_TIMEOUT;

/// How long a request waits for a connection while the database is away:
/// enough for a connect to a database that has just come back.
pub const OUTAGE_CHECKOUT: Duration = Duration::from_millis(250);

#[derive(Debug, Default)]
pub struct Outage {
    ongoing: AtomicBool,
}

impl Outage {
    /// A connection was found lost, or none could be made.
    pub fn begin(&self) {
        if !self.ongoing.swap(true, Ordering::Relaxed) {
            log::warn!("database unreachable: answering 503 at once until it is back");
        }
    }

    /// A query went through.
    pub fn end(&self) {
        if self.ongoing.swap(false, Ordering::Relaxed) {
            log::info!("database reachable again");
        }
    }

    /// How long the next request may wait for a pooled connection.
    pub fn checkout_timeout(&self) -> Duration {
        if self.ongoing.load(Ordering::Relaxed) { OUTAGE_CHECKOUT } else { CONNECTION_TIMEOUT }
    }
}
