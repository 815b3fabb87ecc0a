//! The pages and their contract (DESIGN.md "HTTP surface"), on both backends.

use reqwest::StatusCode;
use superlists::domain::{DUPLICATE_ITEM_ERROR, EMPTY_ITEM_ERROR, MAX_ITEM_CHARS, too_long_item_error};
use testkit::TestApp;

testkit::on_both_backends!(
    home_page_keeps_the_markup_contract,
    first_item_creates_a_list_and_redirects_with_303,
    items_are_numbered_in_insertion_order,
    empty_items_are_refused_and_nothing_is_saved,
    duplicate_items_are_refused_within_a_list_only,
    over_long_items_are_refused,
    item_text_is_escaped,
    unknown_lists_get_the_404_page,
    list_urls_cannot_be_found_by_counting,
    readyz_answers_when_the_database_is_up,
    tabs_tell_lists_apart_and_text_runs_its_own_way,
);

/// Several lists open in tabs: each tab is titled after its list, and the
/// site has an icon. Text in any direction is laid out its own way.
fn tabs_tell_lists_apart_and_text_runs_its_own_way(app: &TestApp) {
    let visitor = app.visitor();
    let list = visitor.submit_item(&visitor.start_list("Milk"), "שלום");
    assert_eq!(list.title().as_deref(), Some("Milk · To-Do lists"));
    for (element, what) in [("#id_list_title", "the title"), ("#id_text", "the item box")] {
        assert_eq!(list.attr(element, "dir").as_deref(), Some("auto"), "{what}");
    }
    let dirs = list.attrs("#id_list_table a.item-text", "dir");
    assert_eq!(dirs, [Some("auto".to_string()), Some("auto".to_string())], "each item's text");

    let icon = list.attr("link[rel=icon]", "href").expect("an icon");
    let served = visitor.client().get(visitor.url(&icon)).send().expect("GET the icon");
    assert_eq!(served.status(), StatusCode::OK);
    assert_eq!(served.headers()["content-type"], "image/svg+xml");
    let asked = visitor.client().get(visitor.url("/favicon.ico")).send().expect("GET /favicon.ico");
    assert_eq!(asked.status(), StatusCode::MOVED_PERMANENTLY);
    assert!(icon.starts_with(asked.headers()["location"].to_str().expect("ascii")), "{icon}");
}

fn home_page_keeps_the_markup_contract(app: &TestApp) {
    let home = app.visitor().get("/");
    assert_eq!(home.status, StatusCode::OK);
    assert_eq!(home.title().as_deref(), Some("To-Do lists"));
    assert_eq!(home.header().as_deref(), Some("Start a new To-Do list"));
    assert_eq!(home.text("a.navbar-brand").as_deref(), Some("Superlists"));
    assert_eq!(home.attr("a.navbar-brand", "href").as_deref(), Some("/"));
    assert_eq!(home.form_action(), "/lists/new");
    assert_eq!(home.item_form_attr("method").as_deref(), Some("POST"));
    assert_eq!(home.attr("#id_text", "name").as_deref(), Some("text"));
    assert_eq!(home.attr("#id_text", "placeholder").as_deref(), Some("Enter a to-do item"));
    assert_eq!(home.attr("#id_text", "aria-describedby").as_deref(), Some("id_text_feedback"));
    assert!(home.attr("#id_text", "required").is_some());
    assert!(!home.input_is_invalid());
    assert_eq!(home.error(), None);
    assert!(home.rows().is_empty());
}

fn first_item_creates_a_list_and_redirects_with_303(app: &TestApp) {
    let visitor = app.visitor();
    let home = visitor.get("/");
    let response = visitor.submit_item_response(&home, "Buy peacock feathers");
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let location = response.headers()["location"].to_str().expect("ascii").to_string();
    assert!(location.starts_with("/lists/") && location.ends_with('/'), "{location}");

    let list = visitor.follow(response);
    assert_eq!(list.status, StatusCode::OK);
    assert_eq!(list.path(), location);
    assert_eq!(list.title().as_deref(), Some("Buy peacock feathers · To-Do lists"));
    assert_eq!(list.header().as_deref(), Some("Your To-Do list"));
    assert_eq!(list.attr("table", "id").as_deref(), Some("id_list_table"));
    assert_eq!(list.attr("table", "class").as_deref(), Some("table"));
    assert_eq!(list.rows(), ["1: Buy peacock feathers"]);
    assert_eq!(list.form_action(), location, "the list's form posts to the list");
    assert_eq!(app.db.count_lists(), 1);
}

fn items_are_numbered_in_insertion_order(app: &TestApp) {
    let visitor = app.visitor();
    let list = visitor.start_list("Buy peacock feathers");
    let response = visitor.submit_item_response(&list, "Use peacock feathers to make a fly");
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(response.headers()["location"], list.path());
    let list = visitor.follow(response);
    let list = visitor.submit_item(&list, "Go fishing");
    assert_eq!(list.rows(), ["1: Buy peacock feathers", "2: Use peacock feathers to make a fly", "3: Go fishing"]);
    assert_eq!(app.db.count_lists(), 1);
    assert_eq!(app.db.count_items(), 3);
}

fn empty_items_are_refused_and_nothing_is_saved(app: &TestApp) {
    let visitor = app.visitor();
    for text in ["", "   \t "] {
        let page = visitor.submit_item(&visitor.get("/"), text);
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(page.path(), "/lists/new");
        assert_eq!(page.header().as_deref(), Some("Start a new To-Do list"));
        assert_eq!(page.error().as_deref(), Some(EMPTY_ITEM_ERROR));
        assert!(page.input_is_invalid());
    }
    assert_eq!(app.db.count_lists(), 0);

    let list = visitor.start_list("A real item");
    let page = visitor.submit_item(&list, " ");
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(page.error().as_deref(), Some(EMPTY_ITEM_ERROR));
    assert_eq!(page.header().as_deref(), Some("Your To-Do list"));
    assert_eq!(page.rows(), ["1: A real item"], "the list is still shown");
    assert_eq!(app.db.count_items(), 1);
}

fn duplicate_items_are_refused_within_a_list_only(app: &TestApp) {
    let visitor = app.visitor();
    let list = visitor.start_list("Buy wellies");
    let page = visitor.submit_item(&list, "Buy wellies");
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(page.error().as_deref(), Some(DUPLICATE_ITEM_ERROR));
    assert!(page.input_is_invalid());
    assert_eq!(page.input_value(), "Buy wellies", "what was typed is kept");
    assert_eq!(page.rows(), ["1: Buy wellies"]);
    // Surrounding spaces do not make a different item.
    let page = visitor.submit_item(&list, "  Buy wellies ");
    assert_eq!(page.error().as_deref(), Some(DUPLICATE_ITEM_ERROR));
    assert_eq!(app.db.count_items(), 1);

    // Another list may hold the same text.
    let other = visitor.start_list("Buy wellies");
    assert_ne!(other.path(), list.path());
    assert_eq!(other.rows(), ["1: Buy wellies"]);
    assert_eq!(app.db.count_items(), 2);
}

fn over_long_items_are_refused(app: &TestApp) {
    let visitor = app.visitor();
    let list = visitor.start_list("short");
    let longest = "x".repeat(MAX_ITEM_CHARS);
    let page = visitor.submit_item(&list, &longest);
    assert_eq!(page.rows().len(), 2, "{MAX_ITEM_CHARS} characters are allowed");
    let too_long = "é".repeat(MAX_ITEM_CHARS + 1);
    let page = visitor.submit_item(&list, &too_long);
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(page.error(), Some(too_long_item_error(MAX_ITEM_CHARS + 1)));
    assert_eq!(page.input_value(), too_long, "what was typed is kept");
    assert_eq!(app.db.count_items(), 2);
}

fn item_text_is_escaped(app: &TestApp) {
    let visitor = app.visitor();
    let evil = r#"<script>alert("x")</script> & <b>bold</b>"#;
    let list = visitor.start_list(evil);
    assert_eq!(list.rows(), [format!("1: {evil}")], "shown as typed");
    assert!(!list.body.contains("<script>alert"), "raw markup reached the page");
    assert!(!list.body.contains("<b>bold</b>"));
    let page = visitor.submit_item(&list, evil);
    assert_eq!(page.input_value(), evil, "the re-rendered value is escaped too");
    assert!(!page.body.contains("<script>alert"));
}

fn unknown_lists_get_the_404_page(app: &TestApp) {
    let visitor = app.visitor();
    let unknown = "/lists/abcdefghijklmnop/";
    for path in [unknown, "/lists/999999/", "/lists/abc/", "/lists/0/", "/lists/-1/", "/no/such/page"] {
        let page = visitor.get(path);
        assert_eq!(page.status, StatusCode::NOT_FOUND, "{path}");
        assert_eq!(page.title().as_deref(), Some("To-Do lists"), "{path} gets the site's page");
        assert_eq!(page.text("#id_error_message").as_deref(), Some("Page not found"));
    }
    // Adding to a list that does not exist is a 404 too, and saves nothing.
    let home = visitor.get("/");
    let token = home.csrf_token();
    for path in [unknown, "/lists/999999/"] {
        let response = visitor.post_raw(path, &[("csrfmiddlewaretoken", &token), ("text", "x")]);
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{path}");
    }
    assert_eq!(app.db.count_items(), 0);
}

fn list_urls_cannot_be_found_by_counting(app: &TestApp) {
    let visitor = app.visitor();
    let paths: Vec<String> = (1..=3).map(|n| visitor.start_list(&format!("secret {n}")).path().to_string()).collect();
    for path in &paths {
        let id = path.strip_prefix("/lists/").and_then(|p| p.strip_suffix('/')).expect("/lists/<id>/");
        assert_eq!(id.len(), 16, "80 bits in base32: {id}");
        assert!(id.bytes().all(|b| b.is_ascii_lowercase() || (b'2'..=b'7').contains(&b)), "{id}");
    }
    for n in 0..=5 {
        assert_eq!(visitor.get(&format!("/lists/{n}/")).status, StatusCode::NOT_FOUND, "/lists/{n}/");
    }
}

fn readyz_answers_when_the_database_is_up(app: &TestApp) {
    let visitor = app.visitor();
    let health = visitor.client().get(visitor.url("/healthz")).send().expect("healthz");
    assert_eq!(health.status(), StatusCode::OK);
    let ready = visitor.client().get(visitor.url("/readyz")).send().expect("readyz");
    assert_eq!(ready.status(), StatusCode::OK);
    assert_eq!(ready.text().expect("body"), "ready");
}

#[test]
fn the_site_works_under_a_url_prefix() {
    let app = TestApp::start_with(testkit::Backend::Sqlite, |s| {
        s.url_prefix = "/staging".into();
        s.static_url = "/staging/static/".into();
    })
    .expect("sqlite");
    let visitor = testkit::Visitor::new(&format!("{}/staging", app.base_url()));
    let home = visitor.get("/");
    assert_eq!(home.header().as_deref(), Some("Start a new To-Do list"));
    assert_eq!(home.form_action(), "/staging/lists/new");
    assert_eq!(home.attr("a.navbar-brand", "href").as_deref(), Some("/staging/"));
    let stylesheet = home.attr("link[rel=stylesheet]", "href").expect("stylesheet");
    assert!(stylesheet.starts_with("/staging/static/base.css"), "{stylesheet}");

    let response = visitor.submit_item_response(&home, "Buy peacock feathers");
    let location = response.headers()["location"].to_str().expect("ascii").to_string();
    assert!(location.starts_with("/staging/lists/"), "{location}");
    let list = visitor.follow(response);
    assert_eq!(list.rows(), ["1: Buy peacock feathers"]);
    assert!(list.path().starts_with("/lists/"), "paths read the same under a prefix");
    let list = visitor.submit_item(&list, "Second");
    assert_eq!(list.rows().len(), 2);

    // Nothing answers outside the prefix but the probes (for the container's health check).
    let plain = testkit::Visitor::new(&app.base_url());
    assert_eq!(plain.get("/").status, StatusCode::NOT_FOUND);
    assert_eq!(plain.client().get(plain.url("/healthz")).send().expect("healthz").status(), StatusCode::OK);
    assert_eq!(visitor.client().get(visitor.url("/readyz")).send().expect("readyz").status(), StatusCode::OK);
}
