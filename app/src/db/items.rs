//! The SQL for a list's `items`: add, tick, edit, delete. An item is found
//! by its id within its list's id, so another list's item is no item.

use diesel::prelude::*;
use diesel::result::{DatabaseErrorKind, Error as DieselError};

use super::schema::{items, lists};
use super::{DbConnection, on_backend};
use crate::domain::{ItemId, ItemText, ListId};

/// An item as the list's page and the API show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub id: ItemId,
    pub text: String,
    pub done: bool,
}

/// What became of a new item: the expected refusals are answers, not errors.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Added {
    Yes(ItemId),
    /// The list already holds this text, not done.
    Duplicate,
    NoSuchList,
}

/// What became of a change to an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Changed {
    Yes,
    /// The change would repeat the text of another item not done.
    Duplicate,
    /// No such item in that list (or no such list).
    NoSuchItem,
}

/// Appends an item, one statement that finds the list by its id (a round
/// trip fewer than asking for its key first): a list that is gone adds no
/// row, a text the list already holds is refused by the unique index.
pub fn add(conn: &mut DbConnection, list: &ListId, text: &ItemText) -> QueryResult<Added> {
    use diesel::sql_types::Text;
    let row =
        lists::table.filter(lists::public_id.eq(list.as_str())).select((lists::id, text.as_str().into_sql::<Text>()));
    let insert = diesel::insert_into(items::table)
        .values(row)
        .into_columns((items::list_id, items::text))
        .returning(items::public_id);
    let added = conn.writing(|conn| on_backend!(conn, |c| insert.get_result::<String>(c).optional()));
    match refused_as_duplicate(added)? {
        Some(Some(id)) => Ok(Added::Yes(ItemId::drawn(id))),
        Some(None) => Ok(Added::NoSuchList),
        None => Ok(Added::Duplicate),
    }
}

/// `item` of `list`, if there is one.
pub fn find(conn: &mut DbConnection, list: &ListId, item: &ItemId) -> QueryResult<Option<Item>> {
    let query = the_item(list.as_str(), item.as_str()).select((items::text, items::done));
    let found: Option<(String, bool)> = on_backend!(conn, |c| query.first(c).optional())?;
    Ok(found.map(|(text, done)| Item { id: item.clone(), text, done }))
}

/// Ticks `item` off, or back on.
pub fn set_done(conn: &mut DbConnection, list: &ListId, item: &ItemId, done: bool) -> QueryResult<Changed> {
    change(conn, list, item, None, Some(done))
}

/// Gives `item` a new text; done or not, it stays where it is.
pub fn edit(conn: &mut DbConnection, list: &ListId, item: &ItemId, text: &ItemText) -> QueryResult<Changed> {
    change(conn, list, item, Some(text), None)
}

/// A new text, a tick, or both, in one statement: all of it or nothing.
pub fn change(
    conn: &mut DbConnection,
    list: &ListId,
    item: &ItemId,
    text: Option<&ItemText>,
    done: Option<bool>,
) -> QueryResult<Changed> {
    if text.is_none() && done.is_none() {
        // Nothing to write: the answer is whether the item is there.
        return Ok(if find(conn, list, item)?.is_some() { Changed::Yes } else { Changed::NoSuchItem });
    }
    let changes = (text.map(|t| items::text.eq(t.as_str())), done.map(|d| items::done.eq(d)));
    let update = diesel::update(the_item(list.as_str(), item.as_str())).set(changes);
    changed(conn.writing(|conn| on_backend!(conn, |c| update.execute(c))))
}

/// Removes `item`; `false` if the list holds no such item.
pub fn delete(conn: &mut DbConnection, list: &ListId, item: &ItemId) -> QueryResult<bool> {
    let delete = diesel::delete(the_item(list.as_str(), item.as_str()));
    Ok(conn.writing(|conn| on_backend!(conn, |c| delete.execute(c)))? > 0)
}

/// One item, by its id and its list's id: one statement, no key asked first.
#[diesel::dsl::auto_type(no_type_alias)]
fn the_item<'a>(list: &'a str, item: &'a str) -> _ {
    let list_key: diesel::dsl::Select<
        diesel::dsl::Filter<lists::table, diesel::dsl::Eq<lists::public_id, &'a str>>,
        lists::id,
    > = lists::table.filter(lists::public_id.eq(list)).select(lists::id);
    items::table.filter(items::list_id.eq_any(list_key)).filter(items::public_id.eq(item))
}

fn changed(rows: QueryResult<usize>) -> QueryResult<Changed> {
    Ok(match refused_as_duplicate(rows)? {
        Some(0) => Changed::NoSuchItem,
        Some(_) => Changed::Yes,
        None => Changed::Duplicate,
    })
}

/// `None` where the unique index on a list's texts refused the write.
fn refused_as_duplicate<T>(result: QueryResult<T>) -> QueryResult<Option<T>> {
    match result {
        Ok(value) => Ok(Some(value)),
        Err(DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, _)) => Ok(None),
        Err(e) => Err(e),
    }
}
