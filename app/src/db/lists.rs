//! The SQL for `lists` and their `items`. Plain functions on a connection:
//! they know nothing of HTTP. Lists are found by their public id; the
//! integer key never leaves the database.

use diesel::prelude::*;

use super::items::Item;
use super::ownership::{ListChange, managing, may_manage, may_share};
use super::schema::{items, list_shares, lists, users};
use super::{DbConnection, on_backend, shares};
use crate::domain::{ItemId, ItemText, ListId, ListTitle};

/// The list's version (the triggers of `migrations/*/…_list_versions` bump
/// it on every change); `None` if there is no such list.
pub fn version_of(conn: &mut DbConnection, list: &ListId) -> QueryResult<Option<i64>> {
    let query = lists::table.filter(lists::public_id.eq(list.as_str())).select(lists::version);
    on_backend!(conn, |c| query.first(c).optional())
}

/// A list as its page shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListView {
    /// Its own name, if it was given one.
    pub title: Option<String>,
    /// How many changes it has had: what its live updates count.
    pub version: i64,
    pub items: Vec<Item>,
    /// The owner's id and email; `None` for a list made logged out.
    pub owner: Option<(i64, String)>,
    /// The emails of the users it is shared with.
    pub sharees: Vec<String>,
}

impl ListView {
    /// Its title, else its first item's text (as "My lists" calls it).
    pub fn name(&self) -> &str {
        self.title.as_deref().or_else(|| self.items.first().map(|i| i.text.as_str())).unwrap_or_default()
    }

    /// Whether `user` (a user id, or nobody) may rename or delete it.
    pub fn managed_by(&self, user: Option<i64>) -> bool {
        may_manage(self.owner_id(), user)
    }

    /// Whether `user` may share it.
    pub fn shared_by(&self, user: Option<i64>) -> bool {
        may_share(self.owner_id(), user)
    }

    fn owner_id(&self) -> Option<i64> {
        self.owner.as_ref().map(|(id, _)| *id)
    }
}

/// Creates a list holding `first` as its only item, owned by `owner` (a
/// user id) if someone logged in made it; returns the list's id.
pub fn create_with_item(conn: &mut DbConnection, first: &ItemText, owner: Option<i64>) -> QueryResult<ListId> {
    let public_id = ListId::generate();
    conn.write_transaction(|conn| {
        let insert = diesel::insert_into(lists::table)
            .values((lists::public_id.eq(public_id.as_str()), lists::owner_id.eq(owner)))
            .returning(lists::id);
        let key = on_backend!(conn, |c| insert.get_result(c))?;
        insert_item(conn, key, first)?;
        Ok(public_id)
    })
}

/// A list's items in insertion order, its owner (one query) and its
/// sharees (a second); `None` if there is no such list.
pub fn view(conn: &mut DbConnection, list: &ListId) -> QueryResult<Option<ListView>> {
    let rows: Vec<Row> = on_backend!(conn, |c| items_of(list.as_str()).load(c))?;
    // Every list is made with an item, but ask before calling it missing.
    let key = match rows.first() {
        Some(row) => row.key,
        None => match key_of(conn, list)? {
            Some(key) => key,
            None => return Ok(None),
        },
    };
    let owner = rows.first().and_then(|row| row.owner_id.zip(row.owner_email.clone()));
    let (title, version) = match rows.first() {
        Some(row) => (row.title.clone(), row.version),
        None => title_of(conn, key)?,
    };
    // Only an owner shares: a list made logged out has no sharees to ask for
    // (one round trip fewer on its page).
    let sharees = if owner.is_some() { shares::sharees(conn, key)? } else { Vec::new() };
    let items = rows.into_iter().map(|row| Item { id: ItemId::drawn(row.item_id), text: row.text, done: row.done });
    Ok(Some(ListView { title, version, items: items.collect(), owner, sharees }))
}

/// A row of the list page's query.
#[derive(Queryable)]
struct Row {
    key: i64,
    owner_id: Option<i64>,
    owner_email: Option<String>,
    title: Option<String>,
    version: i64,
    item_id: String,
    text: String,
    done: bool,
}

/// The title and version of a list with no items.
fn title_of(conn: &mut DbConnection, key: i64) -> QueryResult<(Option<String>, i64)> {
    let query = lists::table.find(key).select((lists::title, lists::version));
    on_backend!(conn, |c| query.first(c))
}

/// The list page's query: a list's items in order, with the list's key
/// and its owner.
#[diesel::dsl::auto_type(no_type_alias)]
fn items_of<'a>(list: &'a str) -> _ {
    let owner_id: diesel::dsl::Nullable<users::id> = users::id.nullable();
    let owner_email: diesel::dsl::Nullable<users::email> = users::email.nullable();
    items::table
        .inner_join(lists::table.left_join(users::table))
        .filter(lists::public_id.eq(list))
        .order(items::id.asc())
        .select((
            lists::id,
            owner_id,
            owner_email,
            lists::title,
            lists::version,
            items::public_id,
            items::text,
            items::done,
        ))
}

/// How the database runs the list page's query (`EXPLAIN`; SQLite's
/// `EXPLAIN QUERY PLAN`), a line per row: for the benchmark's report.
pub fn explain_view(conn: &mut DbConnection, list: &ListId) -> QueryResult<Vec<String>> {
    use diesel::sql_types::Text;
    #[derive(QueryableByName)]
    struct PgPlan {
        #[diesel(sql_type = Text, column_name = "QUERY PLAN")]
        line: String,
    }
    #[derive(QueryableByName)]
    struct SqlitePlan {
        #[diesel(sql_type = Text)]
        detail: String,
    }
    // The SQL diesel sends, without the binds it lists after it.
    fn sql(debug: String) -> String {
        debug.split(" -- binds:").next().unwrap_or_default().to_string()
    }
    let query = items_of(list.as_str());
    match conn {
        DbConnection::Pg(pg) => {
            let text = sql(diesel::debug_query::<diesel::pg::Pg, _>(&query).to_string());
            let rows: Vec<PgPlan> =
                diesel::sql_query(format!("EXPLAIN {text}")).bind::<Text, _>(list.as_str()).load(pg)?;
            Ok(rows.into_iter().map(|r| r.line).collect())
        }
        DbConnection::Sqlite(lite) => {
            let text = sql(diesel::debug_query::<diesel::sqlite::Sqlite, _>(&query).to_string());
            let rows: Vec<SqlitePlan> =
                diesel::sql_query(format!("EXPLAIN QUERY PLAN {text}")).bind::<Text, _>(list.as_str()).load(lite)?;
            Ok(rows.into_iter().map(|r| r.detail).collect())
        }
    }
}

/// A list's name, its first item's text: a subquery per list that the
/// (list_id, id) index answers with one row, however many items the
/// database holds (an anti-join over every item was 30x slower on
/// PostgreSQL with a long list in the table).
#[diesel::dsl::auto_type]
fn first_item_text() -> _ {
    let one: i64 = 1;
    items::table
        .filter(items::list_id.eq(lists::id))
        .order(items::id.asc())
        .select(items::text)
        .limit(one)
        .single_value()
}

/// The lists on a user's "My lists" page, each as its id and name (its
/// title, else its first item's text).
#[derive(Debug, Default, PartialEq, Eq)]
pub struct UsersLists {
    /// The lists the user made, oldest first.
    pub owned: Vec<(ListId, String)>,
    /// The lists shared with the user, oldest first, with the owner's email.
    pub shared: Vec<(ListId, String, String)>,
}

/// The lists `user` owns and those shared with them, in one query: on
/// PostgreSQL each query is a round trip, and the page's session lookup
/// is another.
pub fn of_user(conn: &mut DbConnection, user: i64) -> QueryResult<UsersLists> {
    use diesel::sql_types::Bool;
    let owned = lists::table.left_join(users::table).filter(lists::owner_id.eq(user)).select((
        false.into_sql::<Bool>(),
        lists::id,
        lists::public_id,
        lists::title,
        first_item_text(),
        users::email.nullable(),
    ));
    let shared = list_shares::table
        .inner_join(lists::table.left_join(users::table))
        .filter(list_shares::user_id.eq(user))
        .select((
            true.into_sql::<Bool>(),
            lists::id,
            lists::public_id,
            lists::title,
            first_item_text(),
            users::email.nullable(),
        ));
    /// A row of the union: which half, the list's key (its age), id, title,
    /// first item, owner.
    #[derive(Queryable)]
    struct Row(bool, i64, String, Option<String>, Option<String>, Option<String>);
    let query = owned.union_all(shared);
    let mut rows: Vec<Row> = on_backend!(conn, |c| query.load(c))?;
    // A few rows: sorted here, as SQLite takes no ORDER BY inside a UNION.
    rows.sort_unstable_by_key(|Row(is_shared, key, ..)| (*is_shared, *key));
    let mut found = UsersLists::default();
    for Row(is_shared, _, id, title, first, owner) in rows {
        let (Some(id), Some(name)) = (ListId::parse(&id), title.or(first)) else { continue };
        match is_shared {
            false => found.owned.push((id, name)),
            true => found.shared.push((id, name, owner.unwrap_or_default())),
        }
    }
    Ok(found)
}

/// Names the list, if `by` may (see [`ListView::managed_by`]).
pub fn rename(conn: &mut DbConnection, list: &ListId, title: &ListTitle, by: Option<i64>) -> QueryResult<ListChange> {
    let title = title.as_str().to_string();
    managing(
        conn,
        list,
        |owner| may_manage(owner, by),
        move |conn, key| {
            let update = diesel::update(lists::table.find(key)).set(lists::title.eq(title));
            on_backend!(conn, |c| update.execute(c)).map(drop)
        },
    )
}

/// Deletes the list with its items and shares, if `by` may.
pub fn delete(conn: &mut DbConnection, list: &ListId, by: Option<i64>) -> QueryResult<ListChange> {
    managing(
        conn,
        list,
        |owner| may_manage(owner, by),
        |conn, key| {
            let delete = diesel::delete(lists::table.find(key));
            on_backend!(conn, |c| delete.execute(c)).map(drop)
        },
    )
}

pub(super) fn key_of(conn: &mut DbConnection, list: &ListId) -> QueryResult<Option<i64>> {
    let query = lists::table.filter(lists::public_id.eq(list.as_str())).select(lists::id);
    on_backend!(conn, |c| query.first(c).optional())
}

fn insert_item(conn: &mut DbConnection, key: i64, text: &ItemText) -> QueryResult<()> {
    let insert = diesel::insert_into(items::table).values((items::list_id.eq(key), items::text.eq(text.as_str())));
    on_backend!(conn, |c| insert.execute(c)).map(drop)
}
