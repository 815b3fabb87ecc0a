//! `/lists/<id>/title` and `/lists/<id>/delete`: what only the owner does
//! to a whole list (anyone with the URL, for a list made logged out).

use actix_web::{HttpResponse, web};
use serde::Deserialize;

use super::item_page::{Refused, Showing, item_page, list_url};
use super::items::Confirm;
use super::lists::{load, parse_list_id, see_other};
use crate::db::lists::{self, ListChange};
use crate::domain::ListTitle;
use crate::errors::AppError;
use crate::state::AppState;
use crate::web::csrf::CsrfForm;
use crate::web::templates::Entered;
use crate::web::visit::Visit;

pub const ONLY_THE_OWNER_MANAGES: &str = "Only the list's owner can rename or delete it";

#[derive(Deserialize)]
pub struct TitleForm {
    title: String,
}

pub async fn rename(
    state: web::Data<AppState>,
    path: web::Path<String>,
    CsrfForm(form): CsrfForm<TitleForm>,
    visit: Visit,
) -> Result<HttpResponse, AppError> {
    let id = parse_list_id(&path)?;
    let by = visit.user.as_ref().map(|u| u.id);
    let error = match ListTitle::parse(&form.title) {
        Err(e) => e.to_string(),
        Ok(title) => {
            let list = id.clone();
            let renamed = state.db("cannot rename a list", move |conn| lists::rename(conn, &list, &title, by)).await?;
            if renamed == ListChange::Yes {
                state.list_changed(&id).await;
            }
            return answer(renamed, list_url(&state, &id));
        }
    };
    let list = load(&state, &id).await?;
    if !list.managed_by(by) {
        return Err(AppError::Forbidden(ONLY_THE_OWNER_MANAGES));
    }
    let refused = Some(Refused::Title { typed: &form.title, error });
    item_page(&state, &visit, Showing::List { id: &id, list: &list, refused }, Entered::NOTHING)
}

/// Deletes the list, then shows the visitor's lists (or home, logged out).
pub async fn delete_list(
    state: web::Data<AppState>,
    path: web::Path<String>,
    CsrfForm(Confirm {}): CsrfForm<Confirm>,
    visit: Visit,
) -> Result<HttpResponse, AppError> {
    let id = parse_list_id(&path)?;
    let by = visit.user.as_ref().map(|u| u.id);
    let list = id.clone();
    let deleted = state.db("cannot delete a list", move |conn| lists::delete(conn, &list, by)).await?;
    if deleted == ListChange::Yes {
        state.list_gone(&id);
    }
    let next = match &visit.user {
        Some(user) => state.settings.url(&format!("/lists/users/{}/", user.email)),
        None => state.settings.url("/"),
    };
    answer(deleted, next)
}

fn answer(change: ListChange, then: String) -> Result<HttpResponse, AppError> {
    match change {
        ListChange::Yes => Ok(see_other(then)),
        ListChange::NotOwner => Err(AppError::Forbidden(ONLY_THE_OWNER_MANAGES)),
        ListChange::NoSuchList => Err(AppError::NotFound),
    }
}
