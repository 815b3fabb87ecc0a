//! `/metrics` on `METRICS_BIND` only: requests by route pattern and status,
//! latency, the pool and the build, in a format promtool accepts.

use std::io::Write;
use std::process::{Command, Stdio};

use testkit::{ServeProcess, Visitor};

const BIN: &str = env!("CARGO_BIN_EXE_superlists");

/// The value of the sample whose name and labels are exactly `series`.
fn sample(text: &str, series: &str) -> Option<f64> {
    text.lines().find_map(|line| line.strip_prefix(series)?.strip_prefix(' ')?.parse().ok())
}

#[test]
fn metrics_count_requests_by_route_on_their_own_address() {
    let port = std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).expect("a free port").port();
    let metrics_bind = format!("127.0.0.1:{port}");
    let server = ServeProcess::start(BIN.as_ref(), &[("METRICS_BIND", &metrics_bind)]).expect("serve");
    let edith = Visitor::new(&server.base_url());
    let list = edith.start_list("Buy peacock feathers");
    let events = list.attr("#id_list_table", "data-events").expect("the list's events");
    let _stream = testkit::events::EventStream::open(&edith, &events, None);
    edith.get(list.path());
    edith.get("/lists/abcdefghijklmnop/");
    let on_the_site = edith.client().get(edith.url("/metrics")).send().expect("GET /metrics on the site");
    assert_eq!(on_the_site.status(), 404, "the site itself never shows its metrics");

    let res = reqwest::blocking::get(format!("http://{metrics_bind}/metrics")).expect("scrape");
    assert_eq!(res.status(), 200);
    let text = res.text().expect("metrics text");
    let requests = |method: &str, route: &str, status: u16| {
        sample(
            &text,
            &format!(r#"superlists_http_requests_total{{method="{method}",route="{route}",status="{status}"}}"#),
        )
    };
    assert_eq!(requests("GET", "/", 200), Some(1.0), "{text}");
    assert_eq!(requests("POST", "/lists/new", 303), Some(1.0), "{text}");
    assert_eq!(requests("GET", "/lists/{list_id}/", 200), Some(2.0), "after the redirect, and again: {text}");
    assert_eq!(requests("GET", "/lists/{list_id}/", 404), Some(1.0), "{text}");
    assert!(!text.contains(list.path()), "one series per route, not per list: {text}");
    assert_eq!(sample(&text, r#"superlists_http_request_duration_seconds_count{route="/"}"#), Some(1.0), "{text}");
    assert!(sample(&text, "superlists_db_pool_connections").is_some_and(|n| n >= 1.0), "{text}");
    assert_eq!(sample(&text, "superlists_db_pool_waiting"), Some(0.0), "{text}");
    assert_eq!(sample(&text, "superlists_live_streams_open"), Some(1.0), "{text}");
    let build = format!(r#"superlists_build_info{{profile="staging",version="{}"}}"#, env!("CARGO_PKG_VERSION"));
    assert_eq!(sample(&text, &build), Some(1.0), "{text}");

    match Command::new("promtool")
        .args(["check", "metrics"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
    {
        Ok(mut promtool) => {
            promtool.stdin.take().expect("stdin").write_all(text.as_bytes()).expect("to promtool");
            let out = promtool.wait_with_output().expect("promtool");
            let said = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
            assert!(out.status.success(), "promtool check metrics: {said}\n{text}");
        }
        Err(e) => {
            testkit::skip("promtool check metrics", &format!("no promtool ({e}): scripts/install-requirements ci"))
        }
    }
}
