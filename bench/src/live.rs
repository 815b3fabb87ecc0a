//! Live updates on one replica: what an idle open stream costs it, and how
//! long after a POST's 303 every listener hears of the change.

use std::time::{Duration, Instant};

use anyhow::Context;
use reqwest::StatusCode;
use serde::{Deserialize, Serialize};
use testkit::Visitor;

use super::server::Replica;
use super::streams::{Streams, version_now};

/// Streams held open at once.
pub const LISTENERS: usize = 1000;
/// Writes timed, each heard by every listener.
const WRITES: usize = 20;
/// Between writes: each one's events are all delivered before the next.
const WRITE_GAP: Duration = Duration::from_millis(150);

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Live {
    pub backend: String,
    pub streams: usize,
    /// The replica's resident memory with the streams open and idle, less
    /// before they opened, per stream.
    pub per_stream_kib: f64,
    /// From a POST's 303 reaching the writer to each listener's event.
    pub p50_ms: f64,
    pub p99_ms: f64,
    /// Listener × write pairs timed; short of streams × writes if events were missed.
    pub samples: usize,
}

pub fn measure(replica: &Replica, backend: &str) -> anyhow::Result<Live> {
    let writer = Visitor::new(&replica.url());
    let list = writer.start_list("live 0");
    let (list_url, token) = (list.url.to_string(), list.csrf_token());
    let events_url = format!("{list_url}events");
    let first = version_now(&events_url)?;
    let before = replica.memory()?.now_mib;
    let streams = Streams::open(&events_url, LISTENERS, true)?;
    let all_told = |s: &Streams| s.open_now() == LISTENERS && s.seen().iter().all(|seen| seen.last >= first);
    anyhow::ensure!(streams.wait_until(Duration::from_secs(60), all_told), "{LISTENERS} streams did not open in 60 s");
    std::thread::sleep(Duration::from_secs(1));
    let with_streams = replica.memory()?.now_mib;

    let mut acknowledged = Vec::new();
    for n in 1..=WRITES {
        let form = [("csrfmiddlewaretoken", token.as_str()), ("text", &format!("live {n}"))];
        let answer = writer.client().post(&list_url).form(&form).send().context("a timed write")?;
        anyhow::ensure!(answer.status() == StatusCode::SEE_OTHER, "a timed write answered {}", answer.status());
        acknowledged.push(Instant::now());
        std::thread::sleep(WRITE_GAP);
    }
    let last = first + WRITES as i64;
    streams.wait_until(Duration::from_secs(10), |s| s.seen().iter().all(|seen| seen.last >= last));
    let seen = streams.seen();
    streams.close();

    // Write n made version first + n: each listener's first event at or past it.
    let mut latencies: Vec<f64> = seen
        .iter()
        .flat_map(|s| {
            acknowledged.iter().zip(first + 1..).filter_map(|(acked, version)| {
                let (_, arrived) = s.arrivals.iter().find(|(v, _)| *v >= version)?;
                Some(arrived.saturating_duration_since(*acked).as_secs_f64() * 1000.0)
            })
        })
        .collect();
    latencies.sort_by(f64::total_cmp);
    let at = |p: f64| latencies.get(((latencies.len() as f64 * p) as usize).min(latencies.len().saturating_sub(1)));
    Ok(Live {
        backend: backend.to_string(),
        streams: LISTENERS,
        per_stream_kib: (with_streams - before) * 1024.0 / LISTENERS as f64,
        p50_ms: at(0.50).copied().unwrap_or(f64::NAN),
        p99_ms: at(0.99).copied().unwrap_or(f64::NAN),
        samples: latencies.len(),
    })
}
