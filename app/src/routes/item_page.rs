//! The pages with the item form: home (a new list) and a list's own page,
//! shown afresh or re-rendered with a refused item.

use actix_web::HttpResponse;

use crate::csrf::CsrfToken;
use crate::domain::ListId;
use crate::errors::AppError;
use crate::state::AppState;
use crate::templates::{Entered, HomePage, ListPage, Site, render};

pub fn list_url(state: &AppState, id: &ListId) -> String {
    state.settings.url(&format!("/lists/{id}/"))
}

pub enum Showing<'a> {
    NewList,
    List { id: &'a ListId, items: &'a [String] },
}

pub fn item_page(
    state: &AppState,
    csrf: &CsrfToken,
    showing: Showing<'_>,
    entered: Entered<'_>,
) -> Result<HttpResponse, AppError> {
    let status = entered.status();
    let site = Site::of(&state.settings);
    match showing {
        Showing::NewList => {
            let form = entered.into_form(state.settings.url("/lists/new"), csrf.as_str());
            render(status, &HomePage { site, form })
        }
        Showing::List { id, items } => {
            let form = entered.into_form(list_url(state, id), csrf.as_str());
            render(status, &ListPage { site, form, items })
        }
    }
}
