//! Sharing a list by email, on both backends.

use reqwest::StatusCode;
use superlists::domain::BAD_EMAIL_ERROR;
use superlists::routes::{ONLY_THE_OWNER_SHARES, SHARE_WITH_YOURSELF_ERROR};
use testkit::{Page, TestApp, Visitor};

testkit::on_both_backends!(
    an_owner_shares_a_list_and_it_appears_in_the_sharees_lists,
    bad_or_own_addresses_are_refused_with_a_message,
    only_the_owner_can_share,
    my_lists_keeps_own_and_shared_lists_apart_oldest_first
);

fn share(visitor: &Visitor, list: &Page, sharee: &str) -> reqwest::blocking::Response {
    let path = format!("{}share", list.path());
    visitor.post_raw(&path, &[("csrfmiddlewaretoken", &list.csrf_token()), ("sharee", sharee)])
}

fn an_owner_shares_a_list_and_it_appears_in_the_sharees_lists(app: &TestApp) {
    let edith = app.logged_in("edith@example.com");
    let list = edith.start_list("Get help");
    // The owner sees the share form.
    assert_eq!(list.attr("#id_sharee", "name").as_deref(), Some("sharee"));
    assert_eq!(list.attr("#id_sharee", "placeholder").as_deref(), Some("your-friend@example.com"));
    assert!(list.texts("label").contains(&"Share this list:".to_string()));

    let response = share(&edith, &list, "Oniciferous@Example.com");
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let list = edith.follow(response);
    assert_eq!(list.texts("li.list-sharee"), ["oniciferous@example.com"]);
    // Sharing again changes nothing.
    let list = edith.follow(share(&edith, &list, "oniciferous@example.com"));
    assert_eq!(list.texts("li.list-sharee"), ["oniciferous@example.com"]);

    // Oniciferous finds it under "Lists shared by other users", with its owner.
    let oni = app.logged_in("oniciferous@example.com");
    let mine = oni.get("/lists/users/oniciferous@example.com/");
    assert_eq!(mine.texts("#id_shared_lists a"), ["Get help"]);
    assert_eq!(mine.texts("#id_shared_lists .list-owner"), ["(edith@example.com)"]);
    assert_eq!(mine.attr("#id_shared_lists a", "href").as_deref(), Some(list.path()));
    assert!(mine.texts("#id_my_lists a").is_empty());
    // He can add to it, but not share it: the form is the owner's.
    let shared = oni.get(list.path());
    assert_eq!(shared.attr("#id_sharee", "name"), None);
    let shared = oni.submit_item(&shared, "Help given");
    assert_eq!(shared.rows(), ["1: Get help", "2: Help given"]);
}

fn bad_or_own_addresses_are_refused_with_a_message(app: &TestApp) {
    let edith = app.logged_in("edith@example.com");
    let list = edith.start_list("Private");
    for (sharee, message) in
        [("not-an-address", BAD_EMAIL_ERROR), ("", BAD_EMAIL_ERROR), ("Edith@Example.com", SHARE_WITH_YOURSELF_ERROR)]
    {
        let page = Page::from_response(share(&edith, &list, sharee));
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "{sharee:?}");
        assert_eq!(page.text("#id_sharee_feedback").as_deref(), Some(message), "{sharee:?}");
        assert!(page.attr("#id_sharee", "class").is_some_and(|c| c.contains("is-invalid")));
        assert_eq!(page.rows(), ["1: Private"], "the list page, re-rendered");
    }
    assert_eq!(app.db.count("list_shares"), 0);
}

fn only_the_owner_can_share(app: &TestApp) {
    let list = app.logged_in("edith@example.com").start_list("Edith's");
    for visitor in [app.logged_in("francis@example.com"), app.visitor()] {
        let page = visitor.get(list.path());
        let page = Page::from_response(share(&visitor, &page, "mallory@example.com"));
        assert_eq!(page.status, StatusCode::FORBIDDEN);
        assert_eq!(page.text("#id_error_message"), Some(format!("Forbidden: {ONLY_THE_OWNER_SHARES}")));
    }
    // A list made logged out has no owner: nobody can share it.
    let anonymous = app.logged_in("francis@example.com");
    let list = app.visitor().start_list("Nobody's");
    let page = Page::from_response(share(&anonymous, &anonymous.get(list.path()), "mallory@example.com"));
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    assert_eq!(app.db.count("list_shares"), 0);
    assert_eq!(app.db.count("users WHERE email = 'mallory@example.com'"), 0, "no user made by a refused share");
}

fn my_lists_keeps_own_and_shared_lists_apart_oldest_first(app: &TestApp) {
    let (edith, oni) = (app.logged_in("edith@example.com"), app.logged_in("oniciferous@example.com"));
    // Made in turns, so that each half's order is not the order of making.
    let edith_first = edith.start_list("Edith's first");
    oni.start_list("Oni's first");
    let edith_second = edith.start_list("Edith's second");
    oni.start_list("Oni's second");
    // Shared newest first: the page still shows them oldest first.
    share(&edith, &edith_second, "oniciferous@example.com");
    share(&edith, &edith_first, "oniciferous@example.com");

    let mine = oni.get("/lists/users/oniciferous@example.com/");
    assert_eq!(mine.texts("#id_my_lists a"), ["Oni's first", "Oni's second"]);
    assert_eq!(mine.texts("#id_shared_lists a"), ["Edith's first", "Edith's second"]);
    assert_eq!(mine.texts("#id_shared_lists .list-owner"), ["(edith@example.com)", "(edith@example.com)"]);
    let theirs = edith.get("/lists/users/edith@example.com/");
    assert_eq!(theirs.texts("#id_my_lists a"), ["Edith's first", "Edith's second"]);
    assert!(theirs.texts("#id_shared_lists a").is_empty());
}
