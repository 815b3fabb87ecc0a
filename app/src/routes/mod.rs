//! Every URL of the site, as data: the same tables register the routes and
//! list them (`show-urls`, the debug page), so the two cannot drift apart;
//! the API's table also makes its OpenAPI description.

mod accounts;
pub mod api;
#[cfg(feature = "dev")]
mod debug;
mod events;
mod found;
mod health;
mod home;
mod items;
mod list_owner;
mod list_page;
mod lists;
pub mod metrics;
mod my_lists;
mod sharing;

pub use accounts::LOGIN_EMAIL_SUBJECT;
pub use list_owner::ONLY_THE_OWNER_MANAGES;
pub use my_lists::NOT_YOUR_LISTS;
pub use sharing::{ONLY_THE_OWNER_SHARES, SHARE_WITH_YOURSELF_ERROR};

use std::sync::LazyLock;

use actix_web::http::Method;
use actix_web::{guard, web};
use utoipa::openapi::path::{HttpMethod, Operation};

/// One method on one path, and the function that answers it.
pub struct Endpoint {
    pub method: Method,
    pub path: &'static str,
    pub handler: &'static str,
    /// The handler, as a route (`register` adds the method's guard).
    route: fn() -> actix_web::Route,
    /// An API endpoint's OpenAPI description, from its handler's `#[utoipa::path]`.
    pub operation: Option<Described>,
}

/// An operation's methods and its OpenAPI description.
pub type Described = fn() -> (Vec<HttpMethod>, Operation);

macro_rules! endpoint {
    ($method:ident $path:literal => $module:ident::$handler:ident) => {
        Endpoint {
            method: Method::$method,
            path: $path,
            handler: concat!(stringify!($module), "::", stringify!($handler)),
            route: || web::route().to($module::$handler),
            operation: None,
        }
    };
}

impl Endpoint {
    /// An endpoint declared by its handler's `#[utoipa::path]` (the type
    /// utoipa makes of it, `D`): its method and path are written there once.
    fn described<D>(handler: &'static str, route: fn() -> actix_web::Route) -> Self
    where
        // `Tags` is utoipa's (hidden) home of the attribute's `tag = …`, as
        // its own `#[openapi(paths(…))]` reads it; the snapshot test notices
        // if it moves.
        D: utoipa::Path + for<'t> utoipa::__dev::Tags<'t>,
    {
        let method = match D::methods().first() {
            Some(HttpMethod::Post) => Method::POST,
            Some(HttpMethod::Put) => Method::PUT,
            Some(HttpMethod::Patch) => Method::PATCH,
            Some(HttpMethod::Delete) => Method::DELETE,
            Some(HttpMethod::Head) => Method::HEAD,
            Some(HttpMethod::Options) => Method::OPTIONS,
            Some(HttpMethod::Trace) => Method::TRACE,
            Some(HttpMethod::Get) | None => Method::GET,
        };
        // Made once, for the life of the process, like the const tables' paths.
        let path = Box::leak(D::path().into_boxed_str());
        let describe = || {
            let mut operation = D::operation();
            operation.tags.get_or_insert_with(Vec::new).extend(D::tags().into_iter().map(str::to_string));
            (D::methods(), operation)
        };
        Endpoint { method, path, handler, route, operation: Some(describe) }
    }
}

/// `HEAD` is answered wherever `GET` is (actix sends the headers, no body).
fn method_guard(method: Method) -> guard::AnyGuard {
    let head = method == Method::GET;
    let any = guard::Any(guard::Method(method));
    if head { any.or(guard::Head()) } else { any }
}

/// The site's pages and their forms, mounted under `URL_PREFIX`.
pub const PAGES: &[Endpoint] = &[
    endpoint!(GET "/" => home::home_page),
    endpoint!(GET "/favicon.ico" => home::favicon),
    endpoint!(POST "/lists/new" => lists::new_list),
    endpoint!(GET "/lists/{list_id}/" => lists::view_list),
    endpoint!(POST "/lists/{list_id}/" => lists::add_item),
    endpoint!(GET "/lists/{list_id}/events" => events::list_events),
    endpoint!(POST "/lists/{list_id}/title" => list_owner::rename),
    endpoint!(POST "/lists/{list_id}/delete" => list_owner::delete_list),
    endpoint!(POST "/lists/{list_id}/share" => sharing::share_list),
    endpoint!(POST "/lists/{list_id}/items/{item_id}/done" => items::tick),
    endpoint!(GET "/lists/{list_id}/items/{item_id}/edit" => items::edit_page),
    endpoint!(POST "/lists/{list_id}/items/{item_id}/edit" => items::edit_item),
    endpoint!(POST "/lists/{list_id}/items/{item_id}/delete" => items::delete_item),
    endpoint!(GET "/lists/users/{email}/" => my_lists::my_lists),
    endpoint!(POST "/accounts/send_login_email" => accounts::send_login_email),
    endpoint!(GET "/accounts/login" => accounts::login),
    endpoint!(POST "/accounts/logout" => accounts::logout),
    // Answers only with DEBUG on; not compiled into `prod` builds.
    #[cfg(feature = "dev")]
    endpoint!(GET "/__debug__/" => debug::debug_page),
];

/// The JSON API, mounted under `URL_PREFIX` beside the pages; each
/// endpoint declared once, by its handler's `#[utoipa::path]`.
pub static API: LazyLock<Vec<Endpoint>> = LazyLock::new(api::endpoints);

/// Probes, also at the root, where a container's health check looks for them.
pub const PROBES: &[Endpoint] =
    &[endpoint!(GET "/healthz" => health::healthz), endpoint!(GET "/readyz" => health::readyz)];

/// Every endpoint, for listing.
pub fn all() -> impl Iterator<Item = &'static Endpoint> {
    PAGES.iter().chain(API.iter()).chain(PROBES)
}

pub fn configure(cfg: &mut web::ServiceConfig, url_prefix: &str) {
    register(cfg, PROBES);
    let under_prefix = !url_prefix.is_empty();
    cfg.service(web::scope(url_prefix).configure(|site| {
        register(site, PAGES);
        register(site, &API);
        if under_prefix {
            register(site, PROBES);
        }
    }));
}

/// One `resource` per path, so a wrong method gets 405 rather than 404.
fn register(cfg: &mut web::ServiceConfig, table: &[Endpoint]) {
    // Each path once, where it first appears (actix tries resources in order).
    let mut paths: Vec<&str> = table.iter().map(|e| e.path).collect();
    let mut seen = std::collections::HashSet::new();
    paths.retain(|path| seen.insert(*path));
    for path in paths {
        let routes = table.iter().filter(|e| e.path == path).map(|e| (e.route)().guard(method_guard(e.method.clone())));
        cfg.service(routes.fold(web::resource(path), |resource, route| resource.route(route)));
    }
}
