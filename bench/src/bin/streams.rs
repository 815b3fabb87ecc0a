//! `streams`: many pages following one list's live updates while a writer
//! adds to it (scripts/faults' `live` scenario); afterwards, whether every
//! stream came to the list's last version and every acknowledged write is
//! there. Prints one line of `key=value` figures.

use std::process::ExitCode;
use std::time::{Duration, Instant};

use bench::load::lost_writes;
use bench::streams::{Streams, version_now};
use clap::Parser;
use reqwest::StatusCode;
use testkit::Visitor;

/// Follow a list's live updates from many streams while it is written to.
#[derive(Parser)]
struct Args {
    /// The site, e.g. http://127.0.0.1:8080
    #[arg(long)]
    url: String,
    #[arg(long, default_value_t = 200)]
    streams: usize,
    /// How long the writer writes, in seconds.
    #[arg(long, default_value_t = 20.0)]
    seconds: f64,
    /// Milliseconds between the writer's POSTs.
    #[arg(long, default_value_t = 50)]
    write_every_ms: u64,
}

fn main() -> ExitCode {
    match run(&Args::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("streams: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: &Args) -> anyhow::Result<()> {
    let base = testkit::normalise_base(&args.url);
    let writer = Visitor::new(&base);
    let list = writer.start_list("live 0");
    let (list_url, token) = (list.url.to_string(), list.csrf_token());
    let events_url = format!("{list_url}events");
    let first = version_now(&events_url)?;
    let streams = Streams::open(&events_url, args.streams, false)?;
    let all_told = |s: &Streams| s.open_now() == args.streams && s.seen().iter().all(|seen| seen.last >= first);
    anyhow::ensure!(streams.wait_until(Duration::from_secs(30), all_told), "the streams did not all open within 30 s");

    let mut acknowledged = vec![(list_url.clone(), "live 0".to_string())];
    let mut refused = 0;
    let deadline = Instant::now() + Duration::from_secs_f64(args.seconds);
    for n in 1.. {
        if Instant::now() >= deadline {
            break;
        }
        let text = format!("live {n}");
        let answer = writer.client().post(&list_url).form(&[("csrfmiddlewaretoken", token.as_str()), ("text", &text)]);
        match answer.send() {
            Ok(response) if response.status() == StatusCode::SEE_OTHER => acknowledged.push((list_url.clone(), text)),
            _ => refused += 1,
        }
        std::thread::sleep(Duration::from_millis(args.write_every_ms));
    }

    let stopped = Instant::now();
    let last = version_now(&events_url)?;
    let caught_up = streams.wait_until(Duration::from_secs(15), |s| s.seen().iter().all(|seen| seen.last == last));
    let caught_up_s = if caught_up { format!("{:.2}", stopped.elapsed().as_secs_f64()) } else { "never".into() };
    let open_at_end = streams.open_now();
    let seen = streams.seen();
    streams.close();
    let behind = seen.iter().filter(|s| s.last < last).count();
    let sum = |f: fn(&bench::streams::Seen) -> u64| seen.iter().map(f).sum::<u64>();
    println!(
        "streams={} open_at_end={open_at_end} writes_acked={} writes_refused={refused} versions_told={} \
         events={} reconnects={} refused={} behind={behind} caught_up_s={caught_up_s} lost_writes={}",
        args.streams,
        acknowledged.len() - 1,
        last - first,
        sum(|s| s.events),
        sum(|s| s.reconnects),
        sum(|s| s.refused),
        lost_writes(&base, &acknowledged),
    );
    Ok(())
}
