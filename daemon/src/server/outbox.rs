//! What the daemon has queued for one client, bounded in bytes (`PROTOCOL.md`: 1 MiB). A client
//! that does not read lets its queue fill; the frame that would pass the bound is not queued
//! and the connection is told to close (1008). One frame is always accepted into an empty queue,
//! so a single large answer (a snapshot) still goes out.

use axum::extract::ws::Message;
use futures_util::SinkExt;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use tokio::sync::{Notify, mpsc};

/// The sending side, cloned into every running call.
#[derive(Clone)]
pub(crate) struct Outbox {
    frames: mpsc::UnboundedSender<Message>,
    queued: Arc<AtomicUsize>,
    limit: usize,
    overflowed: Arc<Notify>,
}

/// The writing side: owns the socket's sink.
pub(crate) struct Writer {
    frames: mpsc::UnboundedReceiver<Message>,
    queued: Arc<AtomicUsize>,
}

/// A queue bounded to `limit` bytes, its writer, and what is told when it overflows.
pub(crate) fn outbox(limit: usize) -> (Outbox, Writer, Arc<Notify>) {
    let (frames, inbox) = mpsc::unbounded_channel();
    let queued = Arc::new(AtomicUsize::new(0));
    let overflowed = Arc::new(Notify::new());
    let outbox = Outbox {
        frames,
        queued: Arc::clone(&queued),
        limit,
        overflowed: Arc::clone(&overflowed),
    };
    (
        outbox,
        Writer {
            frames: inbox,
            queued,
        },
        overflowed,
    )
}

/// The bytes a frame takes in the queue.
fn size(message: &Message) -> usize {
    match message {
        Message::Text(text) => text.len(),
        Message::Binary(bytes) | Message::Ping(bytes) | Message::Pong(bytes) => bytes.len(),
        Message::Close(_) => 0,
    }
}

impl Outbox {
    /// Queues a frame; `false` (and the overflow told) when it would pass the bound.
    pub fn send(&self, message: Message) -> bool {
        let bytes = size(&message);
        let admitted = self
            .queued
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |queued| {
                (queued == 0 || queued.saturating_add(bytes) <= self.limit)
                    .then(|| queued.saturating_add(bytes))
            })
            .is_ok();
        if !admitted {
            self.overflowed.notify_one();
            return false;
        }
        if self.frames.send(message).is_err() {
            self.queued.fetch_sub(bytes, Ordering::AcqRel);
            return false;
        }
        true
    }

    /// Queues the close frame, whatever the bound.
    pub fn close(&self, message: Message) {
        let _ = self.frames.send(message);
    }
}

impl Writer {
    /// Writes queued frames until the queue closes, a close frame is written, or the peer goes.
    pub async fn run(
        mut self,
        mut sink: futures_util::stream::SplitSink<axum::extract::ws::WebSocket, Message>,
    ) {
        while let Some(message) = self.frames.recv().await {
            let bytes = size(&message);
            let closing = matches!(message, Message::Close(_));
            let sent = sink.send(message).await;
            self.queued.fetch_sub(bytes, Ordering::AcqRel);
            if sent.is_err() || closing {
                break;
            }
        }
        let _ = sink.close().await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_queue_is_bounded_in_bytes_but_takes_one_large_frame_when_empty() {
        let (outbox, _writer, overflowed) = outbox(100);
        assert!(
            outbox.send(Message::Text("x".repeat(300).into())),
            "empty: taken"
        );
        assert!(!outbox.send(Message::Text("y".into())), "over the bound");
        let told = overflowed.notified();
        tokio::pin!(told);
        assert!(
            futures_util::FutureExt::now_or_never(told.as_mut()).is_some(),
            "the overflow is told"
        );
    }

    #[test]
    fn small_frames_fit_until_the_bound() {
        let (outbox, _writer, _) = outbox(100);
        for _ in 0..10 {
            assert!(outbox.send(Message::Text("x".repeat(10).into())));
        }
        assert!(!outbox.send(Message::Text("x".into())));
    }
}
