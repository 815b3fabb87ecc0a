//! `GET /`: the page that starts a new list.

use actix_web::{HttpResponse, web};

use super::item_page::{Showing, item_page};
use crate::errors::AppError;
use crate::state::AppState;
use crate::web::templates::Entered;
use crate::web::visit::Visit;

pub async fn home_page(state: web::Data<AppState>, visit: Visit) -> Result<HttpResponse, AppError> {
    item_page(&state, &visit, Showing::NewList, Entered::NOTHING)
}
