//! `POST /lists/<id>/share`: an owner shares a list with someone by email.

use actix_web::{HttpResponse, web};
use serde::Deserialize;

use super::item_page::{Refused, Showing, item_page, list_url};
use super::lists::{load, parse_list_id, see_other};
use crate::db::shares::{self, Shared};
use crate::domain::{BAD_EMAIL_ERROR, Email};
use crate::errors::AppError;
use crate::state::AppState;
use crate::web::csrf::CsrfForm;
use crate::web::templates::Entered;
use crate::web::visit::Visit;

pub const ONLY_THE_OWNER_SHARES: &str = "Only the list's owner can share it";
pub const SHARE_WITH_YOURSELF_ERROR: &str = "You can't share a list with yourself";

#[derive(Deserialize)]
pub struct ShareForm {
    sharee: String,
}

pub async fn share_list(
    state: web::Data<AppState>,
    path: web::Path<String>,
    CsrfForm(form): CsrfForm<ShareForm>,
    visit: Visit,
) -> Result<HttpResponse, AppError> {
    let id = parse_list_id(&path)?;
    let user = visit.user.as_ref().ok_or(AppError::Forbidden(ONLY_THE_OWNER_SHARES))?;
    let error = match Email::parse(&form.sharee) {
        None => BAD_EMAIL_ERROR,
        Some(sharee) if sharee.as_str() == user.email => SHARE_WITH_YOURSELF_ERROR,
        Some(sharee) => {
            let (list, by) = (id.clone(), user.id);
            match state.db("cannot share a list", move |conn| shares::share(conn, &list, by, &sharee)).await? {
                Shared::Yes => return Ok(see_other(list_url(&state, &id))),
                Shared::NotOwner => return Err(AppError::Forbidden(ONLY_THE_OWNER_SHARES)),
                Shared::NoSuchList => return Err(AppError::NotFound),
            }
        }
    };
    let list = load(&state, &id).await?;
    if list.owner.as_ref().map(|(owner, _)| *owner) != Some(user.id) {
        return Err(AppError::Forbidden(ONLY_THE_OWNER_SHARES));
    }
    item_page(
        &state,
        &visit,
        Showing::List { id: &id, list: &list, refused: Some(Refused::Share(error)) },
        Entered::NOTHING,
    )
}
