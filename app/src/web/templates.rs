//! The pages, compiled from `app/templates/` (askama escapes all text).

use actix_web::HttpResponse;
use actix_web::http::StatusCode;
use actix_web::http::header::{CacheControl, CacheDirective};
use askama::Template;

use crate::db::items::Item;
use crate::errors::AppError;
use crate::settings::Settings;

/// Changes whenever a static file does, so nginx may cache assets for a year.
pub const STATIC_VERSION: &str = env!("SUPERLISTS_STATIC_VERSION");

/// What every page needs: the site's own URLs and, on pages with forms
/// (not error pages), the navbar's login or logout form and a message.
pub struct Site<'a> {
    pub static_url: &'a str,
    /// `URL_PREFIX`: "" or a path such as `/staging`.
    pub prefix: &'a str,
    pub csrf_token: Option<&'a str>,
    /// The logged-in visitor's email.
    pub user: Option<&'a str>,
    pub message: Option<&'static str>,
}

impl<'a> Site<'a> {
    pub fn of(settings: &'a Settings) -> Self {
        Site {
            static_url: &settings.static_url,
            prefix: &settings.url_prefix,
            csrf_token: None,
            user: None,
            message: None,
        }
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

/// What the item box holds: nothing yet, or a refused item and why.
pub struct Entered<'a> {
    pub value: &'a str,
    pub error: Option<String>,
}

impl<'a> Entered<'a> {
    pub const NOTHING: Entered<'static> = Entered { value: "", error: None };

    pub fn refused(value: &'a str, error: impl ToString) -> Self {
        Entered { value, error: Some(error.to_string()) }
    }

    /// A refused item re-renders the page as 422: the browser shows it as
    /// any page, and the status tells scripts that nothing was saved.
    pub fn status(&self) -> StatusCode {
        if self.error.is_some() { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK }
    }

    pub fn into_form(self, action: String, csrf_token: &'a str) -> ItemForm<'a> {
        ItemForm { action, csrf_token, value: self.value, error: self.error }
    }
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
    /// The list's URL, ending in `/`: its items' URLs start with it.
    pub list_url: &'a str,
    /// Its title, else its first item.
    pub name: &'a str,
    /// The version it is shown at: its live updates start there.
    pub version: i64,
    pub items: &'a [Item],
    /// How many of them are still to do.
    pub left: usize,
    pub owner: Option<&'a str>,
    pub sharees: &'a [String],
    /// Shown to the owner only.
    pub share: Option<ShareForm<'a>>,
    /// Renaming and deleting: shown to whoever may (see `ListView::managed_by`).
    pub manage: Option<TitleForm<'a>>,
}

/// The list's title form; on an error, what was typed and why it was refused.
pub struct TitleForm<'a> {
    pub value: &'a str,
    pub error: Option<String>,
}

#[derive(Template)]
#[template(path = "edit_item.html")]
pub struct EditItemPage<'a> {
    pub site: Site<'a>,
    pub form: ItemForm<'a>,
    pub list_url: &'a str,
    pub delete_action: String,
}

pub struct ShareForm<'a> {
    pub action: String,
    pub error: Option<&'a str>,
}

#[derive(Template)]
#[template(path = "my_lists.html")]
pub struct MyListsPage<'a> {
    pub site: Site<'a>,
    pub email: &'a str,
    /// Each list's URL and its first item's text.
    pub owned: Vec<(String, String)>,
    /// Each list's URL, first item's text and owner's email.
    pub shared: Vec<(String, String, String)>,
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

/// Renders `page` as an HTML response with `status`. Every page carries a
/// visitor's CSRF token (and may carry their items): no cache may keep it.
pub fn render(status: StatusCode, page: &impl Template) -> Result<HttpResponse, AppError> {
    let html = page.render().map_err(|e| AppError::internal(e, "cannot render a template"))?;
    Ok(HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .insert_header(CacheControl(vec![CacheDirective::NoStore]))
        .body(html))
}
