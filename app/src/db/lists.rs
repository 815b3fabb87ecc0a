//! The SQL for `lists` and their `items`. Plain functions on a connection:
//! they know nothing of HTTP. Lists are found by their public id; the
//! integer key never leaves the database.

use diesel::prelude::*;
use diesel::result::{DatabaseErrorKind, Error as DieselError};

use super::DbConnection;
use super::schema::{items, lists};
use crate::domain::{ItemText, ListId};

/// What became of an item: the expected refusals are answers, not errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Added {
    Yes,
    /// The list already holds this text.
    Duplicate,
    NoSuchList,
}

/// Creates a list holding `first` as its only item; returns the list's id.
pub fn create_with_item(conn: &mut DbConnection, first: &ItemText) -> QueryResult<ListId> {
    let public_id = ListId::generate();
    conn.transaction(|conn| {
        let key = diesel::insert_into(lists::table)
            .values(lists::public_id.eq(public_id.as_str()))
            .returning(lists::id)
            .get_result(conn)?;
        insert_item(conn, key, first)?;
        Ok(public_id)
    })
}

/// The texts of a list's items in insertion order, or `None` if there is no such list.
pub fn items_of(conn: &mut DbConnection, list: &ListId) -> QueryResult<Option<Vec<String>>> {
    let texts: Vec<String> = items::table
        .inner_join(lists::table)
        .filter(lists::public_id.eq(list.as_str()))
        .order(items::id.asc())
        .select(items::text)
        .load(conn)?;
    // Every list is made with an item, but ask before calling it missing.
    if texts.is_empty() && key_of(conn, list)?.is_none() {
        return Ok(None);
    }
    Ok(Some(texts))
}

/// Appends an item; a text the list already holds is refused by the
/// unique constraint.
pub fn add_item(conn: &mut DbConnection, list: &ListId, text: &ItemText) -> QueryResult<Added> {
    let Some(key) = key_of(conn, list)? else { return Ok(Added::NoSuchList) };
    match insert_item(conn, key, text) {
        Ok(()) => Ok(Added::Yes),
        Err(DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, _)) => Ok(Added::Duplicate),
        Err(e) => Err(e),
    }
}

fn key_of(conn: &mut DbConnection, list: &ListId) -> QueryResult<Option<i64>> {
    lists::table.filter(lists::public_id.eq(list.as_str())).select(lists::id).first(conn).optional()
}

fn insert_item(conn: &mut DbConnection, key: i64, text: &ItemText) -> QueryResult<()> {
    diesel::insert_into(items::table)
        .values((items::list_id.eq(key), items::text.eq(text.as_str())))
        .execute(conn)
        .map(drop)
}
