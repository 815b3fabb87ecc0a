//! Superlists: a to-do list web service. `main.rs` only calls [`cli::main`].

#[cfg(all(feature = "dev", feature = "prod"))]
compile_error!("features `dev` and `prod` exclude each other: build prod with `--no-default-features --features prod`");
#[cfg(not(any(feature = "dev", feature = "prod")))]
compile_error!("enable exactly one of the features `dev` (default) or `prod`");

pub mod cli;
pub mod csrf;
pub mod db;
pub mod domain;
pub mod errors;
pub mod flash;
pub mod form_body;
pub mod keys;
pub mod logging;
pub mod mail;
pub mod metrics;
pub mod middleware;
pub mod net;
pub mod routes;
pub mod scenarios;
pub mod session;
pub mod settings;
pub mod shutdown;
pub mod startup;
pub mod state;
pub mod tasks;
pub mod templates;
pub mod visit;

pub use settings::Settings;
pub use startup::Application;
