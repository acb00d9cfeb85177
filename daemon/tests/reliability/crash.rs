//! Crash: the real binary (`vault-raider demo --data-dir D`, the simulator in the same process) is
//! killed with SIGKILL during a first sync (the cache deleted), a requested sync, a 10-item
//! loadout, a manifest install and a sign-in, in turn, again and again on one data directory
//! (10 kills; `VR_CRASH_ROUNDS=50` for the long form). Every restart must open the store, keep
//! every loadout and tag made before, and converge to the simulator's truth (no item lost or
//! duplicated, no operation half-recorded).
//!
//! The simulator restarts with the process from the same seed, so each restart also has to undo in
//! the store the moves the killed run made.

#![cfg(unix)]

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use crate::support::demo::Client;
use crate::support::places::{differences, sim_places, store_places};
use serde_json::{Value, json};

/// How long a restarted daemon may take to answer with a synced store.
const READY_WITHIN: Duration = Duration::from_secs(60);

/// One run of the binary.
struct Run {
    child: Child,
    port: u16,
    sim_port: u16,
}

impl Run {
    fn start(data_dir: &Path) -> Run {
        let (port, sim_port) = (crate::support::free_port(), crate::support::free_port());
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
        // Ready once the store holds an inventory (after a kill the revision alone may have
        // jumped past every one a client saw, with nothing synced yet).
        let items = snapshot["result"]["items"].as_array()?;
        (!items.is_empty()).then_some(client)
    }

    /// `session.status` now, when the daemon answers at all (quickly: this measures a moment).
    async fn status(&self, data_dir: &Path) -> Option<Value> {
        let token = std::fs::read_to_string(data_dir.join("admin.token")).ok()?;
        let asked = tokio::time::timeout(Duration::from_millis(500), async {
            tokio::net::TcpStream::connect(("127.0.0.1", self.port))
                .await
                .ok()?;
            let mut client = Client::connect(self.port).await;
            client
                .call(
                    "session.identify",
                    json!({"protocol": 1, "token": token.trim(), "client": {"name": "crash", "kind": "cli", "version": "0"}}),
                )
                .await
                .get("result")?;
            let status = client.call("session.status", json!({})).await;
            status.get("result").cloned()
        })
        .await;
        asked.ok().flatten()
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

/// The first character, a 10-item loadout for it (its 3 equipped weapons, and 7 weapons from the
/// vault to bring along: 7 transfers, paced), and some weapons not equipped on it.
async fn character_and_spares(client: &mut Client) -> (String, Vec<Value>, Vec<String>) {
    let snapshot = client.call("profile.snapshot", json!({})).await;
    let character = snapshot["result"]["characters"][0]["characterId"]
        .as_str()
        .expect("a character")
        .to_string();
    let instanced = |i: &&Value| i["id"].as_str().is_some_and(|id| !id.starts_with("hash:"));
    let items = snapshot["result"]["items"].as_array().expect("items");
    let equipped = items.iter().filter(instanced).filter(|i| {
        i["equipped"] == true
            && i["location"]["characterId"] == character.as_str()
            && matches!(i["bucket"].as_str(), Some("kinetic" | "energy" | "power"))
    });
    let in_vault = items.iter().filter(instanced).filter(|i| {
        i["location"]["kind"] == "vault"
            && matches!(i["bucket"].as_str(), Some("kinetic" | "energy" | "power"))
            && i["tier"] != "Exotic"
    });
    let loadout: Vec<Value> = equipped
        .take(3)
        .map(|i| json!({"id": i["id"], "hash": i["hash"], "equip": true}))
        .chain(
            in_vault
                .take(7)
                .map(|i| json!({"id": i["id"], "hash": i["hash"], "equip": false})),
        )
        .collect();
    assert_eq!(loadout.len(), 10, "a 10-item loadout");
    let found = client
        .call(
            "items.search",
            json!({"query": "is:weapon -is:equipped -is:exotic -is:invault", "limit": 3}),
        )
        .await;
    let spares = found["result"]["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|i| i["id"].as_str().map(str::to_string))
        .collect();
    (character, loadout, spares)
}

/// What the player made across the rounds, which every restart must still hold.
#[derive(Default)]
struct Mine {
    loadouts: Vec<String>,
    tagged: Option<String>,
}

impl Mine {
    async fn assert_kept(&self, client: &mut Client, round: usize) {
        let listed = client.call("loadouts.list", json!({})).await;
        for id in &self.loadouts {
            assert!(
                listed["result"]["loadouts"]
                    .as_array()
                    .is_some_and(|l| l.iter().any(|l| l["id"] == id.as_str())),
                "round {round}: loadout {id} saved before a kill is kept: {listed}"
            );
        }
        if let Some(id) = &self.tagged {
            let item = client.call("items.get", json!({"id": id})).await;
            assert_eq!(
                item["result"]["tag"], "favorite",
                "round {round}: a tag set before a kill is kept: {item}"
            );
        }
    }
}

/// The moments a kill lands in, one per round in turn.
#[derive(Debug, Clone, Copy)]
enum Moment {
    /// A true first sync: the cache is deleted before the start (the journal brings the
    /// player's data back), and the kill lands during the sync.
    FirstSync,
    /// A sync the client asked for.
    RequestedSync,
    /// A 10-item loadout being equipped (pacing on: its steps are spaced).
    Loadout,
    /// The manifest being downloaded and installed (deleted before the start).
    ManifestInstall,
    /// The sign-in every demo start makes (under way until the new tokens are written).
    SignIn,
}

const MOMENTS: [Moment; 5] = [
    Moment::FirstSync,
    Moment::RequestedSync,
    Moment::Loadout,
    Moment::ManifestInstall,
    Moment::SignIn,
];

/// When a kill landed, seen from the daemon just before it.
#[derive(Debug, Clone, Copy)]
enum Landed {
    /// The daemon did not answer yet (still starting).
    Before = 0,
    /// The moment was under way.
    During = 1,
    /// It had ended.
    After = 2,
}

/// [`Landed`] from a `session.status` (none: no answer) and whether it shows the moment under way.
fn phase(status: Option<Value>, under_way: impl Fn(&Value) -> bool) -> Landed {
    match status {
        None => Landed::Before,
        Some(s) if under_way(&s) => Landed::During,
        Some(_) => Landed::After,
    }
}

/// How many kills: `VR_CRASH_ROUNDS` (the README's long form runs 50), 10 otherwise.
fn rounds() -> usize {
    std::env::var("VR_CRASH_ROUNDS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(10)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kill_9_at_every_moment_then_every_restart_converges_and_keeps_the_players_data() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let data_dir = dir.path();
    let mut mine = Mine::default();
    let rounds = rounds();
    // Kills that landed while their moment was under way (not after it ended).
    let mut landed: std::collections::BTreeMap<String, [usize; 3]> = Default::default();
    for round in 0..rounds {
        let moment = MOMENTS[round % MOMENTS.len()];
        // Later rounds land later in their moment.
        let spread = (round / MOMENTS.len()) as u64 % 10;
        match moment {
            Moment::FirstSync if round > 0 => {
                std::fs::remove_file(data_dir.join("store.redb")).expect("delete the cache");
            }
            Moment::ManifestInstall => {
                let _ = std::fs::remove_dir_all(data_dir.join("manifest"));
            }
            _ => {}
        }
        let run = Run::start(data_dir);
        let when = match moment {
            Moment::FirstSync => {
                tokio::time::sleep(Duration::from_millis(30 + 40 * spread)).await;
                phase(run.status(data_dir).await, |s| s["lastSync"].is_null())
            }
            Moment::ManifestInstall => {
                tokio::time::sleep(Duration::from_millis(20 + 30 * spread)).await;
                phase(run.status(data_dir).await, |s| {
                    s["manifest"]["state"] != "current"
                })
            }
            Moment::SignIn => {
                // The demo removes the stored tokens at start and writes new ones when its sign-in
                // completes, before it serves.
                tokio::time::sleep(Duration::from_millis(4 + 2 * spread)).await;
                if data_dir.join("tokens.json").exists() {
                    Landed::After
                } else {
                    Landed::During
                }
            }
            Moment::RequestedSync => {
                let mut client = run.ready_client(data_dir).await;
                run.assert_converges(&mut client, round).await;
                mine.assert_kept(&mut client, round).await;
                if mine.tagged.is_none() {
                    let (_, _, spares) = character_and_spares(&mut client).await;
                    let id = spares.first().expect("a spare weapon").clone();
                    let tagged = client
                        .call("items.tag", json!({"id": id, "tag": "favorite"}))
                        .await;
                    assert!(tagged.get("result").is_some(), "{tagged}");
                    mine.tagged = Some(id);
                }
                tokio::time::timeout(
                    Duration::from_millis(1 + 2 * spread),
                    client.call("profile.sync", json!({})),
                )
                .await
                .map_or(Landed::During, |_| Landed::After)
            }
            Moment::Loadout => {
                let mut client = run.ready_client(data_dir).await;
                run.assert_converges(&mut client, round).await;
                mine.assert_kept(&mut client, round).await;
                let (character, equipped, spares) = character_and_spares(&mut client).await;
                let saved = client
                    .call(
                        "loadouts.save",
                        json!({"name": format!("crash {round}"), "characterId": character, "items": equipped}),
                    )
                    .await;
                let loadout = saved["result"]["loadout"]["id"]
                    .as_str()
                    .unwrap_or_else(|| panic!("a saved loadout: {saved}"))
                    .to_string();
                mine.loadouts.push(loadout.clone());
                for spare in &spares {
                    let _ = client
                        .call(
                            "items.equip",
                            json!({"id": spare, "characterId": character}),
                        )
                        .await;
                }
                tokio::time::timeout(
                    Duration::from_millis(20 + 40 * spread),
                    client.call(
                        "loadouts.equip",
                        json!({"loadoutId": loadout, "characterId": character}),
                    ),
                )
                .await
                .map_or(Landed::During, |_| Landed::After)
            }
        };
        landed.entry(format!("{moment:?}")).or_default()[when as usize] += 1;
        run.kill();
    }
    let run = Run::start(data_dir);
    let mut client = run.ready_client(data_dir).await;
    run.assert_converges(&mut client, rounds).await;
    mine.assert_kept(&mut client, rounds).await;
    assert!(
        !mine.loadouts.is_empty() && mine.tagged.is_some(),
        "the rounds made data to keep"
    );
    println!("{rounds} kills; every restart opened, converged and kept the player's data");
    for (moment, [before, during, after]) in &landed {
        println!(
            "  {moment}: {during} kills while under way, {before} before the daemon answered, {after} after it ended"
        );
    }
    run.kill();
}
