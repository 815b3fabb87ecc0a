//! The hub: which lists have pages open on this replica, and telling those
//! pages when their list changes; and the places their streams hold.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex, PoisonError};

use tokio::sync::broadcast;

use super::places::{Admission, Places, TooMany};
use crate::domain::ListId;
use crate::settings::StreamLimits;

/// Changes a slow page may fall behind by before it is told to catch up.
const BACKLOG: usize = 16;

/// What became of a list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// It changed; this is its version now.
    Version(i64),
    /// It was deleted.
    Gone,
}

/// Where the hub hears of changes, chosen once at start (`live::start`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Feed {
    /// PostgreSQL's channel, heard by a thread: every replica's writes.
    Database,
    /// This process's writes, told by the site after each one.
    Writers,
}

pub struct Hub {
    feed: Feed,
    lists: Mutex<HashMap<String, broadcast::Sender<Change>>>,
    places: Arc<Places>,
}

impl Hub {
    pub fn new(feed: Feed) -> Self {
        Hub { feed, lists: Mutex::default(), places: Arc::default() }
    }

    /// A place for a new stream from `client`: see `places.rs`.
    pub fn admit(&self, client: Option<IpAddr>, limits: &StreamLimits) -> Result<Admission, TooMany> {
        self.places.admit(client, limits)
    }

    /// Whether the site tells the hub of its own writes (SQLite); on
    /// PostgreSQL the database announces them to every replica.
    pub fn told_by_writers(&self) -> bool {
        self.feed == Feed::Writers
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

    pub(super) fn watched(&self) -> Vec<ListId> {
        let lists = self.lists.lock().unwrap_or_else(PoisonError::into_inner);
        lists.iter().filter(|(_, pages)| pages.receiver_count() > 0).filter_map(|(id, _)| ListId::parse(id)).collect()
    }
}
