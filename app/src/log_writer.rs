//! Where log lines go: stderr, written by a thread of its own. A serving
//! thread queues its line and goes on; the writer writes whatever has queued
//! in one system call and flushes as soon as the queue is empty, so a quiet
//! server's lines appear at once. (A write of its own for every access-log
//! line cost a busy server a tenth of its throughput.) The queue is bounded:
//! a stderr that blocks slows the server, as writing directly would, rather
//! than growing its memory.

use std::io::{self, Write};
use std::sync::OnceLock;
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::time::Duration;

/// Lines queued at most before a thread that logs waits for the writer.
const QUEUED_LINES: usize = 4096;
/// The writer's buffer: what one system call writes at most.
const BUFFER_BYTES: usize = 64 * 1024;

enum Message {
    Line(Vec<u8>),
    /// Answered once every line queued before it is written.
    Flush(SyncSender<()>),
}

/// The queue to the writer thread, started by the first [`pipe`] (tests
/// start several apps in one process); `None` if it could not start.
static QUEUE: OnceLock<Option<SyncSender<Message>>> = OnceLock::new();

/// env_logger's target: it writes a record's bytes, then flushes, under a
/// lock of its own; the flush queues them as one line.
pub struct Pipe {
    line: Vec<u8>,
    queue: SyncSender<Message>,
}

/// A pipe to the writer thread, or `None` (log to stderr directly) if the
/// thread cannot start.
pub fn pipe() -> Option<Pipe> {
    let queue = QUEUE.get_or_init(|| {
        let (queue, lines) = sync_channel(QUEUED_LINES);
        std::thread::Builder::new().name("log-writer".into()).spawn(move || write_out(lines)).ok().map(|_| queue)
    });
    queue.clone().map(|queue| Pipe { line: Vec::new(), queue })
}

/// Waits (a second at most) until every line logged so far is written:
/// before the process exits, which would take queued lines with it.
pub fn flush() {
    let Some(Some(queue)) = QUEUE.get() else { return };
    let (done, written) = sync_channel(1);
    if queue.send(Message::Flush(done)).is_ok() {
        let _ = written.recv_timeout(Duration::from_secs(1));
    }
}

impl Write for Pipe {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.line.extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if self.line.is_empty() {
            return Ok(());
        }
        let line = std::mem::take(&mut self.line);
        self.queue.send(Message::Line(line)).map_err(|_| io::Error::other("the log writer has stopped"))
    }
}

/// The writer thread. Errors writing to stderr are dropped: there is
/// nowhere else to report them.
fn write_out(lines: Receiver<Message>) {
    let mut out = io::BufWriter::with_capacity(BUFFER_BYTES, io::stderr());
    while let Ok(first) = lines.recv() {
        let mut next = Some(first);
        while let Some(message) = next {
            match message {
                Message::Line(line) => {
                    let _ = out.write_all(&line);
                }
                Message::Flush(done) => {
                    let _ = out.flush();
                    let _ = done.send(());
                }
            }
            next = lines.try_recv().ok();
        }
        let _ = out.flush();
    }
}
