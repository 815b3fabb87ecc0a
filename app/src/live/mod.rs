//! Live updates: a list's open pages are told of each change to it, over
//! `GET /lists/<id>/events` (`routes/events.rs`). The hub knows which lists
//! have pages open on this replica and tells them; its feed is chosen once
//! at start: PostgreSQL's LISTEN/NOTIFY across replicas (`postgres.rs`), or
//! on SQLite the site's own writes. Each page's stream (`stream.rs`) holds
//! a place among the limits (`places.rs`) while its connection lives.

mod hub;
mod places;
mod postgres;
mod stream;

use std::sync::Arc;
use std::thread;

use secrecy::ExposeSecret;

use hub::Feed;
pub use hub::{Change, Hub};
pub use places::{Admission, TooMany};
pub use stream::EventStream;

use crate::settings::DatabaseUrl;

/// The hub, with its feed: on PostgreSQL a listening thread, which stops
/// once the hub is gone; on SQLite (one replica) the site's own writes.
pub fn start(url: &DatabaseUrl) -> anyhow::Result<Arc<Hub>> {
    match url {
        DatabaseUrl::Postgres(secret) => {
            let hub = Arc::new(Hub::new(Feed::Database));
            let (url, weak) = (secret.expose_secret().to_string(), Arc::downgrade(&hub));
            thread::Builder::new().name("pg-listen".into()).spawn(move || postgres::listen(&url, &weak))?;
            Ok(hub)
        }
        DatabaseUrl::Sqlite(_) => Ok(Arc::new(Hub::new(Feed::Writers))),
    }
}
