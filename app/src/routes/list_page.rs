//! The pages with the item form: home (a new list) and a list's own page,
//! shown afresh or re-rendered with a refused item.

use actix_web::HttpResponse;
use actix_web::http::StatusCode;

use crate::db::lists::ListView;
use crate::domain::ListId;
use crate::errors::AppError;
use crate::state::AppState;
use crate::web::templates::{Entered, HomePage, ListPage, ShareForm, TitleForm, render};
use crate::web::visit::Visit;

pub fn list_url(state: &AppState, id: &ListId) -> String {
    state.settings.url(&format!("/lists/{id}/"))
}

pub enum Showing<'a> {
    NewList,
    /// A list's page, afresh or with a form below the table refused.
    List {
        id: &'a ListId,
        list: &'a ListView,
        refused: Option<Refused<'a>>,
    },
}

/// A form of the list page other than the item form, refused: the page
/// shows it again with the message, and what was typed.
pub enum Refused<'a> {
    Share(&'a str),
    Title { typed: &'a str, error: String },
}

pub fn list_page(
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
        Showing::List { id, list, refused } => {
            let url = list_url(state, id);
            let form = entered.into_form(url.clone(), token);
            let owner = list.owner.as_ref();
            let user = visit.user.as_ref().map(|u| u.id);
            let (share_error, title) = match refused {
                Some(Refused::Share(error)) => (Some(error), None),
                Some(Refused::Title { typed, error }) => (None, Some((typed, error))),
                None => (None, None),
            };
            let share = list.shared_by(user).then(|| ShareForm { action: format!("{url}share"), error: share_error });
            let manage = list.managed_by(user).then(|| match title {
                Some((typed, error)) => TitleForm { value: typed, error: Some(error) },
                None => TitleForm { value: list.name(), error: None },
            });
            let refused = share_error.is_some() || manage.as_ref().is_some_and(|m| m.error.is_some());
            let status = if refused { StatusCode::UNPROCESSABLE_ENTITY } else { status };
            let page = ListPage {
                site,
                form,
                list_url: &url,
                name: list.name(),
                version: list.version,
                items: &list.items,
                left: list.items.iter().filter(|item| !item.done).count(),
                owner: owner.map(|(_, e)| e.as_str()),
                sharees: &list.sharees,
                share,
                manage,
            };
            render(status, &page)
        }
    }?;
    visit.shown(&mut page, &state.settings)?;
    Ok(page)
}
