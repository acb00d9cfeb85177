//! The game's rules (API.md §5.9) end to end over real HTTP, once each: the world's unit tests
//! cover them in depth; these prove the transport carries them with Bungie's codes and statuses.

use crate::support::sim::*;
use reqwest::StatusCode;
use serde_json::{Map, Value, json};
use vault_raider_sim::SimConfig;

const WEAPON_BUCKETS: [u64; 3] = [1498876634, 2465295065, 953998645];

/// A signed-in simulator with the item definitions read from its own manifest.
struct Game {
    sim: Sim,
    token: String,
    membership_type: i64,
    defs: Map<String, Value>,
}

impl Game {
    async fn start(config: SimConfig) -> Game {
        let sim = Sim::start(config).await;
        let token = sim.access_token().await;
        let (membership_type, _) = sim.primary_membership(&token).await;
        let (_, manifest) = sim.get("/Destiny2/Manifest/", None).await;
        let path = manifest["Response"]["jsonWorldComponentContentPaths"]["en"]["DestinyInventoryItemDefinition"]
            .as_str()
            .expect("an item table path")
            .to_string();
        let defs: Map<String, Value> = sim
            .http
            .get(sim.url(&path))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        Game {
            sim,
            token,
            membership_type,
            defs,
        }
    }

    async fn state(&self) -> Value {
        self.sim
            .http
            .get(self.sim.url("/sim/state"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap()
    }

    fn def(&self, item: &Value) -> &Value {
        let hash = item["itemHash"].as_u64().expect("itemHash").to_string();
        self.defs.get(&hash).expect("every item has a definition")
    }

    fn character(state: &Value, n: usize) -> (String, i64) {
        let character = &state["characters"][n];
        (
            character["characterId"].as_str().unwrap().to_string(),
            character["classType"].as_i64().unwrap(),
        )
    }

    fn items(state: &Value) -> impl Iterator<Item = &Value> {
        state["items"].as_array().expect("items").iter()
    }

    fn item(state: &Value, id: &str) -> Value {
        Game::items(state)
            .find(|i| i["itemId"] == id)
            .cloned()
            .expect("the item exists")
    }

    async fn transfer(&self, item: &Value, to_vault: bool, character: &str) -> (StatusCode, Value) {
        let body = json!({
            "itemReferenceHash": item["itemHash"], "stackSize": 1, "transferToVault": to_vault,
            "itemId": item["itemId"], "characterId": character, "membershipType": self.membership_type,
        });
        self.sim
            .post(
                "/Destiny2/Actions/Items/TransferItem/",
                &self.token,
                &body.to_string(),
            )
            .await
    }

    async fn equip(&self, item_id: &str, character: &str) -> (StatusCode, Value) {
        let body = json!({"itemId": item_id, "characterId": character, "membershipType": self.membership_type});
        self.sim
            .post(
                "/Destiny2/Actions/Items/EquipItem/",
                &self.token,
                &body.to_string(),
            )
            .await
    }

    /// An unequipped, non-exotic weapon in `character`'s inventory.
    fn spare_weapon(&self, state: &Value, character: &str) -> Value {
        Game::items(state)
            .find(|i| {
                i["characterId"] == character
                    && i["location"] == "character"
                    && i["equipped"] == false
                    && WEAPON_BUCKETS.contains(&i["bucketHash"].as_u64().unwrap_or(0))
                    && self.def(i)["inventory"]["tierType"] != 6
            })
            .cloned()
            .expect("a spare weapon")
    }

    /// A transferable, non-exotic weapon in the vault.
    fn vault_weapon(&self, state: &Value) -> Value {
        Game::items(state)
            .find(|i| {
                let def = self.def(i);
                i["location"] == "vault"
                    && i["itemId"].is_string()
                    && WEAPON_BUCKETS
                        .contains(&def["inventory"]["bucketTypeHash"].as_u64().unwrap_or(0))
                    && def["nonTransferrable"] != true
                    && def["inventory"]["tierType"] != 6
            })
            .cloned()
            .expect("a vault weapon")
    }
}

#[tokio::test]
async fn transfers_run_vault_to_character_and_back_but_never_character_to_character() {
    let game = Game::start(config()).await;
    let state = game.state().await;
    let (a, _) = Game::character(&state, 0);
    let (b, _) = Game::character(&state, 1);
    let item = game.vault_weapon(&state);
    let id = item["itemId"].as_str().unwrap();

    let (status, body) = game.transfer(&item, false, &a).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["Response"], 0);
    let moved = Game::item(&game.state().await, id);
    assert_eq!(
        (moved["location"].as_str(), moved["characterId"].as_str()),
        (Some("character"), Some(a.as_str()))
    );

    let (status, body) = game.transfer(&item, false, &b).await;
    assert_eq!(
        status,
        StatusCode::NOT_FOUND,
        "no character-to-character move: {body}"
    );
    assert_eq!(body["ErrorCode"], 1623);
    assert_eq!(
        Game::item(&game.state().await, id)["characterId"],
        a.as_str()
    );

    let (status, _) = game.transfer(&item, true, &a).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(Game::item(&game.state().await, id)["location"], "vault");
    game.sim.handle.shutdown().await;
}

#[tokio::test]
async fn an_equipped_item_cannot_be_transferred() {
    let game = Game::start(config()).await;
    let state = game.state().await;
    let (a, _) = Game::character(&state, 0);
    let equipped = Game::items(&state)
        .find(|i| {
            i["equipped"] == true
                && i["characterId"] == a.as_str()
                && game.def(i)["nonTransferrable"] != true
        })
        .expect("an equipped item")
        .clone();
    let (status, body) = game.transfer(&equipped, true, &a).await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_error(&body, 1656, "DestinyCannotPerformActionOnEquippedItem");
    game.sim.handle.shutdown().await;
}

#[tokio::test]
async fn a_non_transferrable_item_stays_put() {
    let game = Game::start(config()).await;
    let state = game.state().await;
    let stuck = Game::items(&state)
        .find(|i| {
            i["location"] == "character"
                && i["equipped"] == false
                && i["itemId"].is_string()
                && game.def(i)["nonTransferrable"] == true
        })
        .expect("an unequipped non-transferrable item (a quest item or a spare subclass)")
        .clone();
    let character = stuck["characterId"].as_str().unwrap().to_string();
    let (status, body) = game.transfer(&stuck, true, &character).await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_error(&body, 1660, "DestinyItemNotTransferrable");
    game.sim.handle.shutdown().await;
}

#[tokio::test]
async fn equip_needs_the_item_on_that_character_out_of_activities_with_equipment_unlocked() {
    let game = Game::start(config()).await;
    let state = game.state().await;
    let (a, _) = Game::character(&state, 0);
    let vault_item = game.vault_weapon(&state);
    let (status, body) = game.equip(vault_item["itemId"].as_str().unwrap(), &a).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(body["ErrorCode"], 1623);

    let spare = game.spare_weapon(&state, &a);
    let spare_id = spare["itemId"].as_str().unwrap();
    let a_id: i64 = a.parse().unwrap();
    let world = game.sim.handle.world();
    world
        .lock()
        .unwrap()
        .start_activity(a_id, chrono::Utc::now())
        .unwrap();
    let (status, body) = game.equip(spare_id, &a).await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_error(&body, 1671, "DestinyCannotPerformActionAtThisLocation");

    let (status, finished) = game
        .sim
        .control("/sim/game/activity", json!({"characterId": a}))
        .await;
    assert_eq!(status, StatusCode::OK, "{finished}");
    assert_eq!(finished["Response"]["event"], "activityCompleted");
    world
        .lock()
        .unwrap()
        .set_equipment_locked(a_id, true)
        .unwrap();
    let (_, body) = game.equip(spare_id, &a).await;
    assert_error(&body, 1640, "DestinyItemUnequippable");
    world
        .lock()
        .unwrap()
        .set_equipment_locked(a_id, false)
        .unwrap();
    assert_eq!(game.equip(spare_id, &a).await.0, StatusCode::OK);
    game.sim.handle.shutdown().await;
}

#[tokio::test]
async fn a_second_exotic_weapon_is_refused() {
    let game = Game::start(config()).await;
    let state = game.state().await;
    let (a, class_type) = Game::character(&state, 0);
    let is_exotic_weapon = |i: &Value| {
        game.def(i)["inventory"]["tierType"] == 6
            && WEAPON_BUCKETS.contains(
                &game.def(i)["inventory"]["bucketTypeHash"]
                    .as_u64()
                    .unwrap_or(0),
            )
    };
    let equipped_exotic = Game::items(&state)
        .find(|i| i["characterId"] == a.as_str() && i["equipped"] == true && is_exotic_weapon(i))
        .expect("the character wears an exotic weapon")
        .clone();
    let other = Game::items(&state)
        .find(|i| {
            is_exotic_weapon(i)
                && i["equipped"] == false
                && i["location"] == "vault"
                && game.def(i)["inventory"]["bucketTypeHash"]
                    != game.def(&equipped_exotic)["inventory"]["bucketTypeHash"]
                && (game.def(i)["classType"] == 3 || game.def(i)["classType"] == class_type)
        })
        .expect("an exotic weapon for another slot in the vault")
        .clone();
    let (status, body) = game.transfer(&other, false, &a).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, body) = game.equip(other["itemId"].as_str().unwrap(), &a).await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_error(&body, 1641, "DestinyItemUniqueEquipRestricted");
    game.sim.handle.shutdown().await;
}

#[tokio::test]
async fn armour_of_another_class_cannot_be_equipped() {
    let game = Game::start(config()).await;
    let state = game.state().await;
    let (a, class_type) = Game::character(&state, 0);
    let foreign = Game::items(&state)
        .find(|i| {
            i["location"] == "vault"
                && i["itemId"].is_string()
                && game.def(i)["itemType"] == 2
                && game.def(i)["classType"] != 3
                && game.def(i)["classType"] != class_type
        })
        .expect("another class's armour in the vault")
        .clone();
    let (status, body) = game.transfer(&foreign, false, &a).await;
    if status == StatusCode::OK {
        let (status, body) = game.equip(foreign["itemId"].as_str().unwrap(), &a).await;
        assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
        assert_error(&body, 1639, "DestinyItemFailedUnlockCheck");
    } else {
        assert_error(&body, 1639, "DestinyItemFailedUnlockCheck");
    }
    game.sim.handle.shutdown().await;
}

#[tokio::test]
async fn a_full_character_bucket_refuses_the_tenth_item() {
    let game = Game::start(config()).await;
    let (a, _) = Game::character(&game.state().await, 0);
    let bucket = WEAPON_BUCKETS[0];
    let mut moved = 0;
    let last = loop {
        let state = game.state().await;
        let Some(item) = Game::items(&state)
            .find(|i| {
                i["location"] == "vault"
                    && i["itemId"].is_string()
                    && game.def(i)["inventory"]["bucketTypeHash"] == bucket
                    && game.def(i)["inventory"]["tierType"] != 6
            })
            .cloned()
        else {
            panic!("the vault ran out of kinetic weapons after {moved} moves");
        };
        let (status, body) = game.transfer(&item, false, &a).await;
        if status != StatusCode::OK {
            break body;
        }
        moved += 1;
    };
    assert_error(&last, 1642, "DestinyNoRoomInDestination");
    let state = game.state().await;
    let held = Game::items(&state)
        .filter(|i| {
            i["characterId"] == a.as_str()
                && i["location"] == "character"
                && i["equipped"] == false
                && i["bucketHash"] == bucket
        })
        .count();
    assert_eq!(
        held, 9,
        "itemCount 10 = nine in inventory plus the equipped one"
    );
    game.sim.handle.shutdown().await;
}

#[tokio::test]
async fn a_full_vault_refuses_at_its_manifest_capacity() {
    let game = Game::start(SimConfig {
        large: true,
        ..config()
    })
    .await;
    let capacity = game.state().await["vaultCapacity"]
        .as_u64()
        .expect("vault capacity");
    let last = loop {
        let state = game.state().await;
        let item = Game::items(&state)
            .find(|i| {
                i["location"] == "character"
                    && i["equipped"] == false
                    && i["itemId"].is_string()
                    && game.def(i)["nonTransferrable"] != true
            })
            .cloned()
            .expect("a transferable item on a character");
        let character = item["characterId"].as_str().unwrap().to_string();
        let (status, body) = game.transfer(&item, true, &character).await;
        if status != StatusCode::OK {
            break body;
        }
    };
    assert_error(&last, 1642, "DestinyNoRoomInDestination");
    let state = game.state().await;
    let in_vault = Game::items(&state)
        .filter(|i| i["location"] == "vault")
        .count() as u64;
    assert_eq!(in_vault, capacity);
    game.sim.handle.shutdown().await;
}

#[tokio::test]
async fn postmaster_pulls_land_on_the_same_character_and_side_effects_are_refused() {
    let game = Game::start(config()).await;
    let (a, _) = Game::character(&game.state().await, 0);
    let (b, _) = Game::character(&game.state().await, 1);
    let (status, body) = game
        .sim
        .control(
            "/sim/game/postmaster",
            json!({"characterId": a, "count": 30}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let state = game.state().await;
    let postmaster: Vec<&Value> = Game::items(&state)
        .filter(|i| i["location"] == "postmaster" && i["characterId"] == a.as_str())
        .collect();
    assert_eq!(
        postmaster.len(),
        21,
        "the postmaster holds 21, the oldest lost first"
    );
    let pull = |item: &Value, character: &str| {
        json!({"itemReferenceHash": item["itemHash"], "stackSize": 1, "itemId": item["itemId"],
               "characterId": character, "membershipType": game.membership_type})
        .to_string()
    };
    let side_effects = postmaster
        .iter()
        .find(|i| game.def(i)["doesPostmasterPullHaveSideEffects"] == true);
    let plain = postmaster
        .iter()
        .find(|i| {
            game.def(i)["doesPostmasterPullHaveSideEffects"] != true && i["itemId"].is_string()
        })
        .expect("a plain drop");
    let path = "/Destiny2/Actions/Items/PullFromPostmaster/";
    let (status, body) = game.sim.post(path, &game.token, &pull(plain, &b)).await;
    assert_eq!(
        status,
        StatusCode::NOT_FOUND,
        "another character's postmaster: {body}"
    );
    let (status, body) = game.sim.post(path, &game.token, &pull(plain, &a)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let pulled = Game::item(&game.state().await, plain["itemId"].as_str().unwrap());
    assert_eq!(pulled["location"], "character");
    assert_eq!(pulled["characterId"], a.as_str());
    let side_effects = side_effects.expect("seed 7 drops a Prime Engram among 30");
    let (status, body) = game
        .sim
        .post(path, &game.token, &pull(side_effects, &a))
        .await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(body["ErrorCode"], 1673);
    game.sim.handle.shutdown().await;
}

#[tokio::test]
async fn locking_toggles_instanced_items_only() {
    let game = Game::start(config()).await;
    let state = game.state().await;
    let (a, _) = Game::character(&state, 0);
    let item = game.vault_weapon(&state);
    let id = item["itemId"].as_str().unwrap();
    let wanted = item["locked"] != true;
    let body = json!({"state": wanted, "itemId": id, "characterId": a, "membershipType": game.membership_type});
    let (status, response) = game
        .sim
        .post(
            "/Destiny2/Actions/Items/SetLockState/",
            &game.token,
            &body.to_string(),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{response}");
    assert_eq!(Game::item(&game.state().await, id)["locked"], wanted);
    let stack = Game::items(&state)
        .find(|i| i["itemId"].is_null())
        .expect("an uninstanced stack");
    let body = json!({"state": true, "itemId": "0", "characterId": a, "membershipType": game.membership_type, "itemHash": stack["itemHash"]});
    let (status, response) = game
        .sim
        .post(
            "/Destiny2/Actions/Items/SetLockState/",
            &game.token,
            &body.to_string(),
        )
        .await;
    assert_ne!(status, StatusCode::OK, "{response}");
    game.sim.handle.shutdown().await;
}

#[tokio::test]
async fn equipping_moves_items_between_equipment_and_inventory_and_recalculates_light() {
    let game = Game::start(config()).await;
    let state = game.state().await;
    let (a, _) = Game::character(&state, 0);
    let spare = game.spare_weapon(&state, &a);
    let spare_id = spare["itemId"].as_str().unwrap().to_string();
    let old = Game::items(&state)
        .find(|i| {
            i["characterId"] == a.as_str()
                && i["equipped"] == true
                && i["bucketHash"] == spare["bucketHash"]
        })
        .expect("the equipped weapon in that slot")
        .clone();
    let old_id = old["itemId"].as_str().unwrap().to_string();

    let body = json!({"itemIds": [spare_id, "123"], "characterId": a, "membershipType": game.membership_type});
    let (status, response) = game
        .sim
        .post(
            "/Destiny2/Actions/Items/EquipItems/",
            &game.token,
            &body.to_string(),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(response["ErrorCode"], 1);
    let results = response["Response"]["equipResults"]
        .as_array()
        .expect("equipResults");
    assert_eq!(
        results[0],
        json!({"itemInstanceId": spare_id, "equipStatus": 1})
    );
    assert_eq!(results[1]["equipStatus"], 1623);

    let path = game.sim.profile_path(&game.token, "200,201,205,300").await;
    let (_, profile) = game.sim.get(&path, Some(&game.token)).await;
    let profile = &profile["Response"];
    let equipment = profile["characterEquipment"]["data"][&a]["items"]
        .as_array()
        .expect("equipment");
    let inventory = profile["characterInventories"]["data"][&a]["items"]
        .as_array()
        .expect("inventory");
    let find =
        |items: &[Value], id: &str| items.iter().find(|i| i["itemInstanceId"] == id).cloned();
    assert_eq!(
        find(equipment, &spare_id).expect("now equipped")["transferStatus"],
        1
    );
    assert_eq!(
        find(inventory, &old_id).expect("back in inventory")["transferStatus"],
        0
    );
    assert!(find(inventory, &spare_id).is_none());
    assert_eq!(
        profile["itemComponents"]["instances"]["data"][&spare_id]["isEquipped"],
        true
    );
    let light = game.state().await["characters"][0]["light"].clone();
    assert_eq!(profile["characters"]["data"][&a]["light"], light);
    game.sim.handle.shutdown().await;
}

#[tokio::test]
async fn private_components_need_the_owners_token() {
    let game = Game::start(config()).await;
    let path = game.sim.profile_path(&game.token, "100,102,201").await;
    let (status, anonymous) = game.sim.get(&path, None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(anonymous["Response"]["profile"]["data"].is_object());
    assert!(
        anonymous["Response"]["profileInventory"]
            .get("data")
            .is_none(),
        "{}",
        anonymous["Response"]["profileInventory"]
    );
    assert!(
        anonymous["Response"]["characterInventories"]
            .get("data")
            .is_none()
    );
    let (_, owner) = game.sim.get(&path, Some(&game.token)).await;
    assert!(owner["Response"]["profileInventory"]["data"].is_object());
    assert!(owner["Response"]["characterInventories"]["data"].is_object());
    game.sim.handle.shutdown().await;
}

#[tokio::test]
async fn a_finished_activity_heads_the_history() {
    let game = Game::start(config()).await;
    let state = game.state().await;
    let (a, _) = Game::character(&state, 0);
    game.sim
        .handle
        .world()
        .lock()
        .unwrap()
        .start_activity(a.parse().unwrap(), chrono::Utc::now())
        .unwrap();
    let (_, finished) = game
        .sim
        .control("/sim/game/activity", json!({"characterId": a}))
        .await;
    let instance = finished["Response"]["instanceId"]
        .as_str()
        .expect("an instance id")
        .to_string();
    let membership = state["membershipId"].as_str().unwrap();
    let base = format!(
        "/Destiny2/{}/Account/{membership}/Character/{a}/Stats/Activities/",
        game.membership_type
    );
    let (status, history) = game
        .sim
        .get(&format!("{base}?count=5&page=0"), Some(&game.token))
        .await;
    assert_eq!(status, StatusCode::OK, "{history}");
    let first = &history["Response"]["activities"][0];
    assert_eq!(first["activityDetails"]["instanceId"], instance.as_str());
    assert!(first["values"]["kills"]["basic"]["value"].is_number());
    assert!(history["Response"]["activities"].as_array().unwrap().len() <= 5);
    let (status, body) = game
        .sim
        .get(&format!("{base}?count=999"), Some(&game.token))
        .await;
    assert_ne!(status, StatusCode::OK, "{body}");
    game.sim.handle.shutdown().await;
}

#[tokio::test]
async fn an_in_game_move_shows_in_the_next_profile_and_bad_control_input_is_refused() {
    let game = Game::start(config()).await;
    let state = game.state().await;
    let (a, _) = Game::character(&state, 0);
    let item = game.vault_weapon(&state);
    let id = item["itemId"].as_str().unwrap();
    let (status, body) = game
        .sim
        .control("/sim/game/move", json!({"itemId": id, "to": a}))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let path = game.sim.profile_path(&game.token, "201").await;
    let (_, profile) = game.sim.get(&path, Some(&game.token)).await;
    let inventory = profile["Response"]["characterInventories"]["data"][&a]["items"]
        .as_array()
        .expect("inventory");
    assert!(inventory.iter().any(|i| i["itemInstanceId"] == id));

    let before = game.state().await;
    for (path, body) in [
        ("/sim/game/move", json!({"to": "vault"})),
        ("/sim/game/move", json!({"itemId": "1", "to": "vault"})),
        ("/sim/game/activity", json!({"characterId": "not-a-number"})),
        (
            "/sim/game/postmaster",
            json!({"characterId": a, "count": -1}),
        ),
        (
            "/sim/game/postmaster",
            json!({"characterId": "42", "count": 1}),
        ),
    ] {
        let (status, response) = game.sim.control(path, body.clone()).await;
        assert_ne!(status, StatusCode::OK, "{path} {body}: {response}");
        assert!(
            response["ErrorCode"].as_i64().is_some_and(|c| c > 1),
            "{response}"
        );
    }
    let response = game
        .sim
        .http
        .post(game.sim.url("/sim/game/move"))
        .body("{oops")
        .send()
        .await
        .unwrap();
    assert_eq!(response.json::<Value>().await.unwrap()["ErrorCode"], 30);
    assert_eq!(game.state().await, before);
    game.sim.handle.shutdown().await;
}

#[tokio::test]
async fn a_real_profile_seeds_the_account_served_over_http() {
    let file = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../shared/bungie/data/responses/GetProfile-full-2021-05-28.json"
    );
    let path = std::path::PathBuf::from(file);
    if !path.exists() {
        assert!(
            std::env::var_os("CI").is_none() || cfg!(windows),
            "CI must not skip this test: its data or D-Bus session is missing"
        );
        eprintln!("skipped: {file} is absent (the shared data folder is not here)");
        return;
    }
    let real: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    let real = real.get("Response").unwrap_or(&real);
    let mut expected: Vec<String> = real["characters"]["data"]
        .as_object()
        .expect("the file's characters")
        .keys()
        .cloned()
        .collect();
    expected.sort();
    let sim = Sim::start(SimConfig {
        profile: Some(path),
        ..config()
    })
    .await;
    let token = sim.access_token().await;
    let profile_path = sim.profile_path(&token, "100,200,201").await;
    let (status, profile) = sim.get(&profile_path, Some(&token)).await;
    assert_eq!(status, StatusCode::OK, "{profile}");
    let mut served: Vec<String> = profile["Response"]["characters"]["data"]
        .as_object()
        .expect("characters")
        .keys()
        .cloned()
        .collect();
    served.sort();
    assert_eq!(served, expected);
    sim.handle.shutdown().await;
}
