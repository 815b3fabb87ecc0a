//! `GET /`: the page that starts a new list.

use actix_web::{HttpResponse, web};

use crate::csrf::CsrfToken;
use crate::errors::AppError;
use crate::state::AppState;
use crate::templates::{Entered, HomePage, Site, render};

pub async fn home_page(state: web::Data<AppState>, csrf: CsrfToken) -> Result<HttpResponse, AppError> {
    render_home(&state, &csrf, Entered::NOTHING)
}

/// The home page, also re-rendered when the first item of a new list is refused.
pub fn render_home(state: &AppState, csrf: &CsrfToken, entered: Entered) -> Result<HttpResponse, AppError> {
    let status = entered.status();
    let page = HomePage {
        site: Site::of(&state.settings),
        form: entered.into_form(state.settings.url("/lists/new"), csrf.as_str()),
    };
    render(status, &page)
}
