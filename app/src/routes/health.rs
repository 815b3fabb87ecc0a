//! Probes: `/healthz` says the process answers, `/readyz` that it can also
//! reach its database (503 when not, so a balancer stops sending traffic).

use actix_web::{HttpResponse, web};
use diesel::connection::SimpleConnection;

use crate::state::AppState;

pub async fn healthz() -> HttpResponse {
    HttpResponse::Ok().content_type("text/plain; charset=utf-8").body("ok")
}

pub async fn readyz(state: web::Data<AppState>) -> HttpResponse {
    match state.db(|conn| conn.batch_execute("SELECT 1")).await {
        Ok(Ok(())) => HttpResponse::Ok().content_type("text/plain; charset=utf-8").body("ready"),
        Ok(Err(e)) => unready(&anyhow::Error::new(e)),
        Err(e) => unready(&anyhow::Error::new(e)),
    }
}

fn unready(error: &anyhow::Error) -> HttpResponse {
    log::warn!("readiness check failed: {error:#}");
    HttpResponse::ServiceUnavailable().content_type("text/plain; charset=utf-8").body("database unreachable")
}
