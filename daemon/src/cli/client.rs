//! The command line's protocol client: connects to the running daemon over its WebSocket, identifies
//! with the admin token from the data directory, sends JSON-RPC requests and watches events.
//!
//! It is one more client of the public protocol: every request names its [`Method`] and sends the
//! protocol crate's params type; an answer is read as JSON ([`DaemonClient::call`]) or as the
//! method's result type ([`DaemonClient::request`]).

use futures_util::{SinkExt, StreamExt};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::time::Duration;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use vault_raider_protocol::events::Topic;
use vault_raider_protocol::session::{ClientInfo, ClientKind, IdentifyParams};
use vault_raider_protocol::{Method, Outcome, Response, RpcError};

pub use crate::runtime::pointer::{DaemonPointer, POINTER_FILE};

/// A protocol error the daemon answered with, shown as its message (written for people; the
/// code and reason stay in the protocol's error).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{}", .0.message)]
pub struct DaemonError(pub RpcError);

/// The error for an answer to `method` that is not the shape the protocol gives it.
pub fn not_understood(method: Method, error: impl std::fmt::Display) -> anyhow::Error {
    anyhow::anyhow!("the daemon's answer to {method} is not understood: {error}")
}

/// How long [`DaemonClient::connect`] waits for the WebSocket upgrade.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// One message from the daemon, as [`DaemonClient::next_message`] reads it.
#[derive(Debug, Clone, PartialEq)]
pub enum Incoming {
    /// A text frame, parsed as JSON (an answer, a batch of answers or a notification).
    Json(Value),
    /// The connection closed, with the close frame's code when the daemon sent one.
    Closed(Option<u16>),
}

/// An identified connection to the daemon.
pub struct DaemonClient {
    socket: tokio_tungstenite::WebSocketStream<
        tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>,
    >,
    next_id: u64,
    /// Events received while waiting for answers, oldest first.
    pub pending_events: Vec<Value>,
}

/// Finds the daemon: explicit port/data dir first, then the pointer file, then the defaults.
pub fn locate(
    port: Option<u16>,
    data_dir: Option<&Path>,
    default_data_dir: Option<&Path>,
    default_port: u16,
) -> (u16, Option<PathBuf>) {
    let pointer = default_data_dir
        .map(|dir| dir.join(POINTER_FILE))
        .and_then(|path| std::fs::read(path).ok())
        .and_then(|bytes| serde_json::from_slice::<DaemonPointer>(&bytes).ok());
    let port = port
        .or(pointer.as_ref().map(|p| p.port))
        .unwrap_or(default_port);
    let dir = data_dir
        .map(Path::to_path_buf)
        .or(pointer.map(|p| p.data_dir))
        .or(default_data_dir.map(Path::to_path_buf));
    (port, dir)
}

impl DaemonClient {
    /// Connects to `127.0.0.1:port` and identifies with the admin token read from `data_dir`.
    pub async fn connect(port: u16, data_dir: Option<&Path>) -> anyhow::Result<DaemonClient> {
        let token_path = data_dir.map(|dir| dir.join("admin.token"));
        let token = match &token_path {
            Some(path) => std::fs::read_to_string(path).map_err(|_| {
                anyhow::anyhow!(
                    "no admin token at {}: is the daemon running? Start it with `vault-raider run` (or `vault-raider demo`)",
                    path.display()
                )
            })?,
            None => anyhow::bail!("no data directory is known; pass --data-dir"),
        };
        let mut client = DaemonClient::open(port, &[], CONNECT_TIMEOUT)
            .await
            .map_err(|_| {
                anyhow::anyhow!(
                    "the daemon is not running on 127.0.0.1:{port}. Start it with `vault-raider run` (or `vault-raider demo`)"
                )
            })?;
        let identify = IdentifyParams {
            protocol: vault_raider_protocol::PROTOCOL_VERSION,
            token: token.trim().to_string(),
            client: ClientInfo {
                name: "vault-raider command line".to_string(),
                kind: ClientKind::Cli,
                version: env!("CARGO_PKG_VERSION").to_string(),
            },
            subscribe: Some(vec![Topic::Operations]),
        };
        client
            .call(Method::SessionIdentify, &identify)
            .await
            .map_err(|e| anyhow::anyhow!("the daemon refused the admin token: {e}"))?;
        Ok(client)
    }

    /// Connects to `127.0.0.1:port/ws` without identifying, sending `headers` with the upgrade
    /// request (a browser's `Origin`, a `Host`); gives up after `within`. The error is the
    /// upgrade's, so a refusal keeps its HTTP status (`Error::Http`); a timeout is an I/O
    /// `TimedOut`. The tests connect through this too, to be refused or to identify as they choose.
    pub async fn open(
        port: u16,
        headers: &[(&str, &str)],
        within: Duration,
    ) -> Result<DaemonClient, tokio_tungstenite::tungstenite::Error> {
        use tokio_tungstenite::tungstenite::{Error, http};
        let mut request = format!("ws://127.0.0.1:{port}/ws").into_client_request()?;
        for (name, value) in headers {
            let name = http::HeaderName::from_bytes(name.as_bytes())
                .map_err(|e| Error::HttpFormat(e.into()))?;
            let value =
                http::HeaderValue::from_str(value).map_err(|e| Error::HttpFormat(e.into()))?;
            request.headers_mut().insert(name, value);
        }
        // No Nagle: a request is one small frame that should leave at once.
        let connecting = tokio_tungstenite::connect_async_with_config(request, None, true);
        let (socket, _) = tokio::time::timeout(within, connecting)
            .await
            .map_err(|_| Error::Io(std::io::ErrorKind::TimedOut.into()))??;
        Ok(DaemonClient {
            socket,
            next_id: 1,
            pending_events: Vec::new(),
        })
    }

    /// Sends one request by its method's name (any name: the tests also send unknown ones) and
    /// returns the daemon's whole answer (`{"jsonrpc", "id", "result"}` or `{…, "error"}`),
    /// keeping the events that arrive meanwhile in `pending_events`. For callers that read errors
    /// as data (the tests); [`DaemonClient::call`] turns them into [`DaemonError`]s.
    pub async fn answer(&mut self, method: &str, params: Value) -> anyhow::Result<Value> {
        self.answer_watching(method, params, |_| {}).await
    }

    /// [`DaemonClient::answer`], calling `on_event` for each event that arrives meanwhile.
    async fn answer_watching(
        &mut self,
        method: &str,
        params: Value,
        mut on_event: impl FnMut(&Value),
    ) -> anyhow::Result<Value> {
        let id = self.next_id;
        self.next_id += 1;
        let request = json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params});
        self.send_text(&request.to_string()).await?;
        loop {
            let value = match self.next_message().await {
                Incoming::Json(value) => value,
                Incoming::Closed(_) => {
                    anyhow::bail!("the daemon closed the connection before answering")
                }
            };
            if value.get("id").and_then(Value::as_u64) == Some(id) {
                return Ok(value);
            }
            if value.get("id").is_none() && value.get("method").is_some() {
                on_event(&value);
                self.pending_events.push(value);
            }
        }
    }

    /// The next text frame from the daemon, parsed (frames that are not JSON text are skipped;
    /// pings are answered by the socket), or how the connection closed. Nothing is kept in
    /// `pending_events`: this reads the socket as it is (wrap it in `tokio::time::timeout` to wait
    /// a bounded time).
    pub async fn next_message(&mut self) -> Incoming {
        while let Some(frame) = self.socket.next().await {
            match frame {
                Ok(Message::Text(text)) => {
                    if let Ok(value) = serde_json::from_str::<Value>(&text) {
                        return Incoming::Json(value);
                    }
                }
                Ok(Message::Close(frame)) => {
                    return Incoming::Closed(frame.map(|f| u16::from(f.code)));
                }
                Ok(_) => {}
                Err(_) => return Incoming::Closed(None),
            }
        }
        Incoming::Closed(None)
    }

    /// Sends one text frame as it is (a request or batch built by the caller; the tests also
    /// send malformed ones on purpose).
    pub async fn send_text(&mut self, text: &str) -> anyhow::Result<()> {
        self.socket.send(Message::Text(text.into())).await?;
        Ok(())
    }

    /// Sends one binary frame (which the protocol refuses: for the tests of that refusal).
    pub async fn send_binary(&mut self, bytes: Vec<u8>) -> anyhow::Result<()> {
        self.socket.send(Message::Binary(bytes.into())).await?;
        Ok(())
    }

    /// Closes the connection with a close frame and waits until the daemon has closed its side.
    pub async fn close(mut self) {
        let _ = self.socket.close(None).await;
        while self.socket.next().await.is_some() {}
    }

    /// Sends one request and waits for its answer, calling `on_event` for events that arrive meanwhile.
    pub async fn call_watching(
        &mut self,
        method: Method,
        params: &impl Serialize,
        mut on_event: impl FnMut(&Value),
    ) -> Result<Value, anyhow::Error> {
        let params = serde_json::to_value(params)?;
        let answer = self
            .answer_watching(method.name(), params, &mut on_event)
            .await?;
        let response = Response::deserialize(&answer).map_err(|e| not_understood(method, e))?;
        match response.outcome {
            Outcome::Result(result) => Ok(result),
            Outcome::Error(error) => Err(DaemonError(error).into()),
        }
    }

    /// Waits for the next notification (one already received first).
    pub async fn next_event(&mut self) -> anyhow::Result<Value> {
        if !self.pending_events.is_empty() {
            return Ok(self.pending_events.remove(0));
        }
        loop {
            match self.next_message().await {
                Incoming::Json(value)
                    if value.get("id").is_none() && value.get("method").is_some() =>
                {
                    return Ok(value);
                }
                Incoming::Json(_) => {}
                Incoming::Closed(_) => break,
            }
        }
        anyhow::bail!("the daemon closed the connection")
    }

    /// Sends one request and waits for its answer, as JSON.
    pub async fn call(
        &mut self,
        method: Method,
        params: &impl Serialize,
    ) -> Result<Value, anyhow::Error> {
        self.call_watching(method, params, |_| {}).await
    }

    /// Sends one request and reads its answer as `R` (the method's result type).
    pub async fn request<R: DeserializeOwned>(
        &mut self,
        method: Method,
        params: &impl Serialize,
    ) -> Result<R, anyhow::Error> {
        let answer = self.call(method, params).await?;
        serde_json::from_value(answer).map_err(|e| not_understood(method, e))
    }
}
