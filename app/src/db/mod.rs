//! The database: one connection type over PostgreSQL and SQLite, its pool,
//! the embedded migrations, and the queries (one module per table family).

pub mod accounts;
mod connection;
pub mod lists;
pub mod migrate;
pub mod schema;
pub mod shares;

pub use connection::{ConnectionManager, DbConnection, DbPool, Pooled, build_pool, is_connection_lost};
