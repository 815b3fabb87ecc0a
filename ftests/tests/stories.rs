//! User stories, as the classic superlists functional tests tell them.
//! Every test makes its own lists, so a staging site holding other data is fine.

use ftests::new_visitor;
use reqwest::StatusCode;
use superlists::domain::{DUPLICATE_ITEM_ERROR, EMPTY_ITEM_ERROR};

#[test]
fn a_new_visitor_starts_a_list_and_retrieves_it_later() {
    // Edith has heard about a cool new online to-do app. She goes to check out its homepage.
    let edith = new_visitor();
    let home = edith.get("/");

    // She notices the page title and header mention to-do lists.
    assert_eq!(home.title().as_deref(), Some("To-Do lists"));
    assert_eq!(home.header().as_deref(), Some("Start a new To-Do list"));

    // She is invited to enter a to-do item straight away.
    assert_eq!(home.attr("#id_text", "placeholder").as_deref(), Some("Enter a to-do item"));

    // She types "Buy peacock feathers" and presses enter: the page now lists it.
    let list = edith.submit_item(&home, "Buy peacock feathers");
    assert_eq!(list.header().as_deref(), Some("Your To-Do list"));
    assert_eq!(list.rows(), ["1: Buy peacock feathers"]);

    // There is still a text box inviting her to add another item.
    // She enters "Use peacock feathers to make a fly" (Edith is very methodical).
    let list = edith.submit_item(&list, "Use peacock feathers to make a fly");

    // The page updates again, and now shows both items on her list.
    assert_eq!(list.rows(), ["1: Buy peacock feathers", "2: Use peacock feathers to make a fly"]);

    // She notices her list has a unique URL, and comes back to it later.
    assert!(list.path().starts_with("/lists/"), "{}", list.path());
    let later = edith.get(list.path());
    assert_eq!(later.rows(), list.rows());
}

#[test]
fn two_visitors_get_their_own_lists_at_different_urls() {
    // Edith starts a new to-do list.
    let edith = new_visitor();
    let edith_list = edith.start_list("Buy peacock feathers");
    assert_eq!(edith_list.rows(), ["1: Buy peacock feathers"]);

    // Now a new user, Francis, comes along, in a browser of his own.
    let francis = new_visitor();

    // Francis visits the home page. There is no sign of Edith's list.
    let home = francis.get("/");
    assert!(!home.body.contains("Buy peacock feathers"));

    // Francis starts a new list by entering a new item. He is less interesting than Edith...
    let francis_list = francis.submit_item(&home, "Buy milk");
    assert_eq!(francis_list.rows(), ["1: Buy milk"]);

    // Francis gets his own unique URL.
    assert!(francis_list.path().starts_with("/lists/"));
    assert_ne!(francis_list.path(), edith_list.path());

    // Again, there is no trace of Edith's list, and hers does not have his item.
    assert!(!francis_list.body.contains("Buy peacock feathers"));
    assert_eq!(edith.get(edith_list.path()).rows(), ["1: Buy peacock feathers"]);
}

#[test]
fn empty_and_duplicate_items_get_a_message_and_save_nothing() {
    // Edith goes to the home page and accidentally tries to submit an empty item.
    let edith = new_visitor();
    let home = edith.get("/");
    let page = edith.submit_item(&home, "   ");

    // The page tells her that list items cannot be blank, and marks the box.
    assert_eq!(page.error().as_deref(), Some(EMPTY_ITEM_ERROR));
    assert!(page.input_is_invalid());
    assert!(page.rows().is_empty(), "no list was made");

    // She tries again with some text for the item, which now works.
    let list = edith.submit_item(&page, "Buy milk");
    assert_eq!(list.rows(), ["1: Buy milk"]);

    // Perversely, she now decides to submit a second blank list item: refused again.
    let page = edith.submit_item(&list, "");
    assert_eq!(page.error().as_deref(), Some(EMPTY_ITEM_ERROR));
    assert_eq!(page.rows(), ["1: Buy milk"]);

    // She accidentally enters a duplicate item and sees a helpful error message.
    let page = edith.submit_item(&list, "Buy milk");
    assert_eq!(page.error().as_deref(), Some(DUPLICATE_ITEM_ERROR));
    assert_eq!(page.input_value(), "Buy milk", "what she typed is still there");

    // She comes back to her list: it still holds exactly one item.
    assert_eq!(edith.get(list.path()).rows(), ["1: Buy milk"]);
}

#[test]
fn html_in_an_item_is_shown_as_text() {
    // Mallory tries to inject markup into her list.
    let mallory = new_visitor();
    let item = r#"<img src=x onerror="alert(1)"> & <i>friends</i>"#;
    let list = mallory.start_list(item);

    // It is shown exactly as typed, and no element was created from it.
    assert_eq!(list.rows(), [format!("1: {item}")]);
    assert!(list.texts("#id_list_table img").is_empty() && list.texts("#id_list_table i").is_empty());
    assert!(!list.body.contains("<img src=x"));
}

#[test]
fn health_endpoints_answer() {
    // The load balancer asks whether the site is alive and ready.
    let probe = new_visitor();
    for path in ["/healthz", "/readyz"] {
        let response = probe.client().get(probe.url(path)).send().expect("probe");
        assert_eq!(response.status(), StatusCode::OK, "{path}");
    }
}
