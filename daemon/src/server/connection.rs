//! One WebSocket connection: reads frames, enforces the frame size, the in-flight limit (a batch
//! counts as its entries), the identify deadline and the idle timeout, runs calls (concurrently,
//! answering each once), forwards subscribed events through an outbox bounded in bytes, and on
//! shutdown lets its in-flight calls finish before it sends a close frame.

use super::dispatch::{self, Principal, Session, Shared, lock};
use super::fanout::Outgoing;
use super::frame::{self, Call, Entry, Frame, FrameLimits};
use super::outbox::{Outbox, outbox};
use super::waiting::Seat;
use axum::extract::ws::{CloseFrame, Message, Utf8Bytes, WebSocket};
use futures_util::StreamExt;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::{Semaphore, broadcast};
use tokio::task::JoinSet;
use tokio::time::Instant;
use tokio_util::sync::CancellationToken;
use vault_raider_protocol::{Id, Method, Reason, Response, RpcError, Topic};

/// How long the final writes may take once a connection is closing.
const CLOSE_GRACE: Duration = Duration::from_secs(5);

/// How long in-flight calls may take to finish once the connection is closing; calls still
/// running then are abandoned (and logged), so a stuck call cannot hold up shutdown forever.
const IN_FLIGHT_GRACE: Duration = Duration::from_secs(30);

/// WebSocket close codes used here.
mod close_code {
    /// The daemon is going away (shutdown) or the peer went silent.
    pub const GOING_AWAY: u16 = 1001;
    /// The peer broke a rule (revoked token, not reading, no identify in time).
    pub const POLICY: u16 = vault_raider_protocol::CLOSE_POLICY;
    /// A text frame that is not UTF-8.
    pub const INVALID_UTF8: u16 = vault_raider_protocol::CLOSE_INVALID_UTF8;
    /// A frame over the size limit.
    pub const TOO_BIG: u16 = 1009;
}

/// What one connection needs besides its socket.
pub(crate) struct ConnectionContext {
    /// The server's shared state.
    pub shared: Arc<Shared>,
    /// Encoded events, in bus order.
    pub events: broadcast::Receiver<Outgoing>,
    /// Cancelled when the server stops.
    pub stop: CancellationToken,
    /// The connection's number.
    pub number: u64,
    /// The `Origin` it connected from.
    pub origin: Option<String>,
    /// Its place in the pool of connections that have not identified (released once it has).
    pub unidentified: Seat,
}

/// Everything a running call needs to answer.
#[derive(Clone)]
struct CallContext {
    shared: Arc<Shared>,
    session: Arc<Mutex<Session>>,
    outbox: Outbox,
}

/// One open connection in the server's count, for as long as it lives.
struct OpenConnection(Arc<std::sync::atomic::AtomicUsize>);

impl OpenConnection {
    fn count(open: &Arc<std::sync::atomic::AtomicUsize>) -> OpenConnection {
        open.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        OpenConnection(Arc::clone(open))
    }
}

impl Drop for OpenConnection {
    fn drop(&mut self) {
        self.0.fetch_sub(1, std::sync::atomic::Ordering::Relaxed);
    }
}

/// Serves one connection until it closes or the server stops.
pub(crate) async fn serve(socket: WebSocket, context: ConnectionContext) {
    let ConnectionContext {
        shared,
        mut events,
        stop,
        number,
        origin,
        unidentified,
    } = context;
    let mut unidentified = Some(unidentified);
    let _counted = OpenConnection::count(&shared.connections);
    let stopping = stop.cancelled_owned();
    tokio::pin!(stopping);
    let limits = shared.limits.clone();
    let frame_limits = FrameLimits {
        max_depth: limits.max_depth,
        max_id_chars: limits.max_id_chars,
    };
    let (sink, mut stream) = socket.split();
    let (outbox, writer, overflowed) = outbox(limits.max_outbox_bytes);
    let writer = tokio::spawn(writer.run(sink));
    let calls = CallContext {
        shared: Arc::clone(&shared),
        session: Arc::new(Mutex::new(Session {
            connection: number,
            origin,
            ..Session::default()
        })),
        outbox: outbox.clone(),
    };
    let in_flight = Arc::new(Semaphore::new(limits.max_in_flight));
    let mut tasks = JoinSet::new();
    let mut revoked = shared.revoked.subscribe();
    let mut overlay_rotated = shared.overlay_rotated.subscribe();
    let identify_deadline = tokio::time::sleep(limits.identify_timeout);
    tokio::pin!(identify_deadline);
    let mut ping =
        tokio::time::interval_at(Instant::now() + limits.ping_interval, limits.ping_interval);
    let mut last_heard = Instant::now();

    let close = loop {
        if unidentified.is_some() && identified(&calls.session) {
            // Identified: its place in the unidentified pool goes to the next newcomer.
            unidentified = None;
        }
        tokio::select! {
            () = &mut stopping => {
                break Some(close_frame(close_code::GOING_AWAY, "the daemon is shutting down"));
            }
            frame = stream.next() => {
                let message = match frame {
                    None => break None,
                    Some(Err(e)) => {
                        tracing::debug!(error = %e, "a connection failed");
                        if not_utf8(&e) {
                            break Some(close_frame(close_code::INVALID_UTF8, "text frames must be UTF-8"));
                        }
                        break too_big(&e).then(|| close_frame(close_code::TOO_BIG, "frame too big"));
                    }
                    Some(Ok(message)) => message,
                };
                last_heard = Instant::now();
                let size = match &message {
                    Message::Text(text) => text.len(),
                    Message::Binary(bytes) => bytes.len(),
                    _ => 0,
                };
                if size > limits.max_frame_bytes {
                    break Some(close_frame(close_code::TOO_BIG, "frames are limited to 64 KiB"));
                }
                let text = match message {
                    Message::Text(text) => text,
                    Message::Binary(_) => {
                        let error = RpcError::parse_error("frames must be JSON text, not binary");
                        outbox.send(Message::Text(encode(&Response::error(None, error))));
                        continue;
                    }
                    Message::Ping(_) | Message::Pong(_) => continue,
                    Message::Close(_) => break None,
                };
                match frame::parse(text.as_str(), frame_limits) {
                    Frame::Broken(response) => {
                        outbox.send(Message::Text(encode(&response)));
                    }
                    Frame::Single(Err(response)) => {
                        if let Some(response) = response {
                            outbox.send(Message::Text(encode(&response)));
                        }
                    }
                    Frame::Single(Ok(call)) if call.method == Method::SessionIdentify => {
                        // Identify runs before the next frame is read, so calls sent right
                        // after it see the new identity.
                        if let Some(response) = run_call(&calls, call).await {
                            outbox.send(Message::Text(encode(&response)));
                        }
                    }
                    Frame::Single(Ok(call)) => match Arc::clone(&in_flight).try_acquire_owned() {
                        Ok(permit) => {
                            let calls = calls.clone();
                            tasks.spawn(async move {
                                let response = run_call(&calls, call).await;
                                drop(permit);
                                if let Some(response) = response {
                                    calls.outbox.send(Message::Text(encode(&response)));
                                }
                            });
                        }
                        Err(_) => {
                            if let Some(id) = call.id {
                                outbox.send(Message::Text(encode(&busy(Some(id)))));
                            }
                        }
                    },
                    Frame::Batch(entries) => {
                        // The batch holds one in-flight place per entry, valid or not, until
                        // it is answered; one that does not fit is answered `busy` whole.
                        let places = u32::try_from(entries.len()).unwrap_or(u32::MAX);
                        match Arc::clone(&in_flight).try_acquire_many_owned(places) {
                            Ok(permit) => {
                                let calls = calls.clone();
                                tasks.spawn(async move {
                                    run_batch(&calls, entries).await;
                                    drop(permit);
                                });
                            }
                            Err(_) => {
                                outbox.send(Message::Text(encode(&busy(None))));
                            }
                        }
                    }
                }
            }
            event = events.recv() => match event {
                Ok(out) => {
                    if wants(&calls.session, out.topic) {
                        outbox.send(Message::Text(out.text));
                    }
                }
                Err(broadcast::error::RecvError::Lagged(missed)) => {
                    tracing::warn!(missed, "a connection fell behind the events; closing it");
                    break Some(close_frame(close_code::POLICY, "fell behind the events; reconnect and ask for profile.changes"));
                }
                Err(broadcast::error::RecvError::Closed) => {
                    break Some(close_frame(close_code::GOING_AWAY, "the daemon is shutting down"));
                }
            },
            revoked_id = revoked.recv() => {
                if let Ok(revoked_id) = revoked_id {
                    let principal = lock(&calls.session).principal.clone();
                    if principal == Some(Principal::Client(revoked_id)) {
                        break Some(close_frame(close_code::POLICY, "this client's token was revoked"));
                    }
                }
            }
            () = overflowed.notified() => {
                tracing::debug!("closing a connection that does not read what it is sent");
                break Some(close_frame(close_code::POLICY, "not reading what it is sent; reconnect and ask for profile.changes"));
            }
            rotated = overlay_rotated.recv() => {
                let was_overlay = lock(&calls.session).principal == Some(Principal::Overlay);
                if rotated.is_ok() && was_overlay {
                    break Some(close_frame(close_code::POLICY, "the overlay token was replaced"));
                }
            }
            () = evicted(&unidentified) => {
                break Some(close_frame(close_code::POLICY, "too many connections are waiting to identify"));
            }
            () = &mut identify_deadline, if unidentified.is_some() => {
                if identified(&calls.session) {
                    unidentified = None;
                } else {
                    tracing::debug!("closing a connection that did not identify in time");
                    break Some(close_frame(close_code::POLICY, "identify within 10 s of connecting"));
                }
            }
            _ = ping.tick() => {
                if last_heard.elapsed() >= limits.idle_timeout {
                    tracing::debug!("dropping a silent connection");
                    break Some(close_frame(close_code::GOING_AWAY, "no answer to pings"));
                }
                outbox.send(Message::Ping(Default::default()));
            }
            Some(_) = tasks.join_next(), if !tasks.is_empty() => {}
        }
    };

    // In-flight calls finish and are answered before the close frame goes out.
    let drained = tokio::time::timeout(IN_FLIGHT_GRACE, async {
        while tasks.join_next().await.is_some() {}
    })
    .await;
    if drained.is_err() {
        tracing::warn!(
            abandoned = tasks.len(),
            "calls still running when the connection closed were abandoned"
        );
        tasks.abort_all();
    }
    if let Some(frame) = close {
        outbox.close(Message::Close(Some(frame)));
    }
    // A pending pairing outlives its connection (until it expires): closing and reopening does
    // not let a page ask for code after code, each shown and logged.
    drop(outbox);
    drop(calls);
    let mut writer = writer;
    if tokio::time::timeout(CLOSE_GRACE, &mut writer)
        .await
        .is_err()
    {
        writer.abort();
    }
}

/// Runs a batch's calls in order and answers them together (nothing when all were notifications).
async fn run_batch(calls: &CallContext, entries: Vec<Entry>) {
    let mut responses = Vec::new();
    for entry in entries {
        match entry {
            Ok(call) => responses.extend(run_call(calls, call).await),
            Err(response) => responses.extend(response),
        }
    }
    if !responses.is_empty() {
        let text = serde_json::to_string(&responses).expect("a response always encodes");
        calls.outbox.send(Message::Text(text.into()));
    }
}

/// Runs one call; the response, unless the call was a notification.
async fn run_call(calls: &CallContext, call: Call) -> Option<Response> {
    let outcome = dispatch::handle(&calls.shared, &calls.session, call.method, call.params).await;
    let id = call.id?;
    Some(match outcome {
        Ok(result) => Response::result(Some(id), result),
        Err(error) => Response::error(Some(id), error),
    })
}

fn busy(id: Option<Id>) -> Response {
    Response::error(
        id,
        RpcError::new(
            Reason::Busy,
            "too many requests in flight on this connection; wait for some answers",
        ),
    )
}

/// Completes when the connection's place among the unidentified was given to a newcomer
/// (never once it has identified).
async fn evicted(seat: &Option<Seat>) {
    match seat {
        Some(seat) => seat.evicted().await,
        None => std::future::pending().await,
    }
}

/// Whether the connection has identified.
fn identified(session: &Mutex<Session>) -> bool {
    lock(session).principal.is_some()
}

/// Whether the connection identified and subscribed to `topic`.
fn wants(session: &Mutex<Session>, topic: Topic) -> bool {
    let session = lock(session);
    session.principal.is_some() && session.topics.contains(&topic)
}

fn encode(response: &Response) -> Utf8Bytes {
    serde_json::to_string(response)
        .expect("a response always encodes")
        .into()
}

fn close_frame(code: u16, reason: &'static str) -> CloseFrame {
    CloseFrame {
        code,
        reason: Utf8Bytes::from_static(reason),
    }
}

/// Whether a read failed because the frame was over the transport's size limit.
fn too_big(error: &axum::Error) -> bool {
    let text = error.to_string();
    text.contains("Space limit exceeded") || text.contains("Message too long")
}

/// Whether a read failed because a text frame was not UTF-8.
fn not_utf8(error: &axum::Error) -> bool {
    error.to_string().contains("UTF-8")
}
