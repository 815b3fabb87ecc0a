//! Ticking an item off, editing it, deleting it: the list page's forms, on
//! both backends. Anyone with the list's URL may, as for adding.

use reqwest::StatusCode;
use superlists::domain::{
    CONTROL_CHARACTERS_ERROR, DUPLICATE_ITEM_ERROR, EMPTY_ITEM_ERROR, MAX_ITEM_CHARS, too_long_item_error,
};
use testkit::{Page, TestApp, Visitor};

testkit::on_both_backends!(
    a_ticked_item_is_struck_through_in_its_place_and_can_be_unticked,
    a_done_item_does_not_block_adding_its_text_again,
    an_edited_item_keeps_its_place_and_refusals_save_nothing,
    deleting_an_item_numbers_the_rest_from_one,
    another_lists_items_and_malformed_ids_are_not_found,
    item_forms_need_the_csrf_token_and_a_post,
    the_list_says_how_many_are_left
);

/// Under the title, what is still to do: "3 items left", "1 item left",
/// "All done".
fn the_list_says_how_many_are_left(app: &TestApp) {
    let edith = app.visitor();
    let left = |page: &Page| page.text("#id_items_left").unwrap_or_default();
    let list = list_of(&edith, &["Milk", "Eggs", "Bread"]);
    assert_eq!(left(&list), "3 items left");
    let list = edith.tick(&edith.tick(&list, 1), 3);
    assert_eq!(left(&list), "1 item left");
    let list = edith.tick(&list, 2);
    assert_eq!(left(&list), "All done");
    assert_eq!(list.attr("#id_items_left", "aria-live").as_deref(), Some("polite"), "read out when it changes");
    assert_eq!(left(&edith.tick(&list, 2)), "1 item left");
}

fn list_of(visitor: &Visitor, items: &[&str]) -> Page {
    let mut page = visitor.start_list(items[0]);
    for item in &items[1..] {
        page = visitor.submit_item(&page, item);
    }
    page
}

fn a_ticked_item_is_struck_through_in_its_place_and_can_be_unticked(app: &TestApp) {
    let edith = app.visitor();
    let list = list_of(&edith, &["Buy peacock feathers", "Make a fly"]);
    assert_eq!(list.done(), [false, false]);
    let response = edith.tick_response(&list, 1);
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let list = edith.follow(response);
    assert_eq!(list.rows(), ["1: Buy peacock feathers", "2: Make a fly"], "the row text is unchanged");
    assert_eq!(list.done(), [true, false]);
    assert_eq!(list.texts("#id_list_table tr.item-done"), ["1: Buy peacock feathers"]);
    let tick = list.attr("#id_list_table .tick", "aria-label");
    assert_eq!(tick.as_deref(), Some("Done: Buy peacock feathers"), "the box has an accessible name");
    // Someone else with the URL sees it ticked, and unticks it.
    let francis = app.visitor();
    let list = francis.get(list.path());
    assert_eq!(list.done(), [true, false]);
    assert_eq!(francis.tick(&list, 1).done(), [false, false]);
}

fn a_done_item_does_not_block_adding_its_text_again(app: &TestApp) {
    let edith = app.visitor();
    let list = edith.tick(&list_of(&edith, &["Buy milk", "Buy eggs"]), 1);
    let response = edith.submit_item_response(&list, "Buy milk");
    assert_eq!(response.status(), StatusCode::SEE_OTHER, "milk for next week");
    let list = edith.follow(response);
    assert_eq!(list.rows(), ["1: Buy milk", "2: Buy eggs", "3: Buy milk"]);
    assert_eq!(list.done(), [true, false, false]);
    // Unticking the first would make two "Buy milk" to do: refused, said so.
    let response = edith.tick_response(&list, 1);
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = Page::from_response(response);
    assert_eq!(page.error().as_deref(), Some(DUPLICATE_ITEM_ERROR));
    assert_eq!(page.input_value(), "Buy milk");
    assert_eq!(edith.get(list.path()).done(), [true, false, false], "nothing changed");
    // A duplicate of an item not done is refused as before.
    let page = edith.submit_item(&list, "Buy eggs");
    assert_eq!(page.error().as_deref(), Some(DUPLICATE_ITEM_ERROR));
}

fn an_edited_item_keeps_its_place_and_refusals_save_nothing(app: &TestApp) {
    let edith = app.visitor();
    let list = list_of(&edith, &["Buy peacock feathres", "Make a fly", "Go fishing"]);
    let edit = edith.edit_page(&list, 1);
    assert_eq!(edit.status, StatusCode::OK);
    assert_eq!(edit.header().as_deref(), Some("Edit item"));
    assert_eq!(edit.input_value(), "Buy peacock feathres");
    assert_eq!(edit.link("Back to the list").as_deref(), Some(list.path()));

    let too_long = "x".repeat(MAX_ITEM_CHARS + 1);
    let refusals = [
        ("  ", EMPTY_ITEM_ERROR.to_string()),
        ("Go fishing", DUPLICATE_ITEM_ERROR.to_string()),
        ("bell\u{7}", CONTROL_CHARACTERS_ERROR.to_string()),
        (too_long.as_str(), too_long_item_error(MAX_ITEM_CHARS + 1)),
    ];
    for (typed, error) in refusals {
        let response = edith.edit_item_response(&list, 1, typed);
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY, "{typed:?}");
        let page = Page::from_response(response);
        assert_eq!(page.error(), Some(error), "{typed:?}");
        assert_eq!(page.input_value(), typed, "what was typed is kept");
        assert!(page.input_is_invalid());
    }
    assert_eq!(edith.get(list.path()).rows()[0], "1: Buy peacock feathres", "nothing was saved");

    // Done, it may be edited, and no longer clashes with an item to do.
    let list = edith.tick(&list, 1);
    assert_eq!(edith.edit_item_response(&list, 1, "Go fishing").status(), StatusCode::SEE_OTHER);

    let response = edith.edit_item_response(&list, 1, "  Buy peacock   feathers ");
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let list = edith.follow(response);
    assert_eq!(list.rows(), ["1: Buy peacock feathers", "2: Make a fly", "3: Go fishing"]);
    assert_eq!(edith.edit_page(&list, 1).input_value(), "Buy peacock feathers");
    assert_eq!(list.done(), [true, false, false], "still done");
    // Its own text again is no duplicate.
    assert_eq!(edith.edit_item_response(&list, 2, "Make a fly").status(), StatusCode::SEE_OTHER);
}

fn deleting_an_item_numbers_the_rest_from_one(app: &TestApp) {
    let edith = app.visitor();
    let list = list_of(&edith, &["Buy peacock feathers", "Make a fly", "Go fishing"]);
    let gone = list.item_path(1, "edit");
    let list = edith.delete_item(&list, 1);
    assert_eq!(list.rows(), ["1: Make a fly", "2: Go fishing"]);
    assert_eq!(edith.get(&gone).status, StatusCode::NOT_FOUND, "the deleted item's page");
    let list = edith.delete_item(&edith.delete_item(&list, 2), 1);
    assert_eq!(list.rows(), Vec::<String>::new(), "an empty list stays, to add to");
    assert_eq!(edith.submit_item(&list, "Start again").rows(), ["1: Start again"]);
}

fn another_lists_items_and_malformed_ids_are_not_found(app: &TestApp) {
    let edith = app.visitor();
    let mine = edith.start_list("Mine");
    let theirs = app.visitor().start_list("Theirs");
    // Their item's id under my list's URL names nothing.
    let their_item = theirs.item_path(1, "edit").rsplit('/').nth(1).map(str::to_string).expect("an item id");
    let under_mine = format!("{}items/{their_item}/", mine.path());
    assert_eq!(edith.get(&format!("{under_mine}edit")).status, StatusCode::NOT_FOUND);
    let token = mine.csrf_token();
    for (action, field) in [("done", ("done", "true")), ("edit", ("text", "Stolen")), ("delete", ("x", ""))] {
        let response = edith.post_raw(&format!("{under_mine}{action}"), &[("csrfmiddlewaretoken", &token), field]);
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{action}");
    }
    assert_eq!(app.visitor().get(theirs.path()).rows(), ["1: Theirs"], "untouched");
    assert_eq!(app.visitor().get(theirs.path()).done(), [false]);
    for bad in ["1", "ffffffffffffffff", "FFFFFFFFFFFFFFFF", "..", "0123456789abcdef0"] {
        let path = format!("{}items/{bad}/edit", mine.path());
        assert_eq!(edith.get(&path).status, StatusCode::NOT_FOUND, "{bad}");
    }
}

fn item_forms_need_the_csrf_token_and_a_post(app: &TestApp) {
    let edith = app.visitor();
    let list = edith.start_list("Buy milk");
    for action in ["done", "delete"] {
        let path = list.item_path(1, action);
        assert_eq!(edith.post_raw(&path, &[("done", "true")]).status(), StatusCode::FORBIDDEN, "{action}");
        assert_eq!(edith.get(&path).status, StatusCode::METHOD_NOT_ALLOWED, "GET {action}");
    }
    let path = list.item_path(1, "edit");
    assert_eq!(edith.post_raw(&path, &[("text", "Hijacked")]).status(), StatusCode::FORBIDDEN);
    let token = list.csrf_token();
    let malformed = edith.post_raw(&list.item_path(1, "done"), &[("csrfmiddlewaretoken", &token), ("done", "maybe")]);
    assert_eq!(malformed.status(), StatusCode::BAD_REQUEST);
    let list = edith.get(list.path());
    assert_eq!((list.rows(), list.done()), (vec!["1: Buy milk".to_string()], vec![false]));
}
