//! Probes: `/healthz` says the process answers, `/readyz` that it can also
//! reach its database and is not shutting down (503 when not, so a balancer
//! stops sending traffic).

use actix_web::{HttpResponse, web};
use diesel::connection::SimpleConnection;

use crate::state::AppState;

pub async fn healthz() -> HttpResponse {
    HttpResponse::Ok().content_type("text/plain; charset=utf-8").body("ok")
}

pub async fn readyz(state: web::Data<AppState>) -> HttpResponse {
    if state.drain.is_draining() {
        return HttpResponse::ServiceUnavailable().content_type("text/plain; charset=utf-8").body("shutting down");
    }
    match state.db("readiness check", |conn| conn.batch_execute("SELECT 1")).await {
        Ok(()) => HttpResponse::Ok().content_type("text/plain; charset=utf-8").body("ready"),
        Err(e) => {
            log::warn!("not ready: {}", e.detail().unwrap_or_else(|| e.to_string()));
            HttpResponse::ServiceUnavailable().content_type("text/plain; charset=utf-8").body("database unreachable")
        }
    }
}
