//! `POST /lists/<id>/share`: an owner shares a list with someone by email.

use actix_web::{HttpResponse, web};
use serde::Deserialize;

use super::list_owner::{answer, refused_page};
use super::list_page::{Refused, list_url};
use crate::db::lists::ListView;
use crate::db::shares;
use crate::domain::{BAD_EMAIL_ERROR, Email};
use crate::errors::AppError;
use crate::state::AppState;
use crate::web::csrf::CsrfForm;
use crate::web::paths::ListPath;
use crate::web::visit::Visit;

pub const ONLY_THE_OWNER_SHARES: &str = "Only the list's owner can share it";
pub const SHARE_WITH_YOURSELF_ERROR: &str = "You can't share a list with yourself";

#[derive(Deserialize)]
pub struct ShareForm {
    sharee: String,
}

pub async fn share_list(
    state: web::Data<AppState>,
    ListPath(id): ListPath,
    CsrfForm(form): CsrfForm<ShareForm>,
    visit: Visit,
) -> Result<HttpResponse, AppError> {
    let user = visit.user.as_ref().ok_or(AppError::Forbidden(ONLY_THE_OWNER_SHARES))?;
    let error = match Email::parse(&form.sharee) {
        None => BAD_EMAIL_ERROR,
        Some(sharee) if sharee.as_str() == user.email => SHARE_WITH_YOURSELF_ERROR,
        Some(sharee) => {
            let (list, by) = (id.clone(), user.id);
            let shared = state.db("cannot share a list", move |conn| shares::share(conn, &list, by, &sharee)).await?;
            return answer(shared, list_url(&state, &id), ONLY_THE_OWNER_SHARES);
        }
    };
    let shares = |list: &ListView| list.shared_by(Some(user.id));
    refused_page(&state, &visit, &id, shares, ONLY_THE_OWNER_SHARES, Refused::Share(error)).await
}
