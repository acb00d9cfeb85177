//! Loadouts over the protocol against the simulator: ten items from the vault and two other
//! characters moved and equipped with exactly one EquipItems, and a loadout in an activity
//! (the items move, equipping waits).

// Not run under Wine (scripts/test-windows.sh runs this crate's Windows modules only).
#![cfg(not(windows))]

use crate::support::demo::{Client, Demo};
use crate::support::demo_moves::*;
use serde_json::{Value, json};

/// An item the store's search for `query` returns that, in truth, satisfies `keep`.
async fn find(
    demo: &Demo,
    client: &mut Client,
    query: &str,
    keep: impl Fn(&Value) -> bool,
) -> Option<Value> {
    let truth = Truth::peek(demo);
    search(client, query).await.into_iter().find(|i| {
        truth
            .items
            .iter()
            .any(|t| t["itemId"] == i["id"] && keep(t))
    })
}

/// Saves a loadout of `items` (all to equip) for `character`; returns its id.
async fn save(client: &mut Client, name: &str, character: &str, items: &[Value]) -> String {
    let equip: Vec<(Value, bool)> = items.iter().map(|i| (i.clone(), true)).collect();
    save_marked(client, name, character, &equip).await
}

/// Saves a loadout of `items`, each marked to equip or only to bring; returns its id.
async fn save_marked(
    client: &mut Client,
    name: &str,
    character: &str,
    items: &[(Value, bool)],
) -> String {
    let entries: Vec<Value> = items
        .iter()
        .map(|(i, equip)| json!({"id": i["id"], "hash": i["hash"], "equip": equip}))
        .collect();
    let saved = ok(
        client,
        "loadouts.save",
        json!({"name": name, "characterId": character, "items": entries}),
    )
    .await;
    saved["loadout"]["id"].as_str().expect("an id").to_string()
}

/// Equips a saved loadout on `character`, asserting it made `transfers` TransferItem calls and
/// exactly one EquipItems; returns the result.
async fn equip_loadout(
    demo: &Demo,
    client: &mut Client,
    loadout: &str,
    character: &str,
    transfers: u64,
) -> Value {
    demo.sim.reset_calls();
    let params = json!({"loadoutId": loadout, "characterId": character});
    let result = ok(client, "loadouts.equip", params).await;
    assert_eq!(
        action_calls(demo),
        calls(&[("TransferItem", transfers), ("EquipItems", 1)]),
        "{result}"
    );
    result
}

fn ids(items: &[Value]) -> Vec<String> {
    items
        .iter()
        .map(|i| i["id"].as_str().expect("an id").to_string())
        .collect()
}

/// Every one of `items` is on `character`, worn or not as `equipped` says, in the simulator, and
/// the store agrees.
async fn assert_on_and_agreed(
    demo: &Demo,
    client: &mut Client,
    items: &[Value],
    character: &str,
    equipped: bool,
) {
    let after = Truth::read(demo).await;
    let wanted = ids(items);
    for id in &wanted {
        let item = after.item(id);
        assert!(
            on(item, character) && item["equipped"] == equipped,
            "{item}"
        );
    }
    assert_store_agrees(client, &after, &wanted).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ten_items_from_the_vault_and_two_characters_move_then_one_equip_items_equips_them() {
    let (demo, mut client, truth) = start().await;
    let (titan, hunter, warlock) = (truth.character(0), truth.character(1), truth.character(2));
    // Gear any class can use comes from the hunter or the warlock (alternately, else the vault),
    // titan armour from the vault.
    let mut items = Vec::new();
    let mut from_characters = 0;
    let others = [hunter.clone(), warlock.clone()];
    for (n, slug) in ["kinetic", "energy", "power", "ghost", "ships"]
        .iter()
        .enumerate()
    {
        let query = format!("bucket:{slug} -is:exotic");
        let mut found = None;
        for k in 0..2 {
            let who = others[(n + k) % 2].clone();
            found = find(&demo, &mut client, &query, move |t| {
                on(t, &who) && t["equipped"] == false
            })
            .await;
            if found.is_some() {
                from_characters += 1;
                break;
            }
        }
        let item = match found {
            Some(item) => item,
            None => find(&demo, &mut client, &query, |t| t["location"] == "vault")
                .await
                .expect("a vault item"),
        };
        items.push(item);
    }
    for slug in ["helmet", "gauntlets", "chest", "legs", "class_item"] {
        let query = format!("bucket:{slug} is:titan -is:exotic is:invault");
        let item = find(&demo, &mut client, &query, |t| t["location"] == "vault").await;
        items.push(item.expect("titan armour in the vault"));
    }
    let sources: std::collections::BTreeSet<String> =
        items.iter().map(|i| i["location"].to_string()).collect();
    assert_eq!(
        sources.len(),
        3,
        "spread over the vault and two characters: {sources:?}"
    );
    let loadout = save(&mut client, "Raid", &titan, &items).await;
    // One call for each item from the vault, two for each from another character.
    let transfers = 10 + from_characters;
    demo.sim.reset_calls();
    let planned = ok(
        &mut client,
        "loadouts.equip",
        json!({"loadoutId": loadout, "characterId": titan, "dryRun": true}),
    )
    .await;
    assert_eq!(planned["bungieCalls"], transfers + 1, "{planned}");
    assert!(demo.sim.calls().is_empty(), "a dry run calls no one");
    let result = equip_loadout(&demo, &mut client, &loadout, &titan, transfers).await;
    assert_eq!(result["ok"], true, "{result}");
    assert_eq!(result["bungieCalls"], transfers + 1, "{result}");
    assert_on_and_agreed(&demo, &mut client, &items, &titan, true).await;
    // Every call was reported as it happened: one progress event per transfer and per item
    // equipped, all for this operation.
    let operation = result["operationId"].clone();
    let mut progress = 0;
    while let Some(event) = client
        .wait_event("operation.progress", std::time::Duration::from_millis(500))
        .await
    {
        if event["params"]["operationId"] == operation {
            progress += 1;
            assert_eq!(event["params"]["ok"], true, "{event}");
        }
    }
    assert_eq!(progress, transfers + 10);
    let listed = ok(&mut client, "loadouts.list", json!({"characterId": titan})).await;
    let names = crate::support::demo::loadout_names(&listed);
    assert!(
        names.contains(&"Before Raid"),
        "the undo loadout: {names:?}"
    );
    demo.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn in_an_activity_a_loadout_still_moves_its_items_and_says_equipping_must_wait() {
    let (demo, mut client, truth) = start().await;
    let titan = truth.character(0);
    let in_vault = |t: &Value| t["location"] == "vault";
    let mut items = Vec::new();
    for slug in ["kinetic", "energy", "power"] {
        let query = format!("bucket:{slug} -is:exotic is:invault");
        let item = find(&demo, &mut client, &query, in_vault).await;
        items.push(item.expect("a vault weapon"));
    }
    let loadout = save(&mut client, "Strike", &titan, &items).await;
    crate::support::demo::start_activity(&demo.sim, &titan, 0);
    let result = equip_loadout(&demo, &mut client, &loadout, &titan, 3).await;
    assert_eq!(result["ok"], false, "{result}");
    let failed: Vec<&Value> = result["steps"]
        .as_array()
        .expect("steps")
        .iter()
        .filter(|s| s["ok"] == false)
        .collect();
    assert_eq!(failed.len(), 3, "{result}");
    for step in failed {
        assert_eq!(step["action"], "equip", "{step}");
        let message = step["error"]["message"].as_str().unwrap_or("");
        assert!(message.contains("wait"), "{step}");
    }
    assert_on_and_agreed(&demo, &mut client, &items, &titan, false).await;
    demo.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_item_saved_to_bring_along_is_moved_but_not_equipped() {
    let demo = Demo::start().await;
    let mut client = demo.client().await;
    let titan = Truth::read(&demo).await.character(0);
    let in_vault = |t: &Value| t["location"] == "vault";
    let wear = find(
        &demo,
        &mut client,
        "bucket:kinetic -is:exotic is:invault",
        in_vault,
    )
    .await;
    let bring = find(
        &demo,
        &mut client,
        "bucket:energy -is:exotic is:invault",
        in_vault,
    )
    .await;
    let (wear, bring) = (wear.expect("a kinetic"), bring.expect("an energy weapon"));
    let loadout = save_marked(
        &mut client,
        "Bring",
        &titan,
        &[(wear.clone(), true), (bring.clone(), false)],
    )
    .await;
    let result = equip_loadout(&demo, &mut client, &loadout, &titan, 2).await;
    assert_eq!(result["ok"], true, "{result}");
    let after = Truth::read(&demo).await;
    let [wear, bring] = [&wear, &bring].map(|i| i["id"].as_str().expect("an id").to_string());
    assert!(on(after.item(&wear), &titan) && after.item(&wear)["equipped"] == true);
    let brought = after.item(&bring);
    assert!(
        on(brought, &titan) && brought["equipped"] == false,
        "{brought}"
    );
    assert_store_agrees(&mut client, &after, &[wear, bring]).await;
    demo.stop().await;
}
