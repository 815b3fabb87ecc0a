//! `GET /`: the page that starts a new list.

use actix_web::{HttpResponse, web};

use super::item_page::{Showing, item_page};
use crate::csrf::CsrfToken;
use crate::errors::AppError;
use crate::state::AppState;
use crate::templates::Entered;

pub async fn home_page(state: web::Data<AppState>, csrf: CsrfToken) -> Result<HttpResponse, AppError> {
    item_page(&state, &csrf, Showing::NewList, Entered::NOTHING)
}
