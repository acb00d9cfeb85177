//! Chaos: seeded random transfers, equips, loadouts and in-game moves through the protocol while
//! the simulator injects faults (throttling, 5xx, maintenance, dropped connections, expired tokens,
//! stale profiles). Invariants: every request is answered, no item is lost or duplicated, no panic,
//! and after the faults are cleared and a final sync the store equals the simulator's truth.
//!
//! The daemon is also stopped and started again on its data directory every
//! `VR_CHAOS_RESTART_EVERY` operations (100 in CI), and its loadouts must survive each restart.
//!
//! CI runs 300 operations at a fault rate of 0.10. The long run, restarting every 200 operations
//! against a simulator with Bungie's profile lag and cache:
//! `VR_CHAOS_OPS=2000 VR_CHAOS_FAULT_RATE=0.15 VR_CHAOS_RESTART_EVERY=200 VR_CHAOS_LAG_SECONDS=8
//! cargo test -p vault-raider --test reliability chaos::` (`VR_CHAOS_SEED` picks another seed).
//!
//! Lag: the same kind of operations against a simulator that answers like the real Bungie.net
//! (`--profile-lag 8`, and a profile cache), with a forced sync after each one: the store never
//! takes a change back. CI runs 60 operations with a 3 s cache; the run:
//! `VR_LAG_OPS=200 VR_LAG_CACHE_SECONDS=30 cargo test -p vault-raider --test reliability chaos::`.

use std::collections::BTreeMap;
use std::time::Duration;

use crate::support::demo::{Client, Demo, DemoOptions};
use crate::support::places::{differences, sim_places, store_places};
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};
use serde_json::{Value, json};

/// How long one request may take, faults and back-off included, before the test fails. The
/// client holds one request for at most 15 s of throttling (`ClientConfig::throttle_wait_budget`;
/// the simulator asks for 10 s) and then answers `bungie_throttled` with `retryAfterMs`; a loadout
/// stops at its first throttled step. The rest is room for a loaded machine.
const ANSWER_WITHIN: Duration = Duration::from_secs(45);

/// The run's size, fault rate and seed, from the environment or the CI defaults.
struct Plan {
    ops: usize,
    fault_rate: f64,
    seed: u64,
    /// The daemon is stopped and started again every this many operations.
    restart_every: usize,
    /// The simulator's profile lag and cache, in seconds (0: none).
    lag: u64,
}

impl Plan {
    fn from_env() -> Plan {
        let read = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
        Plan {
            ops: read("VR_CHAOS_OPS").map_or(300, |v| v.parse().expect("VR_CHAOS_OPS is a count")),
            fault_rate: read("VR_CHAOS_FAULT_RATE")
                .map_or(0.10, |v| v.parse().expect("VR_CHAOS_FAULT_RATE is a share")),
            seed: read("VR_CHAOS_SEED").map_or(8, |v| v.parse().expect("VR_CHAOS_SEED is a u64")),
            restart_every: read("VR_CHAOS_RESTART_EVERY").map_or(100, |v| {
                v.parse::<usize>()
                    .expect("VR_CHAOS_RESTART_EVERY is a count")
                    .max(1)
            }),
            lag: read("VR_CHAOS_LAG_SECONDS")
                .map_or(0, |v| v.parse().expect("VR_CHAOS_LAG_SECONDS is a count")),
        }
    }
}

/// One fault configuration, drawn at random.
fn random_fault(rng: &mut StdRng) -> Value {
    match rng.random_range(0..6) {
        // Throttling makes the daemon back off exponentially (2^n × 500 ms, n up per throttle,
        // halved per success): at 50 % a single request can wait over 25 s, so a realistic 20 %.
        0 => json!({"errorRate": 0.2, "errorCodes": [1672, 36, 51]}),
        1 => json!({"errorRate": 0.5, "errorCodes": [1618, 3]}),
        2 => json!({"maintenance": true}),
        3 => json!({"dropConnections": 0.4}),
        4 => json!({"expireTokens": true}),
        _ => json!({"staleProfile": true}),
    }
}

async fn set_faults(demo: &Demo, faults: &Value) {
    let answer = reqwest::Client::new()
        .post(format!("{}/sim/faults", demo.sim.base_url()))
        .json(faults)
        .send()
        .await
        .expect("the simulator answers");
    assert!(
        answer.status().is_success(),
        "faults {faults} refused: {}",
        answer.text().await.unwrap_or_default()
    );
}

async fn game_move(demo: &Demo, id: &str, to: &str) {
    // The game may refuse (equipped, full, not transferable): that is part of the chaos.
    let _ = reqwest::Client::new()
        .post(format!("{}/sim/game/move", demo.sim.base_url()))
        .json(&json!({"itemId": id, "to": to}))
        .send()
        .await
        .expect("the simulator answers");
}

/// Sends one request and checks it is answered in time with a result or an error.
async fn answered(client: &mut Client, method: &str, params: Value) -> Value {
    let Ok(answer) = tokio::time::timeout(ANSWER_WITHIN, client.call(method, params.clone())).await
    else {
        panic!("{method} {params} was not answered in {ANSWER_WITHIN:?}");
    };
    assert!(
        answer.get("result").is_some() != answer.get("error").is_some(),
        "{method} answered neither a result nor an error: {answer}"
    );
    answer
}

/// The account's character ids and the ids of up to 400 weapons and armour pieces.
async fn characters_and_gear(client: &mut Client) -> (Vec<String>, Vec<String>) {
    let snapshot = answered(client, "profile.snapshot", json!({})).await;
    let characters: Vec<String> = snapshot["result"]["characters"]
        .as_array()
        .expect("characters")
        .iter()
        .filter_map(|c| c["characterId"].as_str().map(str::to_string))
        .collect();
    assert!(!characters.is_empty(), "the sample account has characters");
    let weapons_and_armor = answered(
        client,
        "items.search",
        json!({"query": "is:weapon or is:armor", "limit": 400}),
    )
    .await;
    let items: Vec<String> = weapons_and_armor["result"]["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|i| i["id"].as_str().map(str::to_string))
        .filter(|id| !id.starts_with("hash:"))
        .collect();
    assert!(items.len() > 20, "enough items to shuffle: {}", items.len());
    (characters, items)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn random_operations_under_faults_lose_nothing_and_converge_to_the_simulator() {
    let plan = Plan::from_env();
    let lagging = plan.lag > 0;
    let mut demo = Demo::start_with(DemoOptions {
        sim: vault_raider_sim::SimConfig {
            pacing: false,
            clock: false,
            realism: vault_raider_sim::realism::Realism {
                profile_lag: Duration::from_secs(plan.lag),
                profile_cache: Duration::from_secs(plan.lag),
                link_kbps: 0,
            },
            ..vault_raider_sim::SimConfig::default()
        },
        desktop: false,
    })
    .await;
    // The plain simulator has no lag: an in-game move right after one of ours must show at once.
    if !lagging {
        demo.daemon
            .daemon
            .sync
            .set_lag_window(chrono::TimeDelta::zero());
    }
    let mut client = demo.client().await;
    let mut rng = StdRng::seed_from_u64(plan.seed);

    let before = sim_places(&demo.sim_state().await);
    let (characters, items) = characters_and_gear(&mut client).await;
    let mut loadouts = Vec::new();
    for (n, character) in characters.iter().enumerate() {
        let saved = answered(
            &mut client,
            "loadouts.save",
            json!({"name": format!("chaos {n}"), "characterId": character}),
        )
        .await;
        let id = saved["result"]["loadout"]["id"]
            .as_str()
            .unwrap_or_else(|| panic!("a saved loadout: {saved}"))
            .to_string();
        loadouts.push((id, character.clone()));
    }

    let mut counts: BTreeMap<&str, (u32, u32)> = BTreeMap::new();
    let mut fault = json!({});
    let mut slowest = (Duration::ZERO, String::new());
    let mut restarts = 0;
    for op in 0..plan.ops {
        if op > 0 && op % plan.restart_every == 0 {
            // Faults off while the daemon starts (its first sync must succeed), then back.
            set_faults(&demo, &json!({})).await;
            drop(client);
            demo = demo.restart().await;
            restarts += 1;
            if !lagging {
                demo.daemon
                    .daemon
                    .sync
                    .set_lag_window(chrono::TimeDelta::zero());
            }
            client = demo.client().await;
            let listed = answered(&mut client, "loadouts.list", json!({})).await;
            for (id, _) in &loadouts {
                assert!(
                    listed.to_string().contains(id.as_str()),
                    "op {op}: loadout {id} survives the restart: {listed}"
                );
            }
            set_faults(&demo, &fault).await;
        }
        if rng.random_bool(plan.fault_rate) {
            fault = random_fault(&mut rng);
            set_faults(&demo, &fault).await;
        } else if rng.random_bool(0.2) {
            fault = json!({});
            set_faults(&demo, &fault).await;
        }
        let started = std::time::Instant::now();
        let item = &items[rng.random_range(0..items.len())];
        let character = &characters[rng.random_range(0..characters.len())];
        let (method, answer) = match rng.random_range(0..10) {
            0..=3 => {
                let to = if rng.random_bool(0.4) {
                    "vault"
                } else {
                    character
                };
                let params = json!({"id": item, "to": to});
                (
                    "items.transfer",
                    answered(&mut client, "items.transfer", params).await,
                )
            }
            4..=5 => {
                let params = json!({"id": item, "characterId": character});
                (
                    "items.equip",
                    answered(&mut client, "items.equip", params).await,
                )
            }
            6 => {
                let (loadout, owner) = &loadouts[rng.random_range(0..loadouts.len())];
                let params = json!({"loadoutId": loadout, "characterId": owner});
                (
                    "loadouts.equip",
                    answered(&mut client, "loadouts.equip", params).await,
                )
            }
            7..=8 => {
                let to = if rng.random_bool(0.5) {
                    "vault"
                } else {
                    character
                };
                game_move(&demo, item, to).await;
                continue;
            }
            _ => (
                "profile.sync",
                answered(&mut client, "profile.sync", json!({})).await,
            ),
        };
        if started.elapsed() > Duration::from_secs(3) {
            eprintln!(
                "slow: op {op} {method} took {:?} under {fault}",
                started.elapsed()
            );
        }
        if started.elapsed() > slowest.0 {
            slowest = (started.elapsed(), format!("op {op} {method} under {fault}"));
        }
        let entry = counts.entry(method).or_default();
        if answer.get("result").is_some() {
            entry.0 += 1;
        } else {
            entry.1 += 1;
        }
    }
    eprintln!(
        "chaos: {} ops, seed {}, {restarts} restarts, lag {} s, (ok, error) per method: {counts:?}; slowest {:?}: {}",
        plan.ops, plan.seed, plan.lag, slowest.0, slowest.1
    );

    set_faults(&demo, &json!({})).await;
    if lagging {
        // Profiles built before the last move may still be served: wait for the lag, the cache
        // and the daemon's window over its own moves to pass.
        tokio::time::sleep(Duration::from_secs(2 * plan.lag + 16)).await;
    }
    let mut synced = false;
    for _ in 0..20 {
        let answer = answered(&mut client, "profile.sync", json!({})).await;
        if answer.get("result").is_some() {
            synced = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert!(synced, "a final sync succeeds once the faults are cleared");

    let truth = sim_places(&demo.sim_state().await);
    assert_eq!(
        truth.keys().collect::<Vec<_>>(),
        before.keys().collect::<Vec<_>>(),
        "the simulator lost or gained items"
    );
    let snapshot = answered(&mut client, "profile.snapshot", json!({})).await;
    let differing = differences(&truth, &store_places(&snapshot), 5);
    assert!(
        differing.is_empty(),
        "the store differs from the simulator: {differing:#?}"
    );
    demo.stop().await;
}

/// A knob of the lag run from the environment, or its CI value.
fn lag_knob(name: &str, ci: u64) -> u64 {
    std::env::var(name)
        .ok()
        .filter(|v| !v.trim().is_empty())
        .map_or(ci, |v| v.parse().expect("a whole number"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn under_bungies_lag_and_cache_no_change_is_ever_taken_back() {
    // CI: 60 operations, and a 3 s cache so that freshly built (lagging) profiles come often
    // within the run; the run is `VR_LAG_OPS=200 VR_LAG_CACHE_SECONDS=30`.
    let ops = lag_knob("VR_LAG_OPS", 60) as usize;
    let cache = lag_knob("VR_LAG_CACHE_SECONDS", 3);
    let demo = Demo::start_with(DemoOptions {
        sim: vault_raider_sim::SimConfig {
            pacing: false,
            clock: false,
            realism: vault_raider_sim::realism::Realism {
                profile_lag: Duration::from_secs(8),
                profile_cache: Duration::from_secs(cache),
                link_kbps: 0,
            },
            ..vault_raider_sim::SimConfig::default()
        },
        desktop: false,
    })
    .await;
    let mut client = demo.client().await;
    let mut rng = StdRng::seed_from_u64(14);
    let (characters, items) = characters_and_gear(&mut client).await;

    let mut succeeded = 0;
    for op in 0..ops {
        let item = &items[rng.random_range(0..items.len())];
        let character = &characters[rng.random_range(0..characters.len())];
        let answer = if rng.random_bool(0.7) {
            let to = if rng.random_bool(0.4) {
                "vault"
            } else {
                character
            };
            answered(&mut client, "items.transfer", json!({"id": item, "to": to})).await
        } else {
            answered(
                &mut client,
                "items.equip",
                json!({"id": item, "characterId": character}),
            )
            .await
        };
        if answer.get("result").is_some() {
            succeeded += 1;
        }
        let synced = answered(&mut client, "profile.sync", json!({})).await;
        assert!(
            synced.get("result").is_some(),
            "op {op}: sync failed: {synced}"
        );
        // Nothing moves in game here, so the store must show the truth at every moment: a
        // lagging or cached profile applied over our moves would take one back.
        let truth = sim_places(&demo.sim_state().await);
        let stored = answered(&mut client, "profile.snapshot", json!({})).await;
        let differing = differences(&truth, &store_places(&stored), 5);
        assert!(
            differing.is_empty(),
            "op {op}: after {answer} and a forced sync the store took a change back: {differing:#?}"
        );
    }
    assert!(
        succeeded > ops / 3,
        "enough operations succeeded: {succeeded} of {ops}"
    );
    // Once the lag and the cache have passed, a sync still agrees with the simulator.
    tokio::time::sleep(Duration::from_secs(9)).await;
    let synced = answered(&mut client, "profile.sync", json!({})).await;
    assert!(synced.get("result").is_some(), "final sync: {synced}");
    let truth = sim_places(&demo.sim_state().await);
    let stored = answered(&mut client, "profile.snapshot", json!({})).await;
    let differing = differences(&truth, &store_places(&stored), 5);
    assert!(differing.is_empty(), "after the lag: {differing:#?}");
    eprintln!(
        "lag: {ops} operations, {succeeded} succeeded, cache {cache} s, no change taken back"
    );
    demo.stop().await;
}
