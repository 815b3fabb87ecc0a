//! `load`: mixed reads and writes against a running site, then a check that
//! every acknowledged write is there; prints one line of `key=value` figures.

use std::path::PathBuf;
use std::time::Duration;

use bench::load::{Plan, lost_writes, run};
use clap::Parser;

/// Load a running Superlists site and count what it answered.
#[derive(Parser)]
struct Args {
    /// The site, e.g. http://127.0.0.1:8080
    #[arg(long)]
    url: String,
    /// Concurrent connections, one list each.
    #[arg(long, default_value_t = 32)]
    connections: usize,
    /// How long, in seconds.
    #[arg(long, default_value_t = 10.0)]
    seconds: f64,
    /// One request in this many adds an item (the rest read the list).
    #[arg(long, default_value_t = 4)]
    write_every: u32,
    /// Stop before --seconds are up once this file exists.
    #[arg(long)]
    stop_file: Option<PathBuf>,
    /// Skip looking for the acknowledged writes afterwards.
    #[arg(long)]
    no_verify: bool,
}

fn main() {
    let args = Args::parse();
    let base = testkit::normalise_base(&args.url);
    let plan = Plan {
        base: base.clone(),
        connections: args.connections,
        duration: Duration::from_secs_f64(args.seconds),
        write_every: args.write_every.max(1),
        stop_file: args.stop_file,
    };
    let outcome = run(&plan);
    let lost =
        if args.no_verify { String::from("unchecked") } else { lost_writes(&base, &outcome.acknowledged).to_string() };
    let statuses = |t: &bench::load::Tally| {
        let mut all: Vec<String> = t.statuses.iter().map(|(s, n)| format!("{s}:{n}")).collect();
        if t.transport_errors > 0 {
            all.push(format!("none:{}", t.transport_errors));
        }
        all.join(",")
    };
    let total = outcome.gets.total() + outcome.posts.total();
    println!(
        "requests={total} rps={:.0} p50_ms={:.1} p99_ms={:.1} get_failed={} post_failed={} \
         answered_503={} with_retry_after={} acked_writes={} lost_writes={lost} gets={} posts={}",
        total as f64 / outcome.elapsed.as_secs_f64(),
        outcome.percentile_ms(0.50),
        outcome.percentile_ms(0.99),
        outcome.gets.failed(200),
        outcome.posts.failed(303),
        outcome.gets.count(503) + outcome.posts.count(503),
        outcome.gets.retry_after + outcome.posts.retry_after,
        outcome.acknowledged.len(),
        statuses(&outcome.gets),
        statuses(&outcome.posts),
    );
}
