//! What the site does over HTTP around every handler: the visitor's
//! cookies (CSRF, session, one-time messages), the form body, the pages'
//! templates and the middleware. Below `routes`, above `state`.

pub mod csrf;
pub mod flash;
pub mod form_body;
pub mod forwarded;
pub mod json_body;
pub mod middleware;
pub mod paths;
pub mod redirect;
pub mod session;
pub mod templates;
pub mod visit;
