//! A whole product in one test: the simulator on a free port and a real daemon (store, sync,
//! executor, protocol server) signed in to it, in a temporary data directory, plus a protocol
//! client identified with the admin token.

use serde_json::{Value, json};
use std::time::Duration;
use vault_raider::cli::client::{DaemonClient, Incoming};
use vault_raider::config::Config;
use vault_raider::runtime::{DaemonOptions, RunningDaemon, start_daemon};
use vault_raider_sim::{SimConfig, SimHandle, start};

/// The simulator and the daemon.
pub struct Demo {
    /// The simulator.
    pub sim: SimHandle,
    /// The daemon.
    pub daemon: RunningDaemon,
    /// The temporary data directory (removed on drop).
    pub dir: tempfile::TempDir,
}

/// Options for [`Demo::start_with`].
pub struct DemoOptions {
    /// The simulator's configuration (port and auto-approval are set by the harness).
    pub sim: SimConfig,
    /// Start the tray and desktop notifications (needs a session bus).
    pub desktop: bool,
}

impl Default for DemoOptions {
    fn default() -> Self {
        DemoOptions {
            sim: SimConfig {
                pacing: false,
                clock: false,
                // Carnage reports at once (tests of their delay set one).
                pgcr_delay: Duration::ZERO,
                ..SimConfig::default()
            },
            desktop: false,
        }
    }
}

impl Demo {
    /// The sample account, pacing and clock off, after the first sync.
    pub async fn start() -> Demo {
        Demo::start_with(DemoOptions::default()).await
    }

    /// [`Demo::start_with`] on the large account (every gear bucket full), without pacing nor the
    /// game clock and with the simulator's other defaults, without the desktop pieces.
    pub async fn start_large() -> Demo {
        Demo::start_with(DemoOptions {
            sim: SimConfig {
                large: true,
                pacing: false,
                clock: false,
                ..SimConfig::default()
            },
            desktop: false,
        })
        .await
    }

    /// Starts the simulator and the daemon and waits for the first sync.
    pub async fn start_with(options: DemoOptions) -> Demo {
        let sim = start(SimConfig {
            port: 0,
            auto_approve: true,
            ..options.sim
        })
        .await
        .expect("the simulator starts");
        let dir = tempfile::tempdir().expect("a temporary directory");
        Stopped { sim, dir }
            .start_daemon_with(options.desktop)
            .await
    }

    /// Stops the daemon only; the simulator and the data directory stay for a restart.
    pub async fn stop_daemon(self) -> Stopped {
        self.daemon.shutdown().await;
        Stopped {
            sim: self.sim,
            dir: self.dir,
        }
    }

    /// Restarts the daemon on the same data directory (and waits until its store has a revision).
    pub async fn restart(self) -> Demo {
        self.stop_daemon().await.start_daemon().await
    }

    /// POSTs a JSON body to one of the simulator's control endpoints (`/sim/faults`…) and returns
    /// its answer.
    pub async fn sim_post(&self, path: &str, body: Value) -> Value {
        sim_post(&self.sim, path, body).await
    }

    /// How many times the simulator has answered the Bungie endpoint `name` (`/sim/calls`).
    pub async fn sim_calls(&self, name: &str) -> u64 {
        let calls = sim_get(&self.sim, "/sim/calls").await;
        calls[name].as_u64().unwrap_or(0)
    }

    async fn wait_for_first_sync(&self) {
        for _ in 0..200 {
            // The revision rises before the sync finishes (activity detection, sync metadata):
            // wait for its end, so tests start from a quiet daemon.
            if self.daemon.daemon.store.rev().unwrap_or(0) > 0
                && self.daemon.daemon.sync.status().last_sync.is_some()
            {
                return;
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        panic!("the daemon never finished its first sync");
    }

    /// The stored Bungie tokens (`tokens.json` in the data directory).
    pub fn stored_tokens(&self) -> Value {
        let text = std::fs::read_to_string(self.dir.path().join("tokens.json"))
            .expect("tokens.json exists");
        serde_json::from_str(&text).expect("tokens.json is JSON")
    }

    /// The admin token the daemon wrote.
    pub fn admin_token(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("admin.token"))
            .expect("admin.token exists")
            .trim()
            .to_string()
    }

    /// A protocol client identified with the admin token.
    pub async fn client(&self) -> Client {
        Client::connect_identified(self.daemon.port, &self.admin_token()).await
    }

    /// The simulator's truth (`GET /sim/state`).
    pub async fn sim_state(&self) -> Value {
        sim_get(&self.sim, "/sim/state").await
    }

    /// GETs one of the simulator's control endpoints and returns its JSON answer.
    pub async fn sim_get(&self, path: &str) -> Value {
        sim_get(&self.sim, path).await
    }

    /// Stops the daemon and the simulator.
    pub async fn stop(self) {
        self.daemon.shutdown().await;
        self.sim.shutdown().await;
    }
}

/// The simulator and a data directory, with no daemon running.
pub struct Stopped {
    /// The simulator.
    pub sim: SimHandle,
    /// The data directory.
    pub dir: tempfile::TempDir,
}

impl Stopped {
    /// POSTs to a simulator control endpoint (see [`Demo::sim_post`]).
    pub async fn sim_post(&self, path: &str, body: Value) -> Value {
        sim_post(&self.sim, path, body).await
    }

    /// Starts a daemon on the data directory, signed in to the simulator, and waits until its store
    /// has a revision (at once when it already had one).
    pub async fn start_daemon(self) -> Demo {
        self.start_daemon_with(false).await
    }

    /// [`Stopped::start_daemon`], with the tray and notifications when `desktop`.
    pub async fn start_daemon_with(self, desktop: bool) -> Demo {
        let defaults = SimConfig::default();
        let config = Config {
            bungie_url: self.sim.base_url(),
            api_key: Some(defaults.api_key.clone()),
            client_id: Some(defaults.client_id.clone()),
            client_secret: Some(defaults.client_secret.clone()),
            ..Config::default()
        };
        // Port 0: a free port (the daemon's validation applies to configuration files, not here).
        let config = Config { port: 0, ..config };
        let daemon = start_daemon(DaemonOptions {
            config,
            data_dir: self.dir.path().to_path_buf(),
            unattended_login: true,
            use_os_secret_store: false,
            write_pointer: false,
            desktop,
        })
        .await
        .expect("the daemon starts");
        let demo = Demo {
            sim: self.sim,
            daemon,
            dir: self.dir,
        };
        demo.wait_for_first_sync().await;
        demo
    }
}

/// Starts an activity in the simulator's game for `character` (an id), begun `minutes_ago`.
pub fn start_activity(sim: &SimHandle, character: &str, minutes_ago: i64) {
    let id: i64 = character.parse().expect("an int64 character id");
    sim.world()
        .lock()
        .expect("the world")
        .start_activity(
            id,
            chrono::Utc::now() - chrono::TimeDelta::minutes(minutes_ago),
        )
        .expect("an activity starts");
}

/// GETs one of the simulator's control endpoints (`/sim/state`…) and returns its JSON answer.
pub async fn sim_get(sim: &SimHandle, path: &str) -> Value {
    reqwest::get(format!("{}{path}", sim.base_url()))
        .await
        .expect("the simulator answers")
        .json()
        .await
        .expect("JSON")
}

async fn sim_post(sim: &SimHandle, path: &str, body: Value) -> Value {
    reqwest::Client::new()
        .post(format!("{}{path}", sim.base_url()))
        .json(&body)
        .send()
        .await
        .expect("the simulator answers")
        .json()
        .await
        .expect("JSON")
}

/// The tests' protocol client: the command line's own [`DaemonClient`] (one client for the
/// command line and the tests), with answers read as data (`result` or `error`), a deadline on
/// every wait, and the notifications received so far kept in `events`.
pub struct Client {
    inner: DaemonClient,
    /// Notifications received so far, oldest first.
    pub events: Vec<Value>,
}

/// How long a test waits for the upgrade and for an answer before it fails.
const WAIT: Duration = Duration::from_secs(30);

impl Client {
    /// Connects to `127.0.0.1:port/ws` without identifying.
    pub async fn connect(port: u16) -> Client {
        Client::connect_with(port, &[]).await.expect("connects")
    }

    /// Connects to `127.0.0.1:port/ws` and identifies with `token` (an admin or client token).
    pub async fn connect_identified(port: u16, token: &str) -> Client {
        let mut client = Client::connect(port).await;
        let answer = client
            .call(
                "session.identify",
                json!({"protocol": 1, "token": token, "client": {"name": "test", "kind": "cli", "version": "0"}}),
            )
            .await;
        assert!(answer.get("result").is_some(), "identify failed: {answer}");
        client
    }

    /// Sends one request and returns the whole answer (`result` or `error`), keeping the
    /// notifications that arrive meanwhile.
    pub async fn call(&mut self, method: &str, params: Value) -> Value {
        let answer = tokio::time::timeout(WAIT, self.inner.answer(method, params))
            .await
            .expect("an answer in time")
            .unwrap_or_else(|e| panic!("no answer to {method}: {e}"));
        self.events.append(&mut self.inner.pending_events);
        answer
    }

    /// The notifications named `method` received so far (kept).
    pub fn received(&self, method: &str) -> Vec<Value> {
        self.events
            .iter()
            .filter(|e| e["method"] == method)
            .cloned()
            .collect()
    }

    /// Waits up to `within` for a notification named `method` (already received ones count).
    pub async fn wait_event(&mut self, method: &str, within: Duration) -> Option<Value> {
        if let Some(pos) = self.events.iter().position(|e| e["method"] == method) {
            return Some(self.events.remove(pos));
        }
        let deadline = tokio::time::Instant::now() + within;
        loop {
            let Incoming::Json(value) = self.next_message(deadline).await? else {
                return None;
            };
            if value["method"] == method {
                return Some(value);
            }
            if value.get("id").is_none() {
                self.events.push(value);
            }
        }
    }

    /// The next message before `deadline`, or `None`.
    async fn next_message(&mut self, deadline: tokio::time::Instant) -> Option<Incoming> {
        tokio::time::timeout_at(deadline, self.inner.next_message())
            .await
            .ok()
    }
}

impl Demo {
    /// A client identified with `token` (the answer is kept in the first element).
    pub async fn client_with_token(&self, token: &str) -> (Client, Value) {
        let mut client = Client::connect(self.daemon.port).await;
        let answer = client.identify(token).await;
        (client, answer)
    }

    /// Pairs a new client through `pairing.request`, the admin's `pairing.pending` and
    /// `pairing.complete`; returns its token.
    pub async fn pair(&self, name: &str) -> String {
        let mut admin = self.client().await;
        pair_client(self.daemon.port, &mut admin, name).await
    }

    /// The store's revision.
    pub fn rev(&self) -> u64 {
        self.daemon
            .daemon
            .store
            .rev()
            .expect("the store's revision")
    }
}

/// What arrived on a socket: a JSON message, a close frame's code, or nothing in time.
#[derive(Debug, PartialEq)]
pub enum Received {
    /// A text frame, parsed.
    Json(Value),
    /// The connection was closed (with this close code, when one was sent).
    Closed(Option<u16>),
    /// Nothing arrived in time.
    Nothing,
}

impl Client {
    /// Connects with extra HTTP headers on the upgrade request (`Origin`, `Host`); the upgrade's
    /// error when the daemon refuses it (or after 30 s).
    pub async fn connect_with(
        port: u16,
        headers: &[(&str, &str)],
    ) -> Result<Client, tokio_tungstenite::tungstenite::Error> {
        let inner = DaemonClient::open(port, headers, WAIT).await?;
        Ok(Client {
            inner,
            events: Vec::new(),
        })
    }

    /// Sends `session.identify` with `token` and returns the answer.
    pub async fn identify(&mut self, token: &str) -> Value {
        self.call(
            "session.identify",
            json!({"protocol": 1, "token": token, "client": {"name": "test", "kind": "other", "version": "0"}}),
        )
        .await
    }

    /// Sends one text frame as it is.
    pub async fn send_text(&mut self, text: &str) {
        self.inner.send_text(text).await.expect("send");
    }

    /// Sends one binary frame.
    pub async fn send_binary(&mut self, bytes: Vec<u8>) {
        self.inner.send_binary(bytes).await.expect("send");
    }

    /// The next answer (a message that is not a notification) within `within`; notifications
    /// arriving meanwhile are kept in `events`.
    pub async fn next_answer(&mut self, within: Duration) -> Received {
        let deadline = tokio::time::Instant::now() + within;
        loop {
            match self.next_message(deadline).await {
                None => return Received::Nothing,
                Some(Incoming::Closed(code)) => return Received::Closed(code),
                Some(Incoming::Json(value)) => {
                    if value.is_object() && value.get("id").is_none() {
                        self.events.push(value);
                    } else {
                        return Received::Json(value);
                    }
                }
            }
        }
    }

    /// The next message within `within`, answer and notification alike (nothing is kept in
    /// `events`): for tests that read the socket in order.
    pub async fn next_received(&mut self, within: Duration) -> Received {
        match self
            .next_message(tokio::time::Instant::now() + within)
            .await
        {
            None => Received::Nothing,
            Some(Incoming::Closed(code)) => Received::Closed(code),
            Some(Incoming::Json(value)) => Received::Json(value),
        }
    }

    /// Closes the connection with a close frame and waits for the daemon to close its side.
    pub async fn close(self) {
        self.inner.close().await;
    }

    /// Collects notifications named `method` until `count` have arrived or `within` passes.
    pub async fn collect_events(
        &mut self,
        method: &str,
        count: usize,
        within: Duration,
    ) -> Vec<Value> {
        let deadline = tokio::time::Instant::now() + within;
        loop {
            let found = self.events.iter().filter(|e| e["method"] == method).count();
            if found >= count {
                break;
            }
            match self.next_message(deadline).await {
                None | Some(Incoming::Closed(_)) => break,
                Some(Incoming::Json(value)) => {
                    if value.get("id").is_none() {
                        self.events.push(value);
                    }
                }
            }
        }
        let (matching, rest) = std::mem::take(&mut self.events)
            .into_iter()
            .partition(|e| e["method"] == method);
        self.events = rest;
        matching
    }
}

impl Demo {
    /// The simulator's record of one item (`GET /sim/state`).
    pub async fn sim_item(&self, id: &str) -> Value {
        self.sim_state().await["items"]
            .as_array()
            .expect("items")
            .iter()
            .find(|i| i["itemId"] == json!(id))
            .cloned()
            .unwrap_or_else(|| panic!("item {id} in the simulator"))
    }
}

/// A string member of a result (the test fails when it is not one).
pub fn text(value: &Value) -> String {
    value
        .as_str()
        .unwrap_or_else(|| panic!("a string: {value}"))
        .to_string()
}

/// The id of the character of `class` in a `profile.snapshot` result.
pub fn character_of(snapshot: &Value, class: &str) -> String {
    let found = snapshot["characters"]
        .as_array()
        .expect("characters")
        .iter()
        .find(|c| c["class"] == class)
        .unwrap_or_else(|| panic!("a {class} in {}", snapshot["characters"]));
    text(&found["characterId"])
}

/// A two-worker runtime with I/O and time, for code outside `#[tokio::test]` (the benches).
pub fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a runtime")
}

/// Pairs a new client named `name` with the daemon on `port` through `pairing.request`, the
/// admin's `pairing.pending` and `pairing.complete`; returns its token.
pub async fn pair_client(port: u16, admin: &mut Client, name: &str) -> String {
    let mut fresh = Client::connect(port).await;
    let requested = fresh
        .call(
            "pairing.request",
            json!({"client": {"name": name, "kind": "extension", "version": "1"}}),
        )
        .await;
    let pairing_id = requested["result"]["pairingId"]
        .as_str()
        .unwrap_or_else(|| panic!("a pairing id: {requested}"))
        .to_string();
    let pending = admin.call("pairing.pending", json!({})).await;
    let code = pending["result"]
        .as_array()
        .and_then(|all| all.iter().find(|p| p["pairingId"] == json!(pairing_id)))
        .and_then(|p| p["code"].as_str())
        .unwrap_or_else(|| panic!("the pairing's code: {pending}"))
        .to_string();
    let completed = fresh
        .call(
            "pairing.complete",
            json!({"pairingId": pairing_id, "code": code}),
        )
        .await;
    completed["result"]["token"]
        .as_str()
        .unwrap_or_else(|| panic!("a token: {completed}"))
        .to_string()
}

/// The names of the loadouts a `loadouts.list` result lists, in its order.
pub fn loadout_names(listed: &Value) -> Vec<&str> {
    listed["loadouts"]
        .as_array()
        .expect("loadouts")
        .iter()
        .filter_map(|l| l["name"].as_str())
        .collect()
}

/// A WebSocket to the daemon's port, identified with `token` as a client named `name`, with a
/// receive buffer of `recv_buffer` bytes as a slow reader has: Linux would otherwise grow it to
/// tcp_rmem's maximum, and the kernel, not the daemon, would hold the unread answers.
pub async fn small_buffer_socket(
    port: u16,
    recv_buffer: u32,
    token: &str,
    name: &str,
) -> tokio_tungstenite::WebSocketStream<tokio::net::TcpStream> {
    let tcp = tokio::net::TcpSocket::new_v4().expect("a socket");
    tcp.set_recv_buffer_size(recv_buffer).expect("SO_RCVBUF");
    let stream = tcp
        .connect(std::net::SocketAddr::from(([127, 0, 0, 1], port)))
        .await
        .expect("connect");
    let (mut socket, _) =
        tokio_tungstenite::client_async(format!("ws://127.0.0.1:{port}/ws"), stream)
            .await
            .expect("the handshake");
    let identify = json!({"jsonrpc": "2.0", "id": 0, "method": "session.identify",
        "params": {"protocol": 1, "token": token,
                   "client": {"name": name, "kind": "other", "version": "0"}}});
    futures_util::SinkExt::send(
        &mut socket,
        tokio_tungstenite::tungstenite::Message::text(identify.to_string()),
    )
    .await
    .expect("identify");
    socket
}

/// Reads `socket` for at most `limit`: what was queued, then the close frame (or the reset, when
/// the daemon gave up delivering its close frame to a peer that did not read). The bytes read and
/// the close code: `Some(0)` for a reset or an end without a close frame, `None` when still open.
pub async fn read_until_close(
    socket: &mut tokio_tungstenite::WebSocketStream<tokio::net::TcpStream>,
    limit: Duration,
) -> (usize, Option<u16>) {
    use tokio_tungstenite::tungstenite::Message;
    let mut received = 0usize;
    let code = tokio::time::timeout(limit, async {
        while let Some(message) = futures_util::StreamExt::next(socket).await {
            match message {
                Ok(Message::Close(frame)) => return frame.map(|f| u16::from(f.code)),
                Ok(message) => received += message.len(),
                Err(_) => return Some(0),
            }
        }
        Some(0)
    })
    .await
    .unwrap_or(None);
    (received, code)
}
