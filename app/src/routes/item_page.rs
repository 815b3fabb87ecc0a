//! The pages with the item form: home (a new list) and a list's own page,
//! shown afresh or re-rendered with a refused item.

use actix_web::HttpResponse;
use actix_web::http::StatusCode;

use crate::db::lists::ListView;
use crate::domain::ListId;
use crate::errors::AppError;
use crate::state::AppState;
use crate::web::flash::Flash;
use crate::web::templates::{Entered, HomePage, ListPage, ShareForm, render};
use crate::web::visit::Visit;

pub fn list_url(state: &AppState, id: &ListId) -> String {
    state.settings.url(&format!("/lists/{id}/"))
}

pub enum Showing<'a> {
    NewList,
    /// A list's page; `share_error` re-renders it with the share form's message.
    List {
        id: &'a ListId,
        list: &'a ListView,
        share_error: Option<&'a str>,
    },
}

pub fn item_page(
    state: &AppState,
    visit: &Visit,
    showing: Showing<'_>,
    entered: Entered<'_>,
) -> Result<HttpResponse, AppError> {
    let status = entered.status();
    let site = visit.site(&state.settings);
    let token = visit.csrf.as_str();
    let mut page = match showing {
        Showing::NewList => {
            let form = entered.into_form(state.settings.url("/lists/new"), token);
            render(status, &HomePage { site, form })
        }
        Showing::List { id, list, share_error } => {
            let form = entered.into_form(list_url(state, id), token);
            let owner = list.owner.as_ref();
            // Only the owner may share: the form is theirs alone.
            let share = (owner.map(|(id, _)| *id) == visit.user.as_ref().map(|u| u.id) && owner.is_some())
                .then(|| ShareForm { action: format!("{}share", list_url(state, id)), error: share_error });
            let status = if share_error.is_some() { StatusCode::UNPROCESSABLE_ENTITY } else { status };
            let page = ListPage {
                site,
                form,
                items: &list.items,
                owner: owner.map(|(_, e)| e.as_str()),
                sharees: &list.sharees,
                share,
            };
            render(status, &page)
        }
    }?;
    if visit.flash.is_some() {
        // Shown once.
        page.add_cookie(&Flash::removal(&state.settings))
            .map_err(|e| AppError::Internal(anyhow::anyhow!("cannot clear the message: {e}")))?;
    }
    Ok(page)
}
