//! The JSON API under `/api/`, on both backends: the book's REST appendix
//! tests one for one, then each route's statuses and errors.

use reqwest::StatusCode;
use reqwest::blocking::{RequestBuilder, Response};
use serde_json::{Value, json};
use superlists::domain::{DUPLICATE_ITEM_ERROR, EMPTY_ITEM_ERROR, too_long_item_error};
use testkit::{TestApp, Visitor};

testkit::on_both_backends!(
    get_returns_json_200,
    get_returns_items_for_correct_list,
    posting_a_new_item,
    for_invalid_input_nothing_saved_and_the_error_json_returned,
    duplicate_items_error,
    patch_changes_text_and_tick_all_or_nothing,
    delete_removes_one_item_and_ids_are_meaningful_only_in_their_list,
    post_api_lists_makes_a_list_owned_by_a_logged_in_caller,
    writes_need_the_token_header_and_json,
    every_body_but_an_object_is_refused_on_every_write,
    every_error_under_api_is_json
);

/// A caller of the API: a visitor's cookie jar and its token for writes.
struct Caller {
    visitor: Visitor,
    token: String,
}

impl Caller {
    fn new(visitor: Visitor) -> Self {
        let reply: Value =
            visitor.client().get(visitor.url("/api/csrf")).send().expect("GET csrf").json().expect("json");
        let token = reply["csrf_token"].as_str().expect("a token").to_string();
        Caller { visitor, token }
    }

    fn send(&self, method: &str, path: &str) -> RequestBuilder {
        let method = reqwest::Method::from_bytes(method.as_bytes()).expect("a method");
        self.visitor.client().request(method, self.visitor.url(path)).header("X-CSRFToken", &self.token)
    }

    fn get(&self, path: &str) -> Response {
        self.send("GET", path).send().expect("GET")
    }

    fn json(&self, method: &str, path: &str, body: Value) -> Response {
        self.send(method, path).json(&body).send().unwrap_or_else(|e| panic!("{method} {path}: {e}"))
    }

    /// A new list holding `items`; its API path.
    fn list_of(&self, items: &[&str]) -> String {
        let made = self.json("POST", "/api/lists", json!({ "text": items[0] }));
        assert_eq!(made.status(), StatusCode::CREATED);
        let path = location(&made);
        for item in &items[1..] {
            assert_eq!(
                self.json("POST", &format!("{path}items"), json!({ "text": item })).status(),
                StatusCode::CREATED
            );
        }
        path
    }

    fn items(&self, list: &str) -> Vec<(String, bool)> {
        let list: Value = self.get(list).json().expect("json");
        let items = list["items"].as_array().expect("items").iter();
        items.map(|i| (i["text"].as_str().expect("text").to_string(), i["done"] == true)).collect()
    }

    /// The id of the list's item number `n` (from 1).
    fn item_id(&self, list: &str, n: usize) -> String {
        let list: Value = self.get(list).json().expect("json");
        list["items"][n - 1]["id"].as_str().expect("an item id").to_string()
    }
}

fn location(response: &Response) -> String {
    response.headers()["location"].to_str().expect("a Location").to_string()
}

fn error_of(response: Response) -> (StatusCode, String) {
    let status = response.status();
    let content_type = response.headers()["content-type"].to_str().unwrap_or_default().to_string();
    assert!(content_type.starts_with("application/json"), "{status}: {content_type}");
    let body: Value = response.json().expect("json");
    (status, body["error"].as_str().expect("an error field").to_string())
}

fn get_returns_json_200(app: &TestApp) {
    let caller = Caller::new(app.visitor());
    let list = caller.list_of(&["item 1"]);
    let response = caller.get(&list);
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["content-type"], "application/json");
    assert_eq!(response.headers()["cache-control"], "no-store");
}

fn get_returns_items_for_correct_list(app: &TestApp) {
    let caller = Caller::new(app.visitor());
    caller.list_of(&["item 1", "item 2"]);
    let list = caller.list_of(&["item 1", "item 2"]);
    let body: Value = caller.get(&list).json().expect("json");
    let id = list.trim_start_matches("/api/lists/").trim_end_matches('/');
    let ids = [caller.item_id(&list, 1), caller.item_id(&list, 2)];
    assert_eq!(
        body,
        json!({ "id": id, "title": null, "owner": null, "items": [
            { "id": ids[0], "text": "item 1", "done": false },
            { "id": ids[1], "text": "item 2", "done": false },
        ]})
    );
    // The page shows the same list.
    assert_eq!(caller.visitor.get(&format!("/lists/{id}/")).rows(), ["1: item 1", "2: item 2"]);
}

fn posting_a_new_item(app: &TestApp) {
    let caller = Caller::new(app.visitor());
    let list = caller.list_of(&["first"]);
    let response = caller.json("POST", &format!("{list}items"), json!({ "text": "new item" }));
    assert_eq!(response.status(), StatusCode::CREATED);
    let at = location(&response);
    let item: Value = response.json().expect("json");
    assert_eq!((item["text"].as_str(), item["done"].as_bool()), (Some("new item"), Some(false)));
    assert_eq!(at, format!("{list}items/{}", item["id"].as_str().expect("id")));
    assert_eq!(caller.get(&at).json::<Value>().expect("json"), item, "the Location answers with the item");
    assert_eq!(caller.items(&list), [("first".into(), false), ("new item".into(), false)]);
}

fn for_invalid_input_nothing_saved_and_the_error_json_returned(app: &TestApp) {
    let caller = Caller::new(app.visitor());
    let list = caller.list_of(&["first"]);
    for (text, message) in [("", EMPTY_ITEM_ERROR.to_string()), (" \t", EMPTY_ITEM_ERROR.into())]
        .into_iter()
        .chain([(&*"x".repeat(501), too_long_item_error(501))])
    {
        let response = caller.json("POST", &format!("{list}items"), json!({ "text": text }));
        assert_eq!(error_of(response), (StatusCode::UNPROCESSABLE_ENTITY, message), "{text:?}");
    }
    assert_eq!(caller.items(&list), [("first".into(), false)], "nothing saved");
    let before = app.visitor().get("/").status;
    let response = caller.json("POST", "/api/lists", json!({ "text": "" }));
    assert_eq!(error_of(response), (StatusCode::UNPROCESSABLE_ENTITY, EMPTY_ITEM_ERROR.to_string()));
    assert_eq!(before, StatusCode::OK);
}

fn duplicate_items_error(app: &TestApp) {
    let caller = Caller::new(app.visitor());
    let list = caller.list_of(&["thing"]);
    let response = caller.json("POST", &format!("{list}items"), json!({ "text": "thing" }));
    assert_eq!(error_of(response), (StatusCode::UNPROCESSABLE_ENTITY, DUPLICATE_ITEM_ERROR.to_string()));
    assert_eq!(caller.items(&list).len(), 1);
}

fn patch_changes_text_and_tick_all_or_nothing(app: &TestApp) {
    let caller = Caller::new(app.visitor());
    let list = caller.list_of(&["Buy milk", "Buy egs"]);
    let item = format!("{list}items/{}", caller.item_id(&list, 2));
    let response = caller.json("PATCH", &item, json!({ "text": "Buy eggs", "done": true }));
    assert_eq!(response.status(), StatusCode::OK);
    let changed: Value = response.json().expect("json");
    assert_eq!((changed["text"].as_str(), changed["done"].as_bool()), (Some("Buy eggs"), Some(true)));
    // A refused text leaves the tick alone too.
    let response = caller.json("PATCH", &item, json!({ "text": "Buy milk", "done": false }));
    assert_eq!(error_of(response), (StatusCode::UNPROCESSABLE_ENTITY, DUPLICATE_ITEM_ERROR.to_string()));
    let response = caller.json("PATCH", &item, json!({ "text": "  ", "done": false }));
    assert_eq!(error_of(response), (StatusCode::UNPROCESSABLE_ENTITY, EMPTY_ITEM_ERROR.to_string()));
    assert_eq!(caller.items(&list), [("Buy milk".into(), false), ("Buy eggs".into(), true)]);
    // Done, it no longer blocks its text.
    assert_eq!(caller.json("PATCH", &item, json!({ "text": "Buy milk" })).status(), StatusCode::OK);
    assert_eq!(caller.json("PATCH", &item, json!({})).status(), StatusCode::OK, "nothing to change");
    assert_eq!(caller.items(&list), [("Buy milk".into(), false), ("Buy milk".into(), true)]);
    let response = caller.json("PATCH", &item, json!({ "done": "yes" }));
    assert_eq!(error_of(response).0, StatusCode::UNPROCESSABLE_ENTITY, "a string is no boolean");
}

fn delete_removes_one_item_and_ids_are_meaningful_only_in_their_list(app: &TestApp) {
    let caller = Caller::new(app.visitor());
    let (mine, theirs) = (caller.list_of(&["a", "b"]), caller.list_of(&["theirs"]));
    let their_item = caller.item_id(&theirs, 1);
    for method in ["GET", "DELETE"] {
        let response = caller.send(method, &format!("{mine}items/{their_item}")).send().expect(method);
        assert_eq!(error_of(response), (StatusCode::NOT_FOUND, "Not found".to_string()), "{method}");
    }
    let response = caller.json("PATCH", &format!("{mine}items/{their_item}"), json!({ "done": true }));
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert_eq!(caller.items(&theirs), [("theirs".into(), false)]);

    let first = format!("{mine}items/{}", caller.item_id(&mine, 1));
    let response = caller.send("DELETE", &first).send().expect("DELETE");
    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_eq!(caller.get(&first).status(), StatusCode::NOT_FOUND);
    assert_eq!(caller.send("DELETE", &first).send().expect("DELETE").status(), StatusCode::NOT_FOUND);
    assert_eq!(caller.items(&mine), [("b".into(), false)]);
    let id = mine.trim_start_matches("/api/lists/");
    assert_eq!(caller.visitor.get(&format!("/lists/{id}")).rows(), ["1: b"], "numbered from 1 again");
}

fn post_api_lists_makes_a_list_owned_by_a_logged_in_caller(app: &TestApp) {
    let caller = Caller::new(app.logged_in("edith@example.com"));
    let response = caller.json("POST", "/api/lists", json!({ "text": "Reticulate splines" }));
    assert_eq!(response.status(), StatusCode::CREATED);
    let at = location(&response);
    let list: Value = response.json().expect("json");
    assert_eq!(at, format!("/api/lists/{}/", list["id"].as_str().expect("id")));
    assert_eq!(list["owner"], "edith@example.com");
    let mine = caller.visitor.get("/lists/users/edith@example.com/");
    assert_eq!(mine.texts("#id_my_lists a"), ["Reticulate splines"]);
    let anonymous = Caller::new(app.visitor());
    let list: Value = anonymous.json("POST", "/api/lists", json!({ "text": "x" })).json().expect("json");
    assert_eq!(list["owner"], Value::Null);
}

fn writes_need_the_token_header_and_json(app: &TestApp) {
    let caller = Caller::new(app.visitor());
    let list = caller.list_of(&["first"]);
    let items = format!("{list}items");
    let no_header = caller.visitor.client().post(caller.visitor.url(&items)).json(&json!({ "text": "x" }));
    assert_eq!(error_of(no_header.send().expect("POST")).0, StatusCode::FORBIDDEN);
    let other = Caller::new(app.visitor());
    // Another visitor's cookie with this visitor's token is refused.
    let theirs = other.visitor.client().post(other.visitor.url(&items)).header("X-CSRFToken", &caller.token);
    assert_eq!(error_of(theirs.json(&json!({ "text": "y" })).send().expect("POST")).0, StatusCode::FORBIDDEN);
    let cross_site = caller.send("POST", &items).header("Sec-Fetch-Site", "cross-site").json(&json!({ "text": "z" }));
    assert_eq!(error_of(cross_site.send().expect("POST")).0, StatusCode::FORBIDDEN);

    let form = caller.send("POST", &items).form(&[("text", "x")]).send().expect("POST");
    assert_eq!(error_of(form).0, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let broken = caller.send("POST", &items).header("content-type", "application/json").body("{\"text\": ");
    assert_eq!(error_of(broken.send().expect("POST")).0, StatusCode::BAD_REQUEST);
    let wrong_shape = caller.json("POST", &items, json!({ "txt": "x" }));
    assert_eq!(error_of(wrong_shape).0, StatusCode::UNPROCESSABLE_ENTITY);
    let huge = caller.json("POST", &items, json!({ "text": "x".repeat(100_000) }));
    assert_eq!(error_of(huge).0, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(caller.items(&list), [("first".into(), false)], "nothing saved");
}

/// Each write's body is an object (the OpenAPI description says so); any
/// other JSON, an array of the fields among them, is 422 and changes nothing.
fn every_body_but_an_object_is_refused_on_every_write(app: &TestApp) {
    let caller = Caller::new(app.visitor());
    let list = caller.list_of(&["first"]);
    let item = caller.item_id(&list, 1);
    let writes = [
        ("POST", "/api/lists".to_string()),
        ("POST", format!("{list}items")),
        ("PATCH", format!("{list}items/{item}")),
    ];
    let shapes =
        [json!(["Buy milk"]), json!(["x", true]), json!([]), json!("Buy milk"), json!(3), json!(null), json!(true)];
    for (method, path) in &writes {
        for shape in &shapes {
            let (status, message) = error_of(caller.json(method, path, shape.clone()));
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{method} {path} {shape}");
            assert!(message.contains("must be a JSON object"), "{method} {path} {shape}: {message}");
        }
    }
    assert_eq!(caller.items(&list), [("first".into(), false)], "nothing changed");
}

fn every_error_under_api_is_json(app: &TestApp) {
    let caller = Caller::new(app.visitor());
    let list = caller.list_of(&["first"]);
    let cases = [
        ("GET", "/api/lists/nosuchlistatall00/".to_string(), StatusCode::NOT_FOUND),
        ("GET", "/api/lists/x/".into(), StatusCode::NOT_FOUND),
        ("GET", format!("{list}items/0123456789abcdef"), StatusCode::NOT_FOUND),
        ("GET", format!("{list}items/not-an-id"), StatusCode::NOT_FOUND),
        ("GET", "/api/nothing/here".into(), StatusCode::NOT_FOUND),
        ("PUT", list.clone(), StatusCode::METHOD_NOT_ALLOWED),
        ("DELETE", list.clone(), StatusCode::METHOD_NOT_ALLOWED),
        ("GET", "/api/lists".into(), StatusCode::METHOD_NOT_ALLOWED),
    ];
    for (method, path, status) in cases {
        let response = caller.send(method, &path).send().expect("request");
        let (got, message) = error_of(response);
        assert_eq!(got, status, "{method} {path}");
        assert!(!message.is_empty() && !message.contains('<'), "{method} {path}: {message}");
    }
}
