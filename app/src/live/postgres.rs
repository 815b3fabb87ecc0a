//! The PostgreSQL feed: the triggers of `migrations/postgres/…_list_versions`
//! NOTIFY each change on a channel, and one thread per replica LISTENs on
//! its own connection (not one per page) and hands each change to the hub,
//! so that a change made through any replica reaches every page.

use std::sync::Weak;
use std::thread;
use std::time::Duration;

use diesel::pg::PgConnection;
use diesel::prelude::*;

use super::hub::{Change, Hub};
use crate::db::DbConnection;
use crate::db::lists::version_of;
use crate::domain::ListId;

/// How often the listener asks libpq what arrived: the most a change waits.
const POLL: Duration = Duration::from_millis(10);

/// The channel the triggers NOTIFY on: "<list id> <version>" or "<list id> gone".
pub const CHANNEL: &str = "list_changes";

/// A notification's payload as a list id and its change.
fn parse_payload(payload: &str) -> Option<(ListId, Change)> {
    let (id, change) = payload.split_once(' ')?;
    let change = match change {
        "gone" => Change::Gone,
        version => Change::Version(version.parse().ok()?),
    };
    Some((ListId::parse(id)?, change))
}

/// A PostgreSQL connection of its own that listens on [`CHANNEL`].
struct Listener(DbConnection);

impl Listener {
    fn connect(url: &str) -> Result<Self, anyhow::Error> {
        let mut conn = PgConnection::establish(url)?;
        diesel::sql_query(format!("LISTEN {CHANNEL}")).execute(&mut conn)?;
        Ok(Listener(DbConnection::Pg(conn)))
    }

    /// The list's version, asked on this connection (to catch up after
    /// it was lost).
    fn version_of(&mut self, list: &ListId) -> QueryResult<Option<i64>> {
        version_of(&mut self.0, list)
    }

    /// The changes announced since the last call, without waiting (libpq
    /// reads what the socket holds); an error means the connection is lost.
    fn changes(&mut self) -> QueryResult<Vec<(ListId, Change)>> {
        let DbConnection::Pg(pg) = &mut self.0 else { return Ok(Vec::new()) };
        let mut found = Vec::new();
        for notification in pg.notifications_iter() {
            if let Some(change) = parse_payload(&notification?.payload) {
                found.push(change);
            }
        }
        Ok(found)
    }
}

/// Until the hub is gone: LISTEN, hand each change to the hub; when the
/// connection is lost, connect again (backing off to 2 s) and tell every
/// watched list's pages its version, so that they catch up on what they
/// missed meanwhile.
pub fn listen(url: &str, hub: &Weak<Hub>) {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn payloads_name_a_list_and_its_change() -> anyhow::Result<()> {
        let id = ListId::generate();
        assert_eq!(parse_payload(&format!("{id} 7")), Some((id.clone(), Change::Version(7))));
        assert_eq!(parse_payload(&format!("{id} gone")), Some((id.clone(), Change::Gone)));
        for junk in ["", "7", &format!("{id}"), &format!("{id} x"), "NOT-AN-ID 3"] {
            assert_eq!(parse_payload(junk), None, "{junk}");
        }
        Ok(())
    }
}
