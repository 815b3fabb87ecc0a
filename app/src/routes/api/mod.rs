//! `/api/`: the JSON API, beside the pages and under the same rules. Its
//! errors are JSON too (see `web::middleware::error_pages`).

mod items;
mod json;
mod lists;
pub mod openapi;

pub use openapi::openapi_json;

use actix_web::http::Method;
use actix_web::web;

use super::Endpoint;

/// An endpoint of `$module`, declared by `$handler`'s `#[utoipa::path]`
/// (whose type utoipa names `$described`).
macro_rules! described {
    ($module:ident::$handler:ident, $described:ident) => {
        Endpoint::described::<$module::$described>(concat!("api::", stringify!($handler)), || {
            web::route().to($module::$handler)
        })
    };
}

/// The API's endpoints, in the order they are matched and described.
pub fn endpoints() -> Vec<Endpoint> {
    let description = Endpoint {
        method: Method::GET,
        path: "/api/openapi.json",
        handler: "api::openapi_json",
        route: || web::route().to(openapi_json),
        operation: None,
    };
    vec![
        description,
        described!(lists::csrf, __path_csrf),
        described!(lists::new_list, __path_new_list),
        described!(lists::get_list, __path_get_list),
        described!(items::add_item, __path_add_item),
        described!(items::get_item, __path_get_item),
        described!(items::change_item, __path_change_item),
        described!(items::delete_item, __path_delete_item),
    ]
}
