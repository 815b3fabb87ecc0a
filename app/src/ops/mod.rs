//! Running the service rather than serving pages: logs, metrics, the
//! drain on SIGTERM, scheduled tasks and scenarios. Nothing here knows the
//! handlers' `AppState`; its middlewares live in `web::middleware`.

pub mod logging;
pub mod metrics;
pub mod scenarios;
pub mod shutdown;
pub mod tasks;
