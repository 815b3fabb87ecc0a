//! Bad input, table-driven, on both backends: each case's status, the
//! message a visitor sees, and that nothing was stored.

use std::io::{Read, Write};
use std::net::TcpStream;

use reqwest::StatusCode;
use reqwest::blocking::{Client, RequestBuilder};
use superlists::domain::{
    CONTROL_CHARACTERS_ERROR, DUPLICATE_ITEM_ERROR, EMPTY_ITEM_ERROR, MAX_ITEM_CHARS, MAX_MARKS_IN_A_ROW,
    STACKED_MARKS_ERROR, too_long_item_error,
};
use superlists::web::csrf::{CROSS_SITE_FAILURE, CSRF_FAILURE};
use testkit::{Page, TestApp, Visitor};

testkit::on_both_backends!(refused_input_answers_clearly_and_stores_nothing, odd_but_valid_text_is_kept_as_read);

/// What one bad request is sent as.
enum Send {
    /// The item form, as a browser fills it, with this text.
    Item(&'static str),
    ItemString(String),
    /// A body as it is, with these headers, to the list's URL.
    Raw {
        body: &'static [u8],
        headers: &'static [(&'static str, &'static str)],
    },
    /// The form with the visitor's token, changed by a function.
    Custom(fn(&Ctx) -> RequestBuilder),
}

struct Ctx {
    visitor: Visitor,
    list: String,
    token: String,
}

impl Ctx {
    fn post(&self, path: &str) -> RequestBuilder {
        self.visitor.client().post(self.visitor.url(path))
    }
    fn form(&self, fields: &[(&str, &str)]) -> RequestBuilder {
        self.post(&self.list).form(fields)
    }
    /// A valid item form, for cases that break something else.
    fn valid(&self) -> [(&str, &str); 2] {
        [("csrfmiddlewaretoken", &self.token), ("text", "x")]
    }
}

fn cases() -> Vec<(&'static str, Send, StatusCode, String)> {
    use Send::*;
    let form_error = StatusCode::UNPROCESSABLE_ENTITY;
    let bad = StatusCode::BAD_REQUEST;
    let forbidden = StatusCode::FORBIDDEN;
    let not_found = StatusCode::NOT_FOUND;
    let empty = EMPTY_ITEM_ERROR.to_string();
    let control = CONTROL_CHARACTERS_ERROR.to_string();
    let duplicate = DUPLICATE_ITEM_ERROR.to_string();
    let csrf = format!("Forbidden: {CSRF_FAILURE}");
    let not_utf8 = "Bad request: the form is not valid UTF-8".to_string();
    let form_type = |t: &str| format!("Bad request: expected a form (application/x-www-form-urlencoded), got {t:?}");
    const FORM: (&str, &str) = ("content-type", "application/x-www-form-urlencoded");
    vec![
        ("empty", Item(""), form_error, empty.clone()),
        ("spaces", Item("     "), form_error, empty.clone()),
        ("tabs and newlines", Item("\t\r\n"), form_error, empty.clone()),
        ("only invisible characters", Item("\u{200B}\u{FEFF}\u{2060}"), form_error, empty.clone()),
        ("only a zero-width joiner", Item("\u{200D}"), form_error, empty.clone()),
        ("only joiners and a variation selector", Item(" \u{200C} \u{200D}\u{FE0F} "), form_error, empty.clone()),
        (
            "one letter under 500 marks",
            ItemString(format!("a{}", "\u{301}".repeat(500))),
            form_error,
            STACKED_MARKS_ERROR.into(),
        ),
        (
            "marks one over the limit",
            ItemString(format!("Buy a{}", "\u{301}".repeat(MAX_MARKS_IN_A_ROW + 2))),
            form_error,
            STACKED_MARKS_ERROR.into(),
        ),
        (
            "1000 code points that NFC keeps apart",
            // U+0958 is excluded from composition: NFC makes it two code points.
            ItemString("\u{958}".repeat(MAX_ITEM_CHARS)),
            form_error,
            too_long_item_error(2 * MAX_ITEM_CHARS),
        ),
        ("one over the limit", ItemString("x".repeat(MAX_ITEM_CHARS + 1)), form_error, too_long_item_error(501)),
        ("10 kB", ItemString("y".repeat(10_000)), form_error, too_long_item_error(10_000)),
        ("NUL", Item("a\u{0}b"), form_error, control.clone()),
        ("a leading NUL", Item("\u{0}Buy milk"), form_error, control.clone()),
        ("escape sequence", Item("\u{1B}[31mred"), form_error, control.clone()),
        ("DEL", Item("del\u{7F}"), form_error, control.clone()),
        ("C1 control", Item("csi\u{9B}x"), form_error, control.clone()),
        ("duplicate", Item("Existing café"), form_error, duplicate.clone()),
        ("duplicate, other spacing", Item("  Existing \t café "), form_error, duplicate.clone()),
        ("duplicate, zero-width", Item("Exis\u{200B}ting café"), form_error, duplicate.clone()),
        ("duplicate, decomposed", Item("Existing cafe\u{301}"), form_error, duplicate.clone()),
        ("invalid UTF-8, escaped", Raw { body: b"text=%ff%fe%00", headers: &[FORM] }, bad, not_utf8.clone()),
        ("invalid UTF-8, raw", Raw { body: b"text=\xc3\x28", headers: &[FORM] }, bad, not_utf8.clone()),
        ("truncated UTF-8", Raw { body: b"text=%E2%82", headers: &[FORM] }, bad, not_utf8),
        (
            "JSON",
            Raw { body: b"{\"text\": \"x\"}", headers: &[("content-type", "application/json")] },
            bad,
            form_type("application/json"),
        ),
        (
            "text/plain",
            Raw { body: b"text=x", headers: &[("content-type", "text/plain")] },
            bad,
            form_type("text/plain"),
        ),
        ("no content type", Raw { body: b"text=x", headers: &[] }, bad, form_type("")),
        (
            "gzip body",
            Raw { body: b"\x1f\x8b\x08\x00", headers: &[FORM, ("content-encoding", "gzip")] },
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "Unsupported request: Content-Encoding \"gzip\" is not accepted".into(),
        ),
        (
            "made-up encoding",
            Raw { body: b"text=x", headers: &[FORM, ("content-encoding", "rot13")] },
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "Unsupported request: Content-Encoding \"rot13\" is not accepted".into(),
        ),
        (
            "1 MB body",
            Custom(|c| c.form(&[("csrfmiddlewaretoken", &c.token), ("text", &"z".repeat(1 << 20))])),
            StatusCode::PAYLOAD_TOO_LARGE,
            "The request is too large".into(),
        ),
        (
            "no text field",
            Custom(|c| c.form(&[("csrfmiddlewaretoken", &c.token)])),
            bad,
            "Bad request: the form could not be read (missing field `text`)".into(),
        ),
        (
            "two text fields",
            Custom(|c| c.form(&[("csrfmiddlewaretoken", &c.token), ("text", "a"), ("text", "b")])),
            bad,
            "Bad request: the form could not be read (duplicate field `text`)".into(),
        ),
        ("no CSRF token", Custom(|c| c.form(&[("text", "forged")])), forbidden, csrf.clone()),
        (
            "empty CSRF token",
            Custom(|c| c.form(&[("csrfmiddlewaretoken", ""), ("text", "forged")])),
            forbidden,
            csrf.clone(),
        ),
        (
            "made-up CSRF token",
            Custom(|c| c.form(&[("csrfmiddlewaretoken", &"ab".repeat(64)), ("text", "x")])),
            forbidden,
            csrf.clone(),
        ),
        (
            "another visitor's token",
            Custom(|c| {
                let other = Visitor::new(&c.visitor.url("")).get("/").csrf_token();
                c.form(&[("csrfmiddlewaretoken", &other), ("text", "x")])
            }),
            forbidden,
            csrf.clone(),
        ),
        ("no cookie", Custom(|c| Client::new().post(c.visitor.url(&c.list)).form(&c.valid())), forbidden, csrf.clone()),
        (
            "malformed cookie",
            Custom(|c| {
                Client::new().post(c.visitor.url(&c.list)).header("cookie", "csrftoken=%%%;;=").form(&c.valid())
            }),
            forbidden,
            csrf.clone(),
        ),
        (
            "8 kB cookie",
            Custom(|c| {
                Client::new()
                    .post(c.visitor.url(&c.list))
                    .header("cookie", format!("csrftoken={}", "a".repeat(8000)))
                    .form(&c.valid())
            }),
            forbidden,
            csrf,
        ),
        (
            "100 kB header line",
            Custom(|c| c.form(&c.valid()).header("x-padding", "a".repeat(100_000))),
            StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
            "Request Header Fields Too Large (431): a header line is over 8 KiB".into(),
        ),
        (
            "cross-site Origin",
            Custom(|c| c.form(&c.valid()).header("origin", "https://evil.example")),
            forbidden,
            format!("Forbidden: {CROSS_SITE_FAILURE}"),
        ),
        (
            "Sec-Fetch-Site: cross-site",
            Custom(|c| c.form(&c.valid()).header("sec-fetch-site", "cross-site")),
            forbidden,
            format!("Forbidden: {CROSS_SITE_FAILURE}"),
        ),
        (
            "unknown list",
            Custom(|c| c.post("/lists/abcdefghijklmnop/").form(&c.valid())),
            not_found,
            "Page not found".into(),
        ),
        ("negative list id", Custom(|c| c.post("/lists/-1/").form(&c.valid())), not_found, "Page not found".into()),
        (
            "huge list id",
            Custom(|c| c.post("/lists/99999999999999999999999999/").form(&c.valid())),
            not_found,
            "Page not found".into(),
        ),
        (
            "Host with a word for a port",
            Custom(|c| c.form(&c.valid()).header("host", "localhost:evil")),
            bad,
            "Bad Request (400): invalid Host header".into(),
        ),
        (
            "Host with userinfo",
            Custom(|c| c.form(&c.valid()).header("host", "evil.test@localhost")),
            bad,
            "Bad Request (400): invalid Host header".into(),
        ),
        (
            "foreign Host",
            Custom(|c| c.form(&c.valid()).header("host", "evil.test")),
            bad,
            "Bad Request (400): invalid Host header".into(),
        ),
    ]
}

fn refused_input_answers_clearly_and_stores_nothing(app: &TestApp) {
    let visitor = app.visitor();
    let list = visitor.start_list("Existing café");
    let ctx = Ctx { list: list.path().to_string(), token: list.csrf_token(), visitor };
    let cases = cases();
    assert!(cases.len() >= 40, "{} cases", cases.len());
    for (name, send, status, message) in cases {
        let request = match send {
            Send::Item(text) => ctx.form(&[("csrfmiddlewaretoken", &ctx.token), ("text", text)]),
            Send::ItemString(text) => ctx.form(&[("csrfmiddlewaretoken", &ctx.token), ("text", &text)]),
            // The visitor's own client: its cookie gets the request past the CSRF cookie check.
            Send::Raw { body, headers } => {
                headers.iter().fold(ctx.post(&ctx.list), |r, (k, v)| r.header(*k, *v)).body(body.to_vec())
            }
            Send::Custom(make) => make(&ctx),
        };
        let page = Page::from_response(request.send().unwrap_or_else(|e| panic!("{name}: {e}")));
        assert_eq!(page.status, status, "{name}");
        // The form's message, the error page's, or a plain answer's body.
        let shown = page.error().or_else(|| page.text("#id_error_message")).unwrap_or_else(|| page.body.trim().into());
        assert_eq!(shown, message, "{name}: the visitor is told why");
        assert_eq!((app.db.count_lists(), app.db.count_items()), (1, 1), "{name}: nothing stored");
    }
}

/// What a visitor sees of text that is odd but fine: kept, as read, escaped.
fn odd_but_valid_text_is_kept_as_read(app: &TestApp) {
    let visitor = app.visitor();
    let mut list = visitor.start_list("First");
    let mut rows = vec!["1: First".to_string()];
    for (typed, shown) in [
        ("<script>alert('x')</script>", "<script>alert('x')</script>"),
        ("'; DROP TABLE items; --", "'; DROP TABLE items; --"),
        ("שלום עולם", "שלום עולם"),
        ("👨\u{200D}👩\u{200D}👧 family", "👨\u{200D}👩\u{200D}👧 family"),
        ("  Buy \t  peacock\u{200B} feathers ", "Buy peacock feathers"),
        ("cafe\u{301}", "caf\u{E9}"),
        // 500 code points as typed, 250 characters as read and stored.
        (&"e\u{301}".repeat(MAX_ITEM_CHARS / 2), &"\u{E9}".repeat(MAX_ITEM_CHARS / 2)),
        (
            &format!("a{}", "\u{301}".repeat(MAX_MARKS_IN_A_ROW + 1)),
            &format!("\u{E1}{}", "\u{301}".repeat(MAX_MARKS_IN_A_ROW)),
        ),
        (&"x".repeat(MAX_ITEM_CHARS), &"x".repeat(MAX_ITEM_CHARS)),
    ] {
        list = visitor.submit_item(&list, typed);
        rows.push(format!("{}: {shown}", rows.len() + 1));
        assert_eq!(list.rows(), rows, "{typed:?}");
    }
    assert!(!list.body.contains("<script>alert"), "markup is escaped");
    assert_eq!(app.db.count_items(), rows.len() as i64);
}

/// Requests as sent on the wire, where an HTTP client would tidy them up.
fn raw(app: &TestApp, request: &str) -> u16 {
    let mut stream = TcpStream::connect(("127.0.0.1", app.server.port())).expect("connect");
    stream.write_all(request.as_bytes()).expect("send");
    let mut answer = String::new();
    let _ = stream.take(4096).read_to_string(&mut answer);
    answer.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0)
}

#[test]
fn the_host_checked_is_the_one_the_request_names_on_the_wire() {
    let app = TestApp::start(testkit::Backend::Sqlite).expect("sqlite");
    for (request, status) in [
        ("GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n", 200),
        ("HEAD / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n", 200),
        ("GET http://evil.test/ HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\nHost: localhost:evil\r\nConnection: close\r\n\r\n", 400),
        ("GET / HTTP/1.1\r\nHost: evil.test@localhost\r\nConnection: close\r\n\r\n", 400),
        ("GET / HTTP/1.0\r\n\r\n", 400),
        ("GET /static/../../Cargo.toml HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n", 404),
        ("GET /static/%2e%2e/%2e%2e/Cargo.toml HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n", 404),
    ] {
        assert_eq!(raw(&app, request), status, "{request:?}");
    }
}

#[test]
fn head_answers_like_get_without_a_body_and_pages_are_not_cached() {
    let app = TestApp::start(testkit::Backend::Sqlite).expect("sqlite");
    let visitor = app.visitor();
    let list = visitor.start_list("x");
    for path in ["/", list.path(), "/healthz"] {
        let get = visitor.client().get(visitor.url(path)).send().expect("GET");
        let head = visitor.client().head(visitor.url(path)).send().expect("HEAD");
        assert_eq!(head.status(), get.status(), "{path}");
        assert_eq!(head.headers().get("content-type"), get.headers().get("content-type"), "{path}");
        assert!(head.bytes().expect("body").is_empty(), "{path}: HEAD has no body");
    }
    for path in ["/", list.path(), "/lists/abcdefghijklmnop/"] {
        let page = visitor.client().get(visitor.url(path)).send().expect("GET");
        assert_eq!(page.headers()["cache-control"], "no-store", "{path}: a page holds the visitor's token");
    }
    let fresh = Client::new().get(visitor.url("/healthz")).send().expect("GET");
    assert!(fresh.headers().get("set-cookie").is_none() && fresh.headers().get("cache-control").is_none());
    let stylesheet = list.attr("link[rel=stylesheet]", "href").expect("stylesheet");
    let asset = visitor.client().get(visitor.url(&stylesheet)).send().expect("GET");
    assert!(asset.headers().get("cache-control").is_none_or(|v| v != "no-store"), "static files stay cacheable");
}
