//! A script keeps a list through the JSON API, as the README shows with
//! curl, and the list's page agrees with it; errors come back as JSON.

use ftests::new_visitor;
use reqwest::StatusCode;
use reqwest::blocking::Response;
use serde_json::{Value, json};
use superlists::domain::EMPTY_ITEM_ERROR;

fn body(response: Response) -> (StatusCode, Value) {
    let status = response.status();
    let content_type = response.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or_default();
    assert!(content_type.starts_with("application/json"), "{status}: {content_type}");
    (status, response.json().expect("a JSON body"))
}

#[test]
fn a_script_keeps_a_list_through_the_api() {
    let visitor = new_visitor();
    let client = visitor.client();
    // The script asks for a token; its cookie jar keeps the cookie it goes with.
    let (status, token) = body(client.get(visitor.url("/api/csrf")).send().expect("GET /api/csrf"));
    assert_eq!(status, StatusCode::OK);
    let token = token["csrf_token"].as_str().expect("a token").to_string();
    let write = |method: reqwest::Method, url: reqwest::Url, json: Value| {
        client.request(method, url).header("X-CSRFToken", &token).json(&json).send().expect("a write")
    };

    // It makes a list, and adds to it at the list's Location.
    let made = write(
        reqwest::Method::POST,
        visitor.url("/api/lists").parse().expect("url"),
        json!({"text": "Buy peacock feathers"}),
    );
    assert_eq!(made.status(), StatusCode::CREATED);
    let list_url = made.url().join(made.headers()["location"].to_str().expect("Location")).expect("a URL");
    let (_, list) = body(made);
    let list_id = list["id"].as_str().expect("an id").to_string();
    let added = write(reqwest::Method::POST, list_url.join("items").expect("url"), json!({"text": "Make a fly"}));
    assert_eq!(added.status(), StatusCode::CREATED);
    let item_url = added.url().join(added.headers()["location"].to_str().expect("Location")).expect("a URL");

    // It ticks the first item off and fixes the second's text.
    let first = list["items"][0]["id"].as_str().expect("an item id").to_string();
    let ticked =
        write(reqwest::Method::PATCH, list_url.join(&format!("items/{first}")).expect("url"), json!({"done": true}));
    assert_eq!(body(ticked), (StatusCode::OK, json!({"id": first, "text": "Buy peacock feathers", "done": true})));
    let fixed = write(reqwest::Method::PATCH, item_url.clone(), json!({"text": "Use peacock feathers to make a fly"}));
    assert_eq!(fixed.status(), StatusCode::OK);

    // The list's page shows what the API did.
    let page = visitor.get(&format!("/lists/{list_id}/"));
    assert_eq!(page.rows(), ["1: Buy peacock feathers", "2: Use peacock feathers to make a fly"]);
    assert_eq!(page.done(), [true, false]);

    // A refused item is the page's message, in JSON; nothing is saved.
    let refused = write(reqwest::Method::POST, list_url.join("items").expect("url"), json!({"text": " "}));
    assert_eq!(body(refused), (StatusCode::UNPROCESSABLE_ENTITY, json!({"error": EMPTY_ITEM_ERROR})));

    // It deletes the second item: gone from the API and the page.
    let deleted = client.delete(item_url.clone()).header("X-CSRFToken", &token).send().expect("DELETE");
    assert_eq!(deleted.status(), StatusCode::NO_CONTENT);
    assert_eq!(body(client.get(item_url).send().expect("GET")).0, StatusCode::NOT_FOUND);
    let (_, list) = body(client.get(list_url).send().expect("GET the list"));
    assert_eq!(list["items"].as_array().map(Vec::len), Some(1));
    assert_eq!(visitor.get(&format!("/lists/{list_id}/")).rows(), ["1: Buy peacock feathers"]);
}

#[test]
fn the_api_describes_itself_and_answers_json_even_when_refusing() {
    let visitor = new_visitor();
    let client = visitor.client();
    let (status, description) = body(client.get(visitor.url("/api/openapi.json")).send().expect("GET"));
    assert_eq!((status, description["openapi"].as_str()), (StatusCode::OK, Some("3.1.0")));
    let (status, error) = body(client.get(visitor.url("/api/lists/nosuchlistatall0/")).send().expect("GET"));
    assert_eq!((status, error["error"].as_str()), (StatusCode::NOT_FOUND, Some("Not found")));
    let no_token = client.post(visitor.url("/api/lists")).json(&json!({"text": "x"})).send().expect("POST");
    assert_eq!(body(no_token).0, StatusCode::FORBIDDEN);
}
