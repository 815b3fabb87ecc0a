//! The places live-update streams hold among `LIVE_STREAMS_PER_IP` and
//! `LIVE_STREAMS_PER_REPLICA`: refused beyond them, and held only by a
//! connection that reads a stream, freed within seconds however it ends.

use std::io::{ErrorKind, Read, Write};
use std::net::{Shutdown, TcpStream};
use std::time::{Duration, Instant};

use reqwest::StatusCode;
use testkit::events::EventStream;
use testkit::{Backend, TestApp};

use crate::live::events_path;

testkit::each_backend!(super::with_one_place_per_address; every_way_a_stream_ends_or_never_starts_frees_its_place);

/// One address holds at most `LIVE_STREAMS_PER_IP` streams (429 beyond),
/// a replica at most `LIVE_STREAMS_PER_REPLICA` (503 beyond, so that a
/// balancer tries another); both say when to come back.
#[test]
fn streams_are_limited_per_address_and_per_replica() {
    let per_ip = TestApp::start_with(Backend::Sqlite, |s| s.live_streams.per_ip = 2).expect("sqlite");
    let per_replica = TestApp::start_with(Backend::Sqlite, |s| s.live_streams.per_replica = 3).expect("sqlite");
    for (app, allowed, refused) in
        [(&per_ip, 2, StatusCode::TOO_MANY_REQUESTS), (&per_replica, 3, StatusCode::SERVICE_UNAVAILABLE)]
    {
        let edith = app.visitor();
        let path = events_path(&edith.start_list("Buy milk"));
        let open: Vec<EventStream> = (0..allowed).map(|_| EventStream::open(&edith, &path, None)).collect();
        assert!(open.iter().all(|s| s.status == StatusCode::OK));
        let response = edith.client().get(edith.url(&path)).send().expect("GET events");
        assert_eq!(response.status(), refused);
        assert!(response.headers().contains_key("retry-after"), "{refused}");
    }
}

fn with_one_place_per_address(backend: Backend, check: fn(&TestApp)) {
    if let Some(app) = TestApp::start_with(backend, |s| s.live_streams.per_ip = 1) {
        check(&app)
    }
}

/// Each way a client can leave a stream, or ask for one and not read it,
/// leaves the address's one place free within 5 s: the next stream opens.
fn every_way_a_stream_ends_or_never_starts_frees_its_place(app: &TestApp) {
    let path = events_path(&app.visitor().start_list("Buy milk"));
    let open = |method: &str, path: &str| request(app, method, path);

    // A tab closed: the client read all it was sent and closes (FIN).
    let mut closed = take_place(app, &path);
    read_all_sent(&mut closed);
    drop(closed);
    // A connection reset: closed with unread bytes (RST).
    let reset = take_place(app, &path);
    assert!(open("GET", &path).1.contains(" 429 "), "the place is held while the stream lives");
    drop(reset);
    // The client closes its sending side only, and keeps reading.
    let half_closed = take_place(app, &path);
    half_closed.shutdown(Shutdown::Write).expect("shutdown");
    drop((take_place(app, &path), half_closed));
    // Asked for and gone before the answer.
    let mut cut = connect(app);
    write!(cut, "GET {path} HTTP/1.1\r\nHost: localhost\r\n\r\n").expect("send");
    drop(cut);
    // HEAD, several times, each connection kept open: the headers, no stream.
    let heads: Vec<(TcpStream, String)> = (0..3).map(|_| open("HEAD", &path)).collect();
    for (_, head) in &heads {
        assert!(head.starts_with("HTTP/1.1 200 ") && head.contains("text/event-stream"), "{head}");
    }
    // Refused, and an unknown list: nothing opened, nothing held.
    let held = take_place(app, &path);
    let refused: Vec<_> = (0..3).map(|_| open("GET", &path)).collect();
    assert!(refused.iter().all(|(_, head)| head.contains(" 429 ")), "{refused:?}");
    drop(held);
    let unknown: Vec<_> = (0..3).map(|_| open("GET", "/lists/aaaaaaaaaaaaaaaa/events")).collect();
    assert!(unknown.iter().all(|(_, head)| head.contains(" 404 ")), "{unknown:?}");
    drop(take_place(app, &path));
    drop((heads, refused, unknown));
}

fn connect(app: &TestApp) -> TcpStream {
    let address = app.base_url().trim_start_matches("http://").trim_end_matches('/').to_string();
    let socket = TcpStream::connect(&address).expect("connect");
    socket.set_read_timeout(Some(Duration::from_secs(5))).expect("a read timeout");
    socket
}

/// Sends one request on a new connection; the connection, kept open, and
/// the response's head.
fn request(app: &TestApp, method: &str, path: &str) -> (TcpStream, String) {
    let mut socket = connect(app);
    write!(socket, "{method} {path} HTTP/1.1\r\nHost: localhost\r\n\r\n").expect("send");
    let mut head = Vec::new();
    let mut byte = [0; 1];
    while !head.ends_with(b"\r\n\r\n") {
        socket.read_exact(&mut byte).unwrap_or_else(|e| panic!("{method} {path}: {e} after {head:?}"));
        head.push(byte[0]);
    }
    (socket, String::from_utf8_lossy(&head).into_owned())
}

/// A stream opened as soon as the address's place is free (within 5 s),
/// read up to its status line only.
fn take_place(app: &TestApp, path: &str) -> TcpStream {
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let mut socket = connect(app);
        write!(socket, "GET {path} HTTP/1.1\r\nHost: localhost\r\n\r\n").expect("send");
        let mut status = [0; 12];
        socket.read_exact(&mut status).expect("a status line");
        match &status {
            b"HTTP/1.1 200" => return socket,
            b"HTTP/1.1 429" if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(50)),
            _ => panic!("the place was not freed within 5 s: {}", String::from_utf8_lossy(&status)),
        }
    }
}

/// Reads what the server has sent so far, so that closing sends FIN, not RST.
fn read_all_sent(socket: &mut TcpStream) {
    socket.set_read_timeout(Some(Duration::from_millis(300))).expect("a read timeout");
    let mut buffer = [0; 4096];
    loop {
        match socket.read(&mut buffer) {
            Ok(0) => panic!("the server closed a live stream"),
            Ok(_) => {}
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => return,
            Err(e) => panic!("reading the stream: {e}"),
        }
    }
}
