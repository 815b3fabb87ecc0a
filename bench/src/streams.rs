//! Pages holding a list's live updates open, as many browsers would: each
//! stream reconnects as `EventSource` does (with `Last-Event-ID`) when it
//! ends or is refused, and notes each event's version and when it came.
//! Async tasks on one thread, so that a thousand streams cost the client
//! little of the machine the site runs on.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use anyhow::Context;

/// How long a page waits before it opens its stream again.
const RETRY: Duration = Duration::from_millis(250);

/// What one stream saw.
#[derive(Default, Clone, Debug)]
pub struct Seen {
    /// The version of the last `changed` event (0 before any).
    pub last: i64,
    pub events: u64,
    /// Times the stream was opened again after it ended or failed.
    pub reconnects: u64,
    /// Answers other than 200 (429, 502, 503) and connections that failed.
    pub refused: u64,
    /// Each event's version and when it arrived, when asked for.
    pub arrivals: Vec<(i64, Instant)>,
}

/// The streams, open until dropped.
pub struct Streams {
    /// Ends the thread that drives the streams (a current-thread runtime:
    /// the workspace's tokio then has the site's features, so `cargo run`
    /// reuses the tests' build).
    stop: tokio::sync::oneshot::Sender<()>,
    driver: std::thread::JoinHandle<()>,
    seen: Arc<Vec<Mutex<Seen>>>,
    open: Arc<AtomicUsize>,
}

impl Streams {
    /// Opens `count` streams of `events_url`; the first connection of each
    /// says it has seen version 0, so it is told the list's version at once.
    pub fn open(events_url: &str, count: usize, keep_arrivals: bool) -> anyhow::Result<Streams> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .context("cannot start the streams' runtime")?;
        let handle = runtime.handle().clone();
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let driver = std::thread::Builder::new()
            .name("streams".into())
            .spawn(move || runtime.block_on(async { stopped.await.unwrap_or_default() }))
            .context("cannot start the streams' thread")?;
        let client = reqwest::Client::builder().connect_timeout(Duration::from_secs(5)).build()?;
        let seen: Arc<Vec<Mutex<Seen>>> = Arc::new((0..count).map(|_| Mutex::default()).collect());
        let open = Arc::new(AtomicUsize::new(0));
        for index in 0..count {
            let follower = Follower {
                client: client.clone(),
                url: events_url.to_string(),
                seen: Arc::clone(&seen),
                index,
                open: Arc::clone(&open),
                keep_arrivals,
            };
            handle.spawn(follower.follow());
        }
        Ok(Streams { stop, driver, seen, open })
    }

    /// Streams connected (a 200 being read) now.
    pub fn open_now(&self) -> usize {
        self.open.load(Ordering::Relaxed)
    }

    /// What each stream has seen so far.
    pub fn seen(&self) -> Vec<Seen> {
        self.seen.iter().map(|s| s.lock().unwrap_or_else(PoisonError::into_inner).clone()).collect()
    }

    /// Polls `condition` every 20 ms for up to `within`; whether it held.
    pub fn wait_until(&self, within: Duration, condition: impl Fn(&Streams) -> bool) -> bool {
        let deadline = Instant::now() + within;
        while !condition(self) {
            if Instant::now() > deadline {
                return false;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        true
    }

    /// Closes every stream now.
    pub fn close(self) {
        // The runtime, dropped on its thread, drops every stream.
        let _ = self.stop.send(());
        let _ = self.driver.join();
    }
}

/// The list's version now, as a new page is told it.
pub fn version_now(events_url: &str) -> anyhow::Result<i64> {
    let probe = Streams::open(events_url, 1, false)?;
    let told = probe.wait_until(Duration::from_secs(10), |s| s.seen()[0].last > 0);
    let version = probe.seen()[0].last;
    probe.close();
    anyhow::ensure!(told, "no version from {events_url} within 10 s");
    Ok(version)
}

struct Follower {
    client: reqwest::Client,
    url: String,
    seen: Arc<Vec<Mutex<Seen>>>,
    index: usize,
    open: Arc<AtomicUsize>,
    keep_arrivals: bool,
}

impl Follower {
    fn update(&self, change: impl FnOnce(&mut Seen)) {
        change(&mut self.seen[self.index].lock().unwrap_or_else(PoisonError::into_inner));
    }

    async fn follow(self) {
        let mut first = true;
        loop {
            if !first {
                self.update(|s| s.reconnects += 1);
                tokio::time::sleep(RETRY).await;
            }
            first = false;
            let last = self.seen[self.index].lock().unwrap_or_else(PoisonError::into_inner).last;
            let answer = self.client.get(&self.url).header("Last-Event-ID", last.to_string()).send().await;
            let mut response = match answer {
                Ok(response) if response.status().is_success() => response,
                _ => {
                    self.update(|s| s.refused += 1);
                    continue;
                }
            };
            self.open.fetch_add(1, Ordering::Relaxed);
            let mut buffer = String::new();
            while let Ok(Some(chunk)) = response.chunk().await {
                buffer.push_str(&String::from_utf8_lossy(&chunk));
                while let Some(end) = buffer.find("\n\n") {
                    let event: String = buffer.drain(..end + 2).collect();
                    if let Some(version) = changed_version(&event) {
                        let arrived = Instant::now();
                        self.update(|s| {
                            s.last = s.last.max(version);
                            s.events += 1;
                            if self.keep_arrivals {
                                s.arrivals.push((version, arrived));
                            }
                        });
                    }
                }
            }
            self.open.fetch_sub(1, Ordering::Relaxed);
        }
    }
}

/// The version a `changed` event names (its `id:`); `None` for anything else.
fn changed_version(event: &str) -> Option<i64> {
    let mut id = None;
    let mut changed = false;
    for line in event.lines() {
        if let Some(value) = line.strip_prefix("id: ") {
            id = value.trim().parse().ok();
        } else if line == "event: changed" {
            changed = true;
        }
    }
    id.filter(|_| changed)
}

#[cfg(test)]
mod tests {
    use super::changed_version;

    #[test]
    fn only_changed_events_name_a_version() {
        assert_eq!(changed_version("id: 7\nevent: changed\ndata: 7\n\n"), Some(7));
        assert_eq!(changed_version(": heartbeat\n\n"), None);
        assert_eq!(changed_version("event: gone\ndata: gone\n\n"), None);
    }
}
