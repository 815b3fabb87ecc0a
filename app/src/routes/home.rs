//! `GET /`: the page that starts a new list.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};

use crate::csrf::CsrfToken;
use crate::errors::AppError;
use crate::state::AppState;
use crate::templates::{HomePage, ItemForm, Site, render};

pub async fn home_page(state: web::Data<AppState>, csrf: CsrfToken) -> Result<HttpResponse, AppError> {
    render_home(&state, &csrf, "", None, StatusCode::OK)
}

/// The home page, also re-rendered when the first item of a new list is refused.
pub fn render_home(
    state: &AppState,
    csrf: &CsrfToken,
    value: &str,
    error: Option<String>,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let page = HomePage {
        site: Site::of(&state.settings),
        form: ItemForm { action: state.settings.url("/lists/new"), csrf_token: csrf.as_str(), value, error },
    };
    render(status, &page)
}
