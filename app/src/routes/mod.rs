//! Every URL of the site: `configure` registers them, `ROUTES` lists them
//! for `show-urls` and the debug page (a test keeps the two in step).

#[cfg(feature = "dev")]
mod debug;
mod health;
mod home;
mod lists;

use actix_web::web;

pub struct Route {
    pub method: &'static str,
    pub path: &'static str,
    pub handler: &'static str,
}

const fn route(method: &'static str, path: &'static str, handler: &'static str) -> Route {
    Route { method, path, handler }
}

pub const ROUTES: &[Route] = &[
    route("GET", "/", "home::home_page"),
    route("POST", "/lists/new", "lists::new_list"),
    route("GET", "/lists/{list_id}/", "lists::view_list"),
    route("POST", "/lists/{list_id}/", "lists::add_item"),
    route("GET", "/healthz", "health::healthz"),
    route("GET", "/readyz", "health::readyz"),
    #[cfg(feature = "dev")]
    route("GET", "/__debug__/", "debug::debug_page (DEBUG on only)"),
];

/// One `resource` per path, so a wrong method gets 405 rather than 404.
/// Everything is mounted under `URL_PREFIX`; the probes also at the root,
/// where a container's health check looks for them.
pub fn configure(cfg: &mut web::ServiceConfig, url_prefix: &str) {
    let mut site = web::scope(url_prefix)
        .service(web::resource("/").get(home::home_page))
        .service(web::resource("/lists/new").post(lists::new_list))
        .service(web::resource("/lists/{list_id}/").get(lists::view_list).post(lists::add_item));
    #[cfg(feature = "dev")]
    {
        site = site.service(web::resource("/__debug__/").get(debug::debug_page));
    }
    if !url_prefix.is_empty() {
        site = site.configure(probes);
    }
    cfg.configure(probes).service(site);
}

fn probes(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/healthz").get(health::healthz)).service(web::resource("/readyz").get(health::readyz));
}
