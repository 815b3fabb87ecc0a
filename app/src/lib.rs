//! Superlists: a to-do list web service. `main.rs` only calls [`cli::main`].

#[cfg(all(feature = "dev", feature = "prod"))]
compile_error!("features `dev` and `prod` exclude each other: build prod with `--no-default-features --features prod`");
#[cfg(not(any(feature = "dev", feature = "prod")))]
compile_error!("enable exactly one of the features `dev` (default) or `prod`");

pub mod cli;
pub mod db;
pub mod domain;
pub mod errors;
pub mod keys;
pub mod live;
pub mod mail;
pub mod net;
pub mod ops;
pub mod routes;
pub mod settings;
pub mod startup;
pub mod state;
pub mod web;

pub use settings::Settings;
pub use startup::Application;
