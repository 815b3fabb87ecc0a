//! `GET /lists/<id>/events`: the list's changes as Server-Sent Events, for
//! its page's script. Each event names the list's version (its `id:`); a
//! page that comes back with `Last-Event-ID` (or `?since=`, the version it
//! was rendered at) and is not at the list's version gets one event at
//! once, so that nothing that happened meanwhile is missed: the page
//! fetches the list afresh.
//!
//! A stream holds a place among `LIVE_STREAMS_PER_IP` and
//! `LIVE_STREAMS_PER_REPLICA` while its connection lives: `HEAD` opens
//! none, and the server drops a connection as soon as its client closes it
//! (no half-closed connections, see `startup`), the stream with it.

use std::sync::Arc;
use std::time::Duration;

use actix_web::http::Method;
use actix_web::http::header::{CacheControl, CacheDirective};
use actix_web::rt::time::{Instant, Interval, interval_at};
use actix_web::web::Bytes;
use actix_web::{HttpRequest, HttpResponse, HttpResponseBuilder, web};
use prometheus::IntGauge;
use tokio::sync::broadcast::{self, error::RecvError};

use super::lists::parse_list_id;
use crate::db::live::{self, Change};
use crate::errors::AppError;
use crate::ops::live::{Admission, TooMany};
use crate::ops::shutdown::Drain;
use crate::state::AppState;
use crate::web::middleware::forwarded;

/// A comment this often keeps proxies (nginx reads for 60 s) and the
/// browser from taking a quiet stream for a dead one.
const HEARTBEAT: Duration = Duration::from_secs(20);
/// How often a stream looks at the drain flag: a draining replica closes
/// its streams well inside `SHUTDOWN_DRAIN`, and the pages reconnect elsewhere.
const TICK: Duration = Duration::from_secs(1);

pub const TOO_MANY_STREAMS: &str = "this address holds its most live-update streams open; close a tab and try again";

pub async fn list_events(
    state: web::Data<AppState>,
    path: web::Path<String>,
    req: HttpRequest,
) -> Result<HttpResponse, AppError> {
    let id = parse_list_id(&path)?;
    if req.method() == Method::HEAD {
        // The headers a GET would have, and no stream: a place among the
        // limits belongs to a connection that reads events, nothing else.
        let list = id.clone();
        let version = state.db_read("cannot read the list's version", move |conn| live::version_of(conn, &list));
        version.await?.ok_or(AppError::NotFound)?;
        return Ok(stream_headers().finish());
    }
    let client = forwarded::client_ip(&req, &state.settings.trusted_proxies);
    let admission = state.live.admit(client, &state.settings.limits).map_err(|too_many| match too_many {
        TooMany::FromClient => AppError::TooManyRequests(TOO_MANY_STREAMS),
        TooMany::OnReplica => AppError::Unavailable(anyhow::anyhow!("this replica holds its most live-update streams")),
    })?;
    // Subscribed before the version is read: a change in between is not lost.
    let changes = state.live.subscribe(&id);
    let list = id.clone();
    let version = state.db_read("cannot read the list's version", move |conn| live::version_of(conn, &list));
    let version = version.await?.ok_or(AppError::NotFound)?;
    let since = seen_version(&req).unwrap_or(version);
    let ticker = interval_at(Instant::now() + TICK, TICK);
    // Behind, or "ahead" of a list restored from a backup: told the version now.
    let behind = (since != version).then_some(version);
    let open = (admission, OpenStream::new(&state.metrics.live_streams));
    let stream = Stream {
        changes,
        last: version,
        behind,
        ticker,
        ticks: 0,
        drain: state.drain.clone(),
        done: false,
        _open: open,
    };
    Ok(stream_headers().streaming(futures_util::stream::unfold(stream, Stream::next)))
}

fn stream_headers() -> HttpResponseBuilder {
    let mut response = HttpResponse::Ok();
    response
        .content_type("text/event-stream")
        .insert_header(CacheControl(vec![CacheDirective::NoStore]))
        // nginx passes each event on at once rather than buffering the stream.
        .insert_header(("X-Accel-Buffering", "no"));
    response
}

/// The version the page last saw: `Last-Event-ID` on a reconnect, else `?since=`.
fn seen_version(req: &HttpRequest) -> Option<i64> {
    let header = req.headers().get("last-event-id").and_then(|v| v.to_str().ok());
    let query = || req.query_string().split('&').find_map(|pair| pair.strip_prefix("since=")).map(str::to_string);
    header.map(str::to_string).or_else(query).and_then(|v| v.trim().parse().ok())
}

struct Stream {
    changes: broadcast::Receiver<Change>,
    /// The version the page has been told of.
    last: i64,
    /// A version to tell at once: the page was behind when it connected.
    behind: Option<i64>,
    ticker: Interval,
    ticks: u32,
    drain: Arc<Drain>,
    /// The list is gone, and the page was told.
    done: bool,
    /// Held for their drop: the limits and the gauge count the stream while it lives.
    _open: (Admission, OpenStream),
}

/// Counted in the open streams' gauge while it lives.
struct OpenStream(IntGauge);

impl OpenStream {
    fn new(gauge: &IntGauge) -> Self {
        gauge.inc();
        OpenStream(gauge.clone())
    }
}

impl Drop for OpenStream {
    fn drop(&mut self) {
        self.0.dec();
    }
}

impl Stream {
    /// The next event, comment or end of the stream.
    async fn next(mut self) -> Option<(Result<Bytes, AppError>, Self)> {
        if self.done {
            return None;
        }
        if let Some(version) = self.behind.take() {
            self.last = version;
            return Some((Ok(changed(version)), self));
        }
        loop {
            tokio::select! {
                change = self.changes.recv() => match change {
                    Ok(Change::Version(version)) if version > self.last => {
                        self.last = version;
                        return Some((Ok(changed(version)), self));
                    }
                    Ok(Change::Version(_)) => {}
                    // The page fetches the list afresh either way.
                    Err(RecvError::Lagged(_)) => return Some((Ok(changed(self.last)), self)),
                    Ok(Change::Gone) | Err(RecvError::Closed) => {
                        self.done = true;
                        return Some((Ok(Bytes::from_static(b"event: gone\ndata: gone\n\n")), self));
                    }
                },
                _ = self.ticker.tick() => {
                    if self.drain.is_draining() {
                        return None;
                    }
                    self.ticks += 1;
                    if self.ticks.is_multiple_of(HEARTBEAT.as_secs() as u32 / TICK.as_secs() as u32) {
                        return Some((Ok(Bytes::from_static(b": heartbeat\n\n")), self));
                    }
                }
            }
        }
    }
}

fn changed(version: i64) -> Bytes {
    Bytes::from(format!("id: {version}\nevent: changed\ndata: {version}\n\n"))
}
