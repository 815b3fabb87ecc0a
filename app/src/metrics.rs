//! Prometheus metrics: requests by route pattern and status, latency,
//! the database pool, and the build. Served at `/metrics` on `METRICS_BIND`
//! only, an address of its own that nginx never proxies, so the public site
//! does not show its traffic to anyone who asks.

use std::net::SocketAddr;

use actix_web::body::MessageBody;
use actix_web::dev::{Server, ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::{App, HttpResponse, HttpServer, web};
use anyhow::Context;
use prometheus::{
    Encoder, HistogramOpts, HistogramVec, IntCounterVec, IntGauge, IntGaugeVec, Opts, Registry, TextEncoder,
};

use crate::state::AppState;

pub struct Metrics {
    registry: Registry,
    /// By method, route pattern (`/lists/{list_id}/`: one series per route,
    /// not one per list) and status.
    requests: IntCounterVec,
    latency: HistogramVec,
    pool_connections: IntGauge,
    pool_idle: IntGauge,
    /// Requests waiting for a pooled connection right now.
    pub pool_waiting: IntGauge,
}

impl Metrics {
    pub fn new(profile: &str) -> anyhow::Result<Self> {
        let registry = Registry::new_custom(Some("superlists".into()), None)?;
        let requests = IntCounterVec::new(
            Opts::new("http_requests_total", "HTTP requests answered, by route pattern and status"),
            &["method", "route", "status"],
        )?;
        // 1 ms to about 16 s, doubling.
        let buckets = prometheus::exponential_buckets(0.001, 2.0, 15)?;
        let latency = HistogramVec::new(
            HistogramOpts::new("http_request_duration_seconds", "Time from a request's arrival to its response")
                .buckets(buckets),
            &["route"],
        )?;
        let pool_connections = IntGauge::new("db_pool_connections", "Database connections open in the pool")?;
        let pool_idle = IntGauge::new("db_pool_idle", "Pooled database connections not in use")?;
        let pool_waiting = IntGauge::new("db_pool_waiting", "Requests waiting for a database connection")?;
        let build = IntGaugeVec::new(
            Opts::new("build_info", "The running build: always 1, its labels say which"),
            &["version", "profile"],
        )?;
        build.with_label_values(&[env!("CARGO_PKG_VERSION"), profile]).set(1);
        registry.register(Box::new(requests.clone()))?;
        registry.register(Box::new(latency.clone()))?;
        registry.register(Box::new(pool_connections.clone()))?;
        registry.register(Box::new(pool_idle.clone()))?;
        registry.register(Box::new(pool_waiting.clone()))?;
        registry.register(Box::new(build))?;
        Ok(Metrics { registry, requests, latency, pool_connections, pool_idle, pool_waiting })
    }

    fn observe(&self, method: &str, route: &str, status: u16, seconds: f64) {
        self.requests.with_label_values(&[method, route, &status.to_string()]).inc();
        self.latency.with_label_values(&[route]).observe(seconds);
    }

    /// The text Prometheus scrapes, the pool's figures read now.
    fn render(&self, state: &AppState) -> prometheus::Result<Vec<u8>> {
        let pool = state.pool.state();
        self.pool_connections.set(pool.connections.into());
        self.pool_idle.set(pool.idle_connections.into());
        let mut text = Vec::new();
        TextEncoder::new().encode(&self.registry.gather(), &mut text)?;
        Ok(text)
    }
}

/// Middleware: counts and times every request of the site.
pub async fn record(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let started = std::time::Instant::now();
    let state = req.app_data::<web::Data<AppState>>().cloned();
    let method = req.method().to_string();
    let res = next.call(req).await?;
    if let Some(state) = state {
        // Unrouted requests (404s, static files) share one series.
        let route = res.request().match_pattern().unwrap_or_else(|| "unmatched".into());
        state.metrics.observe(&method, &route, res.status().as_u16(), started.elapsed().as_secs_f64());
    }
    Ok(res)
}

async fn scrape(state: web::Data<AppState>) -> HttpResponse {
    match state.metrics.render(&state) {
        Ok(text) => HttpResponse::Ok().content_type(prometheus::TEXT_FORMAT).body(text),
        Err(e) => {
            log::error!("cannot encode the metrics: {e}");
            HttpResponse::InternalServerError().finish()
        }
    }
}

/// The metrics server: `/metrics` and nothing else, one worker.
pub fn server(bind: SocketAddr, state: web::Data<AppState>) -> anyhow::Result<Server> {
    let server = HttpServer::new(move || App::new().app_data(state.clone()).route("/metrics", web::get().to(scrape)))
        .workers(1)
        .disable_signals()
        .bind(bind)
        .with_context(|| format!("cannot listen on {bind} (METRICS_BIND)"))?
        .run();
    Ok(server)
}
