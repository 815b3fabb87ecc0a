//! A page's live updates as the browser's EventSource reads them: a
//! `text/event-stream` response, read on a thread of its own so that a
//! test can wait for the next event with a deadline.

use std::io::{BufRead, BufReader};
use std::sync::mpsc::{self, Receiver};
use std::time::Duration;

use reqwest::StatusCode;
use reqwest::header::HeaderMap;

use crate::visitor::Visitor;

/// One event: its `id:`, `event:` and `data:` fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    pub id: Option<String>,
    pub event: String,
    pub data: String,
}

pub struct EventStream {
    pub status: StatusCode,
    pub headers: HeaderMap,
    events: Receiver<Event>,
}

impl EventStream {
    /// Opens `path` (e.g. `/lists/<id>/events`) with `Last-Event-ID` if given.
    pub fn open(visitor: &Visitor, path: &str, last_event_id: Option<&str>) -> Self {
        let mut request = visitor.client().get(visitor.url(path)).timeout(Duration::from_secs(120));
        if let Some(id) = last_event_id {
            request = request.header("Last-Event-ID", id);
        }
        let response = request.send().unwrap_or_else(|e| panic!("GET {path}: {e}"));
        let (status, headers) = (response.status(), response.headers().clone());
        let (sender, events) = mpsc::channel();
        std::thread::spawn(move || {
            let mut event = Event { id: None, event: "message".into(), data: String::new() };
            for line in BufReader::new(response).lines() {
                let Ok(line) = line else { return };
                if line.is_empty() {
                    let done =
                        std::mem::replace(&mut event, Event { id: None, event: "message".into(), data: String::new() });
                    // As EventSource does: no data, nothing dispatched (a heartbeat).
                    if !done.data.is_empty() && sender.send(done).is_err() {
                        return;
                    }
                } else if let Some((field, value)) = line.split_once(':') {
                    let value = value.strip_prefix(' ').unwrap_or(value).to_string();
                    match field {
                        "id" => event.id = Some(value),
                        "event" => event.event = value,
                        "data" => event.data = value,
                        _ => {} // a comment (the heartbeat) has no field name
                    }
                }
            }
        });
        EventStream { status, headers, events }
    }

    /// The next event, if one comes `within` the time given.
    pub fn next(&self, within: Duration) -> Option<Event> {
        self.events.recv_timeout(within).ok()
    }
}
