//! The integration tests: the real server on port 0, on SQLite and a
//! throwaway PostgreSQL. One test binary, one module per subject: a single
//! link rather than one per file.

mod accounts;
mod api;
mod api_description;
mod architecture;
mod bad_input;
mod concurrent_writes;
mod database;
mod docs;
mod flush;
mod items;
mod list_titles;
mod live;
mod live_places;
mod log_secrets;
mod login_limits;
mod login_links;
mod logs;
mod metrics;
mod migrations;
mod owners;
mod pages;
mod protection;
mod routes;
mod scenarios;
mod sharing;
mod shutdown;
mod startup;
mod tasks;
