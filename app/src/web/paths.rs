//! The ids in a URL's path, as extractors that answer 404 themselves: a
//! handler starts from a `ListId` (and an `ItemId`) no list or item could
//! fail to parse as, and never parses a path again.

use std::future::{Ready, ready};

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest};

use crate::domain::{ItemId, ListId};
use crate::errors::AppError;

/// `{list_id}`: an id no list can have is "no such list", like an unknown one.
pub struct ListPath(pub ListId);

/// `{list_id}` and `{item_id}`: the item's id means something only in its list.
pub struct ItemPath {
    pub list: ListId,
    pub item: ItemId,
}

fn segment<T>(req: &HttpRequest, name: &str, parse: fn(&str) -> Option<T>) -> Result<T, AppError> {
    req.match_info().get(name).and_then(parse).ok_or(AppError::NotFound)
}

impl FromRequest for ListPath {
    type Error = AppError;
    type Future = Ready<Result<Self, AppError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(segment(req, "list_id", ListId::parse).map(ListPath))
    }
}

impl FromRequest for ItemPath {
    type Error = AppError;
    type Future = Ready<Result<Self, AppError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let ids = segment(req, "list_id", ListId::parse).and_then(|list| {
            let item = segment(req, "item_id", ItemId::parse)?;
            Ok(ItemPath { list, item })
        });
        ready(ids)
    }
}
