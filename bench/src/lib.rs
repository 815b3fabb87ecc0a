//! `bench`: the site's throughput, latency and memory against this
//! machine's own ceiling (nginx serving the same bytes as static files),
//! run by `scripts/bench`, which starts PostgreSQL and the nginx servers.
//! Loads are interleaved over several rounds and reported as medians.

pub mod chart;
pub mod live;
pub mod load;
pub mod report;
pub mod seed;
pub mod server;
pub mod streams;
pub mod targets;
pub mod wrk;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Duration;

use anyhow::Context;
use testkit::Visitor;

use report::{Cell, Growth, Memory, Report, Startup};
use seed::{Db, Seeded};
use server::{Replica, Setup};
use wrk::{Figure, Load};

/// The sizes of the lists read; the second is the one the growth curve reads.
pub const LIST_SIZES: [usize; 3] = [10, 100, 1000];
pub const CONNECTIONS: [u32; 2] = [1, 32];
/// Starts a replica is timed over, for a median.
const STARTS: usize = 5;

/// One database behind one replica, and the nginx in front of it.
pub struct Backend {
    pub name: String,
    pub database_url: String,
    /// A second, empty database for the growth curve.
    pub growth_database_url: String,
    pub port: u16,
    pub proxy_url: String,
}

pub struct Options {
    pub bin: PathBuf,
    pub static_root: PathBuf,
    pub work_dir: PathBuf,
    pub ceiling_url: String,
    pub ceiling_root: PathBuf,
    pub backends: Vec<Backend>,
    pub duration: Duration,
    pub rounds: usize,
    /// Rows in `items` at each point of the growth curve.
    pub growth: Vec<usize>,
}

/// One workload on one backend: where to send it, with what.
struct Target {
    workload: String,
    path: String,
    headers: Vec<String>,
    script: Option<PathBuf>,
}

/// A backend up and seeded.
struct Running<'a> {
    backend: &'a Backend,
    replica: Replica,
    targets: Vec<Target>,
}

pub fn run(options: &Options) -> anyhow::Result<Report> {
    let mut startups = Vec::new();
    let mut running = Vec::new();
    for backend in &options.backends {
        let mut db = Db::open(&backend.database_url)?;
        let seeded = db.seed(&LIST_SIZES)?;
        let (replica, startup) = start_timed(options, backend, &backend.database_url)?;
        startups.push(startup);
        let targets = targets(options, backend, &replica, &seeded)?;
        running.push(Running { backend, replica, targets });
    }
    write_ceiling_pages(options, &running[0])?;

    let mut rounds: BTreeMap<(String, String, String, u32), Vec<Figure>> = BTreeMap::new();
    let mut peaks: BTreeMap<(String, String), f64> = BTreeMap::new();
    for round in 1..=options.rounds {
        eprintln!("bench: round {round} of {}", options.rounds);
        for (index, workload) in running[0].targets.iter().map(|t| t.workload.clone()).enumerate() {
            for connections in CONNECTIONS {
                let ceiling = format!("{}/{}", options.ceiling_url, slug(&workload));
                let figure = load(&ceiling, connections, options.duration, &[], None)?;
                rounds
                    .entry((workload.clone(), "nginx static".into(), "ceiling".into(), connections))
                    .or_default()
                    .push(figure);
                for up in &running {
                    let target = &up.targets[index];
                    for (via, base) in [("direct", up.replica.url()), ("nginx", up.backend.proxy_url.clone())] {
                        up.replica.reset_peak()?;
                        let url = format!("{base}{}", target.path);
                        let figure =
                            load(&url, connections, options.duration, &target.headers, target.script.as_ref())?;
                        let key = (workload.clone(), up.backend.name.clone(), via.to_string(), connections);
                        rounds.entry(key).or_default().push(figure);
                        let peak = peaks.entry((up.backend.name.clone(), workload.clone())).or_default();
                        *peak = peak.max(up.replica.memory()?.peak_mib);
                    }
                }
            }
        }
    }
    let memory = running
        .iter()
        .map(|up| {
            let after_all = up.replica.memory()?;
            let peak_by_workload =
                peaks.iter().filter(|((b, _), _)| *b == up.backend.name).map(|((_, w), p)| (w.clone(), *p)).collect();
            Ok(Memory {
                backend: up.backend.name.clone(),
                after_all_mib: after_all.now_mib,
                anon_after_all_mib: after_all.anon_mib,
                peak_by_workload,
            })
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    let live = running.iter().map(|up| live::measure(&up.replica, &up.backend.name)).collect::<anyhow::Result<_>>()?;
    let order: Vec<String> = running[0].targets.iter().map(|t| t.workload.clone()).collect();
    drop(running);

    let mut growth = Vec::new();
    let mut explain = BTreeMap::new();
    for backend in &options.backends {
        let (points, plan) = grow(options, backend)?;
        growth.extend(points);
        explain.insert(backend.name.clone(), plan);
    }
    let mut cells: Vec<Cell> = rounds
        .into_iter()
        .map(|((workload, backend, via, connections), figures)| Cell {
            median: Figure::median(&figures),
            workload,
            backend,
            via,
            connections,
            rounds: figures,
        })
        .collect();
    cells.sort_by_key(|c| (order.iter().position(|w| *w == c.workload), c.connections));
    Report::new(options, cells, memory, startups, growth, explain, live)
}

fn load(
    url: &str,
    connections: u32,
    duration: Duration,
    headers: &[String],
    script: Option<&PathBuf>,
) -> anyhow::Result<Figure> {
    wrk::run(&Load { url, connections, duration, headers, script: script.map(PathBuf::as_path) })
}

/// Starts the replica [`STARTS`] times on the migrated database; keeps the last.
fn start_timed(options: &Options, backend: &Backend, database_url: &str) -> anyhow::Result<(Replica, Startup)> {
    let setup = Setup {
        bin: options.bin.clone(),
        database_url: database_url.to_string(),
        static_root: options.static_root.clone(),
        log: options.work_dir.join(format!("{}.log", backend.name)),
    };
    let mut times = Vec::new();
    let mut last = None;
    for _ in 0..STARTS {
        drop(last.take());
        let replica = Replica::start(&setup, backend.port)?;
        times.push(replica.ready_after.as_secs_f64() * 1000.0);
        last = Some(replica);
    }
    times.sort_by(f64::total_cmp);
    let replica = last.context("no start")?;
    Ok((replica, Startup { backend: backend.name.clone(), median_ms: times[times.len() / 2], all_ms: times }))
}

/// The workloads, in report order, as paths on this backend.
fn targets(options: &Options, backend: &Backend, replica: &Replica, seeded: &Seeded) -> anyhow::Result<Vec<Target>> {
    let get = |workload: String, path: String| Target { workload, path, headers: Vec::new(), script: None };
    let mut targets = vec![get("GET /".into(), "/".into())];
    for (size, list) in &seeded.lists {
        targets.push(get(format!("list of {size}"), format!("/lists/{}/", list.as_str())));
    }
    // POSTs go to a list of their own, with a form token and its cookie, as a browser holds them.
    let post_path = format!("/lists/{}/", seeded.post_list.as_str());
    let visitor = Visitor::new(&replica.url());
    let token = visitor.get(&post_path).csrf_token();
    let cookie = format!("csrftoken={}", visitor.cookie("csrftoken").context("no csrftoken cookie")?);
    let script = options.work_dir.join(format!("post-{}.lua", backend.name));
    std::fs::write(&script, wrk::post_item_script(&token, &cookie))?;
    targets.push(Target { workload: "POST item".into(), path: post_path, headers: Vec::new(), script: Some(script) });
    // Ticks go round a list of their own, as someone ticking items off (a 303 each).
    let tick_list = visitor.get(&format!("/lists/{}/", seeded.tick_list.as_str()));
    let ticks: Vec<String> = (1..=seed::TICKED_ITEMS).map(|row| tick_list.item_path(row, "done")).collect();
    let script = options.work_dir.join(format!("tick-{}.lua", backend.name));
    std::fs::write(&script, wrk::tick_script(&token, &cookie, &ticks))?;
    targets.push(Target {
        workload: "POST tick".into(),
        path: ticks[0].clone(),
        headers: Vec::new(),
        script: Some(script),
    });
    // The API's read of the list of 10, as a script would ask for it.
    if let Some((size, list)) = seeded.lists.first() {
        targets.push(get(format!("API list of {size}"), format!("/api/lists/{}/", list.as_str())));
    }
    let my_lists = format!("/lists/users/{}/", seeded.owner_email);
    let session = format!("Cookie: {}={}", superlists::web::session::COOKIE_NAME, seeded.session);
    targets.push(Target { workload: "My lists".into(), path: my_lists, headers: vec![session], script: None });
    Ok(targets)
}

/// The bytes each page is served as, for nginx to serve as static files.
fn write_ceiling_pages(options: &Options, up: &Running) -> anyhow::Result<()> {
    std::fs::create_dir_all(&options.ceiling_root)?;
    let client = reqwest::blocking::Client::builder().redirect(reqwest::redirect::Policy::none()).build()?;
    for target in &up.targets {
        let url = format!("{}{}", up.replica.url(), target.path);
        // A POST's answer is a redirect without a body: its ceiling is an empty file.
        let body = if target.script.is_some() {
            Vec::new()
        } else {
            let mut request = client.get(&url);
            for header in &target.headers {
                let (name, value) = header.split_once(": ").context("a header")?;
                request = request.header(name, value);
            }
            request.send()?.error_for_status()?.bytes()?.to_vec()
        };
        std::fs::write(options.ceiling_root.join(slug(&target.workload)), body)?;
    }
    Ok(())
}

/// The list page's throughput as `items` grows, on a database of its own.
fn grow(options: &Options, backend: &Backend) -> anyhow::Result<(Vec<Growth>, Vec<String>)> {
    let mut db = Db::open(&backend.growth_database_url)?;
    let list = db.list_of(LIST_SIZES[0], None)?;
    let replica = start_timed(options, backend, &backend.growth_database_url)?.0;
    let url = format!("{}/lists/{}/", replica.url(), list.as_str());
    let mut points = Vec::new();
    for &total in &options.growth {
        db.grow_to(total)?;
        let items = db.count_items()?;
        eprintln!("bench: {} with {items} items", backend.name);
        let figures: Vec<Figure> = (0..options.rounds)
            .map(|_| load(&url, CONNECTIONS[1], options.duration, &[], None))
            .collect::<anyhow::Result<_>>()?;
        points.push(Growth { backend: backend.name.clone(), items, median: Figure::median(&figures) });
    }
    Ok((points, db.explain(&list)?))
}

/// A workload's file name in the ceiling's folder: `list-of-10`.
pub fn slug(workload: &str) -> String {
    let words: Vec<String> = workload
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .collect();
    if words.is_empty() { "root".into() } else { words.join("-") }
}
