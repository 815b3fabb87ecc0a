//! Cross-cutting request handling; `startup` wraps the app in it (the order is there).

pub mod error_pages;
pub mod forwarded;
pub mod hosts;
pub mod security_headers;
