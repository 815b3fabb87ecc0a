//! Prometheus metrics: requests by route pattern and status, latency,
//! the database pool, and the build. Counted by
//! `web::middleware::metrics`, served by `routes::metrics`.

use diesel::r2d2::State as PoolState;
use prometheus::{
    Encoder, HistogramOpts, HistogramVec, IntCounterVec, IntGauge, IntGaugeVec, Opts, Registry, TextEncoder,
};

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
    /// Live-update streams open (one closed by its client counts until
    /// its next event or heartbeat finds it gone).
    pub live_streams: IntGauge,
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
        let live_streams = IntGauge::new("live_streams_open", "Live-update streams open on this replica")?;
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
        registry.register(Box::new(live_streams.clone()))?;
        registry.register(Box::new(build))?;
        Ok(Metrics { registry, requests, latency, pool_connections, pool_idle, pool_waiting, live_streams })
    }

    pub fn observe(&self, method: &str, route: &str, status: u16, seconds: f64) {
        self.requests.with_label_values(&[method, route, &status.to_string()]).inc();
        self.latency.with_label_values(&[route]).observe(seconds);
    }

    /// The text Prometheus scrapes, with the pool's figures as they are now.
    pub fn render(&self, pool: PoolState) -> prometheus::Result<Vec<u8>> {
        self.pool_connections.set(pool.connections.into());
        self.pool_idle.set(pool.idle_connections.into());
        let mut text = Vec::new();
        TextEncoder::new().encode(&self.registry.gather(), &mut text)?;
        Ok(text)
    }
}
