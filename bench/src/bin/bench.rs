//! `bench`: see `scripts/bench`, which builds the binary, starts
//! PostgreSQL and nginx, and runs this with their addresses.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::Context;
use bench::{Backend, Options, chart, report::Report, targets};
use clap::Parser;

/// Throughput, latency and memory of a release binary against this machine's ceiling.
#[derive(Parser)]
struct Args {
    /// The release `prod` binary to measure.
    #[arg(long)]
    bin: PathBuf,
    /// The site's static files (STATIC_ROOT).
    #[arg(long)]
    static_root: PathBuf,
    /// Where logs, databases and scripts go.
    #[arg(long)]
    work_dir: PathBuf,
    /// nginx serving --ceiling-root as static files.
    #[arg(long)]
    ceiling_url: String,
    #[arg(long)]
    ceiling_root: PathBuf,
    /// NAME,DATABASE_URL,GROWTH_DATABASE_URL,PORT,PROXY_URL: a backend, the
    /// replica's port and the nginx in front of it (repeatable).
    #[arg(long = "backend", required = true)]
    backends: Vec<String>,
    /// Seconds per load (wrk takes whole seconds).
    #[arg(long, default_value_t = 3)]
    seconds: u64,
    #[arg(long, default_value_t = 3)]
    rounds: usize,
    /// Rows in `items` at each point of the growth curve.
    #[arg(long, value_delimiter = ',', default_value = "1000,10000,100000,1000000")]
    growth: Vec<usize>,
    /// Writes report.json, report.md and report.svg here.
    #[arg(long)]
    out: PathBuf,
    /// A report.json to compare with: drops over 10 % of the ceiling fraction are listed, exit status 3.
    #[arg(long)]
    compare: Option<PathBuf>,
}

fn backend(spec: &str) -> anyhow::Result<Backend> {
    let parts: Vec<&str> = spec.split(',').collect();
    let [name, database_url, growth_database_url, port, proxy_url] = parts[..] else {
        anyhow::bail!("--backend {spec:?}: expected NAME,DATABASE_URL,GROWTH_DATABASE_URL,PORT,PROXY_URL");
    };
    Ok(Backend {
        name: name.into(),
        database_url: database_url.into(),
        growth_database_url: growth_database_url.into(),
        port: port.parse().with_context(|| format!("--backend port {port:?}"))?,
        proxy_url: proxy_url.trim_end_matches('/').into(),
    })
}

fn main() -> ExitCode {
    match run(Args::parse()) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("bench: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: Args) -> anyhow::Result<ExitCode> {
    let options = Options {
        bin: args.bin,
        static_root: args.static_root,
        work_dir: args.work_dir,
        ceiling_url: args.ceiling_url.trim_end_matches('/').into(),
        ceiling_root: args.ceiling_root,
        backends: args.backends.iter().map(|b| backend(b)).collect::<anyhow::Result<_>>()?,
        duration: Duration::from_secs(args.seconds.max(1)),
        rounds: args.rounds.max(1),
        growth: args.growth,
    };
    let report = bench::run(&options)?;
    let checks = targets::check(&report);
    let markdown = format!("{}\n{}", report.markdown(), targets::markdown(&checks));
    std::fs::create_dir_all(&args.out)?;
    std::fs::write(args.out.join("report.json"), serde_json::to_string_pretty(&report)?)?;
    std::fs::write(args.out.join("report.md"), &markdown)?;
    chart::write_svg(&report, &args.out.join("report.svg"))?;
    println!("{markdown}");
    println!("bench: report.json, report.md and report.svg in {}", args.out.display());
    if let Some(old) = args.compare {
        let text = std::fs::read_to_string(&old).with_context(|| format!("cannot read {}", old.display()))?;
        let old: Report =
            serde_json::from_str(&text).with_context(|| format!("{} is not a bench report", old.display()))?;
        let drops = report.drops_from(&old, 0.10);
        for drop in &drops {
            println!("bench: DROP {drop}");
        }
        if !drops.is_empty() {
            return Ok(ExitCode::from(3));
        }
        println!("bench: no drop over 10 % against {} ({})", old.commit, report.commit);
    }
    Ok(ExitCode::SUCCESS)
}
