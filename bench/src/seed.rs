//! The data the workloads read, written straight into the database with
//! the app's own queries (faster than a visitor's requests, same rows).

use anyhow::Context;

use superlists::db::{ConnectionManager, DbConnection, accounts, bulk, items, lists, migrate, tasks};
use superlists::domain::{ItemText, ListId};
use superlists::keys;
use superlists::settings::DatabaseUrl;
use superlists::web::session;

/// Items of the tick load's list: the load goes round them.
pub const TICKED_ITEMS: usize = 10;

pub struct Db {
    conn: DbConnection,
}

/// What the workloads visit: lists of each size, and a logged-in user's
/// session whose "My lists" page shows ten lists.
pub struct Seeded {
    /// (items, the list's id), smallest first.
    pub lists: Vec<(usize, ListId)>,
    /// A list of its own for the POST load, which grows it.
    pub post_list: ListId,
    /// A list of its own whose items the tick load ticks and unticks.
    pub tick_list: ListId,
    pub session: String,
    pub owner_email: String,
}

impl Db {
    /// Connects to `url` and applies the migrations.
    pub fn open(url: &str) -> anyhow::Result<Db> {
        let url = DatabaseUrl::parse(url).map_err(|e| anyhow::anyhow!("{e}"))?;
        let mut conn = ConnectionManager::new(url).establish().context("cannot connect to the bench database")?;
        migrate::run_pending(&mut conn)?;
        Ok(Db { conn })
    }

    pub fn seed(&mut self, sizes: &[usize]) -> anyhow::Result<Seeded> {
        let mut seeded = Vec::new();
        for &size in sizes {
            seeded.push((size, self.list_of(size, None)?));
        }
        let owner_email = "bench-owner@example.com".to_string();
        let (id, expires_at) = session::new_id();
        let user = accounts::start_session(&mut self.conn, &owner_email, &keys::token_hash(&id), expires_at)?;
        for _ in 0..10 {
            self.list_of(3, Some(user.id))?;
        }
        let post_list = self.list_of(1, None)?;
        let tick_list = self.list_of(TICKED_ITEMS, None)?;
        Ok(Seeded { lists: seeded, post_list, tick_list, session: id, owner_email })
    }

    /// A new list of `size` items ("Item 1", …), owned by `owner`.
    pub fn list_of(&mut self, size: usize, owner: Option<i64>) -> anyhow::Result<ListId> {
        let text = |n: usize| ItemText::parse(&format!("Item {n}")).map_err(|e| anyhow::anyhow!("{e:?}"));
        self.conn.write_transaction(|conn| {
            let list = lists::create_with_item(conn, &text(1)?, owner)?;
            for n in 2..=size {
                items::add(conn, &list, &text(n)?)?;
            }
            Ok(list)
        })
    }

    /// Adds lists of ten items until the `items` table holds about `total` rows.
    pub fn grow_to(&mut self, total: usize) -> anyhow::Result<()> {
        let have = usize::try_from(self.count_items()?)?;
        if total > have {
            bulk::generate_lists(&mut self.conn, (total - have).div_ceil(10), 10, |_| {})?;
            // The statistics the scheduler's `optimize` task keeps fresh in production.
            tasks::optimize(&mut self.conn)?;
        }
        Ok(())
    }

    pub fn count_items(&mut self) -> anyhow::Result<i64> {
        use diesel::{QueryDsl, RunQueryDsl};
        Ok(superlists::db::schema::items::table.count().get_result(&mut self.conn)?)
    }

    /// The plan of the list page's query, for the report.
    pub fn explain(&mut self, list: &ListId) -> anyhow::Result<Vec<String>> {
        Ok(lists::explain_view(&mut self.conn, list)?)
    }
}
