//! `/api/`: the JSON API, beside the pages and under the same rules. Its
//! errors are JSON too (see `web::middleware::error_pages`).

mod items;
mod json;
mod lists;
pub mod openapi;

pub use items::{add_item, change_item, delete_item, get_item};
pub use lists::{csrf, get_list, new_list};
pub use openapi::openapi_json;
