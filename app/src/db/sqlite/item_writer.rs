//! New items on SQLite, added by one thread in batches: a group commit.
//!
//! SQLite lets one connection write at a time, so POSTs queued for the
//! writers' turn anyway, each paying for its own transaction: its locks
//! (fcntl), its WAL frames (the same few pages written again by the next
//! POST), the re-read of pages another connection had changed, a blocking
//! thread to wait on. Here the POSTs that arrive while a batch is written
//! go together in the next one, one transaction on one connection whose
//! cache is never stale; each gets its own answer.

use std::sync::mpsc::{self, Receiver, Sender};
use std::thread;

use anyhow::Context as _;
use diesel::r2d2::R2D2Connection;
use diesel::result::{DatabaseErrorKind, Error as DieselError, QueryResult};
use tokio::sync::oneshot;

use crate::db::DbConnection;
use crate::db::items::{self as item_rows, Added};
use crate::db::pool::ConnectionManager;
use crate::db::sqlite;
use crate::domain::{ItemText, ListId};
use crate::settings::DatabaseUrl;

/// The most items in one transaction: a batch is what queued while the one
/// before was written, so it is bounded by the requests in flight anyway.
const MOST_IN_A_BATCH: usize = 256;

/// An item to add: to which list, what text.
type Item = (ListId, ItemText);
/// An item and where its answer goes.
type Job = (Item, oneshot::Sender<QueryResult<Added>>);

/// The queue to the writer thread, which stops once every handle is gone.
#[derive(Clone)]
pub struct ItemWriter {
    jobs: Sender<Job>,
}

impl ItemWriter {
    /// A writer on its own connection, for a SQLite database; `None` for
    /// PostgreSQL, whose writers do not wait for each other.
    pub fn start(url: &DatabaseUrl) -> anyhow::Result<Option<Self>> {
        let DatabaseUrl::Sqlite(_) = url else { return Ok(None) };
        let conn = open(url).with_context(|| format!("cannot open {} to add items", url.redacted()))?;
        let (jobs, queue) = mpsc::channel();
        let url = url.clone();
        thread::Builder::new()
            .name("sqlite-items".into())
            .spawn(move || write_batches(&url, conn, &queue))
            .context("cannot start the item writer thread")?;
        Ok(Some(ItemWriter { jobs }))
    }

    /// Adds `text` to `list` in the next batch. The outer error says the
    /// writer thread is gone.
    pub async fn add(&self, list: ListId, text: ItemText) -> anyhow::Result<QueryResult<Added>> {
        let (answer, answered) = oneshot::channel();
        self.jobs.send(((list, text), answer)).map_err(|_| anyhow::anyhow!("the item writer has stopped"))?;
        answered.await.context("the item writer dropped the item unanswered")
    }
}

fn open(url: &DatabaseUrl) -> QueryResult<DbConnection> {
    let mut conn = ConnectionManager::new(url.clone())
        .establish()
        .map_err(|e| DieselError::DatabaseError(DatabaseErrorKind::ClosedConnection, Box::new(e.to_string())))?;
    if let DbConnection::Sqlite(lite) = &mut conn {
        sqlite::configure(lite)?;
    }
    Ok(conn)
}

/// Until every [`ItemWriter`] is gone: a batch of what has queued, written
/// and answered. A connection a failure left unusable (diesel could not
/// roll back) is opened again for the next batch.
fn write_batches(url: &DatabaseUrl, conn: DbConnection, queue: &Receiver<Job>) {
    let mut conn = Some(conn);
    while let Ok(first) = queue.recv() {
        let (items, answers): (Vec<Item>, Vec<_>) =
            std::iter::once(first).chain(queue.try_iter().take(MOST_IN_A_BATCH - 1)).unzip();
        let written = match conn.take().map_or_else(|| open(url), Ok) {
            Ok(mut open) => {
                let written = write_batch(&mut open, &items);
                conn = (!R2D2Connection::is_broken(&mut open)).then_some(open);
                written
            }
            Err(e) => items.iter().map(|_| Err(again(&e))).collect(),
        };
        for (answer, added) in answers.into_iter().zip(written) {
            // A visitor who left before the answer still has the item added.
            let _ = answer.send(added);
        }
    }
}

/// Every item of `items` in one transaction, an answer per item. An item
/// is one statement that writes, which SQLite undoes alone when it fails:
/// the rest commit, and a refused item (a duplicate, a list that is gone)
/// is an answer. A batch that cannot begin or commit has that error as
/// every item's answer.
fn write_batch(conn: &mut DbConnection, items: &[Item]) -> Vec<QueryResult<Added>> {
    let written = conn.write_transaction(|conn| {
        QueryResult::Ok(items.iter().map(|(list, text)| item_rows::add(conn, list, text)).collect::<Vec<_>>())
    });
    written.unwrap_or_else(|e| {
        log::warn!("a batch of {} items was not written: {e}", items.len());
        items.iter().map(|_| Err(again(&e))).collect()
    })
}

/// `e` for one more caller (diesel's errors cannot be cloned): its kind,
/// which tells a lost connection (a 503) from the rest, and its message.
fn again(e: &DieselError) -> DieselError {
    let kind = match e {
        DieselError::DatabaseError(kind, _) => *kind,
        _ => DatabaseErrorKind::Unknown,
    };
    DieselError::DatabaseError(kind, Box::new(e.to_string()))
}

#[cfg(test)]
mod tests {
    use anyhow::Context as _;
    use diesel::connection::SimpleConnection;

    use super::*;
    use crate::db::{lists, migrate};

    /// A migrated SQLite database of the test's own, and a connection to it.
    fn migrated() -> anyhow::Result<(tempfile::TempDir, DatabaseUrl, DbConnection)> {
        let dir = tempfile::tempdir()?;
        let url = DatabaseUrl::Sqlite(dir.path().join("db.sqlite3").to_string_lossy().into_owned());
        let mut conn = open(&url)?;
        conn.batch_execute("PRAGMA journal_mode = WAL")?;
        migrate::run_pending(&mut conn)?;
        Ok((dir, url, conn))
    }

    fn item(list: &ListId, text: &str) -> anyhow::Result<Item> {
        Ok((list.clone(), ItemText::parse(text)?))
    }

    fn items_of(conn: &mut DbConnection, list: &ListId) -> anyhow::Result<Vec<String>> {
        Ok(lists::view(conn, list)?.context("the list is gone")?.items.into_iter().map(|i| i.text).collect())
    }

    #[test]
    fn each_item_of_a_batch_gets_its_own_answer() -> anyhow::Result<()> {
        let (_dir, _url, mut conn) = migrated()?;
        let list = lists::create_with_item(&mut conn, &ItemText::parse("first")?, None)?;
        // An item that fails with an error rather than a refusal.
        conn.batch_execute(
            "CREATE TRIGGER refuse BEFORE INSERT ON items WHEN NEW.text = 'boom'
             BEGIN SELECT RAISE(ABORT, 'refused by a trigger'); END",
        )?;
        let gone = ListId::generate();
        let batch = [item(&list, "a")?, item(&list, "a")?, item(&gone, "b")?, item(&list, "boom")?, item(&list, "c")?];
        let answers = write_batch(&mut conn, &batch);
        assert!(
            matches!(
                answers[..],
                [Ok(Added::Yes(_)), Ok(Added::Duplicate), Ok(Added::NoSuchList), Err(_), Ok(Added::Yes(_))]
            ),
            "{answers:?}"
        );
        assert_eq!(items_of(&mut conn, &list)?, ["first", "a", "c"]);
        Ok(())
    }

    #[test]
    fn a_batch_that_cannot_begin_is_every_items_error_and_the_next_one_goes_through() -> anyhow::Result<()> {
        let (_dir, url, mut conn) = migrated()?;
        let list = lists::create_with_item(&mut conn, &ItemText::parse("first")?, None)?;
        conn.batch_execute("PRAGMA busy_timeout = 0")?;
        // Another process writing: SQLite's lock is taken.
        let mut other = open(&url)?;
        other.batch_execute("BEGIN IMMEDIATE")?;
        let answers = write_batch(&mut conn, &[item(&list, "a")?, item(&list, "b")?]);
        assert!(answers.iter().all(|a| a.as_ref().is_err_and(|e| e.to_string().contains("locked"))), "{answers:?}");
        other.batch_execute("ROLLBACK")?;
        assert!(matches!(write_batch(&mut conn, &[item(&list, "a")?])[..], [Ok(Added::Yes(_))]));
        assert_eq!(items_of(&mut conn, &list)?, ["first", "a"]);
        Ok(())
    }

    #[test]
    fn items_added_at_once_through_the_thread_all_get_their_answer() -> anyhow::Result<()> {
        let (_dir, url, mut conn) = migrated()?;
        let list = lists::create_with_item(&mut conn, &ItemText::parse("first")?, None)?;
        let writer = ItemWriter::start(&url)?.context("no writer for SQLite")?;
        let runtime = tokio::runtime::Builder::new_current_thread().build()?;
        // 200 items at once, each text twice: one of each pair is refused.
        let answers = runtime.block_on(async {
            let mut adds = tokio::task::JoinSet::new();
            for n in 0..200 {
                let (writer, item) = (writer.clone(), item(&list, &format!("item {}", n % 100))?);
                adds.spawn(async move { writer.add(item.0, item.1).await });
            }
            anyhow::Ok(adds.join_all().await)
        })?;
        let answers = answers.into_iter().collect::<anyhow::Result<QueryResult<Vec<Added>>>>()??;
        assert_eq!(answers.iter().filter(|a| matches!(a, Added::Yes(_))).count(), 100);
        assert_eq!(answers.iter().filter(|a| **a == Added::Duplicate).count(), 100);
        assert_eq!(items_of(&mut conn, &list)?.len(), 101);
        Ok(())
    }
}
