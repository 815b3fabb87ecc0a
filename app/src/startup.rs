//! Building and running the server: the binary and every test start the
//! same `Application` (tests on port 0).

use std::net::TcpListener;
use std::sync::Arc;
use std::time::Duration;

use actix_web::dev::{Server, ServerHandle};
use actix_web::middleware::from_fn;
use actix_web::{App, HttpServer, web};
use anyhow::{Context, bail};

use crate::db::{self, DbPool, migrate};
use crate::keys::CsrfKey;
use crate::mail::Mailer;
use crate::ops::metrics::Metrics;
use crate::ops::shutdown::{self, Drain};
use crate::routes;
use crate::settings::Settings;
use crate::state::AppState;
use crate::web::csrf;
use crate::web::middleware::{
    access_log, drain, error_pages, header_limits, hosts, metrics, no_store, request_id, security_headers,
};

/// Largest request body accepted (413 above): a form is a few hundred bytes.
pub const MAX_BODY_BYTES: usize = 64 * 1024;
/// How long in-flight requests get to finish once the server stops listening.
const SHUTDOWN_TIMEOUT: Duration = Duration::from_secs(10);
/// How long an idle connection is kept open: longer than a balancer's own
/// keep-alive timeout (4 s in the stack's nginx), so the balancer, not the
/// replica, closes an idle connection, and never one it is sending on.
const KEEP_ALIVE: Duration = Duration::from_secs(15);

pub struct Application {
    port: u16,
    server: Server,
    stop: Stop,
    /// The `/metrics` server, when `METRICS_BIND` is set.
    metrics: Option<Server>,
}

/// What stopping on a signal needs (see [`shutdown::on_signal`]).
struct Stop {
    listener: TcpListener,
    drain: Arc<shutdown::Drain>,
    period: Duration,
}

impl Application {
    /// Connects to the database (migrating it in development, refusing an
    /// unmigrated one elsewhere), binds `settings.bind` and builds the server.
    pub fn build(settings: Settings) -> anyhow::Result<Self> {
        db::wait_for_database(&settings.database_url, settings.database_wait)?;
        let pool = db::build_pool(&settings.database_url, settings.db_pool_size)?;
        prepare_database(&settings, &pool)?;
        let listener =
            TcpListener::bind(settings.bind).with_context(|| format!("cannot listen on {}", settings.bind))?;
        let port = listener.local_addr().context("cannot read the bound address")?.port();
        let workers = settings.workers;
        let blocking_threads = (settings.db_pool_size as usize).div_ceil(workers) + 1;
        let mailer = Arc::new(Mailer::new(&settings.email)?);
        let item_writer = db::ItemWriter::start(&settings.database_url)?;
        let live = crate::live::start(&settings.database_url).context("cannot start the live updates' listener")?;
        let settings_profile = settings.profile.as_str();
        let state = web::Data::new(AppState {
            csrf: CsrfKey::derive(&settings.secret_key),
            mailer,
            settings,
            item_writer,
            pool,
            outage: Default::default(),
            drain: Default::default(),
            live,
            metrics: Metrics::new(settings_profile).context("cannot set up the metrics")?,
        });
        let stop = Stop {
            listener: listener.try_clone().context("cannot keep a handle on the listener")?,
            drain: state.drain.clone(),
            period: state.settings.shutdown_drain,
        };
        log::info!(
            "serving on http://{}:{port}/ with {} ({}), {workers} workers",
            state.settings.bind.ip(),
            state.settings.database_url.redacted(),
            state.settings.profile.as_str(),
        );
        let metrics = match state.settings.metrics_bind {
            Some(bind) => {
                log::info!("metrics on http://{bind}/metrics");
                Some(routes::metrics::server(bind, state.clone())?)
            }
            None => None,
        };
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
                // Outermost last: request id, log, metrics, headers, draining, header sizes, host check,
                // no-store, CSRF cookie, error pages.
                .wrap(from_fn(error_pages::render_errors))
                .wrap(from_fn(csrf::set_cookie))
                .wrap(from_fn(no_store::when_setting_cookies))
                .wrap(from_fn(hosts::check))
                .wrap(from_fn(header_limits::check))
                .wrap(from_fn(drain::close_connections))
                .wrap(security_headers::headers(settings))
                .wrap(from_fn(metrics::record))
                .wrap(from_fn(access_log::log))
                .wrap(from_fn(request_id::scope))
        })
        .workers(workers)
        // A blocking thread per pooled connection, shared out over the
        // workers (and one for mail): more would only queue for a connection,
        // each holding its own stack and allocator heap (actix's default of
        // 512 / workers let memory grow several times over).
        .worker_max_blocking_threads(blocking_threads)
        .keep_alive(KEEP_ALIVE)
        // A client's end of file ends its connection, and a live-update
        // stream with it, at once: allowed half-closed, a stream would live
        // until a heartbeat found the socket gone (two of them, ~40 s),
        // holding its place among the stream limits. Browsers and nginx
        // never half-close a request's connection.
        .h1_allow_half_closed(false)
        .disable_signals()
        .shutdown_timeout(SHUTDOWN_TIMEOUT.as_secs())
        .listen(listener)
        .context("cannot start the HTTP server")?
        .run();
        Ok(Application { port, server, stop, metrics })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// Stops the server from another task (tests; signals do this in production).
    pub fn handle(&self) -> ServerHandle {
        self.server.handle()
    }

    /// The flag that tells open streams to end (tests set it before a stop,
    /// as a signal does).
    pub fn drain(&self) -> Arc<Drain> {
        self.stop.drain.clone()
    }

    /// Runs until SIGTERM (after a drain: see [`shutdown`]), SIGINT or
    /// `handle().stop()`, then finishes the requests in flight.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        let Stop { listener, drain, period } = self.stop;
        actix_web::rt::spawn(shutdown::on_signal(self.server.handle(), listener, drain, period));
        let metrics = self.metrics.map(|server| {
            let handle = server.handle();
            actix_web::rt::spawn(server);
            handle
        });
        let result = self.server.await;
        // Scraped until the site itself has stopped.
        if let Some(metrics) = metrics {
            metrics.stop(true).await;
        }
        result
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
