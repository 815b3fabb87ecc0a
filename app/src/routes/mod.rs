//! Every URL of the site, as data: the same tables register the routes and
//! list them (`show-urls`, the debug page), so the two cannot drift apart.

mod accounts;
pub mod api;
#[cfg(feature = "dev")]
mod debug;
mod events;
mod health;
mod home;
mod item_page;
mod items;
mod list_admin;
mod lists;
pub mod metrics;
mod my_lists;
mod sharing;

pub use accounts::LOGIN_EMAIL_SUBJECT;
pub use list_admin::ONLY_THE_OWNER_MANAGES;
pub use my_lists::NOT_YOUR_LISTS;
pub use sharing::{ONLY_THE_OWNER_SHARES, SHARE_WITH_YOURSELF_ERROR};

use actix_web::http::Method;
use actix_web::{guard, web};

/// One method on one path, and the function that answers it.
pub struct Endpoint {
    pub method: Method,
    pub path: &'static str,
    pub handler: &'static str,
    route: fn() -> actix_web::Route,
}

macro_rules! endpoint {
    ($method:ident $path:literal => $module:ident::$handler:ident) => {
        Endpoint {
            method: Method::$method,
            path: $path,
            handler: concat!(stringify!($module), "::", stringify!($handler)),
            route: || web::route().guard(method_guard(Method::$method)).to($module::$handler),
        }
    };
}

/// `HEAD` is answered wherever `GET` is (actix sends the headers, no body).
fn method_guard(method: Method) -> guard::AnyGuard {
    let head = method == Method::GET;
    let any = guard::Any(guard::Method(method));
    if head { any.or(guard::Head()) } else { any }
}

/// The site's pages, mounted under `URL_PREFIX`.
pub const PAGES: &[Endpoint] = &[
    endpoint!(GET "/" => home::home_page),
    endpoint!(POST "/lists/new" => lists::new_list),
    endpoint!(GET "/lists/{list_id}/" => lists::view_list),
    endpoint!(POST "/lists/{list_id}/" => lists::add_item),
    endpoint!(GET "/lists/{list_id}/events" => events::list_events),
    endpoint!(POST "/lists/{list_id}/title" => list_admin::rename),
    endpoint!(POST "/lists/{list_id}/delete" => list_admin::delete_list),
    endpoint!(POST "/lists/{list_id}/share" => sharing::share_list),
    endpoint!(POST "/lists/{list_id}/items/{item_id}/done" => items::tick),
    endpoint!(GET "/lists/{list_id}/items/{item_id}/edit" => items::edit_page),
    endpoint!(POST "/lists/{list_id}/items/{item_id}/edit" => items::edit_item),
    endpoint!(POST "/lists/{list_id}/items/{item_id}/delete" => items::delete_item),
    endpoint!(GET "/lists/users/{email}/" => my_lists::my_lists),
    endpoint!(GET "/api/openapi.json" => api::openapi_json),
    endpoint!(GET "/api/csrf" => api::csrf),
    endpoint!(POST "/api/lists" => api::new_list),
    endpoint!(GET "/api/lists/{list_id}/" => api::get_list),
    endpoint!(POST "/api/lists/{list_id}/items" => api::add_item),
    endpoint!(GET "/api/lists/{list_id}/items/{item_id}" => api::get_item),
    endpoint!(PATCH "/api/lists/{list_id}/items/{item_id}" => api::change_item),
    endpoint!(DELETE "/api/lists/{list_id}/items/{item_id}" => api::delete_item),
    endpoint!(POST "/accounts/send_login_email" => accounts::send_login_email),
    endpoint!(GET "/accounts/login" => accounts::login),
    endpoint!(POST "/accounts/logout" => accounts::logout),
    // Answers only with DEBUG on; not compiled into `prod` builds.
    #[cfg(feature = "dev")]
    endpoint!(GET "/__debug__/" => debug::debug_page),
];

/// Probes, also at the root, where a container's health check looks for them.
pub const PROBES: &[Endpoint] =
    &[endpoint!(GET "/healthz" => health::healthz), endpoint!(GET "/readyz" => health::readyz)];

/// Every endpoint, for listing.
pub fn all() -> impl Iterator<Item = &'static Endpoint> {
    PAGES.iter().chain(PROBES)
}

pub fn configure(cfg: &mut web::ServiceConfig, url_prefix: &str) {
    register(cfg, PROBES);
    let under_prefix = !url_prefix.is_empty();
    cfg.service(web::scope(url_prefix).configure(|site| {
        register(site, PAGES);
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
        let routes = table.iter().filter(|e| e.path == path).map(|e| (e.route)());
        cfg.service(routes.fold(web::resource(path), |resource, route| resource.route(route)));
    }
}
