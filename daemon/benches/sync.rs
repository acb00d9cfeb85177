//! The sync pipeline on the simulator's large account (about 1,900 items), as the sync engine runs
//! it: envelope decode (the client's: item component entries whose JSON text equals the last
//! profile's are not decoded again) + conversion (taking back what the last sync converted from the same
//! facts) + compare and commit (only what the caller does not vouch for; a commit without
//! waiting for the disk, as the engine's syncs do) + publish, against a bare typed serde parse
//! of the same bytes (serde_json, and sonic-rs, which the pipeline decodes with), an unchanged
//! poll (zero changes written, zero events), a sync in which every item component changed (one
//! entry in each: every component is rebuilt and the recall walks it), the decode alone and a whole conversion (what the
//! first sync does). Every ratio comes from criterion's own estimates of both sides in the same
//! run: `scripts/bench-ratio.sh` runs this bench and prints them from
//! `criterion/sync/*/new/estimates.json`.
//!
//! Definitions come from a table that knows no item (every item a placeholder): the manifest
//! lookup a real daemon does per item is not part of this measurement.

use std::hint::black_box;

use chrono::{DateTime, TimeZone, Utc};
use criterion::{Criterion, criterion_group, criterion_main};
use serde::Deserialize;
use std::sync::Mutex;
use vault_raider::bungie::wire::DestinyProfileResponse;
use vault_raider::bungie::wire::component_memo::{ComponentMemo, decode_profile};
use vault_raider::bungie::wire::envelope::decode;
use vault_raider::bungie::wire::profile::components;
use vault_raider::events::{DaemonEvent, EventBus};
use vault_raider::store::Store;
use vault_raider::sync::convert::{NoDefs, inventory_from_profile, inventory_recalling};
use vault_raider::sync::recall::ConversionMemory;
use vault_raider_sim::world::World;

/// The bare typed parse the pipeline is compared with.
#[derive(Deserialize)]
struct Bare {
    #[serde(rename = "Response")]
    _response: DestinyProfileResponse,
}

fn at(secs: i64) -> DateTime<Utc> {
    Utc.timestamp_opt(1_780_000_000 + secs, 0)
        .single()
        .expect("a valid timestamp")
}

/// A GetProfile body as Bungie sends it.
fn body(world: &World) -> Vec<u8> {
    let response = world.profile_json(&components::SYNC, true, at(0));
    serde_json::to_vec(&serde_json::json!({
        "Response": response, "ErrorCode": 1, "ThrottleSeconds": 0,
        "ErrorStatus": "Success", "Message": "Ok", "MessageData": {},
    }))
    .expect("JSON")
}

/// The large account's body, and the same account after one in-game move.
fn bodies() -> (Vec<u8>, Vec<u8>) {
    let mut world = World::sample(1, true);
    let before = body(&world);
    let state = world.state_json();
    let movable = state["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter(|i| i["location"] == "character" && i["equipped"] == false)
        .filter_map(|i| i["itemId"].as_str().map(str::to_string))
        .collect::<Vec<_>>();
    let moved = movable
        .iter()
        .any(|id| world.game_move(id, "vault").is_ok());
    assert!(moved, "an item could be moved to the vault");
    (before, body(&world))
}

/// `body` with one fact changed in the first entry of each item component (300 instances, 301
/// objectives, 304 stats, 305 sockets): none of them is the last body's text, so the client
/// rebuilds each (decoding the changed entries) and the recall walks each, while the items stay
/// where they are.
fn with_item_components_changed(body: &[u8]) -> Vec<u8> {
    let mut value: serde_json::Value = serde_json::from_slice(body).expect("JSON");
    for name in ["instances", "objectives", "stats", "sockets"] {
        let data = &mut value["Response"]["itemComponents"][name]["data"];
        let first = data
            .as_object_mut()
            .and_then(|entries| entries.values_mut().next())
            .unwrap_or_else(|| panic!("component {name} has an entry"));
        // The simulator's sockets are empty: the first item gets a plug.
        let changed = change_one_fact(first)
            || (name == "sockets" && {
                first["sockets"] = serde_json::json!([
                    {"plugHash": 3_176_184_476u32, "isEnabled": true, "isVisible": true}
                ]);
                true
            });
        assert!(changed, "component {name} has a fact to change");
    }
    serde_json::to_vec(&value).expect("JSON")
}

/// Flips the first boolean, or raises the first number named `value`, found depth first.
fn change_one_fact(value: &mut serde_json::Value) -> bool {
    match value {
        serde_json::Value::Bool(b) => {
            *b = !*b;
            true
        }
        serde_json::Value::Object(fields) => fields.iter_mut().any(|(key, field)| {
            if let (true, Some(n)) = (key == "value", field.as_i64()) {
                *field = serde_json::json!(n + 1);
                return true;
            }
            change_one_fact(field)
        }),
        serde_json::Value::Array(items) => items.iter_mut().any(change_one_fact),
        _ => false,
    }
}

/// What one sync leaves for the next: the client's item components (text and decoded) and the
/// conversion memory (with the store rows' generation).
#[derive(Default)]
struct Pipeline {
    components: Mutex<ComponentMemo>,
    memory: ConversionMemory,
}

impl Pipeline {
    /// One sync: decode, convert, compare and commit, publish, keep. Returns the number of
    /// changes.
    fn sync(&mut self, store: &Store, bus: &EventBus, body: &[u8], minted: i64) -> usize {
        let mut profile =
            decode_profile("GetProfile", 200, body, &self.components).expect("the body decodes");
        profile.response_minted_timestamp = Some(at(minted));
        let (inventory, recall) =
            inventory_recalling(&profile, &NoDefs, &mut self.memory).expect("the profile converts");
        let components = profile.item_components.take();
        drop(profile);
        let applied = store
            .apply_sync_on(&inventory, Some(at(minted)), recall.basis().as_ref())
            .expect("the store commits");
        let count = applied.changes.len();
        if !applied.changes.is_empty() {
            let rev = store.rev().expect("a revision");
            bus.publish(DaemonEvent::Inventory {
                rev,
                changes: applied.changes,
            });
        }
        self.memory.keep(
            recall,
            inventory.items,
            components,
            Some(applied.generation),
        );
        count
    }
}

fn sync_bench(c: &mut Criterion) {
    let (before, after) = bodies();
    let dir = tempfile::tempdir().expect("a temporary directory");
    let store = Store::open(&dir.path().join("store.redb")).expect("a store");
    let bus = EventBus::new();
    let mut events = bus.subscribe();
    let mut minted = 1;
    let mut pipeline = Pipeline::default();
    assert!(
        pipeline.sync(&store, &bus, &before, minted) > 1000,
        "the first sync adds the account"
    );
    while events.try_recv().is_ok() {}

    // The unchanged poll: nothing written, nothing published.
    minted += 1;
    let rev = store.rev().expect("a revision");
    assert_eq!(
        pipeline.sync(&store, &bus, &before, minted),
        0,
        "an unchanged poll changes nothing"
    );
    assert_eq!(
        store.rev().expect("a revision"),
        rev,
        "an unchanged poll writes no revision"
    );
    assert!(
        events.try_recv().is_err(),
        "an unchanged poll publishes nothing"
    );

    // The one-change syncs report the move, and leave the store as a whole conversion would.
    for body in [&after, &before] {
        minted += 1;
        assert!(
            pipeline.sync(&store, &bus, body, minted) >= 1,
            "a moved item is a change"
        );
        let mut profile =
            decode::<DestinyProfileResponse>("GetProfile", 200, body).expect("decodes");
        profile.response_minted_timestamp = Some(at(minted));
        let mut whole = inventory_from_profile(&profile, &NoDefs)
            .expect("converts")
            .items;
        let mut stored = store.inventory().expect("the inventory").items;
        whole.sort_by(|a, b| a.id.cmp(&b.id));
        stored.sort_by(|a, b| a.id.cmp(&b.id));
        assert!(
            whole == stored,
            "the store holds what a whole conversion makes"
        );
    }
    while events.try_recv().is_ok() {}

    let mut group = c.benchmark_group("sync");
    group.bench_function("bare_typed_parse", |b| {
        b.iter(|| black_box(serde_json::from_slice::<Bare>(&before).expect("parses")))
    });
    group.bench_function("bare_typed_parse_sonic_rs", |b| {
        b.iter(|| black_box(sonic_rs::from_slice::<Bare>(&before).expect("parses")))
    });
    group.bench_function("pipeline_one_change", |b| {
        b.iter(|| {
            minted += 1;
            let body = if minted % 2 == 0 { &after } else { &before };
            black_box(pipeline.sync(&store, &bus, body, minted))
        })
    });
    // Every item component's text differs from the last body's (in one entry each).
    let changed = with_item_components_changed(&before);
    group.bench_function("pipeline_components_changed", |b| {
        b.iter(|| {
            minted += 1;
            let body = if minted % 2 == 0 { &changed } else { &before };
            black_box(pipeline.sync(&store, &bus, body, minted))
        })
    });
    group.bench_function("pipeline_unchanged", |b| {
        b.iter(|| {
            minted += 2;
            black_box(pipeline.sync(&store, &bus, &before, minted))
        })
    });
    // The stages, each measured by criterion too: a whole envelope decode (sonic-rs; the
    // pipeline's first), the decode the one-change pipeline does (the item components whose
    // text is the last body's are reused), and a whole conversion (the first sync's; later ones
    // take back the unchanged items).
    group.bench_function("stage_decode", |b| {
        b.iter(|| {
            black_box(
                decode::<DestinyProfileResponse>("GetProfile", 200, &before).expect("decodes"),
            )
        })
    });
    let components = Mutex::new(ComponentMemo::default());
    let mut turn = 0u32;
    group.bench_function("stage_decode_reusing", |b| {
        b.iter(|| {
            turn += 1;
            let body = if turn.is_multiple_of(2) {
                &after
            } else {
                &before
            };
            black_box(decode_profile("GetProfile", 200, body, &components).expect("decodes"))
        })
    });
    let profile = decode::<DestinyProfileResponse>("GetProfile", 200, &before).expect("decodes");
    group.bench_function("stage_convert", |b| {
        b.iter(|| black_box(inventory_from_profile(&profile, &NoDefs).expect("converts")))
    });
    group.finish();
    println!(
        "sync: {} bytes, {} items; ratios from criterion's estimates: scripts/bench-ratio.sh",
        before.len(),
        inventory_from_profile(&profile, &NoDefs)
            .expect("converts")
            .items
            .len()
    );
}

criterion_group!(benches, sync_bench);
criterion_main!(benches);
