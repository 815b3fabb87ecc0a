//! The API's OpenAPI description: what it names, and the committed copy
//! that makes every change to the API show in review.

use serde_json::{Value, json};
use superlists::domain::MAX_ITEM_CHARS;
use testkit::TestApp;

/// The description lists exactly the `/api/` routes the site serves, each
/// with its method: both come from the code, and this keeps them one.
#[test]
fn the_openapi_description_names_every_api_route_and_no_other() {
    let app = TestApp::start(testkit::Backend::Sqlite).expect("sqlite");
    let visitor = app.visitor();
    let served: Value =
        visitor.client().get(visitor.url("/api/openapi.json")).send().expect("GET").json().expect("json");
    assert_eq!(served["openapi"], "3.1.0");
    assert_eq!(served["servers"], json!([{ "url": "/" }]));
    let mut described: Vec<(String, String)> = served["paths"]
        .as_object()
        .expect("paths")
        .iter()
        .flat_map(|(path, ops)| {
            ops.as_object().expect("operations").keys().map(move |m| (m.to_uppercase(), path.clone()))
        })
        .collect();
    let mut routed: Vec<(String, String)> = superlists::routes::all()
        .filter(|e| e.path.starts_with("/api/") && e.path != "/api/openapi.json")
        .map(|e| (e.method.to_string(), e.path.to_string()))
        .collect();
    described.sort();
    routed.sort();
    assert_eq!(described, routed);
    // The item's length, written as a literal in the schema, is the rule's.
    for schema in ["NewItemJson", "ItemChangeJson"] {
        let text = &served["components"]["schemas"][schema]["properties"]["text"];
        assert_eq!(text["maxLength"], MAX_ITEM_CHARS, "{schema}");
    }
}

/// The description as committed in `app/tests/openapi.json`, so that a
/// change to the API shows in review. After a deliberate change:
/// `UPDATE_SNAPSHOTS=1 cargo test --workspace --test it openapi`.
#[test]
fn the_openapi_description_is_the_committed_one() {
    let described = superlists::routes::api::openapi::description("/");
    let now = serde_json::to_string_pretty(&described).expect("JSON") + "\n";
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/openapi.json");
    if std::env::var("UPDATE_SNAPSHOTS").is_ok_and(|v| v == "1") {
        std::fs::write(&path, &now).expect("write the snapshot");
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    let first_change = now.lines().zip(committed.lines()).position(|(a, b)| a != b);
    assert!(
        now == committed,
        "the API's description is not {}'s (from line {}): review the change, then run \
         UPDATE_SNAPSHOTS=1 cargo test --workspace --test it openapi",
        path.display(),
        first_change.map_or(now.lines().count().min(committed.lines().count()), |n| n) + 1
    );
}
