//! Stopping the real binary: SIGTERM drains (new connections refused, open
//! ones still served, each response closing its connection, `/readyz` 503),
//! then exits 0; SIGINT stops without draining.

use std::time::Duration;

use reqwest::blocking::{Client, Response};
use testkit::ServeProcess;

const BIN: &str = env!("CARGO_BIN_EXE_superlists");

fn get(client: &Client, url: &str) -> Response {
    client.get(url).send().unwrap_or_else(|e| panic!("GET {url}: {e}"))
}

fn closes(res: &Response) -> bool {
    res.headers().get("connection").is_some_and(|v| v == "close")
}

#[test]
fn sigterm_stops_listening_drains_open_connections_then_stops() {
    let mut server = ServeProcess::start(BIN.as_ref(), &[("SHUTDOWN_DRAIN", "3")]).expect("serve");
    let (readyz, home) = (format!("{}/readyz", server.base_url()), format!("{}/", server.base_url()));
    // Three clients, each with a kept-alive connection from before the signal.
    let (prober, checker, visitor) = (Client::new(), Client::new(), Client::new());
    let before = get(&prober, &readyz);
    assert_eq!(before.status(), 200);
    assert!(!closes(&before), "connections are kept alive before the drain");
    assert_eq!(get(&checker, &readyz).status(), 200);
    assert_eq!(get(&visitor, &home).status(), 200);

    server.terminate();
    // Until a response closes its connection: the drain has begun.
    let mut polls = 0;
    while !closes(&get(&prober, &readyz)) {
        polls += 1;
        assert!(polls < 200, "no response closed its connection: {}", server.log());
        std::thread::sleep(Duration::from_millis(10));
    }
    let draining = get(&checker, &readyz);
    assert_eq!(draining.status(), 503, "not ready while draining");
    assert!(closes(&draining), "a response while draining closes its connection");
    let page = get(&visitor, &home);
    assert_eq!(page.status(), 200, "an open connection is still served");
    assert!(closes(&page));
    let refused = Client::new().get(&home).send().expect_err("a new connection is refused");
    assert!(refused.is_connect(), "{refused:?}");
    assert_eq!(server.wait_exit(Duration::ZERO), None, "it drains before it stops");

    let status = server.wait_exit(Duration::from_secs(15)).expect("it stops after the drain");
    assert!(status.success(), "exit {status}: {}", server.log());
    let log = server.log();
    assert!(log.contains("draining open connections for 3 s"), "{log}");
    assert!(!log.contains("Error accepting"), "shutting the listener is not an error: {log}");
}

#[test]
fn sigint_stops_without_draining() {
    let mut server = ServeProcess::start(BIN.as_ref(), &[("SHUTDOWN_DRAIN", "30")]).expect("serve");
    assert_eq!(get(&Client::new(), &format!("{}/readyz", server.base_url())).status(), 200);
    server.interrupt();
    // Well inside the 30 s drain that SIGTERM would take.
    let status = server.wait_exit(Duration::from_secs(15)).expect("it stops without a drain");
    assert!(status.success(), "exit {status}: {}", server.log());
    assert!(!server.log().contains("draining"), "{}", server.log());
}
