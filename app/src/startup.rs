//! Building and running the server: the binary and every test start the
//! same `Application` (tests on port 0).

use std::net::TcpListener;
use std::sync::Arc;
use std::time::Duration;

use actix_web::dev::{Server, ServerHandle};
use actix_web::middleware::{Logger, from_fn};
use actix_web::{App, HttpServer, web};
use anyhow::{Context, bail};

use crate::csrf;
use crate::db::{self, DbPool, migrate};
use crate::keys::CsrfKey;
use crate::mail::Mailer;
use crate::middleware::{error_pages, forwarded, hosts, security_headers};
use crate::routes;
use crate::settings::Settings;
use crate::state::AppState;

/// Largest request body accepted (413 above): a form is a few hundred bytes.
pub const MAX_BODY_BYTES: usize = 64 * 1024;
/// How long in-flight requests get to finish after SIGTERM/SIGINT.
const SHUTDOWN_TIMEOUT: Duration = Duration::from_secs(10);
/// `client` is the peer, or the client a trusted proxy forwarded for.
const ACCESS_LOG_FORMAT: &str = r#"%{client}xi "%r" %s %b %Dms"#;

pub struct Application {
    port: u16,
    server: Server,
}

impl Application {
    /// Connects to the database (migrating it in development, refusing an
    /// unmigrated one elsewhere), binds `settings.bind` and builds the server.
    pub fn build(settings: Settings) -> anyhow::Result<Self> {
        let pool = db::build_pool(&settings.database_url, settings.db_pool_size)?;
        prepare_database(&settings, &pool)?;
        let listener =
            TcpListener::bind(settings.bind).with_context(|| format!("cannot listen on {}", settings.bind))?;
        let port = listener.local_addr().context("cannot read the bound address")?.port();
        let workers = settings.workers;
        let mailer = Arc::new(Mailer::new(&settings.email)?);
        let state = web::Data::new(AppState { csrf: CsrfKey::derive(&settings.secret_key), mailer, settings, pool });
        log::info!(
            "serving on http://{}:{port}/ with {} ({}), {workers} workers",
            state.settings.bind.ip(),
            state.settings.database_url.redacted(),
            state.settings.profile.as_str(),
        );
        let server = HttpServer::new(move || {
            let settings = &state.settings;
            let static_mount = settings.static_url.trim_end_matches('/').to_string();
            App::new()
                .app_data(state.clone())
                // Forms are read by `form_body`, as bytes up to this limit.
                .app_data(web::PayloadConfig::default().limit(MAX_BODY_BYTES))
                // Before the routes: their scope would otherwise claim /static/ too.
                .service(actix_files::Files::new(&static_mount, &settings.static_root))
                .configure(|cfg| routes::configure(cfg, &settings.url_prefix))
                .default_service(web::to(error_pages::not_found))
                // Outermost last: log, headers, host check, CSRF cookie, error pages.
                .wrap(from_fn(error_pages::render_errors))
                .wrap(from_fn(csrf::set_cookie))
                .wrap(from_fn(hosts::check))
                .wrap(security_headers::headers(settings))
                .wrap({
                    let trusted = settings.trusted_proxies.clone();
                    Logger::new(ACCESS_LOG_FORMAT)
                        .custom_request_replace("client", move |req| forwarded::client_for_log(req, &trusted))
                })
        })
        .workers(workers)
        .shutdown_timeout(SHUTDOWN_TIMEOUT.as_secs())
        .listen(listener)
        .context("cannot start the HTTP server")?
        .run();
        Ok(Application { port, server })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// Stops the server from another task (tests; signals do this in production).
    pub fn handle(&self) -> ServerHandle {
        self.server.handle()
    }

    /// Runs until SIGTERM/SIGINT (or `handle().stop()`), then drains.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.server.await
    }
}

fn prepare_database(settings: &Settings, pool: &DbPool) -> anyhow::Result<()> {
    let mut conn = pool.get().context("cannot get a database connection")?;
    if settings.migrate_on_serve() {
        for name in migrate::run_pending(&mut conn)? {
            log::info!("applied migration {name}");
        }
        return Ok(());
    }
    let pending = migrate::pending(&mut conn)?;
    if !pending.is_empty() {
        bail!(
            "the database has {} unapplied migration(s) ({}): run `superlists migrate` first",
            pending.len(),
            pending.join(", ")
        );
    }
    Ok(())
}
