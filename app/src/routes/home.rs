//! `GET /`: the page that starts a new list.

use actix_web::{HttpResponse, web};

use super::list_page::{Showing, list_page};
use crate::errors::AppError;
use crate::state::AppState;
use crate::web::templates::Entered;
use crate::web::visit::Visit;

pub async fn home_page(state: web::Data<AppState>, visit: Visit) -> Result<HttpResponse, AppError> {
    list_page(&state, &visit, Showing::NewList, Entered::NOTHING)
}
