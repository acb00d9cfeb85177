//! In-game loadouts end to end over the protocol against the simulator: listed with the
//! daemon's own, snapshot into a slot and renamed, recoloured and cleared, equipped in one call
//! when everything is on the character and after bringing items from the vault and another
//! character, exported and imported as a daemon loadout, searched, and told to every client.

// Not run under Wine (scripts/test-windows.sh runs this crate's Windows modules only).
#![cfg(not(windows))]

use crate::support::demo::Demo;
use crate::support::demo_moves::*;
use serde_json::{Value, json};
use std::time::Duration;

/// The simulator's slot `index` of `character` (none when empty).
async fn truth_slot(demo: &Demo, character: &str, index: u64) -> Option<Value> {
    let state = demo.sim_state().await;
    let c = state["characters"]
        .as_array()
        .expect("characters")
        .iter()
        .find(|c| c["characterId"] == json!(character))
        .cloned()
        .expect("the character");
    c["loadouts"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|l| l["index"] == json!(index) && l["empty"] != true)
        .cloned()
}

/// The item ids of a slot as the simulator holds them.
fn slot_items(slot: &Value) -> Vec<String> {
    slot["itemIds"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .filter(|id| *id != "0")
        .map(str::to_string)
        .collect()
}

/// The daemon's view of one of the character's loadouts by id.
async fn listed(
    client: &mut crate::support::demo::Client,
    character: &str,
    id: &str,
) -> Option<Value> {
    let list = ok(client, "loadouts.list", json!({"characterId": character})).await;
    list["loadouts"]
        .as_array()
        .expect("loadouts")
        .iter()
        .find(|l| l["id"] == json!(id))
        .cloned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_sample_accounts_game_loadouts_are_listed_with_the_daemons() {
    let demo = Demo::start().await;
    let mut client = demo.client().await;
    let titan = Truth::read(&demo).await.character(0);
    let list = ok(&mut client, "loadouts.list", json!({"characterId": titan})).await;
    let game: Vec<&Value> = list["loadouts"]
        .as_array()
        .expect("loadouts")
        .iter()
        .filter(|l| l["source"] == "game")
        .collect();
    assert!(
        !game.is_empty(),
        "the sample account carries in-game loadouts: {list}"
    );
    for loadout in game {
        let index = loadout["index"].as_u64().expect("an index");
        let truth = truth_slot(&demo, &titan, index)
            .await
            .expect("a saved slot");
        let ids: Vec<String> = loadout["items"]
            .as_array()
            .expect("items")
            .iter()
            .map(|i| i["id"].as_str().expect("an id").to_string())
            .collect();
        assert_eq!(ids, slot_items(&truth), "slot {index}");
        assert_eq!(loadout["nameHash"], truth["nameHash"]);
        assert_eq!(loadout["id"], json!(format!("game:{titan}:{index}")));
        assert!(!loadout["name"].as_str().unwrap_or("").is_empty());
    }
    demo.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn snapshot_rename_equip_export_search_and_clear_a_game_loadout() {
    let demo = Demo::start().await;
    let mut client = demo.client().await;
    let mut watcher = demo.client().await;
    let truth = Truth::read(&demo).await;
    let (titan, hunter) = (truth.character(0), truth.character(1));
    let worn: Vec<String> = [bucket::KINETIC, bucket::ENERGY, bucket::POWER]
        .iter()
        .map(|b| id_of(truth.equipped(&titan, *b)))
        .collect();

    // Snapshot the titan's gear into slot 4 (index 3).
    let plan = ok(
        &mut client,
        "loadouts.snapshotGame",
        json!({"characterId": titan, "index": 3, "dryRun": true}),
    )
    .await;
    assert_eq!(plan["bungieCalls"], 1, "{plan}");
    assert!(
        truth_slot(&demo, &titan, 3).await.is_none(),
        "a dry run saves nothing"
    );
    let saved = ok(
        &mut client,
        "loadouts.snapshotGame",
        json!({"characterId": titan, "index": 3}),
    )
    .await;
    assert_eq!(saved["ok"], true, "{saved}");
    let slot = truth_slot(&demo, &titan, 3)
        .await
        .expect("slot 3 saved in the game");
    for id in &worn {
        assert!(slot_items(&slot).contains(id), "{id} in {slot}");
    }
    let id = format!("game:{titan}:3");
    let mine = listed(&mut client, &titan, &id).await.expect("listed");
    assert_eq!(mine["source"], "game");
    // Every other client hears the character's loadouts at once.
    let told = watcher
        .wait_event("loadouts.changed", Duration::from_secs(5))
        .await
        .expect("loadouts.changed");
    assert_eq!(told["params"]["characterId"], json!(titan));
    assert!(
        told["params"]["loadouts"]
            .as_array()
            .expect("loadouts")
            .iter()
            .any(|l| l["id"] == json!(id)),
        "{told}"
    );

    // Rename and recolour it with identifiers the game offers.
    let offered = ok(&mut client, "loadouts.gameIdentifiers", json!({})).await;
    let name = offered["names"]
        .as_array()
        .expect("names")
        .iter()
        .find(|n| n["hash"] != mine["nameHash"])
        .expect("another name")
        .clone();
    let color = offered["colors"]
        .as_array()
        .expect("colors")
        .iter()
        .find(|c| c["hash"] != mine["colorHash"])
        .expect("another colour")
        .clone();
    let renamed = ok(
        &mut client,
        "loadouts.updateGame",
        json!({"characterId": titan, "index": 3, "name": name["name"], "colorHash": color["hash"]}),
    )
    .await;
    assert_eq!(renamed["bungieCalls"], 1, "{renamed}");
    let slot = truth_slot(&demo, &titan, 3).await.expect("still saved");
    assert_eq!(slot["nameHash"], name["hash"]);
    assert_eq!(slot["colorHash"], color["hash"]);
    let mine = listed(&mut client, &titan, &id).await.expect("listed");
    assert_eq!(mine["name"], name["name"]);

    // Searched over both kinds.
    let inside = search(&mut client, "is:inloadout").await;
    for id in &worn {
        assert!(
            inside.iter().any(|i| i["id"] == json!(id)),
            "{id} is in a loadout"
        );
    }
    let query = format!("inloadout:\"{}\"", name["name"].as_str().expect("a name"));
    let named = search(&mut client, &query).await;
    assert!(named.iter().any(|i| i["id"] == json!(worn[0])), "{query}");

    // Wear other weapons, then move two of the slot's weapons away in the game: one to the
    // vault, one to the hunter.
    for (b, slug) in [(bucket::KINETIC, "kinetic"), (bucket::ENERGY, "energy")] {
        let other = id_of(Truth::read(&demo).await.spares(&titan, b)[0]);
        ok(
            &mut client,
            "items.equip",
            json!({"id": other, "characterId": titan}),
        )
        .await;
        let _ = slug;
    }
    game_move(&demo, &worn[0], "vault");
    game_move(&demo, &worn[1], &hunter);
    sync(&mut client).await;
    demo.sim_post("/sim/calls/reset", json!({})).await;
    let equipped = ok(
        &mut client,
        "loadouts.equip",
        json!({"loadoutId": id, "characterId": titan}),
    )
    .await;
    assert_eq!(equipped["ok"], true, "{equipped}");
    let calls = action_calls(&demo);
    assert_eq!(calls.get("EquipLoadout"), Some(&1), "{calls:?}");
    assert_eq!(calls.get("TransferItem"), Some(&3), "{calls:?}");
    assert_eq!(equipped["bungieCalls"], 4);
    let after = Truth::read(&demo).await;
    for id in &worn {
        assert!(on(after.item(id), &titan), "{id} is on the titan");
        assert_eq!(after.item(id)["equipped"], true, "{id} is equipped");
    }

    // Everything on the character: exactly one call.
    let other = id_of(after.spares(&titan, bucket::POWER)[0]);
    ok(
        &mut client,
        "items.equip",
        json!({"id": other, "characterId": titan}),
    )
    .await;
    demo.sim_post("/sim/calls/reset", json!({})).await;
    let again = ok(
        &mut client,
        "loadouts.equip",
        json!({"loadoutId": id, "characterId": titan}),
    )
    .await;
    assert_eq!(again["bungieCalls"], 1, "{again}");
    assert_eq!(action_calls(&demo), calls_of(&[("EquipLoadout", 1)]));

    // Exported as DIM JSON and imported as the daemon's own loadout.
    let exported = ok(&mut client, "loadouts.export", json!({"loadoutId": id})).await;
    let imported = ok(
        &mut client,
        "loadouts.import",
        json!({"dim": exported["dim"]}),
    )
    .await;
    assert_eq!(imported["loadout"]["source"], "daemon");
    let copied: Vec<&Value> = imported["loadout"]["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| &i["id"])
        .collect();
    for id in &worn {
        assert!(copied.contains(&&json!(id)), "{id} was copied");
    }

    // Imported into another in-game slot: equipped, then saved there.
    let into = ok(
        &mut client,
        "loadouts.import",
        json!({"dim": exported["dim"], "gameSlot": {"characterId": titan, "index": 5}}),
    )
    .await;
    assert_eq!(into["loadout"]["source"], "game", "{into}");
    assert_eq!(into["loadout"]["index"], 5);
    let slot6 = truth_slot(&demo, &titan, 5)
        .await
        .expect("slot 6 saved in the game");
    for id in &worn {
        assert!(slot_items(&slot6).contains(id), "{id} in slot 6");
    }

    // Cleared in the game, gone from the list.
    let cleared = ok(
        &mut client,
        "loadouts.clearGame",
        json!({"characterId": titan, "index": 3}),
    )
    .await;
    assert_eq!(cleared["bungieCalls"], 1);
    assert!(truth_slot(&demo, &titan, 3).await.is_none());
    assert!(listed(&mut client, &titan, &id).await.is_none());
    let refused = client
        .call(
            "loadouts.updateGame",
            json!({"characterId": titan, "index": 3}),
        )
        .await;
    assert_eq!(refused["error"]["code"], -32602, "{refused}");
    demo.stop().await;
}

fn calls_of(pairs: &[(&str, u64)]) -> std::collections::BTreeMap<String, u64> {
    calls(pairs)
}
