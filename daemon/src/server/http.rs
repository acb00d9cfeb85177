//! The HTTP/1 server under the router: one accept loop per listener that caps the TCP
//! connections served at once (before their upgrade; a WebSocket then counts in its own pool),
//! drops a connection whose request headers do not arrive within the deadline, and on stop lets
//! the connections finish gracefully. Also raises the soft open-file limit where the OS allows.

use super::log_limit::LogLimit;

use axum::Router;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tokio::task::JoinSet;
use tokio::time::Instant;
use tokio_util::sync::CancellationToken;

/// How long the accept loop rests after an accept error (out of file descriptors…).
const ACCEPT_BACKOFF: Duration = Duration::from_millis(50);

/// What one listener serves under.
#[derive(Debug, Clone, Copy)]
pub(crate) struct HttpLimits {
    /// The most TCP connections served at once.
    pub max_connections: usize,
    /// The deadline for a request's headers.
    pub header_read_timeout: Duration,
}

/// Serves `router` on `listener` until `stop` is cancelled, then waits for its connections.
pub(crate) async fn serve(
    listener: TcpListener,
    router: Router,
    limits: HttpLimits,
    stop: CancellationToken,
) -> std::io::Result<()> {
    let slots = Arc::new(Semaphore::new(limits.max_connections));
    let mut connections = JoinSet::new();
    let mut accept_log = LogLimit::default();
    let stopping = stop.clone().cancelled_owned();
    tokio::pin!(stopping);
    loop {
        while connections.try_join_next().is_some() {}
        let slot = tokio::select! {
            () = &mut stopping => break,
            slot = Arc::clone(&slots).acquire_owned() => match slot {
                Ok(slot) => slot,
                Err(_) => break,
            },
        };
        let tcp = tokio::select! {
            () = &mut stopping => break,
            accepted = listener.accept() => match accepted {
                Ok((tcp, _)) => tcp,
                Err(e) => {
                    if let Some(left_out) = accept_log.allow(Instant::now()) {
                        tracing::warn!(error = %e, left_out, "accept error");
                    }
                    tokio::time::sleep(ACCEPT_BACKOFF).await;
                    continue;
                }
            },
        };
        // Small frames go out at once: without TCP_NODELAY, Nagle's algorithm and the peer's
        // delayed ACK hold an event back for up to 40 ms.
        if let Err(e) = tcp.set_nodelay(true) {
            tracing::debug!("TCP_NODELAY could not be set: {e}");
        }
        let service = TowerToHyperService::new(router.clone());
        let stop = stop.clone();
        connections.spawn(async move {
            let mut builder = http1::Builder::new();
            builder
                .timer(TokioTimer::new())
                .header_read_timeout(limits.header_read_timeout);
            let connection = builder
                .serve_connection(TokioIo::new(tcp), service)
                .with_upgrades();
            tokio::pin!(connection);
            let stopping = stop.cancelled_owned();
            tokio::pin!(stopping);
            tokio::select! {
                served = connection.as_mut() => {
                    if let Err(e) = served {
                        tracing::trace!("an HTTP connection ended: {e}");
                    }
                }
                () = &mut stopping => {
                    connection.as_mut().graceful_shutdown();
                    let _ = connection.await;
                }
            }
            drop(slot);
        });
    }
    // Refuse new connections at once while the open ones finish: a client connecting now
    // (one reconnecting during a restart) is told so instead of waiting in the backlog.
    drop(listener);
    while connections.join_next().await.is_some() {}
    Ok(())
}

/// Raises the soft limit on open files to the hard limit (Unix), so the connection caps, not
/// the file descriptors, are what runs out first. Best-effort: says why when it cannot.
pub(crate) fn raise_file_limit() {
    #[cfg(unix)]
    {
        let mut limit = libc::rlimit {
            rlim_cur: 0,
            rlim_max: 0,
        };
        // SAFETY: getrlimit writes into the struct we own; no other memory is touched.
        if unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) } != 0 {
            tracing::debug!("the open-file limit could not be read");
            return;
        }
        if limit.rlim_cur >= limit.rlim_max {
            return;
        }
        let raised = libc::rlimit {
            rlim_cur: limit.rlim_max,
            rlim_max: limit.rlim_max,
        };
        // SAFETY: setrlimit reads the struct we own; raising the soft limit up to the hard one
        // is allowed to every process.
        if unsafe { libc::setrlimit(libc::RLIMIT_NOFILE, &raised) } == 0 {
            tracing::debug!(
                from = limit.rlim_cur,
                to = limit.rlim_max,
                "raised the open-file limit"
            );
        } else {
            tracing::debug!("the open-file limit could not be raised");
        }
    }
}
