//! The SQL for `lists` and their `items`. Plain functions on a connection:
//! they know nothing of HTTP. Lists are found by their public id; the
//! integer key never leaves the database.

use diesel::prelude::*;
use diesel::result::{DatabaseErrorKind, Error as DieselError};

use super::schema::{items, lists, users};
use super::{DbConnection, shares};
use crate::domain::{ItemText, ListId};

/// What became of an item: the expected refusals are answers, not errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Added {
    Yes,
    /// The list already holds this text.
    Duplicate,
    NoSuchList,
}

/// A list as its page shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListView {
    pub items: Vec<String>,
    /// The owner's id and email; `None` for a list made logged out.
    pub owner: Option<(i64, String)>,
    /// The emails of the users it is shared with.
    pub sharees: Vec<String>,
}

/// Creates a list holding `first` as its only item, owned by `owner` (a
/// user id) if someone logged in made it; returns the list's id.
pub fn create_with_item(conn: &mut DbConnection, first: &ItemText, owner: Option<i64>) -> QueryResult<ListId> {
    let public_id = ListId::generate();
    conn.transaction(|conn| {
        let key = diesel::insert_into(lists::table)
            .values((lists::public_id.eq(public_id.as_str()), lists::owner_id.eq(owner)))
            .returning(lists::id)
            .get_result(conn)?;
        insert_item(conn, key, first)?;
        Ok(public_id)
    })
}

/// A list's items in insertion order, its owner (one query) and its
/// sharees (a second); `None` if there is no such list.
pub fn view(conn: &mut DbConnection, list: &ListId) -> QueryResult<Option<ListView>> {
    let rows: Vec<(i64, Option<i64>, Option<String>, String)> = items::table
        .inner_join(lists::table.left_join(users::table))
        .filter(lists::public_id.eq(list.as_str()))
        .order(items::id.asc())
        .select((lists::id, users::id.nullable(), users::email.nullable(), items::text))
        .load(conn)?;
    // Every list is made with an item, but ask before calling it missing.
    let key = match rows.first() {
        Some((key, ..)) => *key,
        None => match key_of(conn, list)? {
            Some(key) => key,
            None => return Ok(None),
        },
    };
    let owner = rows.first().and_then(|(_, id, email, _)| id.zip(email.clone()));
    let sharees = shares::sharees(conn, key)?;
    Ok(Some(ListView { items: rows.into_iter().map(|(.., text)| text).collect(), owner, sharees }))
}

diesel::alias!(items as earlier: EarlierItems);

/// Whether `items::id` is its list's first item (no earlier item in the list).
#[diesel::dsl::auto_type]
pub(super) fn is_first_item() -> _ {
    let same_list: diesel::dsl::Eq<diesel::query_source::AliasedField<EarlierItems, items::list_id>, items::list_id> =
        earlier.field(items::list_id).eq(items::list_id);
    let before: diesel::dsl::Lt<diesel::query_source::AliasedField<EarlierItems, items::id>, items::id> =
        earlier.field(items::id).lt(items::id);
    diesel::dsl::not(diesel::dsl::exists(earlier.filter(same_list).filter(before)))
}

/// The lists `owner` made, oldest first, each with its first item's text
/// (the name "My lists" shows).
pub fn owned_by(conn: &mut DbConnection, owner: i64) -> QueryResult<Vec<(ListId, String)>> {
    // The first item is the one with no earlier item in its list.
    let has_earlier =
        earlier.filter(earlier.field(items::list_id).eq(items::list_id)).filter(earlier.field(items::id).lt(items::id));
    let rows: Vec<(String, String)> = items::table
        .inner_join(lists::table)
        .filter(lists::owner_id.eq(owner))
        .filter(diesel::dsl::not(diesel::dsl::exists(has_earlier)))
        .order(lists::id.asc())
        .select((lists::public_id, items::text))
        .load(conn)?;
    Ok(rows.into_iter().filter_map(|(id, text)| Some((ListId::parse(&id)?, text))).collect())
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

pub(super) fn key_of(conn: &mut DbConnection, list: &ListId) -> QueryResult<Option<i64>> {
    lists::table.filter(lists::public_id.eq(list.as_str())).select(lists::id).first(conn).optional()
}

fn insert_item(conn: &mut DbConnection, key: i64, text: &ItemText) -> QueryResult<()> {
    diesel::insert_into(items::table)
        .values((items::list_id.eq(key), items::text.eq(text.as_str())))
        .execute(conn)
        .map(drop)
}
