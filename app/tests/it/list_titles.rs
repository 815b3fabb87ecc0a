//! A list's title and deleting a whole list: the owner's alone, or anyone's
//! with the URL for a list made logged out; on both backends.

use reqwest::StatusCode;
use superlists::domain::{EMPTY_TITLE_ERROR, MAX_TITLE_CHARS, TITLE_CONTROL_CHARACTERS_ERROR, too_long_title_error};
use superlists::routes::ONLY_THE_OWNER_MANAGES;
use testkit::{Page, TestApp};

testkit::on_both_backends!(
    the_owner_names_a_list_and_my_lists_shows_the_name,
    a_bad_title_is_refused_with_the_typed_text_kept,
    only_the_owner_renames_or_deletes_an_owned_list,
    the_owner_deletes_a_list_and_its_url_is_gone,
    anyone_with_the_url_manages_a_list_made_logged_out
);

fn the_owner_names_a_list_and_my_lists_shows_the_name(app: &TestApp) {
    let edith = app.logged_in("edith@example.com");
    let list = edith.start_list("Buy peacock feathers");
    assert_eq!(list.text("#id_list_title").as_deref(), Some("Buy peacock feathers"), "named by its first item");
    assert_eq!(list.attr("#id_title", "value").as_deref(), Some("Buy peacock feathers"));
    let response = edith.submit_form(&list, "/title", &[("title", "  Fly   fishing ")]);
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let list = edith.follow(response);
    assert_eq!(list.text("#id_list_title").as_deref(), Some("Fly fishing"));
    assert_eq!(list.header().as_deref(), Some("Your To-Do list"), "the page's heading stays");
    assert_eq!(list.rows(), ["1: Buy peacock feathers"]);
    let mine = edith.get("/lists/users/edith@example.com/");
    assert_eq!(mine.texts("#id_my_lists a"), ["Fly fishing"]);
    // The sharee sees the name too, in their own "My lists".
    assert_eq!(edith.submit_form(&list, "/share", &[("sharee", "oni@example.com")]).status(), StatusCode::SEE_OTHER);
    let oni = app.logged_in("oni@example.com");
    assert_eq!(oni.get("/lists/users/oni@example.com/").texts("#id_shared_lists a"), ["Fly fishing"]);
    assert_eq!(oni.get(list.path()).text("#id_list_title").as_deref(), Some("Fly fishing"));
}

fn a_bad_title_is_refused_with_the_typed_text_kept(app: &TestApp) {
    let edith = app.logged_in("edith@example.com");
    let list = edith.start_list("Buy milk");
    let too_long = "x".repeat(MAX_TITLE_CHARS + 1);
    let refusals = [
        (" \u{200B}", EMPTY_TITLE_ERROR.to_string()),
        ("a\u{1B}[31m", TITLE_CONTROL_CHARACTERS_ERROR.to_string()),
        (too_long.as_str(), too_long_title_error(MAX_TITLE_CHARS + 1)),
    ];
    for (typed, error) in refusals {
        let response = edith.submit_form(&list, "/title", &[("title", typed)]);
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY, "{typed:?}");
        let page = Page::from_response(response);
        assert_eq!(page.text("#id_title_feedback"), Some(error), "{typed:?}");
        assert_eq!(page.attr("#id_title", "value").as_deref(), Some(typed));
        assert_eq!(page.attr("#id_title", "aria-invalid").as_deref(), Some("true"));
        assert_eq!(page.rows(), ["1: Buy milk"]);
    }
    assert_eq!(edith.get(list.path()).text("#id_list_title").as_deref(), Some("Buy milk"), "nothing saved");
}

fn only_the_owner_renames_or_deletes_an_owned_list(app: &TestApp) {
    let edith = app.logged_in("edith@example.com");
    let list = edith.start_list("Edith's list");
    assert_eq!(edith.submit_form(&list, "/share", &[("sharee", "oni@example.com")]).status(), StatusCode::SEE_OTHER);
    let others = [app.logged_in("oni@example.com"), app.logged_in("francis@example.com"), app.visitor()];
    for other in &others {
        let page = other.get(list.path());
        assert_eq!(page.attr("#id_title", "name"), None, "no title form for them");
        assert_eq!(page.attr("#id_delete_list", "type"), None, "no delete button for them");
        let token = page.csrf_token();
        for (action, field) in [("title", ("title", "Mine now")), ("delete", ("x", ""))] {
            let response =
                other.post_raw(&format!("{}{action}", list.path()), &[("csrfmiddlewaretoken", &token), field]);
            assert_eq!(response.status(), StatusCode::FORBIDDEN, "{action}");
            let page = Page::from_response(response);
            assert_eq!(page.text("#id_error_message"), Some(format!("Forbidden: {ONLY_THE_OWNER_MANAGES}")));
        }
        // A bad title from them is refused as not theirs, not as a bad title.
        let response =
            other.post_raw(&format!("{}title", list.path()), &[("csrfmiddlewaretoken", &token), ("title", "")]);
        assert_eq!(response.status(), StatusCode::FORBIDDEN);
    }
    let page = edith.get(list.path());
    assert_eq!((page.status, page.text("#id_list_title")), (StatusCode::OK, Some("Edith's list".to_string())));
}

fn the_owner_deletes_a_list_and_its_url_is_gone(app: &TestApp) {
    let edith = app.logged_in("edith@example.com");
    let kept = edith.start_list("Kept");
    let list = edith.start_list("To delete");
    let list = edith.submit_item(&list, "Second item");
    assert_eq!(edith.submit_form(&list, "/share", &[("sharee", "oni@example.com")]).status(), StatusCode::SEE_OTHER);
    let response = edith.submit_form(&list, "/delete", &[]);
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let mine = edith.follow(response);
    assert_eq!(mine.path(), "/lists/users/edith@example.com/", "back to her lists");
    assert_eq!(mine.texts("#id_my_lists a"), ["Kept"]);
    assert_eq!(edith.get(list.path()).status, StatusCode::NOT_FOUND);
    let oni = app.logged_in("oni@example.com");
    assert!(oni.get("/lists/users/oni@example.com/").texts("#id_shared_lists a").is_empty(), "unshared");
    assert_eq!(edith.get(kept.path()).rows(), ["1: Kept"]);
}

fn anyone_with_the_url_manages_a_list_made_logged_out(app: &TestApp) {
    let list = app.visitor().start_list("Nobody's");
    let francis = app.visitor();
    let page = francis.get(list.path());
    let page = francis.follow(francis.submit_form(&page, "/title", &[("title", "Picnic")]));
    assert_eq!(page.text("#id_list_title").as_deref(), Some("Picnic"));
    let response = francis.submit_form(&page, "/delete", &[]);
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(francis.follow(response).path(), "/", "logged out: home");
    assert_eq!(francis.get(list.path()).status, StatusCode::NOT_FOUND);
}
