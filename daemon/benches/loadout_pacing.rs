//! A 10-item loadout's wall time against the simulator with Bungie's real pacing on, compared
//! with the pacing bound: no client can make the same calls faster than, for each action
//! endpoint, (its calls − 1) × its spacing (API.md §3.2), so the bound is the largest of those.
//! Target: wall time ≤ 1.05 × the bound. Each run starts a fresh simulator and daemon, so the
//! loadout always moves ten items from the vault. Criterion times the same loadout's dry run.

#[path = "../tests/support/demo.rs"]
#[allow(dead_code)]
mod demo;

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use demo::{Client, Demo, DemoOptions};
use serde_json::{Value, json};
use vault_raider_sim::http::SimConfig;

/// How many items the loadout holds.
const ITEMS: usize = 10;
/// How many fresh runs are timed.
const RUNS: usize = 5;
/// A character's slots for unequipped items in one weapon or armor bucket.
const UNEQUIPPED_SLOTS: usize = 9;

/// Bungie's spacing of an action endpoint, as the simulator enforces it.
fn spacing(endpoint: &str) -> Option<Duration> {
    vault_raider_sim::http::pacing::action_spacing(endpoint)
}

/// Ten vault weapons that fit on `character` (bucket room counted), the first of each bucket
/// to be equipped.
async fn loadout_items(client: &mut Client, character: &str) -> Vec<Value> {
    let on_character = client
        .call(
            "items.search",
            json!({"query": "is:weapon -is:invault -is:equipped -is:postmaster", "limit": 500}),
        )
        .await;
    let mut room: BTreeMap<String, usize> = BTreeMap::new();
    for bucket in ["kinetic", "energy", "power"] {
        room.insert(bucket.to_string(), UNEQUIPPED_SLOTS);
    }
    for item in on_character["result"]["items"]
        .as_array()
        .into_iter()
        .flatten()
    {
        if item["location"]["characterId"] == character
            && let Some(free) = item["bucket"].as_str().and_then(|b| room.get_mut(b))
        {
            *free = free.saturating_sub(1);
        }
    }
    let vault = client
        .call(
            "items.search",
            json!({"query": "is:weapon is:invault -is:exotic", "limit": 500}),
        )
        .await;
    let mut chosen = Vec::new();
    let mut equipped_buckets = Vec::new();
    for item in vault["result"]["items"].as_array().into_iter().flatten() {
        let (Some(id), Some(bucket), Some(hash)) = (
            item["id"].as_str(),
            item["bucket"].as_str(),
            item["hash"].as_u64(),
        ) else {
            continue;
        };
        if id.starts_with("hash:") || item["transferable"] != true {
            continue;
        }
        // The equipped one leaves a slot for the item it replaces, so it needs one free too.
        let Some(free) = room.get_mut(bucket).filter(|free| **free > 0) else {
            continue;
        };
        *free -= 1;
        let equip = !equipped_buckets.contains(&bucket.to_string());
        if equip {
            equipped_buckets.push(bucket.to_string());
        }
        chosen.push(json!({"id": id, "hash": hash, "equip": equip}));
        if chosen.len() == ITEMS {
            break;
        }
    }
    assert_eq!(
        chosen.len(),
        ITEMS,
        "the sample account has ten vault weapons that fit"
    );
    chosen
}

/// The first character's id and the id of a saved loadout of [`loadout_items`] for it.
async fn saved_loadout(client: &mut Client) -> (String, String) {
    let snapshot = client.call("profile.snapshot", json!({})).await;
    let character = snapshot["result"]["characters"][0]["characterId"]
        .as_str()
        .expect("a character")
        .to_string();
    let items = loadout_items(client, &character).await;
    let saved = client
        .call(
            "loadouts.save",
            json!({"name": "bench", "characterId": character, "items": items}),
        )
        .await;
    let loadout = saved["result"]["loadout"]["id"]
        .as_str()
        .unwrap_or_else(|| panic!("a saved loadout: {saved}"))
        .to_string();
    (character, loadout)
}

/// A fresh simulator with Bungie's real pacing and a daemon on it, after the first sync.
async fn paced_demo() -> Demo {
    Demo::start_with(DemoOptions {
        sim: SimConfig {
            pacing: true,
            clock: false,
            ..SimConfig::default()
        },
        desktop: false,
    })
    .await
}

/// The action calls (the paced endpoints) the simulator answered since its last reset.
fn action_calls(demo: &Demo) -> BTreeMap<String, u64> {
    demo.sim
        .calls()
        .into_iter()
        .filter(|(name, _)| spacing(name).is_some())
        .collect()
}

/// One run: a fresh simulator (pacing on) and daemon, the loadout saved, then equipped and
/// timed. Returns the wall time and the simulator's action calls by endpoint.
async fn one_run() -> (Duration, BTreeMap<String, u64>) {
    let demo = paced_demo().await;
    let mut client = demo.client().await;
    let (character, loadout) = saved_loadout(&mut client).await;
    demo.sim.reset_calls();
    let started = Instant::now();
    let answer = client
        .call(
            "loadouts.equip",
            json!({"loadoutId": loadout, "characterId": character}),
        )
        .await;
    let wall = started.elapsed();
    assert_eq!(
        answer["result"]["ok"], true,
        "the loadout applies: {answer}"
    );
    let calls = action_calls(&demo);
    demo.stop().await;
    (wall, calls)
}

/// The pacing bound of `calls`: the largest (calls − 1) × spacing over the action endpoints.
fn bound(calls: &BTreeMap<String, u64>) -> Duration {
    calls
        .iter()
        .filter_map(|(name, n)| Some(spacing(name)? * u32::try_from(n.saturating_sub(1)).ok()?))
        .max()
        .unwrap_or_default()
}

fn loadout_pacing(c: &mut Criterion) {
    let runtime = demo::runtime();
    let mut ratios = Vec::new();
    for run in 0..RUNS {
        let (wall, calls) = runtime.block_on(one_run());
        let bound = bound(&calls);
        let ratio = wall.as_secs_f64() / bound.as_secs_f64().max(f64::MIN_POSITIVE);
        println!(
            "loadout pacing: run {run}: {ITEMS}-item loadout in {wall:?}, calls {calls:?}, pacing bound {bound:?}, ratio {ratio:.3}"
        );
        ratios.push(ratio);
    }
    ratios.sort_by(f64::total_cmp);
    println!(
        "loadout pacing: {ITEMS}-item loadout, wall time / pacing bound over {RUNS} runs: median {:.3}, worst {:.3} (target <= 1.05)",
        ratios[ratios.len() / 2],
        ratios[ratios.len() - 1]
    );

    // Criterion: the same loadout planned (dry run) through the protocol.
    let demo = runtime.block_on(Demo::start());
    let mut client = runtime.block_on(demo.client());
    let (character, loadout) = runtime.block_on(saved_loadout(&mut client));
    c.bench_function("loadout/ten_items_dry_run", |b| {
        b.iter(|| {
            runtime.block_on(client.call(
                "loadouts.equip",
                json!({"loadoutId": loadout, "characterId": character, "dryRun": true}),
            ))
        })
    });
    runtime.block_on(demo.stop());
}

/// The in-game loadouts of the sample account's first character, as the daemon lists them.
async fn game_loadouts(client: &mut Client) -> (String, Vec<Value>) {
    let snapshot = client.call("profile.snapshot", json!({})).await;
    let character = snapshot["result"]["characters"][0]["characterId"]
        .as_str()
        .expect("a character")
        .to_string();
    let list = client
        .call("loadouts.list", json!({"characterId": character}))
        .await;
    let game = list["result"]["loadouts"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|l| l["source"] == "game")
        .cloned()
        .collect();
    (character, game)
}

/// A slot with the oracle minimum of calls to equip it.
type Priced = (Value, u64);
/// Chooses which slot a run equips.
type Pick = fn(&[Priced]) -> Option<&Priced>;

/// One run of an in-game loadout: a fresh simulator (pacing on) and daemon; `pick` chooses the
/// slot from the dry runs of every slot. Returns the wall time, the calls by endpoint and the
/// oracle minimum (1 per item in the vault, 2 per item on another character, 1 EquipLoadout).
async fn one_game_run(pick: Pick) -> (Duration, BTreeMap<String, u64>, u64) {
    let demo = paced_demo().await;
    let mut client = demo.client().await;
    let (character, game) = game_loadouts(&mut client).await;
    let snapshot = client.call("profile.snapshot", json!({})).await;
    let items = snapshot["result"]["items"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let mut priced = Vec::new();
    for loadout in game {
        let minimum = 1 + loadout["items"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|entry| items.iter().find(|i| i["id"] == entry["id"]))
            .map(|i| match i["location"]["kind"].as_str() {
                Some("vault") => 1,
                Some("character") if i["location"]["characterId"] != json!(character) => 2,
                _ => 0,
            })
            .sum::<u64>();
        priced.push((loadout, minimum));
    }
    let (loadout, minimum) = pick(&priced).cloned().expect("a slot to equip");
    demo.sim.reset_calls();
    let started = Instant::now();
    let answer = client
        .call(
            "loadouts.equip",
            json!({"loadoutId": loadout["id"], "characterId": character}),
        )
        .await;
    let wall = started.elapsed();
    assert_eq!(
        answer["result"]["ok"], true,
        "the loadout applies: {answer}"
    );
    let calls = action_calls(&demo);
    demo.stop().await;
    (wall, calls, minimum)
}

/// In-game loadouts: one whose items all sit on the character (exactly one EquipLoadout), and
/// the one with the most items elsewhere (brought first, then one EquipLoadout).
fn game_loadout_pacing(_: &mut Criterion) {
    let runtime = demo::runtime();
    let cases: [(&str, Pick); 2] = [
        ("all on the character", |p| p.iter().find(|(_, m)| *m == 1)),
        ("items elsewhere", |p| p.iter().max_by_key(|(_, m)| *m)),
    ];
    for (case, pick) in cases {
        let mut ratios = Vec::new();
        for run in 0..RUNS {
            let (wall, calls, minimum) = runtime.block_on(one_game_run(pick));
            let made: u64 = calls.values().sum();
            assert_eq!(made, minimum, "{case}: the fewest calls ({calls:?})");
            let bound = bound(&calls);
            // One call has no spacing to wait out: its time is the call's own.
            let ratio = (!bound.is_zero()).then(|| wall.as_secs_f64() / bound.as_secs_f64());
            println!(
                "game loadout pacing ({case}): run {run}: {wall:?}, calls {calls:?} (oracle minimum {minimum}), pacing bound {bound:?}, ratio {}",
                ratio.map_or_else(|| "n/a (one call)".to_string(), |r| format!("{r:.3}"))
            );
            ratios.push((ratio.unwrap_or(0.0), wall));
        }
        ratios.sort_by_key(|r| r.1);
        let (median, worst) = (ratios[ratios.len() / 2], ratios[ratios.len() - 1]);
        println!(
            "game loadout pacing ({case}): over {RUNS} runs: median {:?} (ratio {:.3}), worst {:?} (ratio {:.3}); a ratio of 0 means one call, no bound",
            median.1, median.0, worst.1, worst.0
        );
    }
}

criterion_group!(benches, loadout_pacing, game_loadout_pacing);
criterion_main!(benches);
