//! Live updates: which lists have pages open on this replica, and telling
//! those pages when their list changes. On PostgreSQL a thread listens to
//! the database's channel (one connection per replica, not one per page),
//! so a change made through any replica reaches every page; on SQLite (one
//! replica) the site tells the hub after its own writes.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex, PoisonError, Weak};
use std::thread;
use std::time::Duration;

use secrecy::ExposeSecret;
use tokio::sync::broadcast;

use crate::db::live::{Change, Listener};
use crate::domain::ListId;
use crate::settings::{DatabaseUrl, RateLimits};

/// Changes a slow page may fall behind by before it is told to catch up.
const BACKLOG: usize = 16;
/// How often the listener asks libpq what arrived: the most a change waits.
const POLL: Duration = Duration::from_millis(10);

#[derive(Default)]
pub struct Hub {
    lists: Mutex<HashMap<String, broadcast::Sender<Change>>>,
    streams: Mutex<Streams>,
}

/// The streams open on this replica, in all and by client address.
#[derive(Default)]
struct Streams {
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

/// A stream counted while it lives.
pub struct Admission {
    hub: Arc<Hub>,
    client: Option<IpAddr>,
}

impl Drop for Admission {
    fn drop(&mut self) {
        let mut streams = self.hub.streams.lock().unwrap_or_else(PoisonError::into_inner);
        streams.total = streams.total.saturating_sub(1);
        if let Some(client) = self.client
            && let Some(count) = streams.by_client.get_mut(&client)
        {
            *count -= 1;
            if *count == 0 {
                streams.by_client.remove(&client);
            }
        }
    }
}

impl Hub {
    /// A hub; on PostgreSQL with its listening thread, which stops once the
    /// hub is gone.
    pub fn start(url: &DatabaseUrl) -> anyhow::Result<Arc<Self>> {
        let hub = Arc::new(Hub::default());
        if let DatabaseUrl::Postgres(secret) = url {
            let (url, weak) = (secret.expose_secret().to_string(), Arc::downgrade(&hub));
            thread::Builder::new().name("pg-listen".into()).spawn(move || listen(&url, &weak))?;
        }
        Ok(hub)
    }

    /// Counts a new stream for `client` (unknown: counted in the total
    /// only), unless it or the replica holds its limit.
    pub fn admit(self: &Arc<Self>, client: Option<IpAddr>, limits: &RateLimits) -> Result<Admission, TooMany> {
        let mut streams = self.streams.lock().unwrap_or_else(PoisonError::into_inner);
        if streams.total >= limits.live_streams_per_replica {
            return Err(TooMany::OnReplica);
        }
        if let Some(client) = client {
            let count = streams.by_client.entry(client).or_default();
            if *count >= limits.live_streams_per_ip {
                return Err(TooMany::FromClient);
            }
            *count += 1;
        }
        streams.total += 1;
        Ok(Admission { hub: self.clone(), client })
    }

    /// The changes of `list` from now on.
    pub fn subscribe(&self, list: &ListId) -> broadcast::Receiver<Change> {
        let mut lists = self.lists.lock().unwrap_or_else(PoisonError::into_inner);
        lists.entry(list.to_string()).or_insert_with(|| broadcast::channel(BACKLOG).0).subscribe()
    }

    /// Tells `list`'s pages, if it has any open here.
    pub fn publish(&self, list: &ListId, change: Change) {
        let mut lists = self.lists.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(pages) = lists.get(list.as_str())
            && pages.send(change).is_err()
        {
            // Every page of it has closed.
            lists.remove(list.as_str());
        }
    }

    pub fn is_watched(&self, list: &ListId) -> bool {
        let lists = self.lists.lock().unwrap_or_else(PoisonError::into_inner);
        lists.get(list.as_str()).is_some_and(|pages| pages.receiver_count() > 0)
    }

    fn watched(&self) -> Vec<ListId> {
        let lists = self.lists.lock().unwrap_or_else(PoisonError::into_inner);
        lists.iter().filter(|(_, pages)| pages.receiver_count() > 0).filter_map(|(id, _)| ListId::parse(id)).collect()
    }
}

/// Until the hub is gone: LISTEN, hand each change to the hub; when the
/// connection is lost, connect again (backing off to 2 s) and tell every
/// watched list's pages its version, so that they catch up on what they
/// missed meanwhile.
fn listen(url: &str, hub: &Weak<Hub>) {
    let mut backoff = Duration::from_millis(100);
    let mut lost = false;
    while hub.strong_count() > 0 {
        let mut listener = match Listener::connect(url) {
            Ok(listener) => listener,
            Err(e) => {
                log::warn!("live updates: cannot listen to the database ({e}); again in {backoff:?}");
                thread::sleep(backoff);
                backoff = (backoff * 2).min(Duration::from_secs(2));
                continue;
            }
        };
        backoff = Duration::from_millis(100);
        if lost {
            log::info!("live updates: listening again");
            let Some(hub) = hub.upgrade() else { return };
            for list in hub.watched() {
                match listener.version_of(&list) {
                    Ok(Some(version)) => hub.publish(&list, Change::Version(version)),
                    Ok(None) => hub.publish(&list, Change::Gone),
                    Err(_) => break,
                }
            }
        }
        loop {
            let Some(hub) = hub.upgrade() else { return };
            match listener.changes() {
                Ok(changes) if changes.is_empty() => {}
                Ok(changes) => changes.into_iter().for_each(|(list, change)| hub.publish(&list, change)),
                Err(e) => {
                    log::warn!("live updates: the database connection was lost ({e})");
                    lost = true;
                    break;
                }
            }
            drop(hub);
            thread::sleep(POLL);
        }
    }
}
