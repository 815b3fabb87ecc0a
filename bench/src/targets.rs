//! The figures the site is held to (issue "Performance"), checked against
//! a report: each printed met or missed, with what was measured.

use super::report::Report;

pub struct Check {
    pub target: String,
    pub measured: String,
    pub met: bool,
}

/// Every target this report has the figures for.
pub fn check(report: &Report) -> Vec<Check> {
    let mut checks = Vec::new();
    let mut fraction = |workload: &str, at_least: f64| {
        for connections in super::CONNECTIONS {
            let cell = report.cells.iter().find(|c| {
                (c.workload.as_str(), c.backend.as_str(), c.via.as_str(), c.connections)
                    == (workload, "sqlite", "direct", connections)
            });
            if let Some(f) = cell.and_then(|c| report.of_ceiling(c)) {
                checks.push(Check {
                    target: format!(
                        "{workload}, SQLite direct, {connections} conns ≥ {:.0} % of ceiling",
                        at_least * 100.0
                    ),
                    measured: format!("{:.0} %", f * 100.0),
                    met: f >= at_least,
                });
            }
        }
    };
    fraction("GET /", 0.90);
    fraction("list of 10", 0.70);
    fraction("API list of 10", 0.70);
    fraction("list of 100", 0.50);
    fraction("POST item", 0.30);
    fraction("POST tick", 0.30);

    let high = super::CONNECTIONS[1];
    for cell in report.cells.iter().filter(|c| c.via == "direct" && c.connections == high) {
        let limit = if cell.workload.starts_with("POST") { 10.0 } else { 5.0 };
        checks.push(Check {
            target: format!("{}, {} direct, p99 at {high} conns ≤ {limit} ms", cell.workload, cell.backend),
            measured: format!("{:.2} ms", cell.median.p99_ms),
            met: cell.median.p99_ms <= limit,
        });
    }
    for cell in
        report.cells.iter().filter(|c| c.backend == "postgres" && c.via == "direct" && !c.workload.starts_with("POST"))
    {
        if let Some(lite) = report.cell(&cell.workload, "sqlite", "direct", cell.connections) {
            let ratio = cell.median.req_per_s / lite.req_per_s;
            checks.push(Check {
                target: format!("{}, {} conns: PostgreSQL ≥ 70 % of SQLite", cell.workload, cell.connections),
                measured: format!("{:.0} %", ratio * 100.0),
                met: ratio >= 0.70,
            });
        }
    }
    for cell in report.cells.iter().filter(|c| c.via == "nginx") {
        if let Some(direct) = report.cell(&cell.workload, &cell.backend, "direct", cell.connections) {
            let ratio = cell.median.req_per_s / direct.req_per_s;
            checks.push(Check {
                target: format!(
                    "{}, {}, {} conns: through nginx ≥ 60 % of direct",
                    cell.workload, cell.backend, cell.connections
                ),
                measured: format!("{:.0} %", ratio * 100.0),
                met: ratio >= 0.60,
            });
        }
    }
    for memory in &report.memory {
        checks.push(Check {
            target: format!("RSS on {} after the whole load ≤ 20 MiB", memory.backend),
            measured: format!("{:.1} MiB", memory.after_all_mib),
            met: memory.after_all_mib <= 20.0,
        });
    }
    for start in &report.startup {
        checks.push(Check {
            target: format!("start to ready on {} ≤ 50 ms", start.backend),
            measured: format!("{:.1} ms", start.median_ms),
            met: start.median_ms <= 50.0,
        });
    }
    for live in &report.live {
        checks.push(Check {
            target: format!("live updates on {}: RSS per idle stream ≤ 20 KiB", live.backend),
            measured: format!("{:.1} KiB", live.per_stream_kib),
            met: live.per_stream_kib <= 20.0,
        });
        checks.push(Check {
            target: format!("live updates on {}: 303 to event p99 at {} listeners ≤ 50 ms", live.backend, live.streams),
            measured: format!("{:.2} ms", live.p99_ms),
            met: live.p99_ms <= 50.0,
        });
    }
    for backend in report.memory.iter().map(|m| &m.backend) {
        let points: Vec<_> = report.growth.iter().filter(|g| &g.backend == backend).collect();
        if let (Some(first), Some(last)) = (points.first(), points.last())
            && points.len() > 1
        {
            let ratio = last.median.req_per_s / first.median.req_per_s;
            checks.push(Check {
                target: format!("list of 10 on {backend} with {} rows within 10 % of {} rows", last.items, first.items),
                measured: format!("{:.0} %", ratio * 100.0),
                met: ratio >= 0.90,
            });
        }
    }
    checks
}

pub fn markdown(checks: &[Check]) -> String {
    let mut out = String::from("| target | measured | |\n|---|---:|---|\n");
    for c in checks {
        out.push_str(&format!("| {} | {} | {} |\n", c.target, c.measured, if c.met { "met" } else { "**missed**" }));
    }
    out
}
