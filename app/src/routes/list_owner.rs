//! `/lists/<id>/title` and `/lists/<id>/delete`: what only the owner does
//! to a whole list (anyone with the URL, for a list made logged out).

use actix_web::{HttpResponse, web};
use serde::Deserialize;

use super::found;
use super::list_page::{Refused, Showing, list_page, list_url};
use crate::db::lists::{self, ListView};
use crate::db::ownership::ListChange;
use crate::domain::{ListId, ListTitle};
use crate::errors::AppError;
use crate::state::AppState;
use crate::web::csrf::{CsrfForm, NoFields};
use crate::web::flash::Flash;
use crate::web::paths::ListPath;
use crate::web::redirect::see_other;
use crate::web::templates::Entered;
use crate::web::visit::Visit;

pub const ONLY_THE_OWNER_MANAGES: &str = "Only the list's owner can rename or delete it";

#[derive(Deserialize)]
pub struct TitleForm {
    title: String,
}

pub async fn rename(
    state: web::Data<AppState>,
    ListPath(id): ListPath,
    CsrfForm(form): CsrfForm<TitleForm>,
    visit: Visit,
) -> Result<HttpResponse, AppError> {
    let by = visit.user.as_ref().map(|u| u.id);
    let error = match ListTitle::parse(&form.title) {
        Err(e) => e.to_string(),
        Ok(title) => {
            let rename = move |conn: &mut _, list: &_| lists::rename(conn, list, &title, by);
            let renamed = state.write_to_list(&id, "cannot rename a list", rename).await?;
            return answer(renamed, list_url(&state, &id), ONLY_THE_OWNER_MANAGES);
        }
    };
    let refused = Refused::Title { typed: &form.title, error };
    refused_page(&state, &visit, &id, |list| list.managed_by(by), ONLY_THE_OWNER_MANAGES, refused).await
}

/// Deletes the list, then shows the visitor's lists (or home, logged out),
/// saying so.
pub async fn delete_list(
    state: web::Data<AppState>,
    ListPath(id): ListPath,
    CsrfForm(NoFields {}): CsrfForm<NoFields>,
    visit: Visit,
) -> Result<HttpResponse, AppError> {
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
    let mut done = answer(deleted, next, ONLY_THE_OWNER_MANAGES)?;
    let said = done.add_cookie(&Flash::ListDeleted.cookie(&state.settings));
    said.map_err(|e| AppError::Internal(anyhow::Error::new(e).context("cannot set the flash cookie")))?;
    Ok(done)
}

/// A change to a whole list answered: 303 to `then`, 403 saying
/// `forbidden`, or 404.
pub(super) fn answer(change: ListChange, then: String, forbidden: &'static str) -> Result<HttpResponse, AppError> {
    match change {
        ListChange::Yes => Ok(see_other(then)),
        ListChange::NotOwner => Err(AppError::Forbidden(forbidden)),
        ListChange::NoSuchList => Err(AppError::NotFound),
    }
}

/// The list's page again with a refused form's message, for a visitor
/// `may` lets use that form; 403 saying `forbidden` for anyone else.
pub(super) async fn refused_page(
    state: &AppState,
    visit: &Visit,
    id: &ListId,
    may: impl FnOnce(&ListView) -> bool,
    forbidden: &'static str,
    refused: Refused<'_>,
) -> Result<HttpResponse, AppError> {
    let list = found::list(state, id).await?;
    if !may(&list) {
        return Err(AppError::Forbidden(forbidden));
    }
    list_page(state, visit, Showing::List { id, list: &list, refused: Some(refused) }, Entered::NOTHING)
}
