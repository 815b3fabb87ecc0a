//! The real binary's log in JSON (staging's default): every line an object
//! with time, level, target and message; every line written while serving a
//! request carries its id, which the response returns in `X-Request-Id`.

use reqwest::blocking::{Client, Response};
use serde_json::Value;
use testkit::ServeProcess;

const BIN: &str = env!("CARGO_BIN_EXE_superlists");

fn get(client: &Client, url: &str, headers: &[(&str, &str)]) -> Response {
    let request = headers.iter().fold(client.get(url), |r, (k, v)| r.header(*k, *v));
    request.send().unwrap_or_else(|e| panic!("GET {url}: {e}"))
}

fn request_id(res: &Response) -> String {
    res.headers().get("x-request-id").and_then(|v| v.to_str().ok()).expect("an X-Request-Id").to_string()
}

fn is_generated(id: &str) -> bool {
    id.len() == 32 && id.bytes().all(|b| b.is_ascii_hexdigit())
}

#[test]
fn log_lines_are_json_objects_carrying_the_request_id() {
    let server = ServeProcess::start(BIN.as_ref(), &[("ALLOWED_HOSTS", "127.0.0.1")]).expect("serve");
    let (client, home) = (Client::new(), format!("{}/", server.base_url()));

    let given = get(&client, &home, &[("X-Request-Id", "from-nginx-42")]);
    assert_eq!(request_id(&given), "from-nginx-42", "a proxy's id is kept");
    let fresh = request_id(&get(&client, &home, &[]));
    assert!(is_generated(&fresh), "{fresh}");
    let forged = request_id(&get(&client, &home, &[("X-Request-Id", "a\"b c")]));
    assert!(is_generated(&forged), "an id that could forge a log line is replaced: {forged}");
    let refused = get(&client, &home, &[("Host", "elsewhere.example"), ("X-Request-Id", "refused-7")]);
    assert_eq!(refused.status(), 400);
    get(&client, &format!("{}/accounts/login?token=abc", server.base_url()), &[("X-Request-Id", "login-9")]);

    let log = server.log_through("login-9");
    let lines: Vec<Value> = log
        .lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("not JSON ({e}): {line}")))
        .collect();
    for line in &lines {
        for field in ["time", "level", "target", "message"] {
            assert!(line[field].is_string(), "no {field}: {line}");
        }
        assert!(line["time"].as_str().is_some_and(|t| t.ends_with('Z') && t.contains('T')), "RFC 3339 UTC: {line}");
    }
    let with_id = |id: &str| lines.iter().filter(|l| l["request_id"] == id).collect::<Vec<_>>();
    let access = |id: &str| {
        with_id(id)
            .into_iter()
            .find(|l| l["target"] == "superlists::access")
            .cloned()
            .unwrap_or_else(|| panic!("no access line for {id}:\n{log}"))
    };

    let line = access("from-nginx-42");
    assert_eq!(
        (line["method"].as_str(), line["path"].as_str(), line["status"].as_u64()),
        (Some("GET"), Some("/"), Some(200))
    );
    assert!(line["duration_ms"].is_number() && line["client"] == "127.0.0.1", "{line}");
    assert_eq!(access(&fresh)["status"], 200);
    // The refusal's warning and its access line share the id.
    let refusal = with_id("refused-7");
    assert!(
        refusal
            .iter()
            .any(|l| l["level"] == "WARN" && l["message"].as_str().is_some_and(|m| m.contains("refused Host"))),
        "{log}"
    );
    assert_eq!(access("refused-7")["status"], 400);
    // No query string, so no login token, in the path.
    assert_eq!(access("login-9")["path"], "/accounts/login");
    assert!(!log.contains("token=abc"), "{log}");
}
