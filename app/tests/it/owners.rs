//! List owners and "My lists", on both backends.

use reqwest::StatusCode;
use superlists::routes::NOT_YOUR_LISTS;
use testkit::TestApp;

testkit::on_both_backends!(
    lists_made_logged_in_have_an_owner,
    my_lists_shows_a_users_own_lists_by_their_first_item,
    only_the_user_sees_their_lists
);

fn lists_made_logged_in_have_an_owner(app: &TestApp) {
    let edith = app.logged_in("edith@example.com");
    let list = edith.start_list("Reticulate splines");
    assert_eq!(list.text("#id_list_owner").as_deref(), Some("edith@example.com"));
    // Anyone with the URL sees whose it is; a list made logged out has no owner.
    assert_eq!(app.visitor().get(list.path()).text("#id_list_owner").as_deref(), Some("edith@example.com"));
    let anonymous = app.visitor().start_list("Nobody's");
    assert_eq!(anonymous.text("#id_list_owner"), None);
}

fn my_lists_shows_a_users_own_lists_by_their_first_item(app: &TestApp) {
    let edith = app.logged_in("edith@example.com");
    let first = edith.start_list("Reticulate splines");
    let first = edith.submit_item(&first, "Immanentize eschaton");
    let second = edith.start_list("Click cows");
    app.logged_in("francis@example.com").start_list("Francis's list");
    app.visitor().start_list("Anonymous list");

    // She notices a "My lists" link, for the first time.
    let home = edith.get("/");
    let href = home.attr("a.navbar-link", "href").expect("a My lists link");
    assert_eq!(href, "/lists/users/edith@example.com/");
    assert_eq!(home.text("a.navbar-link").as_deref(), Some("My lists"));

    let page = edith.get(&href);
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.header().as_deref(), Some("My Lists"));
    let headings = page.texts("h2");
    assert_eq!(headings, ["edith@example.com's lists", "Lists shared by other users"]);
    // Each of her lists, named by its first item, oldest first: nobody else's.
    assert_eq!(page.texts("#id_my_lists a"), ["Reticulate splines", "Click cows"]);
    let links: Vec<String> = ["#id_my_lists li:nth-child(1) a", "#id_my_lists li:nth-child(2) a"]
        .iter()
        .map(|css| page.attr(css, "href").expect("href"))
        .collect();
    assert_eq!(links, [first.path(), second.path()]);
}

fn only_the_user_sees_their_lists(app: &TestApp) {
    app.logged_in("edith@example.com").start_list("Edith's secret");
    // Francis, logged in, is refused.
    let page = app.logged_in("francis@example.com").get("/lists/users/edith@example.com/");
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    assert_eq!(page.text("#id_error_message"), Some(format!("Forbidden: {NOT_YOUR_LISTS}")));
    assert!(!page.body.contains("Edith's secret"));
    // Logged out, one is sent home, to the login form.
    let visitor = app.visitor();
    let response = visitor.client().get(visitor.url("/lists/users/edith@example.com/")).send().expect("GET");
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(response.headers()["location"], "/");
    // The address in the URL is matched as the site keeps it: lower-case.
    let page = app.logged_in("edith@example.com").get("/lists/users/Edith@Example.com/");
    assert_eq!(page.texts("#id_my_lists a"), ["Edith's secret"]);
}
