//! `GET /`: the page that starts a new list; `GET /favicon.ico`.

use actix_web::http::header::LOCATION;
use actix_web::{HttpResponse, web};

use super::list_page::{Showing, list_page};
use crate::errors::AppError;
use crate::state::AppState;
use crate::web::templates::Entered;
use crate::web::visit::Visit;

pub async fn home_page(state: web::Data<AppState>, visit: Visit) -> Result<HttpResponse, AppError> {
    list_page(&state, &visit, Showing::NewList, Entered::NOTHING)
}

/// Where tools and bookmarks look for an icon without reading a page's
/// `<link rel="icon">`: the static SVG one.
pub async fn favicon(state: web::Data<AppState>) -> HttpResponse {
    let icon = format!("{}favicon.svg", state.settings.static_url);
    HttpResponse::MovedPermanently().insert_header((LOCATION, icon)).finish()
}
