//! `GET /metrics`, on `METRICS_BIND` only: an address of its own that
//! nginx never proxies, so the public site does not show its traffic to
//! anyone who asks.

use std::net::SocketAddr;

use actix_web::dev::Server;
use actix_web::{App, HttpResponse, HttpServer, web};
use anyhow::Context;

use crate::state::AppState;

async fn scrape(state: web::Data<AppState>) -> HttpResponse {
    match state.metrics.render(state.pool.state()) {
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
