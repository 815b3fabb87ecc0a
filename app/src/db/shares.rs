//! The SQL for sharing lists with other users by email.

use diesel::prelude::*;

use super::accounts::user_for;
use super::ownership::{ListChange, managing, may_share};
use super::schema::{list_shares, users};
use super::{DbConnection, on_backend};
use crate::domain::{Email, ListId};

/// Shares `list` with `sharee` (made a user if needed), if `by` owns it: a
/// list made logged out is no one's to share. `Yes` if it was already.
pub fn share(conn: &mut DbConnection, list: &ListId, by: i64, sharee: &Email) -> QueryResult<ListChange> {
    managing(
        conn,
        list,
        |owner| may_share(owner, Some(by)),
        |conn, key| {
            let user = user_for(conn, sharee.as_str())?;
            let pair = (list_shares::list_id.eq(key), list_shares::user_id.eq(user.id));
            let already: bool =
                diesel::select(diesel::dsl::exists(list_shares::table.filter(pair.0.and(pair.1)))).get_result(conn)?;
            if !already {
                diesel::insert_into(list_shares::table).values(pair).execute(conn)?;
            }
            Ok(())
        },
    )
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
