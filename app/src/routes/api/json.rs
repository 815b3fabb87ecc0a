//! What the API sends and takes, as JSON: each type is also its schema in
//! the OpenAPI description.

use actix_web::http::StatusCode;
use actix_web::http::header::{CacheControl, CacheDirective};
use actix_web::{HttpResponse, HttpResponseBuilder};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, IntoResponses, ToSchema};

use crate::db::items::Item;
use crate::db::lists::ListView;
use crate::domain::ListId;

/// An answer with `status` that, like a page, no cache may keep: it holds
/// a list whose URL is a secret, or a visitor's token.
pub fn answer(status: StatusCode) -> HttpResponseBuilder {
    let mut answer = HttpResponse::build(status);
    answer.insert_header(CacheControl(vec![CacheDirective::NoStore]));
    answer
}

/// A list: its items in order, as its page numbers them.
#[derive(Serialize, ToSchema)]
pub struct ListJson {
    /// The list's id: its page is `/lists/<id>/`.
    #[schema(pattern = "^[a-z0-9]{16,32}$")]
    pub id: String,
    /// Its own name; `null` where it has none (its page then shows its first item).
    pub title: Option<String>,
    /// The owner's email; `null` for a list made logged out.
    pub owner: Option<String>,
    pub items: Vec<ItemJson>,
}

impl ListJson {
    pub fn new(id: &ListId, list: ListView) -> Self {
        ListJson {
            id: id.to_string(),
            title: list.title,
            owner: list.owner.map(|(_, email)| email),
            items: list.items.into_iter().map(ItemJson::from).collect(),
        }
    }
}

/// An item of a list.
#[derive(Serialize, ToSchema)]
pub struct ItemJson {
    /// Meaningful only within its list: `/api/lists/<list>/items/<id>`.
    #[schema(pattern = "^[0-9a-f]{16}$")]
    pub id: String,
    pub text: String,
    pub done: bool,
}

impl From<Item> for ItemJson {
    fn from(item: Item) -> Self {
        ItemJson { id: item.id.to_string(), text: item.text, done: item.done }
    }
}

/// A new item, or a new list's first item. The text is kept as a person
/// reads it (spaces folded, invisible characters dropped); refused when
/// empty, over 500 characters, with control characters, or (for an item)
/// already in the list and not done.
#[derive(Deserialize, ToSchema)]
pub struct NewItemJson {
    #[schema(min_length = 1, max_length = 500, example = "Buy peacock feathers")]
    pub text: String,
}

/// What to change of an item: its text, its tick, or both (all or nothing).
#[derive(Deserialize, ToSchema)]
pub struct ItemChangeJson {
    #[schema(min_length = 1, max_length = 500)]
    pub text: Option<String>,
    pub done: Option<bool>,
}

/// Every error under `/api/`: the same sentence the page would show.
#[derive(Serialize, ToSchema)]
pub struct ErrorJson {
    #[schema(example = "You've already got this in your list")]
    pub error: String,
}

/// The token for the `X-CSRFToken` header of API writes, valid with the
/// `csrftoken` cookie the same response sets (or had been sent).
#[derive(Serialize, ToSchema)]
pub struct CsrfJson {
    pub csrf_token: String,
}

/// The header every API write carries, described once (`CsrfHeader`
/// reads it; this is only its description).
#[derive(IntoParams)]
#[into_params(parameter_in = Header)]
#[allow(dead_code)]
pub struct CsrfHeaderParam {
    /// The token of GET /api/csrf (with the `csrftoken` cookie it set).
    #[param(rename = "X-CSRFToken")]
    pub token: String,
}

/// What any write with a JSON body may be refused with, described once:
/// the handlers answer these through `AppError`, never build them.
#[derive(IntoResponses)]
#[allow(dead_code)]
pub enum WriteRefusals {
    #[response(status = 400, description = "The body is not JSON")]
    NotJson(ErrorJson),
    #[response(status = 403, description = "No CSRF token, or a wrong one")]
    NoToken(ErrorJson),
    #[response(status = 413, description = "The body is too large")]
    TooLarge(ErrorJson),
    #[response(status = 415, description = "The body is not sent as JSON")]
    NotSentAsJson(ErrorJson),
}
