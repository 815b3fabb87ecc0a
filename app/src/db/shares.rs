//! The SQL for sharing lists with other users by email.

use diesel::prelude::*;

use super::accounts::user_for;
use super::schema::{list_shares, lists, users};
use super::{DbConnection, on_backend};
use crate::domain::{Email, ListId};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shared {
    /// Now shared (or it was already).
    Yes,
    NotOwner,
    NoSuchList,
}

/// Shares `list` with `sharee` (made a user if needed), if `by` owns it.
pub fn share(conn: &mut DbConnection, list: &ListId, by: i64, sharee: &Email) -> QueryResult<Shared> {
    conn.write_transaction(|conn| {
        let found = lists::table
            .filter(lists::public_id.eq(list.as_str()))
            .select((lists::id, lists::owner_id))
            .first::<(i64, Option<i64>)>(conn)
            .optional()?;
        let Some((key, owner)) = found else { return Ok(Shared::NoSuchList) };
        if owner != Some(by) {
            return Ok(Shared::NotOwner);
        }
        let user = user_for(conn, sharee.as_str())?;
        let pair = (list_shares::list_id.eq(key), list_shares::user_id.eq(user.id));
        let already: bool =
            diesel::select(diesel::dsl::exists(list_shares::table.filter(pair.0.and(pair.1)))).get_result(conn)?;
        if !already {
            diesel::insert_into(list_shares::table).values(pair).execute(conn)?;
        }
        Ok(Shared::Yes)
    })
}

/// Who a list (by its key) is shared with, by email.
pub fn sharees(conn: &mut DbConnection, list_key: i64) -> QueryResult<Vec<String>> {
    let query = list_shares::table
        .inner_join(users::table)
        .filter(list_shares::list_id.eq(list_key))
        .order(users::email.asc())
        .select(users::email);
    on_backend!(conn, |c| query.load(c))
}
