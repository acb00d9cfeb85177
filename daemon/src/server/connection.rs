//! One WebSocket connection: reads frames, enforces the frame size, the in-flight limit and the
//! idle timeout, runs calls (concurrently, answering each once), forwards subscribed events, and
//! on shutdown lets its in-flight calls finish before it sends a close frame.

use super::dispatch::{self, Principal, Session, Shared, lock};
use super::fanout::Outgoing;
use super::frame::{self, Call, Entry, Frame, FrameLimits};
use axum::extract::ws::{CloseFrame, Message, Utf8Bytes, WebSocket};
use futures_util::{SinkExt, StreamExt};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::{OwnedSemaphorePermit, Semaphore, broadcast, mpsc, watch};
use tokio::task::JoinSet;
use tokio::time::Instant;
use vault_raider_protocol::{Id, Method, Reason, Response, RpcError, Topic};

/// How many frames may wait to be written before a connection counts as not reading.
const OUTBOX: usize = 1024;

/// How long the final writes may take once a connection is closing.
const CLOSE_GRACE: Duration = Duration::from_secs(5);

/// How long in-flight calls may take to finish once the connection is closing; calls still
/// running then are abandoned (and logged), so a stuck call cannot hold up shutdown forever.
const IN_FLIGHT_GRACE: Duration = Duration::from_secs(30);

/// WebSocket close codes used here.
mod close_code {
    /// The daemon is going away (shutdown) or the peer went silent.
    pub const GOING_AWAY: u16 = 1001;
    /// The peer broke a rule (revoked token, not reading its events).
    pub const POLICY: u16 = 1008;
    /// A frame over the size limit.
    pub const TOO_BIG: u16 = 1009;
}

/// What one connection needs besides its socket.
pub(crate) struct ConnectionContext {
    /// The server's shared state.
    pub shared: Arc<Shared>,
    /// Encoded events, in bus order.
    pub events: broadcast::Receiver<Outgoing>,
    /// Becomes true when the server stops.
    pub stop: watch::Receiver<bool>,
}

/// Everything a running call needs to answer.
#[derive(Clone)]
struct CallContext {
    shared: Arc<Shared>,
    session: Arc<Mutex<Session>>,
    outbox: mpsc::Sender<Message>,
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
    } = context;
    let _counted = OpenConnection::count(&shared.connections);
    let stopping = super::stopped(stop);
    tokio::pin!(stopping);
    let limits = shared.limits.clone();
    let frame_limits = FrameLimits {
        max_depth: limits.max_depth,
        max_id_chars: limits.max_id_chars,
    };
    let (sink, mut stream) = socket.split();
    let (outbox, inbox) = mpsc::channel::<Message>(OUTBOX);
    let writer = tokio::spawn(write_all(sink, inbox));
    let calls = CallContext {
        shared: Arc::clone(&shared),
        session: Arc::new(Mutex::new(Session::default())),
        outbox: outbox.clone(),
    };
    let in_flight = Arc::new(Semaphore::new(limits.max_in_flight));
    let mut tasks = JoinSet::new();
    let mut revoked = shared.revoked.subscribe();
    let mut ping =
        tokio::time::interval_at(Instant::now() + limits.ping_interval, limits.ping_interval);
    let mut last_heard = Instant::now();

    let close = loop {
        tokio::select! {
            () = &mut stopping => {
                break Some(close_frame(close_code::GOING_AWAY, "the daemon is shutting down"));
            }
            frame = stream.next() => {
                let message = match frame {
                    None => break None,
                    Some(Err(e)) => {
                        tracing::debug!(error = %e, "a connection failed");
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
                        send_now(&outbox, Message::Text(encode(&Response::error(None, error))));
                        continue;
                    }
                    Message::Ping(_) | Message::Pong(_) => continue,
                    Message::Close(_) => break None,
                };
                match frame::parse(text.as_str(), frame_limits) {
                    Frame::Broken(response) => send_now(&outbox, Message::Text(encode(&response))),
                    Frame::Single(Err(response)) => {
                        if let Some(response) = response {
                            send_now(&outbox, Message::Text(encode(&response)));
                        }
                    }
                    Frame::Single(Ok(call)) if call.method == Method::SessionIdentify => {
                        // Identify runs before the next frame is read, so calls sent right
                        // after it see the new identity.
                        if let Some(response) = run_call(&calls, call).await {
                            send_now(&outbox, Message::Text(encode(&response)));
                        }
                    }
                    Frame::Single(Ok(call)) => match Arc::clone(&in_flight).try_acquire_owned() {
                        Ok(permit) => {
                            let calls = calls.clone();
                            tasks.spawn(async move {
                                let response = run_call(&calls, call).await;
                                drop(permit);
                                if let Some(response) = response {
                                    let _ = calls.outbox.send(Message::Text(encode(&response))).await;
                                }
                            });
                        }
                        Err(_) => {
                            if let Some(id) = call.id {
                                send_now(&outbox, Message::Text(encode(&busy(id))));
                            }
                        }
                    },
                    Frame::Batch(entries) => {
                        let slots = reserve(entries, &in_flight);
                        let calls = calls.clone();
                        tasks.spawn(async move { run_batch(&calls, slots).await });
                    }
                }
            }
            event = events.recv() => match event {
                Ok(out) => {
                    if wants(&calls.session, out.topic) && outbox.try_send(Message::Text(out.text)).is_err() {
                        break Some(close_frame(close_code::POLICY, "not reading its events; reconnect and ask for profile.changes"));
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
            _ = ping.tick() => {
                if last_heard.elapsed() >= limits.idle_timeout {
                    tracing::debug!("dropping a silent connection");
                    break Some(close_frame(close_code::GOING_AWAY, "no answer to pings"));
                }
                send_now(&outbox, Message::Ping(Default::default()));
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
        let _ = outbox.send(Message::Close(Some(frame))).await;
    }
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

/// One request of a batch: a call holding its in-flight permit, or an answer already known.
enum Slot {
    Run(Call, OwnedSemaphorePermit),
    Answered(Option<Response>),
}

/// Takes an in-flight permit for each call of a batch; calls past the limit are answered `busy`.
fn reserve(entries: Vec<Entry>, in_flight: &Arc<Semaphore>) -> Vec<Slot> {
    entries
        .into_iter()
        .map(|entry| match entry {
            Ok(call) => match Arc::clone(in_flight).try_acquire_owned() {
                Ok(permit) => Slot::Run(call, permit),
                Err(_) => Slot::Answered(call.id.map(busy)),
            },
            Err(response) => Slot::Answered(response),
        })
        .collect()
}

/// Runs a batch's calls in order and answers them together (nothing when all were notifications).
async fn run_batch(calls: &CallContext, slots: Vec<Slot>) {
    let mut responses = Vec::new();
    for slot in slots {
        match slot {
            Slot::Run(call, permit) => {
                responses.extend(run_call(calls, call).await);
                drop(permit);
            }
            Slot::Answered(response) => responses.extend(response),
        }
    }
    if !responses.is_empty() {
        let text = serde_json::to_string(&responses).expect("a response always encodes");
        let _ = calls.outbox.send(Message::Text(text.into())).await;
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

fn busy(id: Id) -> Response {
    Response::error(
        Some(id),
        RpcError::new(
            Reason::Busy,
            "too many requests in flight on this connection; wait for some answers",
        ),
    )
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

/// Queues a frame without waiting; a full outbox means the peer is not reading, and the frame is
/// dropped (the idle timeout or the event check closes such a connection).
fn send_now(outbox: &mpsc::Sender<Message>, message: Message) {
    let _ = outbox.try_send(message);
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

/// Writes queued frames until the queue closes or the peer goes away.
async fn write_all(
    mut sink: futures_util::stream::SplitSink<WebSocket, Message>,
    mut inbox: mpsc::Receiver<Message>,
) {
    while let Some(message) = inbox.recv().await {
        let closing = matches!(message, Message::Close(_));
        if sink.send(message).await.is_err() || closing {
            break;
        }
    }
    let _ = sink.close().await;
}
