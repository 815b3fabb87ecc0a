//! Redirect after POST: a form's answer is a `303 See Other` to a page.

use actix_web::HttpResponse;
use actix_web::http::header::LOCATION;

pub fn see_other(location: String) -> HttpResponse {
    HttpResponse::SeeOther().insert_header((LOCATION, location)).finish()
}
