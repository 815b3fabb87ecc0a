//! The route tables: every endpoint they list is served by its handler.

use testkit::{Backend, TestApp};

/// Each listed endpoint reaches its handler: asked as a logged-in owner
/// with a valid token and an empty form (or `{}`), it answers what that
/// handler answers, not what routing, CSRF or a crash would. A new endpoint
/// names its answer here.
#[test]
fn every_listed_route_is_served() {
    let app = TestApp::start(Backend::Sqlite).expect("sqlite");
    let visitor = app.logged_in("edith@example.com");
    let list = visitor.submit_item(&visitor.start_list("x"), "y");
    let token = list.csrf_token();
    let list_id = list.path().trim_start_matches("/lists/").trim_end_matches('/').to_string();
    // The pages' routes use the first item, the API's the second: each may delete its own.
    let item_id = |n| list.item_path(n, "edit").rsplit('/').nth(1).expect("an item id").to_string();
    let (page_item, api_item) = (item_id(1), item_id(2));
    // What deletes or logs out goes last, so that the rest find the list and the session.
    let last = |e: &&superlists::routes::Endpoint| {
        (e.handler.ends_with("logout"), e.handler.ends_with("delete_list"), e.handler.contains("delete"))
    };
    let mut endpoints: Vec<_> = superlists::routes::all().collect();
    endpoints.sort_by_key(last);
    let mut wrong = Vec::new();
    for endpoint in endpoints {
        let item = if endpoint.path.starts_with("/api/") { &api_item } else { &page_item };
        let path = endpoint.path.replace("{list_id}", &list_id).replace("{item_id}", item);
        let path = path.replace("{email}", "edith@example.com");
        let method = reqwest::Method::from_bytes(endpoint.method.as_str().as_bytes()).expect("method");
        let request = visitor.client().request(method.clone(), visitor.url(&path));
        let request = match (&method, path.starts_with("/api/")) {
            (&reqwest::Method::GET, _) => request,
            (_, true) => request.header("X-CSRFToken", &token).json(&serde_json::json!({})),
            (_, false) => request.form(&[("csrfmiddlewaretoken", &token)]),
        };
        let status = request.send().expect("request").status().as_u16();
        let expected = match endpoint.handler {
            "home::home_page"
            | "lists::view_list"
            | "events::list_events"
            | "items::edit_page"
            | "my_lists::my_lists"
            | "api::openapi_json"
            | "api::csrf"
            | "api::get_list"
            | "api::get_item"
            | "health::healthz"
            | "health::readyz"
            | "debug::debug_page" => 200,
            // The form's fields are missing.
            "lists::new_list"
            | "lists::add_item"
            | "list_owner::rename"
            | "sharing::share_list"
            | "items::tick"
            | "items::edit_item"
            | "accounts::send_login_email" => 400,
            // `{}` lacks the text.
            "api::new_list" | "api::add_item" => 422,
            // `{}` changes nothing.
            "api::change_item" => 200,
            "api::delete_item" => 204,
            "items::delete_item" | "list_owner::delete_list" | "accounts::logout" => 303,
            // No token in the link.
            "accounts::login" => 303,
            // To the SVG icon.
            "home::favicon" => 301,
            other => panic!("{other} is listed: name what it answers here"),
        };
        if status != expected {
            wrong.push(format!("{} {path} ({}): {status}, not {expected}", endpoint.method, endpoint.handler));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
