//! The simulator's in-game loadouts over real HTTP: component 206 before and after each of the
//! four loadout actions, every rule and error with Bungie's code and HTTP status, each answer
//! checked against its operation in `openapi.json`, the loadout manifest tables (per-table JSON
//! and the SQLite download), the call counter, faults, scope and pacing.

// Not run under Wine (scripts/test-windows.sh runs this crate's Windows modules only).
#![cfg(not(windows))]

use std::time::Duration;

use crate::support::openapi::SpecChecks;
use crate::support::sim::*;
use crate::support::store::GEAR_BUCKETS;
use reqwest::StatusCode;
use serde_json::{Map, Value, json};
use vault_raider_sim::SimConfig;

/// The colour, icon and name of an empty slot.
const EMPTY: (u64, u64, u64) = (3_871_954_967, 797_343_014, 1_797_558_498);
/// The weapon buckets.
const WEAPON_BUCKETS: [u64; 3] = [1_498_876_634, 2_465_295_065, 953_998_645];
/// The kinetic bucket.
const KINETIC: u64 = 1_498_876_634;

/// A signed-in simulator, the spec (when the shared data is there) and the manifest's tables.
struct Game {
    sim: Sim,
    token: String,
    membership_type: i64,
    spec: SpecChecks,
    items: Map<String, Value>,
}

impl Game {
    async fn start(config: SimConfig, test: &str) -> Game {
        let spec = SpecChecks::load(test);
        let sim = Sim::start(config).await;
        let token = sim.access_token().await;
        let (membership_type, _) = sim.primary_membership(&token).await;
        let mut game = Game {
            sim,
            token,
            membership_type,
            spec,
            items: Map::new(),
        };
        game.items = game.table("DestinyInventoryItemDefinition").await;
        game
    }

    /// One manifest table from its per-table JSON path.
    async fn table(&self, name: &str) -> Map<String, Value> {
        self.sim.manifest_table(name).await
    }

    /// GetProfile with component 206 (checked against the spec).
    async fn profile_206(&self, token: Option<&str>) -> Value {
        let path = self.sim.profile_path(&self.token, "206").await;
        let (status, body) = self.sim.get(&path, token).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        self.spec.conforms("Destiny2.GetProfile", &body);
        body
    }

    /// The character's ten slots as component 206 writes them.
    async fn slots(&self, character: &str) -> Vec<Value> {
        let profile = self.profile_206(Some(&self.token)).await;
        profile["Response"]["characterLoadouts"]["data"][character]["loadouts"]
            .as_array()
            .expect("the character's loadouts")
            .clone()
    }

    /// Posts `body` to the loadout action `name`; the answer is checked against the spec.
    async fn act(&self, name: &str, body: &Value) -> (StatusCode, Value) {
        let path = format!("/Destiny2/Actions/Loadouts/{name}/");
        let (status, answer) = self.sim.post(&path, &self.token, &body.to_string()).await;
        self.spec.conforms(&format!("Destiny2.{name}"), &answer);
        (status, answer)
    }

    /// A `DestinyLoadoutActionRequest`.
    fn action(&self, index: i64, character: &str) -> Value {
        json!({ "loadoutIndex": index, "characterId": character, "membershipType": self.membership_type })
    }

    /// A `DestinyLoadoutUpdateActionRequest`.
    fn update(&self, index: i64, character: &str, ids: (u64, u64, u64)) -> Value {
        json!({
            "colorHash": ids.0, "iconHash": ids.1, "nameHash": ids.2,
            "loadoutIndex": index, "characterId": character, "membershipType": self.membership_type,
        })
    }

    /// The item definition of a `/sim/state` item.
    fn def(&self, item: &Value) -> &Value {
        let hash = item["itemHash"].as_u64().expect("itemHash").to_string();
        self.items.get(&hash).expect("a definition")
    }

    /// Posts an item action (`/Destiny2/Actions/Items/{name}/`).
    async fn item_action(&self, name: &str, body: Value) -> Value {
        let path = format!("/Destiny2/Actions/Items/{name}/");
        let (status, answer) = self.sim.post(&path, &self.token, &body.to_string()).await;
        assert_eq!(status, StatusCode::OK, "{name}: {answer}");
        answer
    }

    /// Moves an instance between the vault and a character.
    async fn transfer(&self, item: &Value, to_vault: bool, character: &str) {
        let body = json!({
            "itemReferenceHash": item["itemHash"], "stackSize": 1, "transferToVault": to_vault,
            "itemId": item["itemId"], "characterId": character, "membershipType": self.membership_type,
        });
        self.item_action("TransferItem", body).await;
    }

    /// Equips an instance already on the character.
    async fn equip(&self, item_id: &Value, character: &str) {
        let body = json!({ "itemId": item_id, "characterId": character, "membershipType": self.membership_type });
        self.item_action("EquipItem", body).await;
    }
}

/// The id and class of the `n`th character.
fn character(state: &Value, n: usize) -> (String, i64) {
    let c = &state["characters"][n];
    (
        c["characterId"].as_str().expect("id").to_string(),
        c["classType"].as_i64().expect("class"),
    )
}

/// Every item of `/sim/state`.
fn items(state: &Value) -> impl Iterator<Item = &Value> {
    state["items"].as_array().expect("items").iter()
}

/// The `/sim/state` record of an item.
fn item(state: &Value, id: &str) -> Value {
    items(state)
        .find(|i| i["itemId"] == id)
        .cloned()
        .unwrap_or(Value::Null)
}

/// What the character wears in `bucket`.
fn worn(state: &Value, character: &str, bucket: u64) -> Option<Value> {
    items(state)
        .find(|i| {
            i["characterId"] == character && i["equipped"] == true && i["bucketHash"] == bucket
        })
        .cloned()
}

/// The character's `/sim/state` loadout slots.
fn state_slots(state: &Value, character: &str) -> Vec<Value> {
    state["characters"]
        .as_array()
        .expect("characters")
        .iter()
        .find(|c| c["characterId"] == character)
        .and_then(|c| c["loadouts"].as_array())
        .expect("the character's slots")
        .clone()
}

/// The first empty slot of a character.
fn empty_slot(state: &Value, character: &str) -> i64 {
    state_slots(state, character)
        .iter()
        .find(|s| s["empty"] == true)
        .and_then(|s| s["index"].as_i64())
        .expect("an empty slot")
}

/// Asserts a refused action: HTTP status, ErrorCode, ErrorStatus, and `"Response": 0`.
fn refused((status, body): (StatusCode, Value), expected: (StatusCode, i64, &str)) {
    assert_eq!(status, expected.0, "{body}");
    assert_error(&body, expected.1, expected.2);
    assert_eq!(body["Response"], 0);
}

/// A colour, an icon and a name read from the manifest's loadout tables (not the defaults).
async fn identifiers(game: &Game) -> (u64, u64, u64) {
    let other = |table: &Map<String, Value>, default: u64| -> u64 {
        table
            .keys()
            .filter_map(|k| k.parse::<u64>().ok())
            .find(|h| *h != default)
            .expect("a second row")
    };
    let names = game.table("DestinyLoadoutNameDefinition").await;
    let raid = names
        .values()
        .find(|row| row["name"] == "Raid")
        .and_then(|row| row["hash"].as_u64())
        .expect("a Raid name");
    (
        other(&game.table("DestinyLoadoutColorDefinition").await, EMPTY.0),
        other(&game.table("DestinyLoadoutIconDefinition").await, EMPTY.1),
        raid,
    )
}

#[tokio::test]
async fn component_206_writes_ten_slots_per_character_with_the_saved_ones_as_sim_state_has_them() {
    let game = Game::start(config(), "component_206_writes_ten_slots").await;
    let state = game.sim.state().await;
    let profile = game.profile_206(Some(&game.token)).await;
    let data = &profile["Response"]["characterLoadouts"];
    assert_eq!(data["privacy"], 2);
    for n in 0..3 {
        let (id, _) = character(&state, n);
        let slots = data["data"][&id]["loadouts"].as_array().expect("slots");
        let truth = state_slots(&state, &id);
        assert_eq!(slots.len(), 10);
        assert_eq!(truth.len(), 10);
        let saved = truth.iter().filter(|s| s["empty"] == false).count();
        assert!((2..=3).contains(&saved), "{saved} saved");
        for (slot, truth) in slots.iter().zip(&truth) {
            assert_eq!(slot["nameHash"], truth["nameHash"]);
            assert_eq!(slot["colorHash"], truth["colorHash"]);
            assert_eq!(slot["iconHash"], truth["iconHash"]);
            let ids: Vec<&Value> = slot["items"]
                .as_array()
                .expect("items")
                .iter()
                .map(|i| &i["itemInstanceId"])
                .collect();
            let truth_ids: Vec<&Value> = truth["itemIds"].as_array().expect("ids").iter().collect();
            assert_eq!(ids, truth_ids);
            if truth["empty"] == true {
                assert_eq!(
                    *slot,
                    json!({ "colorHash": EMPTY.0, "iconHash": EMPTY.1, "nameHash": EMPTY.2, "items": [] })
                );
            } else {
                assert_eq!(ids.len(), 9, "subclass, three weapons, five armour pieces");
                assert!(ids.iter().all(|id| id.is_string()), "int64 ids as strings");
                assert!(slot["items"][0]["plugItemHashes"].is_array());
            }
        }
        // The first saved loadout is what the character wears: the subclass, then the gear
        // buckets but the ghost.
        let subclass = 3_284_755_031u64;
        let worn_ids: Vec<Value> = std::iter::once(subclass)
            .chain(GEAR_BUCKETS[..8].iter().map(|&b| u64::from(b)))
            .map(|b| worn(&state, &id, b).map_or(json!("0"), |i| i["itemId"].clone()))
            .collect();
        assert_eq!(truth[0]["itemIds"], json!(worn_ids));
    }
    // Another's view: private, no data.
    let stranger = game.profile_206(None).await;
    assert_eq!(stranger["Response"]["characterLoadouts"]["privacy"], 2);
    assert!(
        stranger["Response"]["characterLoadouts"]
            .get("data")
            .is_none()
    );
    game.sim.handle.shutdown().await;
}

#[tokio::test]
async fn snapshot_update_equip_and_clear_change_component_206_and_are_counted() {
    let game = Game::start(config(), "snapshot_update_equip_and_clear").await;
    let state = game.sim.state().await;
    let (a, _) = character(&state, 0);
    let index = empty_slot(&state, &a);
    let slot = usize::try_from(index).expect("an index");
    let ids = identifiers(&game).await;
    game.sim.handle.reset_calls();

    let (status, body) = game
        .act("SnapshotLoadout", &game.update(index, &a, ids))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["Response"], 0);
    let state = game.sim.state().await;
    let worn_ids: Vec<Value> = state_slots(&state, &a)[slot]["itemIds"]
        .as_array()
        .expect("ids")
        .clone();
    let slots = game.slots(&a).await;
    assert_eq!(slots[slot]["colorHash"], ids.0);
    assert_eq!(slots[slot]["iconHash"], ids.1);
    assert_eq!(slots[slot]["nameHash"], ids.2);
    let written: Vec<Value> = slots[slot]["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| i["itemInstanceId"].clone())
        .collect();
    assert_eq!(written, worn_ids);
    assert_eq!(
        Some(&written[1]),
        worn(&state, &a, KINETIC).as_ref().map(|i| &i["itemId"])
    );

    // New identifiers, same items.
    let renamed = (EMPTY.0, ids.1, EMPTY.2);
    let (status, body) = game
        .act("UpdateLoadoutIdentifiers", &game.update(index, &a, renamed))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let after = game.slots(&a).await;
    assert_eq!(
        (
            &after[slot]["colorHash"],
            &after[slot]["iconHash"],
            &after[slot]["nameHash"]
        ),
        (&json!(renamed.0), &json!(renamed.1), &json!(renamed.2))
    );
    assert_eq!(after[slot]["items"], slots[slot]["items"]);

    // Change a weapon, then the loadout puts the saved one back.
    let spare = items(&state)
        .find(|i| {
            i["characterId"] == a.as_str()
                && i["location"] == "character"
                && i["equipped"] == false
                && i["bucketHash"] == KINETIC
        })
        .cloned()
        .expect("a spare kinetic weapon");
    game.equip(&spare["itemId"], &a).await;
    let (status, body) = game.act("EquipLoadout", &game.action(index, &a)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["Response"], 0);
    let state = game.sim.state().await;
    assert_eq!(
        worn(&state, &a, KINETIC).map(|i| i["itemId"].clone()),
        Some(written[1].clone())
    );

    let (status, body) = game.act("ClearLoadout", &game.action(index, &a)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let cleared = game.slots(&a).await;
    assert_eq!(
        cleared[slot],
        json!({ "colorHash": EMPTY.0, "iconHash": EMPTY.1, "nameHash": EMPTY.2, "items": [] })
    );
    assert_eq!(
        state_slots(&game.sim.state().await, &a)[slot]["empty"],
        true
    );

    let calls = game.sim.handle.calls();
    for name in [
        "SnapshotLoadout",
        "UpdateLoadoutIdentifiers",
        "EquipLoadout",
        "ClearLoadout",
    ] {
        assert_eq!(calls.get(name), Some(&1), "{name}: {calls:?}");
    }
    game.sim.handle.shutdown().await;
}

#[tokio::test]
async fn equip_loadout_refuses_activities_locked_equipment_unknown_characters_and_bad_slots() {
    let game = Game::start(config(), "equip_loadout_refuses").await;
    let state = game.sim.state().await;
    let (a, _) = character(&state, 0);
    let empty = empty_slot(&state, &a);
    let a_id: i64 = a.parse().expect("an id");
    let world = game.sim.handle.world();

    let invalid = (StatusCode::INTERNAL_SERVER_ERROR, 18, "InvalidParameters");
    refused(
        game.act("EquipLoadout", &game.action(empty, &a)).await,
        invalid,
    );
    refused(
        game.act("EquipLoadout", &game.action(10, &a)).await,
        invalid,
    );
    refused(
        game.act("EquipLoadout", &game.action(-1, &a)).await,
        invalid,
    );
    let no_index = json!({ "characterId": a, "membershipType": game.membership_type });
    refused(game.act("EquipLoadout", &no_index).await, invalid);
    refused(
        game.act("EquipLoadout", &game.action(0, "2305843009200000001"))
            .await,
        (StatusCode::NOT_FOUND, 1620, "DestinyCharacterNotFound"),
    );
    assert_eq!(game.sim.state().await["items"], state["items"]);

    world
        .lock()
        .unwrap()
        .start_activity(a_id, chrono::Utc::now())
        .unwrap();
    let before = game.sim.state().await;
    refused(
        game.act("EquipLoadout", &game.action(0, &a)).await,
        (
            StatusCode::INTERNAL_SERVER_ERROR,
            1671,
            "DestinyCannotPerformActionAtThisLocation",
        ),
    );
    assert_eq!(game.sim.state().await["items"], before["items"]);
    let (status, _) = game
        .sim
        .control("/sim/game/activity", json!({ "characterId": a }))
        .await;
    assert_eq!(status, StatusCode::OK);
    world
        .lock()
        .unwrap()
        .set_equipment_locked(a_id, true)
        .unwrap();
    let before = game.sim.state().await;
    refused(
        game.act("EquipLoadout", &game.action(0, &a)).await,
        (
            StatusCode::INTERNAL_SERVER_ERROR,
            1640,
            "DestinyItemUnequippable",
        ),
    );
    assert_eq!(game.sim.state().await["items"], before["items"]);
    world
        .lock()
        .unwrap()
        .set_equipment_locked(a_id, false)
        .unwrap();
    let (status, body) = game.act("EquipLoadout", &game.action(0, &a)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    game.sim.handle.shutdown().await;
}

#[tokio::test]
async fn equip_loadout_pulls_vault_items_and_skips_items_on_another_character() {
    let game = Game::start(config(), "equip_loadout_pulls_vault_items").await;
    let state = game.sim.state().await;
    let (a, _) = character(&state, 0);
    // The sample's second loadout holds an item now in the vault and one on another character.
    let listed: Vec<Value> = state_slots(&state, &a)[1]["itemIds"]
        .as_array()
        .expect("ids")
        .iter()
        .map(|id| item(&state, id.as_str().unwrap_or("0")))
        .collect();
    let vaulted = listed
        .iter()
        .find(|i| i["location"] == "vault")
        .cloned()
        .expect("an item now in the vault");
    let elsewhere = listed
        .iter()
        .find(|i| i["location"] == "character" && i["characterId"] != a.as_str())
        .cloned()
        .expect("an item now on another character");
    let (status, body) = game.act("EquipLoadout", &game.action(1, &a)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let after = game.sim.state().await;
    let pulled = item(&after, vaulted["itemId"].as_str().expect("id"));
    assert_eq!(pulled["characterId"], a.as_str());
    assert_eq!(pulled["equipped"], true);
    let stayed = item(&after, elsewhere["itemId"].as_str().expect("id"));
    assert_eq!(stayed["characterId"], elsewhere["characterId"]);
    assert_eq!(stayed["equipped"], elsewhere["equipped"]);
    for listed in &listed {
        let now = item(&after, listed["itemId"].as_str().unwrap_or("0"));
        if listed["location"] == "character" && listed["characterId"] == a.as_str() {
            assert_eq!(now["equipped"], true, "{listed}");
        }
    }
    game.sim.handle.shutdown().await;
}

#[tokio::test]
async fn equip_loadout_keeps_a_worn_exotic_when_the_loadouts_item_for_its_slot_is_elsewhere() {
    let game = Game::start(config(), "equip_loadout_keeps_a_worn_exotic").await;
    let state = game.sim.state().await;
    let (a, class_type) = character(&state, 0);
    let (b, _) = character(&state, 1);
    let exotic_weapon = |i: &Value| {
        let def = game.def(i);
        def["inventory"]["tierType"] == 6
            && WEAPON_BUCKETS.contains(&def["inventory"]["bucketTypeHash"].as_u64().unwrap_or(0))
    };
    let ace = worn(&state, &a, KINETIC).expect("a kinetic weapon");
    assert!(
        exotic_weapon(&ace),
        "the sample's first character wears an exotic kinetic"
    );
    let other = items(&state)
        .find(|i| {
            i["location"] == "vault"
                && exotic_weapon(i)
                && game.def(i)["inventory"]["bucketTypeHash"] != KINETIC
                && (game.def(i)["classType"] == 3 || game.def(i)["classType"] == class_type)
        })
        .cloned()
        .expect("an exotic weapon for another slot in the vault");
    let bucket = game.def(&other)["inventory"]["bucketTypeHash"]
        .as_u64()
        .expect("a bucket");
    let saved_there = worn(&state, &a, bucket).expect("a weapon in that slot");
    let ids = identifiers(&game).await;
    let index = empty_slot(&state, &a);
    let (status, _) = game
        .act("SnapshotLoadout", &game.update(index, &a, ids))
        .await;
    assert_eq!(status, StatusCode::OK);

    // Wear a legendary kinetic and the other exotic; the saved weapon of that slot leaves for B.
    let legendary = items(&state)
        .find(|i| {
            (i["location"] == "vault" || i["characterId"] == a.as_str())
                && i["equipped"] == false
                && game.def(i)["inventory"]["bucketTypeHash"] == KINETIC
                && !exotic_weapon(i)
        })
        .cloned()
        .expect("a legendary kinetic");
    if legendary["location"] == "vault" {
        game.transfer(&legendary, false, &a).await;
    }
    game.equip(&legendary["itemId"], &a).await;
    game.transfer(&other, false, &a).await;
    game.equip(&other["itemId"], &a).await;
    game.transfer(&saved_there, true, &a).await;
    game.transfer(&saved_there, false, &b).await;

    let (status, body) = game.act("EquipLoadout", &game.action(index, &a)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let after = game.sim.state().await;
    assert_eq!(
        worn(&after, &a, bucket).map(|i| i["itemId"].clone()),
        Some(other["itemId"].clone()),
        "the worn exotic stays: the loadout's weapon for its slot is on another character"
    );
    assert_eq!(
        worn(&after, &a, KINETIC).map(|i| i["itemId"].clone()),
        Some(legendary["itemId"].clone()),
        "so the loadout's exotic kinetic is skipped"
    );
    assert_eq!(
        item(&after, saved_there["itemId"].as_str().expect("id"))["characterId"],
        b.as_str()
    );
    game.sim.handle.shutdown().await;
}

#[tokio::test]
async fn snapshot_and_update_take_only_manifest_rows_and_update_needs_a_saved_slot() {
    let game = Game::start(config(), "snapshot_and_update_take_only_manifest_rows").await;
    let state = game.sim.state().await;
    let (a, _) = character(&state, 0);
    let a_id: i64 = a.parse().expect("an id");
    let index = empty_slot(&state, &a);
    let ids = identifiers(&game).await;
    let invalid = |(status, body): (StatusCode, Value)| {
        assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR, "{body}");
        assert_error(&body, 18, "InvalidParameters");
    };
    invalid(
        game.act(
            "SnapshotLoadout",
            &game.update(index, &a, (1, ids.1, ids.2)),
        )
        .await,
    );
    invalid(
        game.act(
            "SnapshotLoadout",
            &game.update(index, &a, (ids.0, 1, ids.2)),
        )
        .await,
    );
    invalid(
        game.act(
            "SnapshotLoadout",
            &game.update(index, &a, (ids.0, ids.1, ids.0)),
        )
        .await,
    );
    invalid(game.act("SnapshotLoadout", &game.update(10, &a, ids)).await);
    invalid(
        game.act("UpdateLoadoutIdentifiers", &game.update(index, &a, ids))
            .await,
    );
    invalid(game.act("ClearLoadout", &game.action(-1, &a)).await);
    let (status, body) = game
        .act("ClearLoadout", &game.action(0, "2305843009200000001"))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_error(&body, 1620, "DestinyCharacterNotFound");
    assert_eq!(
        state_slots(&game.sim.state().await, &a),
        state_slots(&state, &a)
    );

    // A snapshot is allowed anywhere, even in an activity with equipment locked.
    {
        let world = game.sim.handle.world();
        let mut world = world.lock().unwrap();
        world.start_activity(a_id, chrono::Utc::now()).unwrap();
        world.set_equipment_locked(a_id, true).unwrap();
    }
    let (status, body) = game
        .act("SnapshotLoadout", &game.update(index, &a, ids))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, body) = game
        .act(
            "UpdateLoadoutIdentifiers",
            &game.update(index, &a, (ids.0, ids.1, 2)),
        )
        .await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR, "{body}");
    assert_error(&body, 18, "InvalidParameters");
    let (status, body) = game
        .act("UpdateLoadoutIdentifiers", &game.update(index, &a, EMPTY))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let slot = &state_slots(&game.sim.state().await, &a)[usize::try_from(index).expect("index")];
    assert_eq!(slot["empty"], false);
    assert_eq!(slot["nameHash"], EMPTY.2);
    game.sim.handle.shutdown().await;
}

#[tokio::test]
async fn the_request_bodies_the_tests_send_are_bungies_shapes() {
    let game = Game::start(config(), "the_request_bodies_the_tests_send").await;
    game.spec.is_a(
        "Destiny.Requests.Actions.DestinyLoadoutActionRequest",
        &game.action(3, "2305843009300000001"),
    );
    game.spec.is_a(
        "Destiny.Requests.Actions.DestinyLoadoutUpdateActionRequest",
        &game.update(3, "2305843009300000001", EMPTY),
    );
    game.sim.handle.shutdown().await;
}

#[tokio::test]
async fn the_manifest_serves_the_loadout_tables_as_json_and_in_the_sqlite_download() {
    let game = Game::start(config(), "the_manifest_serves_the_loadout_tables").await;
    let schemas = [
        (
            "DestinyLoadoutColorDefinition",
            "colorImagePath",
            EMPTY.0,
            10,
        ),
        ("DestinyLoadoutIconDefinition", "iconImagePath", EMPTY.1, 10),
        ("DestinyLoadoutNameDefinition", "name", EMPTY.2, 20),
    ];
    let mut listed = Vec::new();
    for (table, field, default, count) in schemas {
        let rows = game.table(table).await;
        assert_eq!(rows.len(), count, "{table}");
        assert!(
            rows.contains_key(&default.to_string()),
            "{table} holds the empty slot's row"
        );
        for (key, row) in &rows {
            game.spec
                .is_a(&format!("Destiny.Definitions.Loadouts.{table}"), row);
            assert_eq!(
                row["hash"].as_u64().map(|h| h.to_string()).as_ref(),
                Some(key)
            );
            assert!(row[field].is_string(), "{row}");
            assert_eq!(row["redacted"], false);
            assert_eq!(row["blacklisted"], false);
        }
        let mut keys: Vec<u64> = rows.keys().filter_map(|k| k.parse().ok()).collect();
        keys.sort_unstable();
        listed.push(keys);
    }
    let names = game.table("DestinyLoadoutNameDefinition").await;
    let names: Vec<&str> = names.values().filter_map(|r| r["name"].as_str()).collect();
    for name in [
        "Loadout",
        "Raid",
        "Crucible",
        "Gambit",
        "Nightfall",
        "Dungeon",
        "Trials",
        "PvE",
        "Boss DPS",
    ] {
        assert!(names.contains(&name), "{name} in {names:?}");
    }
    let constants = game.table("DestinyLoadoutConstantsDefinition").await;
    let row = constants.get("1").expect("the constants row, hash 1");
    game.spec.is_a(
        "Destiny.Definitions.Loadouts.DestinyLoadoutConstantsDefinition",
        row,
    );
    assert_eq!(row["loadoutCountPerCharacter"], 10);
    for (field, keys) in [
        "loadoutColorHashes",
        "loadoutIconHashes",
        "loadoutNameHashes",
    ]
    .iter()
    .zip(&listed)
    {
        let mut hashes: Vec<u64> = row[*field]
            .as_array()
            .expect("hashes")
            .iter()
            .filter_map(Value::as_u64)
            .collect();
        hashes.sort_unstable();
        assert_eq!(&hashes, keys, "{field}");
    }
    // The swatches and icons are served.
    let colors = game.table("DestinyLoadoutColorDefinition").await;
    let swatch = colors[&EMPTY.0.to_string()]["colorImagePath"]
        .as_str()
        .expect("a path")
        .to_string();
    let response = game
        .sim
        .http
        .get(game.sim.url(&swatch))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["content-type"], "image/png");

    // The SQLite download has the same tables, keyed by the signed hash.
    let (_, manifest) = game.sim.get("/Destiny2/Manifest/", None).await;
    let path = manifest["Response"]["mobileWorldContentPaths"]["en"]
        .as_str()
        .expect("a path")
        .to_string();
    let bytes = game
        .sim
        .http
        .get(game.sim.url(&path))
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    let (_dir, conn) = open_world_content(&bytes);
    for (table, rows) in [
        ("DestinyLoadoutColorDefinition", 10),
        ("DestinyLoadoutIconDefinition", 10),
        ("DestinyLoadoutNameDefinition", 20),
        ("DestinyLoadoutConstantsDefinition", 1),
    ] {
        let count: i64 = conn
            .query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |r| r.get(0))
            .unwrap_or_else(|e| panic!("{table}: {e}"));
        assert_eq!(count, rows, "{table}");
    }
    let signed = i64::from(EMPTY.0 as u32 as i32);
    let color: Vec<u8> = conn
        .query_row(
            "SELECT json FROM DestinyLoadoutColorDefinition WHERE id = ?1",
            [signed],
            |r| r.get(0),
        )
        .expect("the default colour under its signed id");
    let color: Value = serde_json::from_slice(&color).unwrap();
    assert_eq!(color["hash"], EMPTY.0);
    game.sim.handle.shutdown().await;
}

#[tokio::test]
async fn loadout_actions_need_a_token_and_the_move_scope_and_see_faults_like_other_actions() {
    let game = Game::start(config(), "loadout_actions_need_a_token").await;
    let state = game.sim.state().await;
    let (a, _) = character(&state, 0);
    let body = game.action(0, &a).to_string();
    let response = game
        .sim
        .http
        .post(
            game.sim
                .url("/Platform/Destiny2/Actions/Loadouts/EquipLoadout/"),
        )
        .header("X-API-Key", API_KEY)
        .header("Content-Type", "application/json")
        .body(body.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    assert_error(&response.json().await.unwrap(), 99, "WebAuthRequired");

    // DIM's path under /Items/ is no endpoint.
    let (status, answer) = game
        .sim
        .post("/Destiny2/Actions/Items/EquipLoadout/", &game.token, &body)
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{answer}");
    assert_error(&answer, 21, "NotFound");

    game.sim
        .control("/sim/faults", json!({ "maintenance": true }))
        .await;
    let (status, answer) = game.act("ClearLoadout", &game.action(0, &a)).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert_error(&answer, 5, "SystemDisabled");
    game.sim.control("/sim/faults", json!({})).await;
    assert_eq!(
        state_slots(&game.sim.state().await, &a),
        state_slots(&state, &a)
    );
    let (status, answer) = game.act("ClearLoadout", &game.action(0, &a)).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    game.sim.handle.shutdown().await;

    let scopeless = Game::start(
        SimConfig {
            move_scope: false,
            ..config()
        },
        "loadout_actions_need_the_move_scope",
    )
    .await;
    let (status, answer) = scopeless
        .act("SnapshotLoadout", &scopeless.update(9, &a, EMPTY))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{answer}");
    assert_error(&answer, 2108, "AccessNotPermittedByApplicationScope");
    scopeless.sim.handle.shutdown().await;
}

#[tokio::test]
async fn a_second_equip_loadout_within_a_second_is_throttled() {
    let game = Game::start(
        SimConfig {
            pacing: true,
            ..config()
        },
        "a_second_equip_loadout_within_a_second",
    )
    .await;
    let state = game.sim.state().await;
    let (a, _) = character(&state, 0);
    let (status, first) = game.act("EquipLoadout", &game.action(0, &a)).await;
    assert_eq!(status, StatusCode::OK, "{first}");
    let (status, second) = game.act("EquipLoadout", &game.action(1, &a)).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{second}");
    assert_error(&second, 36, "ThrottleLimitExceededMomentarily");
    assert!(
        second["ThrottleSeconds"].as_u64().is_some_and(|s| s >= 1),
        "{second}"
    );
    // Each endpoint has its own spacing.
    let (status, other) = game.act("ClearLoadout", &game.action(9, &a)).await;
    assert_eq!(status, StatusCode::OK, "{other}");
    tokio::time::sleep(Duration::from_millis(1_100)).await;
    let (status, third) = game.act("EquipLoadout", &game.action(1, &a)).await;
    assert_eq!(status, StatusCode::OK, "{third}");
    game.sim.handle.shutdown().await;
}

#[tokio::test]
async fn the_large_account_saves_five_loadouts_per_character() {
    let game = Game::start(
        SimConfig {
            large: true,
            ..config()
        },
        "the_large_account_saves_five_loadouts",
    )
    .await;
    let state = game.sim.state().await;
    let profile = game.profile_206(Some(&game.token)).await;
    for n in 0..3 {
        let (id, _) = character(&state, n);
        let slots = profile["Response"]["characterLoadouts"]["data"][&id]["loadouts"]
            .as_array()
            .expect("slots");
        let saved = slots
            .iter()
            .filter(|s| s["items"].as_array().is_some_and(|i| !i.is_empty()));
        assert_eq!(saved.count(), 5);
    }
    game.sim.handle.shutdown().await;
}
