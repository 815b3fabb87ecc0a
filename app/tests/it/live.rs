//! Live updates (`GET /lists/<id>/events`), on both backends, and across
//! two replicas of one PostgreSQL database.

use std::time::Duration;

use reqwest::StatusCode;
use testkit::events::EventStream;
use testkit::{Backend, BackgroundServer, Page, TestApp, TestDb, Visitor, settings_for};

testkit::on_both_backends!(
    every_change_to_a_list_reaches_its_open_streams,
    a_returning_page_is_caught_up_at_once,
    streams_are_event_streams_never_cached_and_only_for_lists
);

const SOON: Duration = Duration::from_secs(5);

pub fn events_path(page: &Page) -> String {
    page.attr("#id_list_table", "data-events").expect("the table names its events")
}

/// The version an event names.
fn version(stream: &EventStream) -> i64 {
    let event = stream.next(SOON).expect("an event within 5 s");
    assert_eq!(event.event, "changed", "{event:?}");
    assert_eq!(event.id.as_deref(), Some(event.data.as_str()));
    event.data.parse().expect("a version")
}

fn every_change_to_a_list_reaches_its_open_streams(app: &TestApp) {
    let edith = app.visitor();
    let list = edith.start_list("Buy peacock feathers");
    let stream = EventStream::open(&edith, &events_path(&list), None);
    assert_eq!(stream.next(Duration::from_millis(300)), None, "up to date: nothing to say yet");

    // Someone else with the URL adds, ticks, edits, deletes, renames.
    let oni = app.visitor();
    let page = oni.submit_item(&oni.get(list.path()), "Hi Edith!");
    let first = version(&stream);
    let page = oni.tick(&page, 2);
    assert_eq!(version(&stream), first + 1);
    assert_eq!(oni.edit_item_response(&page, 2, "Hi, Edith!").status(), StatusCode::SEE_OTHER);
    assert_eq!(version(&stream), first + 2);
    let page = oni.delete_item(&page, 2);
    assert_eq!(version(&stream), first + 3);
    assert_eq!(oni.submit_form(&page, "/title", &[("title", "Peacocks")]).status(), StatusCode::SEE_OTHER);
    assert_eq!(version(&stream), first + 4);
    // The same through the API.
    let token: serde_json::Value = oni.client().get(oni.url("/api/csrf")).send().expect("csrf").json().expect("json");
    let api = format!("/api/lists{}items", list.path().trim_start_matches("/lists"));
    let added = oni.client().post(oni.url(&api)).header("X-CSRFToken", token["csrf_token"].as_str().expect("token"));
    assert_eq!(added.json(&serde_json::json!({"text": "Via the API"})).send().expect("POST").status(), 201);
    assert_eq!(version(&stream), first + 5);
    // Deleted: the page is told, and the stream ends.
    assert_eq!(oni.submit_form(&page, "/delete", &[]).status(), StatusCode::SEE_OTHER);
    let gone = stream.next(SOON).expect("an event within 5 s");
    assert_eq!(gone.event, "gone");
    assert_eq!(stream.next(Duration::from_millis(300)), None);
}

fn a_returning_page_is_caught_up_at_once(app: &TestApp) {
    let edith = app.visitor();
    let list = edith.start_list("Buy milk");
    let seen = events_path(&list);
    let list = edith.submit_item(&list, "Buy eggs");
    let list = edith.tick(&list, 1);
    let now = events_path(&list).rsplit('=').next().expect("a version").parse::<i64>().expect("a number");
    // The page rendered before the changes asks with its version: told at once.
    assert_eq!(version(&EventStream::open(&edith, &seen, None)), now);
    // EventSource's reconnection says the last id it saw.
    let path = seen.split('?').next().expect("a path").to_string();
    assert_eq!(version(&EventStream::open(&edith, &path, Some("1"))), now);
    let up_to_date = EventStream::open(&edith, &path, Some(&now.to_string()));
    assert_eq!(up_to_date.next(Duration::from_millis(300)), None);
    // An id from the future (a list restored from a backup) is told the present.
    assert_eq!(version(&EventStream::open(&edith, &path, Some("1000"))), now);
}

fn streams_are_event_streams_never_cached_and_only_for_lists(app: &TestApp) {
    let edith = app.visitor();
    let list = edith.start_list("Buy milk");
    let stream = EventStream::open(&edith, &events_path(&list), None);
    assert_eq!(stream.status, StatusCode::OK);
    assert_eq!(stream.headers["content-type"], "text/event-stream");
    assert_eq!(stream.headers["cache-control"], "no-store");
    assert_eq!(stream.headers["x-accel-buffering"], "no");
    for path in ["/lists/aaaaaaaaaaaaaaaa/events", "/lists/x/events"] {
        assert_eq!(edith.get(path).status, StatusCode::NOT_FOUND, "{path}");
    }
}

/// Two replicas of one database: a change made through one reaches a page
/// that listens on the other (PostgreSQL's LISTEN/NOTIFY), also after the
/// listening connection was cut.
#[test]
fn postgres_changes_cross_replicas_and_survive_a_lost_listener() {
    let Some(db) = TestDb::new(Backend::Postgres) else { return };
    let replicas = [(); 2].map(|()| BackgroundServer::start(settings_for(&db.raw_url())).expect("a replica"));
    let (edith, oni) = (Visitor::new(&replicas[0].base_url()), Visitor::new(&replicas[1].base_url()));
    let list = edith.start_list("Buy peacock feathers");
    let stream = EventStream::open(&edith, &events_path(&list), None);
    let page = oni.submit_item(&oni.get(list.path()), "Hi Edith!");
    let first = version(&stream);
    // The database cuts every listening connection; the replicas listen again.
    db.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE 'LISTEN%'");
    std::thread::sleep(Duration::from_millis(300));
    oni.tick(&page, 2);
    assert_eq!(version(&stream), first + 1, "the change after the cut arrives");
}
