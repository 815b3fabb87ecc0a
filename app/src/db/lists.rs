//! The SQL for `lists` and their `items`. Plain functions on a connection:
//! they know nothing of HTTP.

use diesel::prelude::*;
use diesel::result::{DatabaseErrorKind, Error as DieselError};

use super::DbConnection;
use super::schema::{items, lists};
use crate::domain::ItemText;

pub type ListId = i64;

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
    conn.transaction(|conn| {
        let list_id = diesel::insert_into(lists::table).default_values().returning(lists::id).get_result(conn)?;
        insert_item(conn, list_id, first)?;
        Ok(list_id)
    })
}

/// The texts of a list's items in insertion order, or `None` if there is no such list.
pub fn items_of(conn: &mut DbConnection, list_id: ListId) -> QueryResult<Option<Vec<String>>> {
    let texts: Vec<String> =
        items::table.filter(items::list_id.eq(list_id)).order(items::id.asc()).select(items::text).load(conn)?;
    // Every list is made with an item, but ask before calling it missing.
    if texts.is_empty() && !exists(conn, list_id)? {
        return Ok(None);
    }
    Ok(Some(texts))
}

/// Appends an item; a text the list already holds is refused.
/// One statement: the constraints say "duplicate" and "no such list"
/// (SQLite enforces the foreign key because the pool turns `foreign_keys` on).
pub fn add_item(conn: &mut DbConnection, list_id: ListId, text: &ItemText) -> QueryResult<Added> {
    match insert_item(conn, list_id, text) {
        Ok(()) => Ok(Added::Yes),
        Err(DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, _)) => Ok(Added::Duplicate),
        Err(DieselError::DatabaseError(DatabaseErrorKind::ForeignKeyViolation, _)) => Ok(Added::NoSuchList),
        Err(e) => Err(e),
    }
}

fn exists(conn: &mut DbConnection, list_id: ListId) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(lists::table.filter(lists::id.eq(list_id)))).get_result(conn)
}

fn insert_item(conn: &mut DbConnection, list_id: ListId, text: &ItemText) -> QueryResult<()> {
    diesel::insert_into(items::table)
        .values((items::list_id.eq(list_id), items::text.eq(text.as_str())))
        .execute(conn)
        .map(drop)
}
