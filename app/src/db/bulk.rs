//! Bulk inserts for generated data sets (`scenario up big`): many rows a
//! statement, in one transaction, without the per-item checks a visitor's
//! request goes through (the generator makes only valid, distinct items).

use diesel::prelude::*;

use super::DbConnection;
use super::schema::{items, lists};
use crate::domain::ListId;

/// Rows a statement: under SQLite's limit of 32,766 bound parameters.
const ROWS_PER_STATEMENT: usize = 5_000;

/// Makes `lists` lists of `items_per_list` items ("Item 1 of list 7", …),
/// every fourth item done and every tenth list named ("List 10"), calling
/// `progress` with the items inserted after each statement.
pub fn generate_lists(
    conn: &mut DbConnection,
    lists: usize,
    items_per_list: usize,
    mut progress: impl FnMut(u64),
) -> QueryResult<()> {
    conn.write_transaction(|conn| {
        let named = |n: usize| n.is_multiple_of(10).then(|| format!("List {n}"));
        let ids: Vec<(ListId, Option<String>)> = (1..=lists).map(|n| (ListId::generate(), named(n))).collect();
        let mut keys = Vec::with_capacity(lists);
        for chunk in ids.chunks(ROWS_PER_STATEMENT) {
            keys.extend(insert_lists(conn, chunk)?);
        }
        let texts: Vec<(i64, String, bool)> = keys
            .iter()
            .enumerate()
            .flat_map(|(n, key)| {
                (1..=items_per_list).map(move |i| (*key, format!("Item {i} of list {}", n + 1), i.is_multiple_of(4)))
            })
            .collect();
        for chunk in texts.chunks(ROWS_PER_STATEMENT) {
            insert_items(conn, chunk)?;
            progress(chunk.len() as u64);
        }
        Ok(())
    })
}

// Each backend by name: a multi-row INSERT is not available through the
// connection that covers both.

fn insert_lists(conn: &mut DbConnection, ids: &[(ListId, Option<String>)]) -> QueryResult<Vec<i64>> {
    let rows: Vec<_> =
        ids.iter().map(|(id, title)| (lists::public_id.eq(id.as_str()), lists::title.eq(title.as_deref()))).collect();
    let insert = diesel::insert_into(lists::table).values(rows);
    match conn {
        DbConnection::Pg(pg) => insert.returning(lists::id).get_results(pg),
        DbConnection::Sqlite(lite) => insert.returning(lists::id).get_results(lite),
    }
}

fn insert_items(conn: &mut DbConnection, chunk: &[(i64, String, bool)]) -> QueryResult<usize> {
    let rows: Vec<_> = chunk
        .iter()
        .map(|(key, text, done)| (items::list_id.eq(*key), items::text.eq(text.as_str()), items::done.eq(*done)))
        .collect();
    let insert = diesel::insert_into(items::table).values(rows);
    match conn {
        DbConnection::Pg(pg) => insert.execute(pg),
        DbConnection::Sqlite(lite) => insert.execute(lite),
    }
}
