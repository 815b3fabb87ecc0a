//! Cross-cutting request handling; `startup` wraps the app in it (the order is there).

pub mod access_log;
pub mod drain;
pub mod error_pages;
pub mod header_limits;
pub mod hosts;
pub mod metrics;
pub mod no_store;
pub mod request_id;
pub mod security_headers;
