//! The bench's report: JSON to keep and compare, Markdown to read, and
//! the targets each figure is held to.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::{Deserialize, Serialize};

use super::live::Live;
use super::wrk::Figure;
use super::{CONNECTIONS, Options};

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Cell {
    pub workload: String,
    /// `sqlite`, `postgres`, or `nginx static` for the ceiling.
    pub backend: String,
    /// `direct`, `nginx` (the site's nginx in front), or `ceiling`.
    pub via: String,
    pub connections: u32,
    pub median: Figure,
    pub rounds: Vec<Figure>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Memory {
    pub backend: String,
    /// Resident memory after every load of every round.
    pub after_all_mib: f64,
    /// Of that, anonymous memory (reports before it was measured: 0).
    #[serde(default)]
    pub anon_after_all_mib: f64,
    /// The highest resident memory during each workload's loads.
    pub peak_by_workload: BTreeMap<String, f64>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Startup {
    pub backend: String,
    pub median_ms: f64,
    pub all_ms: Vec<f64>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Growth {
    pub backend: String,
    pub items: i64,
    /// The list of 10's page at the higher connection count, direct.
    pub median: Figure,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Report {
    pub commit: String,
    pub cpus: usize,
    pub load_seconds: f64,
    pub rounds: usize,
    pub binary_bytes: u64,
    pub cells: Vec<Cell>,
    pub memory: Vec<Memory>,
    pub startup: Vec<Startup>,
    pub growth: Vec<Growth>,
    /// The list page's query plan on each backend, at the largest size.
    pub explain: BTreeMap<String, Vec<String>>,
    /// Live updates' streams on each backend (reports before them: none).
    #[serde(default)]
    pub live: Vec<Live>,
}

impl Report {
    pub fn new(
        options: &Options,
        cells: Vec<Cell>,
        memory: Vec<Memory>,
        startup: Vec<Startup>,
        growth: Vec<Growth>,
        explain: BTreeMap<String, Vec<String>>,
        live: Vec<Live>,
    ) -> anyhow::Result<Report> {
        let commit = std::process::Command::new("git")
            .args(["rev-parse", "--short", "HEAD"])
            .output()
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
            .unwrap_or_default();
        Ok(Report {
            commit,
            cpus: std::thread::available_parallelism().map_or(1, |n| n.get()),
            load_seconds: options.duration.as_secs_f64(),
            rounds: options.rounds,
            binary_bytes: std::fs::metadata(&options.bin)?.len(),
            cells,
            memory,
            startup,
            growth,
            explain,
            live,
        })
    }

    pub fn cell(&self, workload: &str, backend: &str, via: &str, connections: u32) -> Option<&Figure> {
        self.cells
            .iter()
            .find(|c| c.workload == workload && c.backend == backend && c.via == via && c.connections == connections)
            .map(|c| &c.median)
    }

    /// This cell's throughput as a fraction of nginx serving its bytes.
    pub fn of_ceiling(&self, cell: &Cell) -> Option<f64> {
        let ceiling = self.cell(&cell.workload, "nginx static", "ceiling", cell.connections)?;
        Some(cell.median.req_per_s / ceiling.req_per_s)
    }

    fn workloads(&self) -> Vec<String> {
        let mut seen: Vec<String> = Vec::new();
        for cell in &self.cells {
            if !seen.contains(&cell.workload) {
                seen.push(cell.workload.clone());
            }
        }
        seen
    }

    fn backends(&self) -> Vec<String> {
        self.memory.iter().map(|m| m.backend.clone()).collect()
    }

    pub fn markdown(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "Commit {}, {} CPUs, wrk for {} s a load, median of {} interleaved rounds; binary {:.1} MB.\n",
            self.commit,
            self.cpus,
            self.load_seconds,
            self.rounds,
            self.binary_bytes as f64 / 1e6
        );
        out.push_str(
            "| workload | conns | ceiling req/s | backend | via | req/s | of ceiling | p50 ms | p99 ms | errors |\n",
        );
        out.push_str("|---|---:|---:|---|---|---:|---:|---:|---:|---:|\n");
        for workload in self.workloads() {
            for connections in CONNECTIONS {
                let ceiling =
                    self.cell(&workload, "nginx static", "ceiling", connections).map_or(f64::NAN, |f| f.req_per_s);
                for cell in self
                    .cells
                    .iter()
                    .filter(|c| c.workload == workload && c.connections == connections && c.via != "ceiling")
                {
                    let m = &cell.median;
                    let fraction = self.of_ceiling(cell).map_or("".into(), |f| format!("{:.0} %", f * 100.0));
                    let _ = writeln!(
                        out,
                        "| {workload} | {connections} | {ceiling:.0} | {} | {} | {:.0} | {fraction} | {:.2} | {:.2} | {} |",
                        cell.backend, cell.via, m.req_per_s, m.p50_ms, m.p99_ms, m.errors
                    );
                }
            }
        }
        out.push_str("\n| backend | start to ready (median ms) | RSS after all loads (MiB) | of it anonymous | peak RSS per workload (MiB) |\n|---|---:|---:|---:|---|\n");
        for backend in self.backends() {
            let start = self.startup.iter().find(|s| s.backend == backend).map_or(f64::NAN, |s| s.median_ms);
            let memory = self.memory.iter().find(|m| m.backend == backend);
            let after = memory.map_or(f64::NAN, |m| m.after_all_mib);
            let anon = memory.map_or(f64::NAN, |m| m.anon_after_all_mib);
            let peaks = memory
                .map(|m| m.peak_by_workload.iter().map(|(w, p)| format!("{w} {p:.1}")).collect::<Vec<_>>().join(", "))
                .unwrap_or_default();
            let _ = writeln!(out, "| {backend} | {start:.1} | {after:.1} | {anon:.1} | {peaks} |");
        }
        out.push_str("\n| backend | rows in items | list of 10 req/s | p99 ms |\n|---|---:|---:|---:|\n");
        for point in &self.growth {
            let _ = writeln!(
                out,
                "| {} | {} | {:.0} | {:.2} |",
                point.backend, point.items, point.median.req_per_s, point.median.p99_ms
            );
        }
        out.push_str("\n| backend | live-update streams | RSS per idle stream (KiB) | 303 to event p50 ms | p99 ms | timed events |\n|---|---:|---:|---:|---:|---:|\n");
        for live in &self.live {
            let _ = writeln!(
                out,
                "| {} | {} | {:.1} | {:.2} | {:.2} | {} |",
                live.backend, live.streams, live.per_stream_kib, live.p50_ms, live.p99_ms, live.samples
            );
        }
        for (backend, plan) in &self.explain {
            let _ = writeln!(out, "\nThe list page's query on {backend}:\n\n```\n{}\n```", plan.join("\n"));
        }
        out
    }

    /// Cells whose throughput, as a fraction of the ceiling, fell more
    /// than `tolerance` (0.10) below `old`'s.
    pub fn drops_from(&self, old: &Report, tolerance: f64) -> Vec<String> {
        self.cells
            .iter()
            .filter(|c| c.via != "ceiling")
            .filter_map(|cell| {
                let before = old.cells.iter().find(|c| {
                    (&c.workload, &c.backend, &c.via, c.connections)
                        == (&cell.workload, &cell.backend, &cell.via, cell.connections)
                })?;
                // As fractions of each run's own ceiling: the machine's speed on the day cancels out.
                let ratio = match (self.of_ceiling(cell), old.of_ceiling(before)) {
                    (Some(now), Some(then)) => now / then,
                    _ => cell.median.req_per_s / before.median.req_per_s,
                };
                let before = &before.median;
                (ratio < 1.0 - tolerance).then(|| {
                    format!(
                        "{} on {} ({}, {} conns): {:.0} req/s, was {:.0} ({:+.0} %)",
                        cell.workload,
                        cell.backend,
                        cell.via,
                        cell.connections,
                        cell.median.req_per_s,
                        before.req_per_s,
                        (ratio - 1.0) * 100.0
                    )
                })
            })
            .collect()
    }
}
