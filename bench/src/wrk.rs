//! One load with wrk (Debian's), and its output read into a [`Figure`].

use std::path::Path;
use std::process::Command;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use anyhow::{Context, bail};
use serde::{Deserialize, Serialize};

/// What one load measured.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Figure {
    pub req_per_s: f64,
    pub p50_ms: f64,
    pub p99_ms: f64,
    /// Answers of 400 or above, and socket errors.
    pub errors: u64,
}

impl Figure {
    /// The median of each figure across rounds (errors: the sum).
    pub fn median(rounds: &[Figure]) -> Figure {
        fn middle(mut values: Vec<f64>) -> f64 {
            values.sort_by(f64::total_cmp);
            match values.len() {
                0 => f64::NAN,
                n if n % 2 == 1 => values[n / 2],
                n => (values[n / 2 - 1] + values[n / 2]) / 2.0,
            }
        }
        Figure {
            req_per_s: middle(rounds.iter().map(|f| f.req_per_s).collect()),
            p50_ms: middle(rounds.iter().map(|f| f.p50_ms).collect()),
            p99_ms: middle(rounds.iter().map(|f| f.p99_ms).collect()),
            errors: rounds.iter().map(|f| f.errors).sum(),
        }
    }
}

/// How to load one URL.
pub struct Load<'a> {
    pub url: &'a str,
    pub connections: u32,
    pub duration: Duration,
    /// `Name: value` lines sent with every request.
    pub headers: &'a [String],
    /// A Lua script of wrk's (the POST workload's).
    pub script: Option<&'a Path>,
}

pub fn run(load: &Load) -> anyhow::Result<Figure> {
    let mut wrk = Command::new("wrk");
    // A thread per connection up to two: the machine's cores are shared with the server.
    let threads = load.connections.clamp(1, 2);
    wrk.args(["--latency", "-t", &threads.to_string(), "-c", &load.connections.to_string()])
        // wrk takes whole seconds.
        .args(["-d", &format!("{}s", load.duration.as_secs().max(1))]);
    for header in load.headers {
        wrk.args(["-H", header]);
    }
    match load.script {
        Some(script) => {
            // The script's `init` gets a nonce of this run's: its texts are new.
            static RUNS: AtomicU64 = AtomicU64::new(0);
            let nonce = format!("{}-{}", std::process::id(), RUNS.fetch_add(1, Ordering::Relaxed));
            wrk.arg("-s").arg(script).args([load.url, "--", &nonce])
        }
        None => wrk.arg(load.url),
    };
    let output = wrk.output().context("cannot run wrk (scripts/install-requirements bench)")?;
    let text = String::from_utf8_lossy(&output.stdout);
    if !output.status.success() {
        bail!("wrk {} failed: {}{}", load.url, text, String::from_utf8_lossy(&output.stderr));
    }
    parse(&text).with_context(|| format!("cannot read wrk's output for {}:\n{text}", load.url))
}

/// Reads `Requests/sec`, the 50 % and 99 % latencies (`--latency`) and the
/// error counts from wrk's report.
pub fn parse(report: &str) -> anyhow::Result<Figure> {
    let field = |prefix: &str| {
        report.lines().map(str::trim).find_map(|l| l.strip_prefix(prefix)).map(|rest| rest.trim().to_string())
    };
    let req_per_s: f64 = field("Requests/sec:").context("no Requests/sec")?.parse()?;
    let p50_ms = latency_ms(&field("50%").context("no 50% latency (--latency)")?)?;
    let p99_ms = latency_ms(&field("99%").context("no 99% latency (--latency)")?)?;
    let non_2xx: u64 = field("Non-2xx or 3xx responses:").map_or(Ok(0), |n| n.parse())?;
    // "Socket errors: connect 0, read 0, write 0, timeout 0"
    let socket: u64 = field("Socket errors:")
        .map(|s| s.split(',').filter_map(|part| part.split_whitespace().last()?.parse::<u64>().ok()).sum())
        .unwrap_or(0);
    Ok(Figure { req_per_s, p50_ms, p99_ms, errors: non_2xx + socket })
}

/// `812.00us`, `1.23ms`, `2.01s` in milliseconds.
fn latency_ms(text: &str) -> anyhow::Result<f64> {
    let (number, scale) = if let Some(n) = text.strip_suffix("us") {
        (n, 0.001)
    } else if let Some(n) = text.strip_suffix("ms") {
        (n, 1.0)
    } else if let Some(n) = text.strip_suffix('s') {
        (n, 1000.0)
    } else {
        bail!("latency {text:?} has no unit")
    };
    Ok(number.parse::<f64>().with_context(|| format!("latency {text:?}"))? * scale)
}

/// A wrk script that POSTs a new item to the list at the URL wrk is given:
/// a text of its own per request (the run's nonce, the thread, a counter),
/// the CSRF token in the form and its cookie.
pub fn post_item_script(token: &str, cookie: &str) -> String {
    format!(
        r#"local threads = 0
local nonce = ""
function init(args)
  nonce = args[1]
end
function setup(thread)
  threads = threads + 1
  thread:set("id", threads)
end
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Cookie"] = "{cookie}"
local n = 0
function request()
  n = n + 1
  return wrk.format(nil, nil, nil, "csrfmiddlewaretoken={token}&text=" .. nonce .. "-" .. id .. "-" .. n)
end
"#
    )
}

/// A wrk script that ticks the items at `paths` (each `…/items/<id>/done`)
/// in turn, every round the other way (done, then not done), with the
/// CSRF token in the form and its cookie.
pub fn tick_script(token: &str, cookie: &str, paths: &[String]) -> String {
    let paths: Vec<String> = paths.iter().map(|p| format!("{p:?}")).collect();
    format!(
        r#"local paths = {{{}}}
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Cookie"] = "{cookie}"
local n = 0
function request()
  local round = math.floor(n / #paths)
  local path = paths[(n % #paths) + 1]
  n = n + 1
  local done = (round % 2 == 0) and "true" or "false"
  return wrk.format(nil, path, nil, "csrfmiddlewaretoken={token}&done=" .. done)
end
"#,
        paths.join(", ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_wrk_report() {
        let report = "Running 1s test @ http://127.0.0.1:8000/\n  2 threads and 32 connections\n  Thread Stats   Avg      Stdev     Max   +/- Stdev\n    Latency   812.00us  1.01ms  20.00ms   90.00%\n  Latency Distribution\n     50%  612.00us\n     75%    1.01ms\n     90%    1.50ms\n     99%    4.20ms\n  40000 requests in 1.00s, 50.00MB read\n  Socket errors: connect 0, read 2, write 0, timeout 1\n  Non-2xx or 3xx responses: 5\nRequests/sec:  40000.50\nTransfer/sec:     50.00MB\n";
        let figure = parse(report).expect("parsed");
        assert_eq!(figure, Figure { req_per_s: 40000.5, p50_ms: 0.612, p99_ms: 4.2, errors: 8 });
    }

    #[test]
    fn a_median_takes_the_middle_and_sums_errors() {
        let f = |r, e| Figure { req_per_s: r, p50_ms: r / 10.0, p99_ms: r, errors: e };
        let m = Figure::median(&[f(3.0, 1), f(1.0, 0), f(2.0, 2)]);
        assert_eq!((m.req_per_s, m.p50_ms, m.errors), (2.0, 0.2, 3));
        assert_eq!(Figure::median(&[f(1.0, 0), f(2.0, 0)]).req_per_s, 1.5);
    }
}
