//! Log lines: `LOG_FORMAT=text` for people (development), `json` for a log
//! pipeline (staging, production): one object a line, with the request id of
//! the request being served when there is one.

use std::fmt::Display;
use std::io::{self, Write};
use std::sync::atomic::{AtomicBool, Ordering};

use serde::ser::{Serialize, SerializeMap, Serializer};

mod writer;

use crate::settings::LogFormat;

tokio::task_local! {
    /// The id of the request this task is serving (see `middleware::request_id`).
    pub static REQUEST_ID: String;
}

static ACCEPT_ERRORS_EXPECTED: AtomicBool = AtomicBool::new(false);

/// From now on actix's accept thread complaining about its listener is
/// expected (the drain shut it) and not logged.
pub fn ignore_accept_errors() {
    ACCEPT_ERRORS_EXPECTED.store(true, Ordering::Relaxed);
}

fn ignored(record: &log::Record) -> bool {
    ACCEPT_ERRORS_EXPECTED.load(Ordering::Relaxed) && record.target() == "actix_server::accept"
}

/// While held, the writer thread of JSON lines runs; dropped, it writes what
/// is queued and stops. Hold it until the process's last line is logged.
#[must_use = "dropping it stops the log writer"]
pub struct Logs {
    _writer: Option<writer::Writer>,
}

/// Installs the logger once per process (tests start several apps). JSON
/// lines (staging, production: an access line a request) are written by a
/// thread of their own, in batches (see [`writer`]): writing each in place
/// was a measurable share of every page.
pub fn init(filter: &str, format: LogFormat) -> Logs {
    let mut builder = env_logger::Builder::new();
    builder.parse_filters(filter);
    match format {
        // The message says it all for a reader; the id ties lines together.
        LogFormat::Text => builder.format(|buf, record| {
            if ignored(record) {
                return Ok(());
            }
            let id = REQUEST_ID.try_with(|id| format!(" rid={id}")).unwrap_or_default();
            writeln!(
                buf,
                "[{} {:<5} {}] {}{id}",
                buf.timestamp_millis(),
                record.level(),
                record.target(),
                record.args()
            )
        }),
        LogFormat::Json => builder.format(|buf, record| {
            if ignored(record) {
                return Ok(());
            }
            let time = buf.timestamp_millis();
            write_json(buf, &time, record)?;
            writeln!(buf)
        }),
    };
    let mut writer = None;
    // Without the thread (it could not start), lines are written in place.
    if format == LogFormat::Json
        && let Ok((lines, thread)) = writer::start(io::stderr())
    {
        builder.target(env_logger::Target::Pipe(Box::new(lines)));
        writer = Some(thread);
    }
    Logs { _writer: builder.try_init().ok().and(writer) }
}

/// One log line as a JSON object, serialised straight into the log's
/// buffer: building a `serde_json::Map` first was a share of every page.
fn write_json(out: &mut impl Write, time: &dyn Display, record: &log::Record) -> io::Result<()> {
    let mut json = serde_json::Serializer::new(out);
    let mut line = json.serialize_map(None).map_err(io::Error::other)?;
    line.serialize_entry("time", &Shown(time)).map_err(io::Error::other)?;
    line.serialize_entry("level", record.level().as_str()).map_err(io::Error::other)?;
    line.serialize_entry("target", record.target()).map_err(io::Error::other)?;
    line.serialize_entry("message", &Shown(record.args())).map_err(io::Error::other)?;
    record.key_values().visit(&mut Fields(&mut line)).map_err(io::Error::other)?;
    if let Ok(Err(e)) = REQUEST_ID.try_with(|id| line.serialize_entry("request_id", id)) {
        return Err(io::Error::other(e));
    }
    SerializeMap::end(line).map_err(io::Error::other)
}

/// A `Display` value as a JSON string, without an intermediate `String`.
struct Shown<'a, T: ?Sized>(&'a T);

impl<T: Display + ?Sized> Serialize for Shown<'_, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self.0)
    }
}

/// The record's key-values as entries: numbers as numbers, the rest as text.
struct Fields<'a, M>(&'a mut M);

impl<'kvs, M: SerializeMap> log::kv::VisitSource<'kvs> for Fields<'_, M> {
    fn visit_pair(&mut self, key: log::kv::Key<'kvs>, value: log::kv::Value<'kvs>) -> Result<(), log::kv::Error> {
        let key = key.as_str();
        let written = match (value.to_u64(), value.to_f64()) {
            (Some(n), _) => self.0.serialize_entry(key, &n),
            (None, Some(x)) => self.0.serialize_entry(key, &x),
            _ => self.0.serialize_entry(key, &Shown(&value)),
        };
        written.map_err(|_| log::kv::Error::msg("cannot write a log field"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_json_line_holds_the_record_and_its_fields() {
        let fields =
            [("status", log::kv::Value::from(200u64)), ("duration_ms", 1.5f64.into()), ("path", "/a\"b".into())];
        let mut out = Vec::new();
        // One statement: the record borrows the temporary `format_args!`.
        write_json(
            &mut out,
            &"2026-11-23T06:00:00.000Z",
            &log::Record::builder()
                .level(log::Level::Info)
                .target("superlists::access")
                .args(format_args!("GET \"/\" 200"))
                .key_values(&fields)
                .build(),
        )
        .unwrap();
        let line: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(
            line,
            serde_json::json!({
                "time": "2026-11-23T06:00:00.000Z", "level": "INFO", "target": "superlists::access",
                "message": "GET \"/\" 200", "status": 200, "duration_ms": 1.5, "path": "/a\"b",
            })
        );
    }
}
