//! Who may change a whole list, checked in the transaction that changes it.

use diesel::prelude::*;

use super::schema::lists;
use super::{DbConnection, on_backend};
use crate::domain::ListId;

/// The list's owner renames and deletes it; a list made logged out has no
/// owner, and its URL is the capability, as for its items.
pub fn may_manage(owner: Option<i64>, user: Option<i64>) -> bool {
    owner.is_none() || owner == user
}

/// Only a list's owner shares it: a list made logged out is no one's to
/// share (its URL already is the capability).
pub fn may_share(owner: Option<i64>, user: Option<i64>) -> bool {
    owner.is_some() && owner == user
}

/// What became of a change to a whole list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListChange {
    Yes,
    NotOwner,
    NoSuchList,
}

/// `work` on the list's key if its owner (`None`: made logged out) is one
/// `may` allows, in one transaction with that check.
pub(super) fn managing(
    conn: &mut DbConnection,
    list: &ListId,
    may: impl FnOnce(Option<i64>) -> bool,
    work: impl FnOnce(&mut DbConnection, i64) -> QueryResult<()>,
) -> QueryResult<ListChange> {
    conn.write_transaction(|conn| {
        let query = lists::table.filter(lists::public_id.eq(list.as_str())).select((lists::id, lists::owner_id));
        let found: Option<(i64, Option<i64>)> = on_backend!(conn, |c| query.first(c).optional())?;
        match found {
            None => Ok(ListChange::NoSuchList),
            Some((_, owner)) if !may(owner) => Ok(ListChange::NotOwner),
            Some((key, _)) => work(conn, key).map(|()| ListChange::Yes),
        }
    })
}
