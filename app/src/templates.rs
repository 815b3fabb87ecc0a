//! The pages, compiled from `app/templates/` (askama escapes all text).

use actix_web::HttpResponse;
use actix_web::http::StatusCode;
use askama::Template;

use crate::errors::AppError;
use crate::settings::Settings;

/// Changes whenever a static file does, so nginx may cache assets for a year.
pub const STATIC_VERSION: &str = env!("SUPERLISTS_STATIC_VERSION");

/// What every page needs to link to the site's own URLs.
pub struct Site<'a> {
    pub static_url: &'a str,
    /// `URL_PREFIX`: "" or a path such as `/staging`.
    pub prefix: &'a str,
}

impl<'a> Site<'a> {
    pub fn of(settings: &'a Settings) -> Self {
        Site { static_url: &settings.static_url, prefix: &settings.url_prefix }
    }
}

/// The item form both pages show.
pub struct ItemForm<'a> {
    pub action: String,
    pub csrf_token: &'a str,
    /// What the user typed, kept on an error so nothing is lost.
    pub value: &'a str,
    pub error: Option<String>,
}

#[derive(Template)]
#[template(path = "home.html")]
pub struct HomePage<'a> {
    pub site: Site<'a>,
    pub form: ItemForm<'a>,
}

#[derive(Template)]
#[template(path = "list.html")]
pub struct ListPage<'a> {
    pub site: Site<'a>,
    pub form: ItemForm<'a>,
    pub items: &'a [String],
}

#[derive(Template)]
#[template(path = "error.html")]
pub struct ErrorPage<'a> {
    pub site: Site<'a>,
    pub status: u16,
    pub message: &'a str,
    /// The error chain: only a `dev` build with DEBUG on fills this in.
    pub detail: Option<&'a str>,
}

/// Renders `page` as an HTML response with `status`.
pub fn render(status: StatusCode, page: &impl Template) -> Result<HttpResponse, AppError> {
    let html =
        page.render().map_err(|e| AppError::Internal(anyhow::Error::new(e).context("cannot render template")))?;
    Ok(HttpResponse::build(status).content_type("text/html; charset=utf-8").body(html))
}
