//! A visitor with a browser's cookie jar, and the pages it sees: the
//! integration tests and the functional tests drive the site the same way.

use std::sync::Arc;
use std::time::Duration;

use reqwest::StatusCode;
use reqwest::blocking::{Client, Response};
use reqwest::cookie::Jar;
use reqwest::redirect::Policy;
use scraper::{ElementRef, Html, Selector};

/// One person at one browser: their own cookies, so their own CSRF token.
pub struct Visitor {
    client: Client,
    jar: Arc<Jar>,
    base: String,
    /// The path part of `base` (`/staging` for a site under a prefix), or "".
    prefix: String,
}

/// Every HTTP client of the tests starts here. With the `tls` feature, the
/// CA in `FTESTS_CA_CERT` (a PEM file) is trusted too: a site behind a
/// throwaway CA is tested with verification on.
pub fn client_builder() -> reqwest::blocking::ClientBuilder {
    trust_test_ca(Client::builder())
}

#[cfg(feature = "tls")]
fn trust_test_ca(builder: reqwest::blocking::ClientBuilder) -> reqwest::blocking::ClientBuilder {
    // Fails only when a provider is installed already: the same one.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let Some(path) = std::env::var_os("FTESTS_CA_CERT") else { return builder };
    let pem = std::fs::read(&path).unwrap_or_else(|e| panic!("FTESTS_CA_CERT {}: {e}", path.to_string_lossy()));
    let ca = reqwest::Certificate::from_pem(&pem).unwrap_or_else(|e| panic!("FTESTS_CA_CERT: {e}"));
    builder.add_root_certificate(ca)
}

#[cfg(not(feature = "tls"))]
fn trust_test_ca(builder: reqwest::blocking::ClientBuilder) -> reqwest::blocking::ClientBuilder {
    builder
}

impl Visitor {
    /// `base` is `http://host:port`, possibly with a path (`/staging`).
    pub fn new(base: &str) -> Self {
        Self::with_jar(base, Arc::new(Jar::default()))
    }

    /// A visitor already logged in: their jar holds `session_id` (from
    /// `superlists create-session`, or `TestDb::create_session`).
    pub fn logged_in(base: &str, session_id: &str) -> Self {
        let jar = Arc::new(Jar::default());
        let url = reqwest::Url::parse(base).unwrap_or_else(|e| panic!("{base}: {e}"));
        let path = format!("{}/", url.path().trim_end_matches('/'));
        jar.add_cookie_str(&format!("sessionid={session_id}; Path={path}"), &url);
        Self::with_jar(base, jar)
    }

    fn with_jar(base: &str, jar: Arc<Jar>) -> Self {
        let client = client_builder()
            .cookie_provider(jar.clone())
            // Redirects are part of the contract (303 after POST): follow them by hand.
            .redirect(Policy::none())
            .timeout(Duration::from_secs(30));
        let client = client.build().expect("building an HTTP client");
        let base = base.trim_end_matches('/').to_string();
        let prefix = reqwest::Url::parse(&base).map(|u| u.path().trim_end_matches('/').to_string()).unwrap_or_default();
        Visitor { client, jar, base, prefix }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// The value of cookie `name` the site set for this visitor, if any.
    pub fn cookie(&self, name: &str) -> Option<String> {
        use reqwest::cookie::CookieStore;
        let url = reqwest::Url::parse(&self.url("/")).ok()?;
        let header = self.jar.cookies(&url)?;
        let header = header.to_str().ok()?;
        header.split("; ").find_map(|pair| pair.strip_prefix(&format!("{name}="))).map(str::to_string)
    }

    pub fn client(&self) -> &Client {
        &self.client
    }

    /// GETs `path` and follows redirects.
    pub fn get(&self, path: &str) -> Page {
        let response = self.client.get(self.url(path)).send().unwrap_or_else(|e| panic!("GET {path}: {e}"));
        self.follow(response)
    }

    /// POSTs a raw form (no token added) and returns the response unfollowed.
    pub fn post_raw(&self, path: &str, fields: &[(&str, &str)]) -> Response {
        self.post_to(self.url(path), fields)
    }

    pub(crate) fn post_to(&self, url: String, fields: &[(&str, &str)]) -> Response {
        self.client.post(&url).form(fields).send().unwrap_or_else(|e| panic!("POST {url}: {e}"))
    }

    /// Fills in and submits the page's form whose action ends with
    /// `action_end` (its CSRF token added); the response unfollowed.
    pub fn submit_form(&self, page: &Page, action_end: &str, fields: &[(&str, &str)]) -> Response {
        let form = page.form_ending(action_end);
        let action = form.value().attr("action").unwrap_or_default();
        let url = page.url.join(action).unwrap_or_else(|e| panic!("form action {action}: {e}"));
        let token = Page::token_in(form);
        let mut all = vec![("csrfmiddlewaretoken", token.as_str())];
        all.extend_from_slice(fields);
        self.post_to(url.to_string(), &all)
    }

    /// Types `text` into the page's item box and presses enter: a POST to the
    /// form's action with the page's CSRF token.
    pub fn submit_item_response(&self, page: &Page, text: &str) -> Response {
        let action = page.form_action();
        let url = page.url.join(&action).unwrap_or_else(|e| panic!("form action {action}: {e}"));
        let token = page.csrf_token();
        self.post_to(url.to_string(), &[("csrfmiddlewaretoken", &token), ("text", text)])
    }

    /// As [`Visitor::submit_item_response`], then follows the redirect.
    pub fn submit_item(&self, page: &Page, text: &str) -> Page {
        let response = self.submit_item_response(page, text);
        self.follow(response)
    }

    /// Starts a new list from the home page with `first` and returns its page.
    pub fn start_list(&self, first: &str) -> Page {
        let home = self.get("/");
        let page = self.submit_item(&home, first);
        assert!(page.path().starts_with("/lists/"), "no list page after the first item: {}", page.path());
        page
    }

    /// Clicks the link named `text` on `page` and follows it.
    pub fn click(&self, page: &Page, text: &str) -> Page {
        let href = page.link(text).unwrap_or_else(|| panic!("{} has no link {text:?}", page.url));
        let url = page.url.join(&href).unwrap_or_else(|e| panic!("link {href}: {e}"));
        self.follow(self.client.get(url.clone()).send().unwrap_or_else(|e| panic!("GET {url}: {e}")))
    }

    pub fn follow(&self, mut response: Response) -> Page {
        for _ in 0..5 {
            if !response.status().is_redirection() {
                break;
            }
            let location = response
                .headers()
                .get(reqwest::header::LOCATION)
                .and_then(|l| l.to_str().ok())
                .expect("a redirect has a Location")
                .to_string();
            let next = response.url().join(&location).expect("a valid Location");
            response = self.client.get(next.clone()).send().unwrap_or_else(|e| panic!("GET {next}: {e}"));
        }
        Page::under_prefix(response, &self.prefix)
    }
}

/// A fetched HTML page.
pub struct Page {
    pub status: StatusCode,
    pub url: reqwest::Url,
    pub body: String,
    pub(crate) html: Html,
    prefix: String,
}

pub(crate) fn selector(css: &str) -> Selector {
    Selector::parse(css).unwrap_or_else(|e| panic!("bad selector {css}: {e}"))
}

impl Page {
    pub fn from_response(response: Response) -> Self {
        Self::under_prefix(response, "")
    }

    fn under_prefix(response: Response, prefix: &str) -> Self {
        let status = response.status();
        let url = response.url().clone();
        let body = response.text().expect("reading the body");
        Self::parse(status, url, body, prefix)
    }

    fn parse(status: StatusCode, url: reqwest::Url, body: String, prefix: &str) -> Self {
        let html = Html::parse_document(&body);
        Page { status, url, body, html, prefix: prefix.to_string() }
    }

    /// The page's path on the site (without the site's prefix), so the
    /// same tests read alike at `/` and under `/staging/`.
    pub fn path(&self) -> &str {
        let path = self.url.path();
        path.strip_prefix(self.prefix.as_str()).filter(|p| p.starts_with('/')).unwrap_or(path)
    }

    /// The text of every element matching `css`, trimmed.
    pub fn texts(&self, css: &str) -> Vec<String> {
        self.html.select(&selector(css)).map(|e| e.text().collect::<String>().trim().to_string()).collect()
    }

    pub fn text(&self, css: &str) -> Option<String> {
        self.texts(css).into_iter().next()
    }

    pub fn attr(&self, css: &str, name: &str) -> Option<String> {
        self.attrs(css, name).into_iter().next().flatten()
    }

    /// The attribute `name` of every element matching `css`.
    pub fn attrs(&self, css: &str, name: &str) -> Vec<Option<String>> {
        self.html.select(&selector(css)).map(|e| e.value().attr(name).map(str::to_string)).collect()
    }

    pub fn title(&self) -> Option<String> {
        self.text("title")
    }

    pub fn header(&self) -> Option<String> {
        self.text("h1")
    }

    /// The rows of the list table, e.g. `1: Buy peacock feathers`.
    pub fn rows(&self) -> Vec<String> {
        self.texts("#id_list_table tr td")
    }

    pub fn error(&self) -> Option<String> {
        self.text("#id_text_feedback").filter(|t| !t.is_empty())
    }

    pub fn input_is_invalid(&self) -> bool {
        self.attr("#id_text", "class").is_some_and(|c| c.split_whitespace().any(|c| c == "is-invalid"))
    }

    pub fn input_value(&self) -> String {
        self.attr("#id_text", "value").unwrap_or_default()
    }

    /// The form holding the item box (`#id_text`), wherever it stands among
    /// the page's forms (a login form in the navbar comes first).
    fn item_form(&self) -> ElementRef<'_> {
        let item_box = selector("#id_text");
        self.html
            .select(&selector("form"))
            .find(|form| form.select(&item_box).next().is_some())
            .unwrap_or_else(|| panic!("{} has no form holding #id_text", self.url))
    }

    pub fn item_form_attr(&self, name: &str) -> Option<String> {
        self.item_form().value().attr(name).map(str::to_string)
    }

    pub fn form_action(&self) -> String {
        self.item_form_attr("action").expect("the item form has an action")
    }

    /// The CSRF token the item form carries.
    pub fn csrf_token(&self) -> String {
        Self::token_in(self.item_form())
    }

    pub(crate) fn token_in(form: ElementRef<'_>) -> String {
        let token = selector("input[name=csrfmiddlewaretoken]");
        let input = form.select(&token).next().map(|input| input.value().attr("value"));
        input.flatten().expect("the form carries a CSRF token").to_string()
    }

    /// The form whose action ends with `action_end` (`/accounts/logout`).
    fn form_ending(&self, action_end: &str) -> ElementRef<'_> {
        self.html
            .select(&selector("form"))
            .find(|form| form.value().attr("action").is_some_and(|a| a.ends_with(action_end)))
            .unwrap_or_else(|| panic!("{} has no form posting to …{action_end}", self.url))
    }

    /// Where the link whose text is `text` leads (its `href`).
    pub fn link(&self, text: &str) -> Option<String> {
        self.html
            .select(&selector("a"))
            .find(|a| a.text().collect::<String>().trim() == text)
            .and_then(|a| a.value().attr("href"))
            .map(str::to_string)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_item_form_is_found_by_its_input_not_its_position() {
        let body = r#"<nav><form method="POST" action="/accounts/send_login_email">
              <input name="email"><input type="hidden" name="csrfmiddlewaretoken" value="login-token"></form></nav>
            <form method="POST" action="/lists/new">
              <input id="id_text" name="text"><input type="hidden" name="csrfmiddlewaretoken" value="item-token"></form>"#;
        let url = reqwest::Url::parse("http://site.test/").expect("url");
        let page = Page::parse(StatusCode::OK, url, body.to_string(), "");
        assert_eq!(page.form_action(), "/lists/new");
        assert_eq!(page.csrf_token(), "item-token");
        assert_eq!(page.item_form_attr("method").as_deref(), Some("POST"));
    }
}
