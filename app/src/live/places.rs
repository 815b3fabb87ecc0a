//! The places of live-update streams: at most `LIVE_STREAMS_PER_IP` from
//! one address and `LIVE_STREAMS_PER_REPLICA` in all. A place is held by
//! an [`Admission`], which the stream owns: it is given back when the
//! stream ends, and the stream ends with its connection.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex, PoisonError};

use crate::settings::StreamLimits;

/// The streams open on this replica.
#[derive(Default)]
pub struct Places(Mutex<Count>);

/// In all and by client address.
#[derive(Default)]
struct Count {
    total: u32,
    by_client: HashMap<IpAddr, u32>,
}

/// Why a stream was not opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TooMany {
    /// This client holds its limit of streams open here.
    FromClient,
    /// This replica holds its limit.
    OnReplica,
}

/// A stream's place, held while it lives.
pub struct Admission {
    places: Arc<Places>,
    client: Option<IpAddr>,
}

impl Places {
    /// A place for a new stream from `client` (unknown: counted in the
    /// total only), unless it or the replica holds its limit.
    pub fn admit(self: &Arc<Self>, client: Option<IpAddr>, limits: &StreamLimits) -> Result<Admission, TooMany> {
        let mut places = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        if places.total >= limits.per_replica {
            return Err(TooMany::OnReplica);
        }
        if let Some(client) = client {
            let count = places.by_client.entry(client).or_default();
            if *count >= limits.per_ip {
                return Err(TooMany::FromClient);
            }
            *count += 1;
        }
        places.total += 1;
        Ok(Admission { places: self.clone(), client })
    }
}

impl Drop for Admission {
    fn drop(&mut self) {
        let mut places = self.places.0.lock().unwrap_or_else(PoisonError::into_inner);
        places.total = places.total.saturating_sub(1);
        if let Some(client) = self.client
            && let Some(count) = places.by_client.get_mut(&client)
        {
            *count -= 1;
            if *count == 0 {
                places.by_client.remove(&client);
            }
        }
    }
}
