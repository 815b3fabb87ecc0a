//! The database: one connection type over PostgreSQL and SQLite, its pool,
//! the embedded migrations, and the queries (one module per table family).

pub mod accounts;
pub mod bulk;
mod connection;
pub mod flush;
pub mod items;
pub mod lists;
pub mod login_emails;
pub mod migrate;
mod outage;
pub mod ownership;
mod pool;
pub mod schema;
pub mod shares;
mod sqlite;
pub mod tasks;

pub(crate) use connection::on_backend;
pub use connection::{DbConnection, is_connection_lost};
pub use outage::Outage;
pub use pool::{ConnectionManager, DbPool, Pooled, PooledConnection, build_pool, wait_for_database};
pub use sqlite::item_writer::ItemWriter;
