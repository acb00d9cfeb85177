//! A whole product in one test: the simulator on a free port and a real daemon (store, sync,
//! executor, protocol server) signed in to it, in a temporary data directory, plus a protocol
//! client identified with the admin token.

use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use std::time::Duration;
use tokio_tungstenite::tungstenite::Message;
use vault_raider::config::Config;
use vault_raider::runtime::{DaemonOptions, RunningDaemon, start_daemon};
use vault_raider::sim::{SimConfig, SimHandle, start};

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
}

impl Default for DemoOptions {
    fn default() -> Self {
        DemoOptions {
            sim: SimConfig {
                pacing: false,
                clock: false,
                ..SimConfig::default()
            },
        }
    }
}

impl Demo {
    /// The sample account, pacing and clock off, after the first sync.
    pub async fn start() -> Demo {
        Demo::start_with(DemoOptions::default()).await
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
        let defaults = SimConfig::default();
        let config = Config {
            bungie_url: sim.base_url(),
            api_key: Some(defaults.api_key.clone()),
            client_id: Some(defaults.client_id.clone()),
            client_secret: Some(defaults.client_secret.clone()),
            ..Config::default()
        };
        // Port 0: a free port (the daemon's validation applies to configuration files, not here).
        let config = Config { port: 0, ..config };
        let daemon = start_daemon(DaemonOptions {
            config,
            data_dir: dir.path().to_path_buf(),
            unattended_login: true,
            use_os_secret_store: false,
            write_pointer: false,
        })
        .await
        .expect("the daemon starts");
        let demo = Demo { sim, daemon, dir };
        demo.wait_for_first_sync().await;
        demo
    }

    async fn wait_for_first_sync(&self) {
        for _ in 0..200 {
            if self.daemon.daemon.store.rev().unwrap_or(0) > 0 {
                return;
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        panic!("the daemon never finished its first sync");
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
        let mut client = Client::connect(self.daemon.port).await;
        let answer = client
            .call(
                "session.identify",
                json!({"protocol": 1, "token": self.admin_token(), "client": {"name": "test", "kind": "cli", "version": "0"}}),
            )
            .await;
        assert!(answer.get("result").is_some(), "identify failed: {answer}");
        client
    }

    /// The simulator's truth (`GET /sim/state`).
    pub async fn sim_state(&self) -> Value {
        reqwest::get(format!("{}/sim/state", self.sim.base_url()))
            .await
            .expect("sim state")
            .json()
            .await
            .expect("json")
    }

    /// Stops the daemon and the simulator.
    pub async fn stop(self) {
        self.daemon.shutdown().await;
        self.sim.shutdown().await;
    }
}

/// A raw protocol client: sends requests, collects answers and notifications.
pub struct Client {
    socket: tokio_tungstenite::WebSocketStream<
        tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>,
    >,
    next_id: u64,
    /// Notifications received so far, oldest first.
    pub events: Vec<Value>,
}

impl Client {
    /// Connects to `127.0.0.1:port/ws` without identifying.
    pub async fn connect(port: u16) -> Client {
        let (socket, _) = tokio_tungstenite::connect_async(format!("ws://127.0.0.1:{port}/ws"))
            .await
            .expect("connects");
        Client {
            socket,
            next_id: 1,
            events: Vec::new(),
        }
    }

    /// Sends one request and returns the whole answer (`result` or `error`), keeping the
    /// notifications that arrive meanwhile.
    pub async fn call(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        let frame = json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params});
        self.socket
            .send(Message::Text(frame.to_string().into()))
            .await
            .expect("send");
        loop {
            let next = tokio::time::timeout(Duration::from_secs(30), self.socket.next())
                .await
                .expect("an answer in time");
            let Some(Ok(Message::Text(text))) = next else {
                continue;
            };
            let value: Value = serde_json::from_str(&text).expect("JSON");
            if value.get("id").and_then(Value::as_u64) == Some(id) {
                return value;
            }
            if value.get("id").is_none() {
                self.events.push(value);
            }
        }
    }

    /// Waits up to `within` for a notification named `method` (already received ones count).
    pub async fn wait_event(&mut self, method: &str, within: Duration) -> Option<Value> {
        if let Some(pos) = self.events.iter().position(|e| e["method"] == method) {
            return Some(self.events.remove(pos));
        }
        let deadline = tokio::time::Instant::now() + within;
        loop {
            let left = deadline.saturating_duration_since(tokio::time::Instant::now());
            let next = tokio::time::timeout(left, self.socket.next())
                .await
                .ok()??;
            let Ok(Message::Text(text)) = next else {
                continue;
            };
            let value: Value = serde_json::from_str(&text).ok()?;
            if value["method"] == method {
                return Some(value);
            }
            if value.get("id").is_none() {
                self.events.push(value);
            }
        }
    }
}

/// A two-worker runtime with I/O and time, for code outside `#[tokio::test]` (the benches).
pub fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a runtime")
}
