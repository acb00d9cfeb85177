//! What only an always-on daemon does, against the simulator: the postmaster guard over 200 drops
//! with full buckets, farming mode over 100 drops, and maximum power on the large account
//! (checked against a choice computed here, from the snapshot, independently of the daemon).

// Not run under Wine (scripts/test-windows.sh runs this crate's Windows modules only).
#![cfg(not(windows))]

use crate::support::demo::{Client, Demo};
use crate::support::demo_moves::*;
use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::time::Duration;

/// The weapon buckets, with their search slugs.
const WEAPONS: [(u64, &str); 3] = [
    (bucket::KINETIC, "kinetic"),
    (bucket::ENERGY, "energy"),
    (bucket::POWER, "power"),
];

/// Waits (at most 30 s) until `done` holds for the simulator's truth.
async fn until(demo: &Demo, what: &str, done: impl Fn(&Truth) -> bool) {
    for _ in 0..600 {
        if done(&Truth::peek(demo)) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("{what} never happened");
}

/// The items (instances and stacks) in `character`'s postmaster.
fn postmaster<'a>(truth: &'a Truth, character: &str) -> Vec<&'a Value> {
    truth
        .items
        .iter()
        .filter(|i| i["location"] == "postmaster" && i["characterId"] == json!(character))
        .collect()
}

/// Drops `count` items into `character`'s postmaster; the drops as the simulator reports them.
async fn drop_items(demo: &Demo, character: &str, count: u32) -> Vec<Value> {
    let answer = demo
        .sim_post(
            "/sim/game/postmaster",
            json!({"characterId": character, "count": count}),
        )
        .await;
    answer
        .get("Response")
        .unwrap_or(&answer)
        .as_array()
        .unwrap_or_else(|| panic!("the drops: {answer}"))
        .clone()
}

/// The names the store gives the items in postmasters now.
async fn postmaster_names(client: &mut Client, names: &mut HashMap<String, String>) {
    for item in search(client, "is:postmaster").await {
        if let (Some(id), Some(name)) = (item["id"].as_str(), item["name"].as_str()) {
            names.insert(id.to_string(), name.to_string());
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_guard_loses_no_drop_over_200_and_spares_what_the_player_cares_about() {
    let demo = Demo::start().await;
    let mut client = demo.client().await;
    let titan = Truth::read(&demo).await.character(0);
    // The player just moved a kinetic weapon to the titan: the guard leaves it for 10 minutes.
    let moved = vault_item(&demo, &mut client, "is:invault bucket:kinetic").await;
    ok(
        &mut client,
        "items.transfer",
        json!({"id": moved, "to": titan}),
    )
    .await;
    for (hash, slug) in WEAPONS {
        fill_bucket(&demo, &mut client, &titan, hash, slug).await;
    }
    sync(&mut client).await;
    let truth = Truth::read(&demo).await;
    let spares: Vec<String> = truth
        .spares(&titan, bucket::KINETIC)
        .into_iter()
        .map(id_of)
        .filter(|id| *id != moved)
        .collect();
    let (favorite, locked) = (spares[0].clone(), spares[1].clone());
    ok(
        &mut client,
        "items.tag",
        json!({"id": favorite, "tag": "favorite"}),
    )
    .await;
    ok(
        &mut client,
        "items.lock",
        json!({"id": locked, "locked": true}),
    )
    .await;
    let vault_free = truth.vault_capacity - truth.vault_used();
    // What the guard would do for the few drops waiting now, as a plan that moves nothing.
    let waiting = postmaster(&truth, &titan).len();
    let plan = ok(
        &mut client,
        "postmaster.guard",
        json!({"characterId": titan, "dryRun": true}),
    )
    .await;
    assert_eq!(plan["ok"], true, "{plan}");
    assert_eq!(
        postmaster(&Truth::read(&demo).await, &titan).len(),
        waiting,
        "a dry run moves nothing"
    );

    let mut names = HashMap::new();
    let mut lost = Vec::new();
    let mut dropped = 0;
    for round in 0..40 {
        let drops = drop_items(&demo, &titan, 5).await;
        dropped += drops.len();
        lost.extend(
            drops
                .iter()
                .filter_map(|d| d["lost"].as_str().map(str::to_string)),
        );
        sync(&mut client).await;
        postmaster_names(&mut client, &mut names).await;
        // The guard acts once the postmaster holds 16: it is done when fewer wait, or only
        // what must be claimed in game.
        let names_now = names.clone();
        until(&demo, &format!("the guard's pull in round {round}"), |t| {
            let waiting = postmaster(t, &titan);
            waiting.len() < 16
                || waiting.iter().all(|i| {
                    i["itemId"]
                        .as_str()
                        .and_then(|id| names_now.get(id))
                        .is_some_and(|n| n == "Prime Engram")
                })
        })
        .await;
    }
    assert_eq!(dropped, 200);
    // Only what the game keeps in the postmaster (claimed in game) may have been lost.
    for id in &lost {
        assert_eq!(
            names.get(id).map(String::as_str),
            Some("Prime Engram"),
            "{id} was lost to a full postmaster"
        );
    }
    let after = Truth::read(&demo).await;
    for id in [&moved, &favorite, &locked] {
        assert!(on(after.item(id), &titan), "{id} stayed on the titan");
    }
    assert_eq!(after.item(&locked)["locked"], true);
    assert_store_agrees(&mut client, &after, &[moved, favorite, locked]).await;
    let pulled = 200 - lost.len() - postmaster(&after, &titan).len();
    println!(
        "200 drops: {pulled} pulled, {} lost (all claim-in-game engrams), vault had {vault_free} free",
        lost.len()
    );
    demo.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn farming_mode_keeps_a_free_slot_per_bucket_over_100_drops() {
    let demo = Demo::start().await;
    let mut client = demo.client().await;
    let mut watcher = demo.client().await;
    let titan = Truth::read(&demo).await.character(0);
    for (hash, slug) in WEAPONS {
        fill_bucket(&demo, &mut client, &titan, hash, slug).await;
    }
    sync(&mut client).await;
    let kept = id_of(Truth::read(&demo).await.spares(&titan, bucket::KINETIC)[0]);
    ok(&mut client, "items.tag", json!({"id": kept, "tag": "keep"})).await;

    let status = ok(&mut client, "farming.start", json!({"characterId": titan})).await;
    assert_eq!(status["farming"], json!(titan));
    let told = watcher
        .wait_event("automation.changed", Duration::from_secs(5))
        .await
        .expect("every client is told");
    assert_eq!(told["params"]["farming"], json!(titan));
    let has_room = |t: &Truth| WEAPONS.iter().all(|(b, _)| t.spares(&titan, *b).len() <= 8);
    until(&demo, "farming mode's first room", has_room).await;

    let mut arrived = 0;
    for round in 0..100 {
        let drops = drop_items(&demo, &titan, 1).await;
        let id = drops[0]["itemInstanceId"]
            .as_str()
            .expect("an instance")
            .to_string();
        // A drop goes straight into the inventory when its bucket has room (engrams and armour
        // of other buckets are left in the postmaster here).
        let world = demo.sim.world();
        let landed = world
            .lock()
            .expect("the world")
            .game_move(&id, &titan)
            .is_ok();
        drop(world);
        let truth = Truth::peek(&demo);
        let bucket = truth.item(&id)["bucketHash"].as_u64().unwrap_or(0);
        if !WEAPONS.iter().any(|(b, _)| *b == bucket) {
            continue;
        }
        assert!(landed, "drop {round} found its {bucket} bucket full");
        arrived += 1;
        sync(&mut client).await;
        until(&demo, &format!("room after drop {round}"), has_room).await;
    }
    assert!(arrived >= 20, "only {arrived} weapon drops arrived");
    let after = Truth::read(&demo).await;
    assert!(on(after.item(&kept), &titan), "the kept item stayed");
    let status = ok(&mut client, "farming.stop", json!({})).await;
    assert!(status["farming"].is_null());
    println!("farming: {arrived} weapon drops arrived, each found room");
    demo.stop().await;
}

/// One item of the snapshot, as the test reads it.
struct Gear {
    id: String,
    bucket: String,
    power: u64,
    exotic: bool,
    place: Place,
}

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Place {
    Elsewhere,
    Vault,
    Here,
    Worn,
}

/// The best gear, computed here by trying every pair of exotic choices.
fn expected_best(snapshot: &Value, character: &str, class: &str) -> (Vec<String>, f64) {
    let slots = [
        "kinetic",
        "energy",
        "power",
        "helmet",
        "gauntlets",
        "chest",
        "legs",
        "class_item",
    ];
    let gear: Vec<Gear> = snapshot["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter(|i| slots.contains(&i["bucket"].as_str().unwrap_or("")))
        .filter(|i| i["equippable"] == true)
        .filter(|i| i["class"] == "any" || i["class"] == class)
        .filter_map(|i| {
            let here = i["location"]["characterId"] == json!(character);
            let place = match i["location"]["kind"].as_str() {
                Some("character") if here && i["equipped"] == true => Place::Worn,
                Some("character") if here => Place::Here,
                Some("vault") if i["transferable"] == true => Place::Vault,
                Some("character") if i["transferable"] == true => Place::Elsewhere,
                _ => return None,
            };
            Some(Gear {
                id: i["id"].as_str()?.to_string(),
                bucket: i["bucket"].as_str()?.to_string(),
                power: i["power"].as_u64().unwrap_or(0),
                exotic: i["tier"] == "Exotic",
                place,
            })
        })
        .collect();
    let best_in = |slot: &str, exotic: bool| -> Option<&Gear> {
        gear.iter()
            .filter(|g| g.bucket == slot && g.exotic == exotic)
            .max_by(|a, b| {
                (a.power, a.place)
                    .cmp(&(b.power, b.place))
                    .then_with(|| b.id.cmp(&a.id))
            })
    };
    let mut best: Option<(u64, Vec<String>)> = None;
    for weapon_exotic in [None, Some(0), Some(1), Some(2)] {
        for armor_exotic in [None, Some(3), Some(4), Some(5), Some(6), Some(7)] {
            let picks: Option<Vec<&Gear>> = slots
                .iter()
                .enumerate()
                .map(|(n, s)| best_in(s, Some(n) == weapon_exotic || Some(n) == armor_exotic))
                .collect();
            let Some(picks) = picks else { continue };
            let total: u64 = picks.iter().map(|g| g.power).sum();
            if best.as_ref().is_none_or(|(t, _)| total > *t) {
                best = Some((total, picks.iter().map(|g| g.id.clone()).collect()));
            }
        }
    }
    let (total, ids) = best.expect("some choice");
    (ids, total as f64 / 8.0)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn max_power_equips_the_best_set_on_the_large_account_in_the_fewest_calls() {
    let demo = Demo::start_large().await;
    let mut client = demo.client().await;
    // The large account's postmasters are full: the guard empties them first. Wait for it.
    quiet(&demo).await;
    sync(&mut client).await;
    let snapshot = ok(&mut client, "profile.snapshot", json!({})).await;
    let character = &snapshot["characters"][0];
    let id = character["characterId"]
        .as_str()
        .expect("an id")
        .to_string();
    let class = character["class"].as_str().expect("a class").to_string();
    let (expected, average) = expected_best(&snapshot, &id, &class);

    let plan = ok(
        &mut client,
        "loadouts.maxPower",
        json!({"characterId": id, "dryRun": true}),
    )
    .await;
    assert!(
        (plan["powerAfter"].as_f64().expect("after") - average).abs() < 1e-9,
        "{plan}"
    );
    // The fewest calls: one transfer per item in the vault, two per item on another character,
    // one per item moved aside to make room, and one EquipItems for all.
    let by_id: BTreeMap<String, &Value> = snapshot["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|i| Some((i["id"].as_str()?.to_string(), i)))
        .collect();
    let transfers: u64 = expected
        .iter()
        .map(|e| match by_id[e]["location"]["kind"].as_str() {
            Some("vault") => 1,
            Some("character") if by_id[e]["location"]["characterId"] != json!(id) => 2,
            _ => 0,
        })
        .sum();
    let aside = plan["steps"]
        .as_array()
        .expect("steps")
        .iter()
        .filter(|s| {
            s["action"] == "transfer"
                && !expected.contains(&s["id"].as_str().unwrap_or("").to_string())
        })
        .count() as u64;
    let needs_equip = expected
        .iter()
        .any(|e| by_id[e]["equipped"] != true || by_id[e]["location"]["characterId"] != json!(id));
    let minimum = transfers + aside + u64::from(needs_equip);

    reset_calls(&demo).await;
    let done = ok(&mut client, "loadouts.maxPower", json!({"characterId": id})).await;
    assert_eq!(done["ok"], true, "{done}");
    assert_eq!(done["bungieCalls"], minimum, "{done}");
    let made: u64 = action_calls(&demo).values().sum();
    assert_eq!(made, minimum, "{:?}", action_calls(&demo));
    // The game now wears exactly the expected set.
    let truth = Truth::read(&demo).await;
    let worn: BTreeSet<String> = truth
        .instances(|i| on(i, &id) && i["equipped"] == true)
        .into_iter()
        .map(id_of)
        .collect();
    for e in &expected {
        assert!(worn.contains(e), "{e} is worn");
    }
    println!(
        "max power: {:.2} -> {:.2} in {minimum} calls",
        done["powerBefore"].as_f64().unwrap_or(0.0),
        done["powerAfter"].as_f64().unwrap_or(0.0)
    );
    demo.stop().await;
}

/// Waits until the daemon makes no game-changing call for a second (at most a minute).
async fn quiet(demo: &Demo) {
    let mut last = u64::MAX;
    for _ in 0..60 {
        let now: u64 = action_calls(demo).values().sum();
        if now == last {
            return;
        }
        last = now;
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
    panic!("the daemon kept moving items for a minute");
}

async fn reset_calls(demo: &Demo) {
    demo.sim_post("/sim/calls/reset", json!({})).await;
}
