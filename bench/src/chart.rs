//! The report as an SVG chart (plotters): throughput and p99 per workload
//! at the higher connection count, and the list page as `items` grows.

use std::path::Path;

use anyhow::anyhow;
use plotters::prelude::*;

use super::CONNECTIONS;
use super::report::Report;

/// Each bar of a workload's group: (backend, via, colour).
const SERIES: [(&str, &str, RGBColor); 5] = [
    ("nginx static", "ceiling", RGBColor(150, 150, 150)),
    ("sqlite", "direct", RGBColor(31, 119, 180)),
    ("sqlite", "nginx", RGBColor(158, 202, 225)),
    ("postgres", "direct", RGBColor(214, 39, 40)),
    ("postgres", "nginx", RGBColor(252, 146, 114)),
];

pub fn write_svg(report: &Report, path: &Path) -> anyhow::Result<()> {
    let root = SVGBackend::new(path, (1100, 1200)).into_drawing_area();
    root.fill(&WHITE).map_err(|e| anyhow!("{e}"))?;
    let panels = root.split_evenly((3, 1));
    let conns = CONNECTIONS[1];
    bars(report, &panels[0], &format!("Requests/s at {conns} connections"), |f| f.req_per_s)?;
    bars(report, &panels[1], &format!("p99 latency (ms) at {conns} connections"), |f| f.p99_ms)?;
    growth(report, &panels[2])?;
    root.present().map_err(|e| anyhow!("{e}"))?;
    Ok(())
}

fn bars<DB: DrawingBackend>(
    report: &Report,
    area: &DrawingArea<DB, plotters::coord::Shift>,
    title: &str,
    value: impl Fn(&super::wrk::Figure) -> f64,
) -> anyhow::Result<()> {
    let conns = CONNECTIONS[1];
    let mut workloads: Vec<&str> = Vec::new();
    for cell in &report.cells {
        if !workloads.contains(&cell.workload.as_str()) {
            workloads.push(&cell.workload);
        }
    }
    let top = report.cells.iter().filter(|c| c.connections == conns).map(|c| value(&c.median)).fold(0.0, f64::max);
    let mut chart = ChartBuilder::on(area)
        .caption(title, ("sans-serif", 22))
        .margin(12)
        .x_label_area_size(30)
        .y_label_area_size(70)
        .build_cartesian_2d(-0.5f64..workloads.len() as f64 - 0.5, 0f64..top * 1.1)
        .map_err(|e| anyhow!("{e}"))?;
    let label = |x: &f64| workloads.get(x.round() as usize).map_or(String::new(), |w| w.to_string());
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(workloads.len())
        .x_label_formatter(&label)
        .y_label_formatter(&|y| format!("{y:.0}"))
        .draw()
        .map_err(|e| anyhow!("{e}"))?;
    let width = 0.8 / SERIES.len() as f64;
    for (n, (backend, via, colour)) in SERIES.iter().enumerate() {
        let bars = workloads.iter().enumerate().filter_map(|(i, w)| {
            let figure = report.cell(w, backend, via, conns)?;
            let left = i as f64 - 0.4 + n as f64 * width;
            Some(Rectangle::new([(left, 0.0), (left + width * 0.9, value(figure))], colour.filled()))
        });
        chart
            .draw_series(bars)
            .map_err(|e| anyhow!("{e}"))?
            .label(format!("{backend} {via}"))
            .legend(move |(x, y)| Rectangle::new([(x, y - 5), (x + 10, y + 5)], colour.filled()));
    }
    legend(&mut chart, SeriesLabelPosition::UpperRight)
}

fn growth<DB: DrawingBackend>(report: &Report, area: &DrawingArea<DB, plotters::coord::Shift>) -> anyhow::Result<()> {
    let most = report.growth.iter().map(|g| g.items as f64).fold(1000.0, f64::max);
    let fewest = report.growth.iter().map(|g| g.items as f64).fold(most, f64::min);
    let top = report.growth.iter().map(|g| g.median.req_per_s).fold(0.0, f64::max);
    let mut chart = ChartBuilder::on(area)
        .caption(
            format!("List of 10, {} connections: requests/s as the items table grows", CONNECTIONS[1]),
            ("sans-serif", 22),
        )
        .margin(12)
        .x_label_area_size(30)
        .y_label_area_size(70)
        .build_cartesian_2d((fewest * 0.8..most * 1.25).log_scale(), 0f64..top * 1.1)
        .map_err(|e| anyhow!("{e}"))?;
    chart
        .configure_mesh()
        .x_desc("rows in items")
        .x_label_formatter(&|x| format!("{x:.0}"))
        .y_label_formatter(&|y| format!("{y:.0}"))
        .draw()
        .map_err(|e| anyhow!("{e}"))?;
    for (backend, colour) in [("sqlite", SERIES[1].2), ("postgres", SERIES[3].2)] {
        let points: Vec<(f64, f64)> = report
            .growth
            .iter()
            .filter(|g| g.backend == backend)
            .map(|g| (g.items as f64, g.median.req_per_s))
            .collect();
        if points.is_empty() {
            continue;
        }
        chart
            .draw_series(LineSeries::new(points.clone(), colour.stroke_width(2)))
            .map_err(|e| anyhow!("{e}"))?
            .label(backend)
            .legend(move |(x, y)| PathElement::new([(x, y), (x + 15, y)], colour.stroke_width(2)));
        chart
            .draw_series(points.into_iter().map(|p| Circle::new(p, 4, colour.filled())))
            .map_err(|e| anyhow!("{e}"))?;
    }
    legend(&mut chart, SeriesLabelPosition::LowerRight)
}

fn legend<'a, DB: DrawingBackend + 'a, CT: CoordTranslate>(
    chart: &mut ChartContext<'a, DB, CT>,
    position: SeriesLabelPosition,
) -> anyhow::Result<()> {
    chart
        .configure_series_labels()
        .background_style(WHITE.mix(0.8))
        .border_style(BLACK)
        .position(position)
        .draw()
        .map_err(|e| anyhow!("{e}"))
}
