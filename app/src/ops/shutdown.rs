//! Stopping without failing a request. nginx keeps idle connections open to
//! each replica and cannot safely resend a POST: one sent on a connection
//! the replica closes at that moment, or queued unaccepted on a listener that
//! closes, fails. So on SIGTERM a replica drains for `SHUTDOWN_DRAIN`: it
//! stops listening at once (a refused connection is one nginx retries on
//! another replica, POSTs too, as nothing was sent), keeps serving the
//! connections it has, each closed after its next response, answers
//! `/readyz` with 503, and leaves idle ones for the balancer to close (its
//! keep-alive timeout must be shorter than the drain). Then it stops and
//! finishes what is in flight. SIGINT (Ctrl-C at a terminal) skips the drain.

use std::future::{Future, poll_fn};
use std::net::{Shutdown, TcpListener};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::task::Poll;
use std::time::Duration;

use actix_web::dev::ServerHandle;
use actix_web::rt::signal::unix::{Signal, SignalKind, signal};

/// Whether this replica is on its way out.
#[derive(Default)]
pub struct Drain(AtomicBool);

impl Drain {
    pub fn is_draining(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }

    /// From now on: `/readyz` 503, connections closed after their
    /// response, live-update streams ended.
    pub fn begin(&self) {
        self.0.store(true, Ordering::Relaxed);
    }
}

/// Waits for SIGTERM or SIGINT, then stops `server`: at once on SIGINT,
/// after draining for `period` on SIGTERM. `listener` is a handle on the
/// server's listening socket.
pub async fn on_signal(server: ServerHandle, listener: TcpListener, drain: Arc<Drain>, period: Duration) {
    let mut signals = match Signals::new() {
        Ok(signals) => signals,
        Err(e) => {
            // Without handlers the default action (exit at once) still applies.
            log::error!("cannot listen for SIGTERM/SIGINT: {e}");
            return;
        }
    };
    let terminated = signals.recv().await;
    if terminated && !period.is_zero() {
        log::info!("SIGTERM: not listening; draining open connections for {} s, then stopping", period.as_secs());
        stop_listening(&listener).await;
        drain.begin();
        server.pause().await;
        actix_web::rt::time::sleep(period).await;
    }
    log::info!("stopping: finishing requests in flight");
    // Live-update streams end too, rather than hold the stop for its 10 s.
    drain.begin();
    server.stop(true).await;
}

/// How long the accept thread gets to take the connections already queued.
const QUEUE_EMPTYING: Duration = Duration::from_millis(500);

/// Makes the listening socket refuse connections while actix still holds
/// it, without resetting one that nginx has sent a request on. Shutting the
/// socket down refuses new connections (nginx retries a refused one on
/// another replica, POSTs too: nothing was sent), but it also resets those
/// queued and not yet accepted, whose POST nginx may not resend (a deploy
/// under load saw two answered 502). So first a filter drops new connections'
/// SYNs (their senders retry after a second, and meet the refusal), then
/// actix's accept thread empties the queue, then the socket is shut.
async fn stop_listening(listener: &TcpListener) {
    let socket = socket2::SockRef::from(listener);
    // Classic BPF, one instruction, BPF_RET | BPF_K with 0: drop every packet.
    if let Err(e) = socket.attach_filter(&[socket2::SockFilter::new(0x06, 0, 0, 0)]) {
        log::warn!("cannot hold new connections back: {e}");
    }
    let deadline = std::time::Instant::now() + QUEUE_EMPTYING;
    while queued(listener) > 0 && std::time::Instant::now() < deadline {
        actix_web::rt::time::sleep(Duration::from_millis(1)).await;
    }
    // The accept thread then reports the shut socket once: expected, not logged.
    crate::ops::logging::ignore_accept_errors();
    if let Err(e) = socket.shutdown(Shutdown::Read) {
        log::warn!("cannot stop listening early: {e}");
    }
}

/// Connections waiting in `listener`'s accept queue: what Linux's TCP_INFO
/// gives as `tcpi_unacked` for a listening socket (0 if it cannot be read).
fn queued(listener: &TcpListener) -> u32 {
    use std::os::fd::AsRawFd;
    // SAFETY: tcp_info is plain integers, for which zero bytes are a value.
    let mut info: libc::tcp_info = unsafe { std::mem::zeroed() };
    let mut len = std::mem::size_of::<libc::tcp_info>() as libc::socklen_t;
    // SAFETY: `info` and `len` are valid for writes and `len` is info's size.
    let read = unsafe {
        libc::getsockopt(listener.as_raw_fd(), libc::IPPROTO_TCP, libc::TCP_INFO, (&raw mut info).cast(), &mut len)
    };
    if read == 0 { info.tcpi_unacked } else { 0 }
}

/// SIGTERM and SIGINT, listened for from creation on (as PID 1 in a
/// container a process that does not listen ignores SIGTERM).
pub struct Signals {
    term: Signal,
    int: Signal,
}

impl Signals {
    pub fn new() -> std::io::Result<Self> {
        Ok(Signals { term: signal(SignalKind::terminate())?, int: signal(SignalKind::interrupt())? })
    }

    /// The next signal: `true` for SIGTERM, `false` for SIGINT.
    pub async fn recv(&mut self) -> bool {
        poll_fn(|cx| self.poll(cx)).await
    }

    /// Sleeps for `period`; `true` if a signal came first.
    pub async fn sleep(&mut self, period: Duration) -> bool {
        let mut sleep = std::pin::pin!(actix_web::rt::time::sleep(period));
        poll_fn(|cx| match self.poll(cx) {
            Poll::Ready(_) => Poll::Ready(true),
            Poll::Pending => sleep.as_mut().poll(cx).map(|()| false),
        })
        .await
    }

    fn poll(&mut self, cx: &mut std::task::Context<'_>) -> Poll<bool> {
        if self.term.poll_recv(cx).is_ready() {
            Poll::Ready(true)
        } else if self.int.poll_recv(cx).is_ready() {
            Poll::Ready(false)
        } else {
            Poll::Pending
        }
    }
}
