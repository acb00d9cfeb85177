//! The one task that turns bus events into protocol notifications, encoded once, and
//! re-broadcasts them (with their topic) to every connection in the order they were published.

use super::convert;
use axum::extract::ws::Utf8Bytes;
use tokio::sync::broadcast;
use tokio_util::sync::CancellationToken;
use vault_raider_protocol::{Notification, Topic};

/// A notification ready to send.
#[derive(Debug, Clone)]
pub(crate) struct Outgoing {
    /// Its topic: connections that did not subscribe to it skip it.
    pub topic: Topic,
    /// The encoded JSON-RPC notification.
    pub text: Utf8Bytes,
}

/// Converts and forwards events until the server stops or the bus closes.
pub(crate) async fn run(
    mut bus: broadcast::Receiver<crate::events::DaemonEvent>,
    out: broadcast::Sender<Outgoing>,
    stop: CancellationToken,
) {
    let stopping = stop.cancelled_owned();
    tokio::pin!(stopping);
    loop {
        let event = tokio::select! {
            () = &mut stopping => return,
            event = bus.recv() => event,
        };
        match event {
            Ok(event) => {
                let Some(event) = convert::event(&event) else {
                    continue;
                };
                let topic = event.topic();
                match serde_json::to_string(&Notification::new(event)) {
                    Ok(text) => {
                        let _ = out.send(Outgoing {
                            topic,
                            text: text.into(),
                        });
                    }
                    Err(e) => tracing::error!(error = %e, "an event could not be encoded"),
                }
            }
            Err(broadcast::error::RecvError::Lagged(missed)) => {
                tracing::warn!(missed, "the protocol server fell behind the event bus");
            }
            Err(broadcast::error::RecvError::Closed) => return,
        }
    }
}
