//! Crash: the real binary (`vault-raider demo --data-dir D`, the simulator in the same process) is
//! killed with SIGKILL during its first sync, during a requested sync and during a loadout, again
//! and again on one data directory. Every restart must open the store and converge to the
//! simulator's truth.
//!
//! The simulator restarts with the process from the same seed, so each restart also has to undo in
//! the store the moves the killed run made.

#![cfg(unix)]

mod support;

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use serde_json::{Value, json};
use support::demo::Client;
use support::places::{differences, sim_places, store_places};

/// How long a restarted daemon may take to answer with a synced store.
const READY_WITHIN: Duration = Duration::from_secs(60);

/// A free loopback port (the race with another process taking it first is accepted).
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port()
}

/// One run of the binary.
struct Run {
    child: Child,
    port: u16,
    sim_port: u16,
}

impl Run {
    fn start(data_dir: &Path) -> Run {
        let (port, sim_port) = (free_port(), free_port());
        // `VR_CRASH_BIN` overrides the binary (a target directory shared by several checkouts
        // may hold another checkout's build at the uplifted path).
        let binary = std::env::var_os("VR_CRASH_BIN")
            .unwrap_or_else(|| env!("CARGO_BIN_EXE_vault-raider").into());
        let child = Command::new(binary)
            .args(["demo", "--data-dir"])
            .arg(data_dir)
            .args([
                "--port",
                &port.to_string(),
                "--sim-port",
                &sim_port.to_string(),
            ])
            .args(["--clock", "off", "--pacing", "on"])
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("the binary starts");
        Run {
            child,
            port,
            sim_port,
        }
    }

    /// SIGKILL, then reap (dropping does the same, so a failing test leaves no process behind).
    fn kill(self) {}

    /// A client identified with this run's admin token, once the store has a revision.
    async fn ready_client(&self, data_dir: &Path) -> Client {
        let deadline = tokio::time::Instant::now() + READY_WITHIN;
        while tokio::time::Instant::now() < deadline {
            if let Some(client) = self.try_client(data_dir).await {
                return client;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("the restarted daemon was not ready within {READY_WITHIN:?}");
    }

    async fn try_client(&self, data_dir: &Path) -> Option<Client> {
        tokio::net::TcpStream::connect(("127.0.0.1", self.port))
            .await
            .ok()?;
        let token = std::fs::read_to_string(data_dir.join("admin.token")).ok()?;
        let mut client = Client::connect(self.port).await;
        let answer = client
            .call(
                "session.identify",
                json!({"protocol": 1, "token": token.trim(), "client": {"name": "crash", "kind": "cli", "version": "0"}}),
            )
            .await;
        answer.get("result")?;
        let snapshot = client.call("profile.snapshot", json!({})).await;
        (snapshot["result"]["rev"].as_u64()? > 0).then_some(client)
    }

    async fn sim_state(&self) -> Value {
        reqwest::get(format!("http://127.0.0.1:{}/sim/state", self.sim_port))
            .await
            .expect("sim state")
            .json()
            .await
            .expect("json")
    }

    /// Syncs until the store equals the simulator's truth (a few tries: a poll may be in flight).
    async fn assert_converges(&self, client: &mut Client, round: usize) {
        let mut differing = Vec::new();
        let mut synced = Value::Null;
        for _ in 0..5 {
            synced = client.call("profile.sync", json!({})).await;
            let truth = sim_places(&self.sim_state().await);
            let snapshot = client.call("profile.snapshot", json!({})).await;
            differing = differences(&truth, &store_places(&snapshot), 5);
            if synced.get("result").is_some() && differing.is_empty() {
                return;
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        panic!(
            "round {round}: the store never converged to the simulator: {differing:#?} (last sync: {synced})"
        );
    }
}

impl Drop for Run {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The first character and some weapons not equipped on it.
async fn character_and_spares(client: &mut Client) -> (String, Vec<String>) {
    let snapshot = client.call("profile.snapshot", json!({})).await;
    let character = snapshot["result"]["characters"][0]["characterId"]
        .as_str()
        .expect("a character")
        .to_string();
    let found = client
        .call(
            "items.search",
            json!({"query": "is:weapon -is:equipped -is:exotic", "limit": 3}),
        )
        .await;
    let spares = found["result"]["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|i| i["id"].as_str().map(str::to_string))
        .collect();
    (character, spares)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kill_9_during_sync_and_loadouts_then_every_restart_converges() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let data_dir = dir.path();
    for round in 0..6 {
        let run = Run::start(data_dir);
        match round % 3 {
            // During start-up and the first sync, at a different moment each round.
            0 => {
                let delay = 300 + 400 * round as u64;
                tokio::time::sleep(Duration::from_millis(delay)).await;
            }
            // During a sync the client asked for.
            1 => {
                let mut client = run.ready_client(data_dir).await;
                run.assert_converges(&mut client, round).await;
                let _ = tokio::time::timeout(
                    Duration::from_millis(30),
                    client.call("profile.sync", json!({})),
                )
                .await;
            }
            // During a loadout (pacing on: its steps are spaced, so the kill lands mid-way).
            _ => {
                let mut client = run.ready_client(data_dir).await;
                run.assert_converges(&mut client, round).await;
                let (character, spares) = character_and_spares(&mut client).await;
                let saved = client
                    .call(
                        "loadouts.save",
                        json!({"name": format!("crash {round}"), "characterId": character}),
                    )
                    .await;
                let loadout = saved["result"]["loadout"]["id"]
                    .as_str()
                    .unwrap_or_else(|| panic!("a saved loadout: {saved}"))
                    .to_string();
                for spare in &spares {
                    let _ = client
                        .call(
                            "items.equip",
                            json!({"id": spare, "characterId": character}),
                        )
                        .await;
                }
                let _ = tokio::time::timeout(
                    Duration::from_millis(400),
                    client.call(
                        "loadouts.equip",
                        json!({"loadoutId": loadout, "characterId": character}),
                    ),
                )
                .await;
            }
        }
        run.kill();
    }
    let run = Run::start(data_dir);
    let mut client = run.ready_client(data_dir).await;
    run.assert_converges(&mut client, 6).await;
    let loadouts = client.call("loadouts.list", json!({})).await;
    assert!(
        loadouts["result"]["loadouts"]
            .as_array()
            .is_some_and(|l| l.iter().any(|l| l["source"] == "daemon")),
        "loadouts saved before a kill survive it: {loadouts}"
    );
    run.kill();
}
