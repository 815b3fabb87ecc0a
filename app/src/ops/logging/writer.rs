//! The thread that writes JSON log lines to stderr: lines gather in a
//! buffer and go out together, one write(2) every few milliseconds.
//! Hand-written: tracing-appender's writer was woken for every line (a futex
//! wake, a write(2) and sched_yields a request, strace); this one wakes once
//! a batch (bench/README.md has the figures).

use std::io::{self, Write};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::thread::JoinHandle;
use std::time::Duration;

/// How long the first line of a batch waits for others to join it.
const GATHER: Duration = Duration::from_millis(10);
/// Gathered bytes that wake the writer before [`GATHER`] is up.
const WRITE_AT: usize = 32 * 1024;
/// Gathered bytes at which a logging thread waits for the writer: a stalled
/// reader of stderr holds back the app rather than growing the buffer.
const MOST_BYTES: usize = 256 * 1024;

#[derive(Default)]
struct Queue {
    bytes: Vec<u8>,
    /// Set when the writer is told to stop: later lines are written in place.
    closed: bool,
}

#[derive(Default)]
struct Shared {
    queue: Mutex<Queue>,
    /// The writer waits on it for lines.
    gathered: Condvar,
    /// Logging threads wait on it, when [`MOST_BYTES`] are queued, for room.
    room: Condvar,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, Queue> {
        // A thread that panicked mid-line leaves bytes, not a broken queue.
        self.queue.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// Where loggers write their lines.
pub struct Lines(Arc<Shared>);

/// The writer thread: dropped, it writes what is queued and stops.
pub struct Writer {
    shared: Arc<Shared>,
    thread: Option<JoinHandle<()>>,
}

/// Starts a thread that writes what is written to [`Lines`] to `out`.
pub fn start(out: impl Write + Send + 'static) -> io::Result<(Lines, Writer)> {
    let shared = Arc::new(Shared::default());
    let theirs = shared.clone();
    let thread = std::thread::Builder::new().name("log-writer".into()).spawn(move || write_batches(&theirs, out))?;
    Ok((Lines(shared.clone()), Writer { shared, thread: Some(thread) }))
}

impl Write for Lines {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let shared = &self.0;
        let mut queue = shared.lock();
        while queue.bytes.len() >= MOST_BYTES && !queue.closed {
            queue = shared.room.wait(queue).unwrap_or_else(PoisonError::into_inner);
        }
        if queue.closed {
            // The process's last lines, after the guard went (`init` gives the
            // writer stderr too).
            drop(queue);
            return io::stderr().write(buf);
        }
        let before = queue.bytes.len();
        queue.bytes.extend_from_slice(buf);
        // A notify is a syscall even with no one waiting: only when it wakes.
        if before == 0 || (before < WRITE_AT && queue.bytes.len() >= WRITE_AT) {
            shared.gathered.notify_one();
        }
        Ok(buf.len())
    }

    /// The writer's next batch is the flush.
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

fn write_batches(shared: &Shared, mut out: impl Write) {
    let mut batch = Vec::new();
    loop {
        let mut queue = shared.lock();
        while queue.bytes.is_empty() && !queue.closed {
            queue = shared.gathered.wait(queue).unwrap_or_else(PoisonError::into_inner);
        }
        if queue.bytes.is_empty() {
            return; // closed, and all written
        }
        if queue.bytes.len() < WRITE_AT && !queue.closed {
            queue = shared.gathered.wait_timeout(queue, GATHER).unwrap_or_else(PoisonError::into_inner).0;
        }
        let was_full = queue.bytes.len() >= MOST_BYTES;
        std::mem::swap(&mut queue.bytes, &mut batch);
        drop(queue);
        if was_full {
            shared.room.notify_all();
        }
        // There is nowhere to report that the log cannot be written.
        let _ = out.write_all(&batch).and_then(|()| out.flush());
        batch.clear();
        // A burst's buffer is not kept for good.
        batch.shrink_to(WRITE_AT);
    }
}

impl Drop for Writer {
    fn drop(&mut self) {
        self.shared.lock().closed = true;
        self.shared.gathered.notify_one();
        self.shared.room.notify_all();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A `Write` the test can read after the writer stopped.
    #[derive(Clone, Default)]
    struct Out(Arc<Mutex<Vec<u8>>>);

    impl Write for Out {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.0.lock().unwrap().write(buf)
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn every_line_from_every_thread_is_written_whole_before_the_writer_stops() {
        let out = Out::default();
        let (lines, writer) = start(out.clone()).unwrap();
        let lines = Arc::new(Mutex::new(lines));
        let threads: Vec<_> = (0..4)
            .map(|t| {
                let lines = lines.clone();
                std::thread::spawn(move || {
                    for n in 0..5000 {
                        let line = format!("thread {t} line {n} {}\n", "x".repeat(n % 300));
                        lines.lock().unwrap().write_all(line.as_bytes()).unwrap();
                    }
                })
            })
            .collect();
        threads.into_iter().for_each(|t| t.join().unwrap());
        drop(writer);
        let written = String::from_utf8(out.0.lock().unwrap().clone()).unwrap();
        let mut next = [0usize; 4];
        for line in written.lines() {
            let fields: Vec<&str> = line.split(' ').collect();
            let (t, n): (usize, usize) = (fields[1].parse().unwrap(), fields[3].parse().unwrap());
            assert_eq!((n, fields[4].len()), (next[t], n % 300), "{line}");
            next[t] += 1;
        }
        assert_eq!(next, [5000; 4]);
    }

    #[test]
    fn a_line_is_written_while_the_app_runs_not_only_at_exit() {
        let out = Out::default();
        let (mut lines, _writer) = start(out.clone()).unwrap();
        lines.write_all(b"one line\n").unwrap();
        let deadline = std::time::Instant::now() + Duration::from_secs(5);
        while out.0.lock().unwrap().is_empty() && std::time::Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(1));
        }
        assert_eq!(out.0.lock().unwrap().as_slice(), b"one line\n");
    }
}
