//! A list page's items and what a visitor does to them, by row number
//! (from 1, as the page numbers them): tick, edit, delete.

use reqwest::blocking::Response;

use crate::visitor::{Page, Visitor, selector};

impl Page {
    /// Whether each row's item is done, as its tick box says (`aria-checked`).
    pub fn done(&self) -> Vec<bool> {
        let ticks = selector("#id_list_table .tick");
        self.html.select(&ticks).map(|tick| tick.value().attr("aria-checked") == Some("true")).collect()
    }

    /// The URL path of `row`'s item for `action` (`done`, `edit`, `delete`).
    pub fn item_path(&self, row: usize, action: &str) -> String {
        let links: Vec<_> = self.html.select(&selector("#id_list_table a.item-text")).collect();
        let href = links.get(row - 1).and_then(|a| a.value().attr("href"));
        let edit = href.unwrap_or_else(|| panic!("{} has no row {row}", self.url));
        format!("{}{action}", edit.strip_suffix("edit").unwrap_or_else(|| panic!("not an edit link: {edit}")))
    }
}

impl Visitor {
    /// Clicks `row`'s tick box (it flips) as a browser does: the form the
    /// button names, sent to the button's `formaction` with its own
    /// `name=value` beside the form's token. The response unfollowed.
    pub fn tick_response(&self, page: &Page, row: usize) -> Response {
        let ticks: Vec<_> = page.html.select(&selector("#id_list_table button.tick")).collect();
        let tick = ticks.get(row - 1).unwrap_or_else(|| panic!("{} has no row {row} to tick", page.url)).value();
        let attr = |name| tick.attr(name).unwrap_or_else(|| panic!("row {row}'s tick has no {name}"));
        let form = format!("form#{}", attr("form"));
        let form = page.html.select(&selector(&form)).next().unwrap_or_else(|| panic!("no {form} to tick with"));
        let url = page.url.join(attr("formaction")).unwrap_or_else(|e| panic!("row {row}'s formaction: {e}"));
        let token = Page::token_in(form);
        self.post_to(url.to_string(), &[("csrfmiddlewaretoken", &token), (attr("name"), attr("value"))])
    }

    /// As [`Visitor::tick_response`], then follows the redirect.
    pub fn tick(&self, page: &Page, row: usize) -> Page {
        self.follow(self.tick_response(page, row))
    }

    /// Opens `row`'s edit page.
    pub fn edit_page(&self, page: &Page, row: usize) -> Page {
        let path = page.item_path(row, "edit");
        self.follow(self.client().get(page.url.join(&path).expect("an item URL")).send().expect("GET edit"))
    }

    /// Saves `text` as `row`'s item through its edit page; the response unfollowed.
    pub fn edit_item_response(&self, page: &Page, row: usize, text: &str) -> Response {
        self.submit_item_response(&self.edit_page(page, row), text)
    }

    /// Deletes `row`'s item with its edit page's button, then follows.
    pub fn delete_item(&self, page: &Page, row: usize) -> Page {
        let edit = self.edit_page(page, row);
        self.follow(self.submit_form(&edit, "/delete", &[]))
    }
}
