//! One page's stream of a list's changes, as Server-Sent Events: each
//! event names the list's version (its `id:`); `gone` when the list is
//! deleted; a comment now and then so that a quiet stream is not taken for
//! a dead one. It holds its place (`places.rs`) while it lives.

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use actix_web::rt::time::{Instant, Interval, interval_at};
use actix_web::web::Bytes;
use futures_util::Stream;
use prometheus::IntGauge;
use tokio::sync::broadcast::{self, error::RecvError};

use super::hub::Change;
use super::places::Admission;
use crate::ops::shutdown::Drain;

/// A comment this often keeps proxies (nginx reads for 60 s) and the
/// browser from taking a quiet stream for a dead one.
const HEARTBEAT: Duration = Duration::from_secs(20);
/// How often a stream looks at the drain flag: a draining replica closes
/// its streams well inside `SHUTDOWN_DRAIN`, and the pages reconnect elsewhere.
const TICK: Duration = Duration::from_secs(1);

pub struct EventStream {
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

impl EventStream {
    /// A stream of `changes` for a page that has seen version `since` of a
    /// list now at `version`: told the version at once if they differ
    /// (behind, or "ahead" of a list restored from a backup).
    pub fn new(
        changes: broadcast::Receiver<Change>,
        version: i64,
        since: i64,
        place: Admission,
        drain: Arc<Drain>,
        gauge: &IntGauge,
    ) -> Self {
        EventStream {
            changes,
            last: version,
            behind: (since != version).then_some(version),
            ticker: interval_at(Instant::now() + TICK, TICK),
            ticks: 0,
            drain,
            done: false,
            _open: (place, OpenStream::new(gauge)),
        }
    }

    /// Its events, for a streaming response.
    pub fn events(self) -> impl Stream<Item = Result<Bytes, Infallible>> {
        futures_util::stream::unfold(self, EventStream::next)
    }

    /// The next event, comment or end of the stream.
    async fn next(mut self) -> Option<(Result<Bytes, Infallible>, Self)> {
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
