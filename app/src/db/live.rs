//! The SQL of live updates: a list's version (the triggers of
//! `migrations/*/…_list_versions` bump it on every change), and
//! PostgreSQL's channel on which they announce each change.

use diesel::pg::PgConnection;
use diesel::prelude::*;

use super::schema::lists;
use super::{DbConnection, on_backend};
use crate::domain::ListId;

/// The channel the triggers NOTIFY on: "<list id> <version>" or "<list id> gone".
pub const CHANNEL: &str = "list_changes";

/// What became of a list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// It changed; this is its version now.
    Version(i64),
    /// It was deleted.
    Gone,
}

/// The list's version; `None` if there is no such list.
pub fn version_of(conn: &mut DbConnection, list: &ListId) -> QueryResult<Option<i64>> {
    let query = lists::table.filter(lists::public_id.eq(list.as_str())).select(lists::version);
    on_backend!(conn, |c| query.first(c).optional())
}

/// A notification's payload as a list id and its change.
pub fn parse_payload(payload: &str) -> Option<(ListId, Change)> {
    let (id, change) = payload.split_once(' ')?;
    let change = match change {
        "gone" => Change::Gone,
        version => Change::Version(version.parse().ok()?),
    };
    Some((ListId::parse(id)?, change))
}

/// A PostgreSQL connection of its own that listens on [`CHANNEL`].
pub struct Listener(DbConnection);

impl Listener {
    pub fn connect(url: &str) -> Result<Self, anyhow::Error> {
        let mut conn = PgConnection::establish(url)?;
        diesel::sql_query(format!("LISTEN {CHANNEL}")).execute(&mut conn)?;
        Ok(Listener(DbConnection::Pg(conn)))
    }

    /// The list's version, asked on this connection (to catch up after
    /// it was lost).
    pub fn version_of(&mut self, list: &ListId) -> QueryResult<Option<i64>> {
        version_of(&mut self.0, list)
    }

    /// The changes announced since the last call, without waiting (libpq
    /// reads what the socket holds); an error means the connection is lost.
    pub fn changes(&mut self) -> QueryResult<Vec<(ListId, Change)>> {
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
