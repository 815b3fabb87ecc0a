//! `/__debug__/` (`dev` builds, DEBUG on): settings with secrets redacted,
//! the routes, and the pool's state. Not compiled into `prod` builds.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;

use crate::errors::AppError;
use crate::state::AppState;
use crate::web::templates::{Site, render};

#[derive(Template)]
#[template(path = "debug.html")]
struct DebugPage<'a> {
    site: Site<'a>,
    settings: Vec<(&'static str, String)>,
    routes: Vec<&'static super::Endpoint>,
    backend: &'static str,
    pool_connections: u32,
    pool_idle: u32,
    pool_max: u32,
}

pub async fn debug_page(state: web::Data<AppState>) -> Result<HttpResponse, AppError> {
    if !state.settings.debug {
        return Err(AppError::NotFound);
    }
    let pool = state.pool.state();
    let page = DebugPage {
        site: Site::of(&state.settings),
        settings: state.settings.describe(),
        routes: super::all().collect(),
        backend: state.settings.database_url.backend(),
        pool_connections: pool.connections,
        pool_idle: pool.idle_connections,
        pool_max: state.pool.max_size(),
    };
    render(StatusCode::OK, &page)
}
