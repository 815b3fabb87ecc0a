//! Running the service rather than serving pages: logs, metrics, the
//! drain on SIGTERM, scheduled tasks, scenarios, and live updates' hub. Nothing here knows the
//! handlers' `AppState`; its middlewares live in `web::middleware`.

pub mod logging;
pub mod metrics;
pub mod scenarios;
pub mod shutdown;
pub mod tasks;
