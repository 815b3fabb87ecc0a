//! The pages with the item form: home (a new list) and a list's own page,
//! shown afresh or re-rendered with a refused item.

use actix_web::HttpResponse;

use crate::db::lists::ListView;
use crate::domain::ListId;
use crate::errors::AppError;
use crate::flash::Flash;
use crate::state::AppState;
use crate::templates::{Entered, HomePage, ListPage, Site, render};
use crate::visit::Visit;

pub fn list_url(state: &AppState, id: &ListId) -> String {
    state.settings.url(&format!("/lists/{id}/"))
}

pub enum Showing<'a> {
    NewList,
    List { id: &'a ListId, list: &'a ListView },
}

pub fn item_page(
    state: &AppState,
    visit: &Visit,
    showing: Showing<'_>,
    entered: Entered<'_>,
) -> Result<HttpResponse, AppError> {
    let status = entered.status();
    let site = Site::for_visit(&state.settings, visit);
    let token = visit.csrf.as_str();
    let mut page = match showing {
        Showing::NewList => {
            let form = entered.into_form(state.settings.url("/lists/new"), token);
            render(status, &HomePage { site, form })
        }
        Showing::List { id, list } => {
            let form = entered.into_form(list_url(state, id), token);
            render(status, &ListPage { site, form, items: &list.items, owner: list.owner.as_deref() })
        }
    }?;
    if visit.flash.is_some() {
        // Shown once.
        page.add_cookie(&Flash::removal(&state.settings))
            .map_err(|e| AppError::Internal(anyhow::anyhow!("cannot clear the message: {e}")))?;
    }
    Ok(page)
}
