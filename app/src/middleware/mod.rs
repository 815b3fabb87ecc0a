//! Cross-cutting request handling, outermost first in `startup::build_app`.

pub mod error_pages;
pub mod forwarded;
pub mod hosts;
pub mod security_headers;
