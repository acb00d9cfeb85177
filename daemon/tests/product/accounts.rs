//! Accounts as they are: a Bungie.net user with two platforms and no cross save
//! (`--accounts separate`), each its own game, and a third membership on a platform Destiny 2
//! left. All three are listed, the third as unavailable and never selectable; `accounts.select`
//! switches between the two games live, each switch announced with `reset`, and moves act on
//! the selected game. With cross save (the default) only the primary is listed.

// Not run under Wine (scripts/test-windows.sh runs this crate's Windows modules only).
#![cfg(not(windows))]

use crate::support::demo::{Client, Demo, DemoOptions};
use serde_json::{Value, json};
use std::collections::BTreeSet;
use std::time::{Duration, Instant};
use vault_raider_sim::SimConfig;

/// The character ids a world holds, as the protocol writes them.
fn world_characters(world: &std::sync::Mutex<vault_raider_sim::world::World>) -> BTreeSet<String> {
    world
        .lock()
        .expect("the world")
        .character_ids()
        .iter()
        .map(ToString::to_string)
        .collect()
}

/// The character ids of the daemon's snapshot.
async fn snapshot_characters(client: &mut Client) -> BTreeSet<String> {
    let snapshot = client.call("profile.snapshot", json!({})).await;
    snapshot["result"]["characters"]
        .as_array()
        .map(|all| {
            all.iter()
                .filter_map(|c| c["characterId"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// Waits until the daemon's snapshot holds `wanted`'s characters (a sync after a switch).
async fn wait_for_characters(client: &mut Client, wanted: &BTreeSet<String>) {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        if &snapshot_characters(client).await == wanted {
            return;
        }
        assert!(Instant::now() < deadline, "the store never held {wanted:?}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// Selects the account and checks the `reset` that announces the fresh store.
async fn select(client: &mut Client, account: &Value) {
    let selected = client
        .call(
            "accounts.select",
            json!({"membershipType": account["membershipType"], "membershipId": account["membershipId"]}),
        )
        .await;
    assert!(selected.get("result").is_some(), "{selected}");
    // Earlier syncs' changes may still be queued: the reset comes among them.
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        let event = client
            .wait_event("inventory.changed", left)
            .await
            .expect("an inventory.changed with reset after the switch");
        if event["params"]["reset"] == true {
            assert!(
                event["params"]["changes"]
                    .as_array()
                    .is_none_or(Vec::is_empty)
            );
            return;
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_platforms_without_cross_save_are_listed_and_switched_live() {
    let demo = Demo::start_with(DemoOptions {
        sim: SimConfig {
            pacing: false,
            clock: false,
            separate_accounts: true,
            ..SimConfig::default()
        },
        ..DemoOptions::default()
    })
    .await;
    let first_world = demo.sim.world();
    let second_world = demo.sim.second_world().expect("a second platform");
    let (first, second) = (
        world_characters(&first_world),
        world_characters(&second_world),
    );
    assert!(
        first.is_disjoint(&second),
        "two games: {first:?} {second:?}"
    );
    let mut client = demo.client().await;

    let listed = client.call("accounts.list", json!({})).await;
    let mut accounts = listed["result"].as_array().cloned().unwrap_or_default();
    assert_eq!(accounts.len(), 3, "{listed}");
    let legacy = accounts
        .iter()
        .position(|a| a["unavailable"] == true)
        .unwrap_or_else(|| panic!("one unavailable account: {listed}"));
    let legacy = accounts.remove(legacy);
    assert_eq!(legacy["membershipType"], 5, "{legacy}");
    assert!(
        accounts.iter().all(|a| a.get("unavailable").is_none()),
        "{listed}"
    );
    let types: BTreeSet<i64> = accounts
        .iter()
        .filter_map(|a| a["membershipType"].as_i64())
        .collect();
    assert_eq!(types.len(), 2, "two platforms: {listed}");

    // The daemon follows one of them and shows its game.
    let followed = snapshot_characters(&mut client).await;
    let (now, other) = if followed == first {
        (&first, &second)
    } else {
        assert_eq!(followed, second, "the store holds one of the two games");
        (&second, &first)
    };
    let status = client.call("session.status", json!({})).await;
    let current = status["result"]["account"]["membershipId"].clone();
    let target = accounts
        .iter()
        .find(|a| a["membershipId"] != current)
        .cloned()
        .unwrap_or_else(|| panic!("another account than {current}: {listed}"));

    // The retired platform is refused, and nothing changes.
    let refused = client
        .call(
            "accounts.select",
            json!({"membershipType": legacy["membershipType"], "membershipId": legacy["membershipId"]}),
        )
        .await;
    assert_eq!(refused["error"]["code"], -32602, "{refused}");
    assert!(
        refused["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("no longer serves")),
        "{refused}"
    );
    assert_eq!(&snapshot_characters(&mut client).await, now);

    // Switch: a reset, then the other game's characters, no restart.
    select(&mut client, &target).await;
    wait_for_characters(&mut client, other).await;
    let status = client.call("session.status", json!({})).await;
    assert_eq!(
        status["result"]["account"]["membershipId"], target["membershipId"],
        "{status}"
    );

    // A move acts on the selected game.
    let found = client
        .call(
            "items.search",
            json!({"query": "is:weapon is:invault", "limit": 1}),
        )
        .await;
    let id = found["result"]["items"][0]["id"]
        .as_str()
        .unwrap_or_else(|| panic!("a vault weapon: {found}"))
        .to_string();
    let to = other.iter().next().expect("a character").clone();
    let moved = client
        .call("items.transfer", json!({"id": id, "to": to}))
        .await;
    assert_eq!(moved["result"]["ok"], true, "{moved}");
    let selected_world = if other == &second {
        &second_world
    } else {
        &first_world
    };
    let truth = selected_world.lock().expect("the world").state_json();
    let item = truth["items"]
        .as_array()
        .and_then(|items| items.iter().find(|i| i["itemId"] == json!(id)))
        .unwrap_or_else(|| panic!("the selected game holds item {id}"))
        .clone();
    assert_eq!(item["characterId"], json!(to), "{item}");

    // And back again.
    let back = accounts
        .iter()
        .find(|a| a["membershipId"] == current)
        .cloned()
        .expect("the first account");
    select(&mut client, &back).await;
    wait_for_characters(&mut client, now).await;
    demo.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_cross_save_only_the_primary_is_listed() {
    let demo = Demo::start().await;
    let mut client = demo.client().await;
    let listed = client.call("accounts.list", json!({})).await;
    let accounts = listed["result"].as_array().cloned().unwrap_or_default();
    let (primary_type, primary_id) = demo
        .sim
        .world()
        .lock()
        .expect("the world")
        .primary_membership();
    assert_eq!(
        accounts.len(),
        1,
        "the overridden membership follows its primary: {listed}"
    );
    assert_eq!(accounts[0]["membershipType"], primary_type, "{listed}");
    assert_eq!(
        accounts[0]["membershipId"],
        primary_id.to_string(),
        "{listed}"
    );
    demo.stop().await;
}
