//! Load with a memory: each connection keeps a list of its own, reads it and
//! adds items to it, and remembers every item the site acknowledged (303),
//! so that afterwards every acknowledged write can be looked for. The
//! fault runner (`scripts/faults`) reads its figures.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use reqwest::StatusCode;
use reqwest::blocking::Response;
use testkit::{Page, Visitor};

pub struct Plan {
    pub base: String,
    pub connections: usize,
    pub duration: Duration,
    /// One request in this many is a POST of a new item.
    pub write_every: u32,
    /// Ends the run early once this file exists (a deploy script is done).
    pub stop_file: Option<PathBuf>,
}

impl Plan {
    fn stopped(&self) -> bool {
        self.stop_file.as_ref().is_some_and(|file| file.exists())
    }
}

/// What one kind of request met.
#[derive(Default)]
pub struct Tally {
    pub statuses: BTreeMap<u16, u64>,
    /// No HTTP answer at all (refused, reset, timed out).
    pub transport_errors: u64,
    /// 503 answers that carried `Retry-After`.
    pub retry_after: u64,
    pub latencies_us: Vec<u64>,
}

impl Tally {
    fn record(&mut self, started: Instant, outcome: &Result<Response, reqwest::Error>) {
        self.latencies_us.push(started.elapsed().as_micros() as u64);
        match outcome {
            Ok(response) => {
                *self.statuses.entry(response.status().as_u16()).or_default() += 1;
                if response.status() == StatusCode::SERVICE_UNAVAILABLE
                    && response.headers().contains_key("retry-after")
                {
                    self.retry_after += 1;
                }
            }
            Err(_) => self.transport_errors += 1,
        }
    }

    fn merge(&mut self, other: Tally) {
        for (status, n) in other.statuses {
            *self.statuses.entry(status).or_default() += n;
        }
        self.transport_errors += other.transport_errors;
        self.retry_after += other.retry_after;
        self.latencies_us.extend(other.latencies_us);
    }

    pub fn total(&self) -> u64 {
        self.statuses.values().sum::<u64>() + self.transport_errors
    }

    /// Answers of `status`.
    pub fn count(&self, status: u16) -> u64 {
        self.statuses.get(&status).copied().unwrap_or(0)
    }

    /// Neither the expected answer nor a 503 (the site's "try again").
    pub fn failed(&self, expected: u16) -> u64 {
        self.total() - self.count(expected) - self.count(503)
    }
}

#[derive(Default)]
pub struct Outcome {
    pub gets: Tally,
    pub posts: Tally,
    /// (list URL, item text) for every POST answered 303.
    pub acknowledged: Vec<(String, String)>,
    pub elapsed: Duration,
}

impl Outcome {
    /// Latency percentile over every request, in milliseconds.
    pub fn percentile_ms(&self, p: f64) -> f64 {
        let mut all: Vec<u64> = self.gets.latencies_us.iter().chain(&self.posts.latencies_us).copied().collect();
        if all.is_empty() {
            return 0.0;
        }
        all.sort_unstable();
        let index = ((all.len() as f64 - 1.0) * p).round() as usize;
        all[index] as f64 / 1000.0
    }
}

/// Runs `plan`: one thread per connection until the time is up (or the
/// stop file appears).
pub fn run(plan: &Plan) -> Outcome {
    let started = Instant::now();
    let deadline = started + plan.duration;
    let mut outcome = Outcome::default();
    std::thread::scope(|scope| {
        let workers: Vec<_> =
            (0..plan.connections).map(|n| scope.spawn(move || Worker::new(plan, n).run(deadline))).collect();
        for worker in workers {
            if let Ok(done) = worker.join() {
                outcome.gets.merge(done.gets);
                outcome.posts.merge(done.posts);
                outcome.acknowledged.extend(done.acknowledged);
            }
        }
    });
    outcome.elapsed = started.elapsed();
    outcome
}

struct Worker<'a> {
    plan: &'a Plan,
    number: usize,
    visitor: Visitor,
    done: Outcome,
}

impl<'a> Worker<'a> {
    fn new(plan: &'a Plan, number: usize) -> Self {
        Worker { plan, number, visitor: Visitor::new(&plan.base), done: Outcome::default() }
    }

    fn run(mut self, deadline: Instant) -> Outcome {
        let mut list: Option<(String, String)> = None; // (URL, CSRF token)
        let mut n: u64 = 0;
        while Instant::now() < deadline && !self.plan.stopped() {
            n += 1;
            let text = format!("load {}-{n}", self.number);
            match &list {
                None => list = self.start_list(&text),
                Some((url, token)) if n.is_multiple_of(u64::from(self.plan.write_every)) => {
                    let started = Instant::now();
                    let client = self.visitor.client();
                    let answer =
                        client.post(url).form(&[("csrfmiddlewaretoken", token.as_str()), ("text", &text)]).send();
                    self.done.posts.record(started, &answer);
                    if answer.is_ok_and(|r| r.status() == StatusCode::SEE_OTHER) {
                        self.done.acknowledged.push((url.clone(), text));
                    }
                }
                Some((url, _)) => {
                    let started = Instant::now();
                    let answer = self.visitor.client().get(url).send();
                    self.done.gets.record(started, &answer);
                    // Read the body, as a browser would.
                    let _ = answer.map(|r| r.bytes());
                }
            }
        }
        self.done
    }

    /// The home page's token, then a new list: its URL and the token.
    fn start_list(&mut self, text: &str) -> Option<(String, String)> {
        let started = Instant::now();
        let home = self.visitor.client().get(self.visitor.url("/")).send();
        self.done.gets.record(started, &home);
        let home = home.ok().filter(|r| r.status().is_success()).map(Page::from_response)?;
        let token = home.csrf_token();
        let started = Instant::now();
        let client = self.visitor.client();
        let created = client
            .post(self.visitor.url("/lists/new"))
            .form(&[("csrfmiddlewaretoken", token.as_str()), ("text", text)])
            .send();
        self.done.posts.record(started, &created);
        let created = created.ok().filter(|r| r.status() == StatusCode::SEE_OTHER)?;
        let location = created.headers().get("location")?.to_str().ok()?;
        let url = created.url().join(location).ok()?.to_string();
        self.done.acknowledged.push((url.clone(), text.to_string()));
        Some((url, token))
    }
}

/// Acknowledged items missing from their lists now (each list read once).
pub fn lost_writes(base: &str, acknowledged: &[(String, String)]) -> usize {
    let mut by_list: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (url, text) in acknowledged {
        by_list.entry(url).or_default().push(text);
    }
    let reader = Visitor::new(base);
    by_list
        .into_iter()
        .map(|(url, texts)| {
            let rows =
                reader.client().get(url).send().ok().map(Page::from_response).map(|p| p.rows()).unwrap_or_default();
            let present: Vec<&str> = rows.iter().filter_map(|r| r.split_once(": ").map(|(_, t)| t)).collect();
            texts.iter().filter(|t| !present.contains(t)).count()
        })
        .sum()
}
