//! Helpers for the move scenarios over the protocol: the simulator's truth (`/sim/state`) read as
//! items, the Bungie action calls made since a reset, and set-ups done in the game world.

use crate::support::demo::{Client, Demo};
use serde_json::{Value, json};
use std::collections::BTreeMap;

/// Bucket hashes of the sample account (API.md §5.8).
pub mod bucket {
    /// Kinetic weapons.
    pub const KINETIC: u64 = 1_498_876_634;
    /// Energy weapons.
    pub const ENERGY: u64 = 2_465_295_065;
    /// Power weapons.
    pub const POWER: u64 = 953_998_645;
    /// Helmets.
    pub const HELMET: u64 = 3_448_274_439;
    /// Gauntlets.
    pub const GAUNTLETS: u64 = 3_551_918_588;
    /// Chest armour.
    pub const CHEST: u64 = 14_239_492;
    /// Leg armour.
    pub const LEGS: u64 = 20_886_954;
    /// Class items.
    pub const CLASS_ITEM: u64 = 1_585_787_867;
    /// Ghosts.
    pub const GHOST: u64 = 4_023_194_814;
    /// Ships.
    pub const SHIPS: u64 = 284_967_655;
    /// Sparrows.
    pub const VEHICLE: u64 = 2_025_709_351;
    /// Quests and bounties (not transferable).
    pub const QUESTS: u64 = 1_345_459_588;
}

/// The Bungie endpoints that change the game (the ones an operation may call).
const ACTIONS: [&str; 9] = [
    "TransferItem",
    "PullFromPostmaster",
    "EquipItem",
    "EquipItems",
    "SetLockState",
    "EquipLoadout",
    "SnapshotLoadout",
    "UpdateLoadoutIdentifiers",
    "ClearLoadout",
];

/// The game-changing calls the simulator answered since the last reset, by endpoint.
pub fn action_calls(demo: &Demo) -> BTreeMap<String, u64> {
    demo.sim
        .calls()
        .into_iter()
        .filter(|(name, _)| ACTIONS.contains(&name.as_str()))
        .collect()
}

/// A call-count map from pairs, for comparing with [`action_calls`].
pub fn calls(pairs: &[(&str, u64)]) -> BTreeMap<String, u64> {
    pairs
        .iter()
        .filter(|(_, n)| *n > 0)
        .map(|(name, n)| (name.to_string(), *n))
        .collect()
}

/// The simulator's truth: its characters (id, class) and items.
pub struct Truth {
    /// `(characterId, classType)` in creation order: Titan, Hunter, Warlock.
    pub characters: Vec<(String, i64)>,
    /// Every item as `/sim/state` lists it.
    pub items: Vec<Value>,
    /// The vault's capacity.
    pub vault_capacity: usize,
}

impl Truth {
    /// Reads `/sim/state`.
    pub async fn read(demo: &Demo) -> Truth {
        Truth::from_state(&demo.sim_state().await)
    }

    /// The same truth read from the world directly (for set-up loops).
    pub fn peek(demo: &Demo) -> Truth {
        let state = demo.sim.world().lock().expect("the world").state_json();
        Truth::from_state(&state)
    }

    fn from_state(state: &Value) -> Truth {
        let characters = state["characters"]
            .as_array()
            .expect("characters")
            .iter()
            .map(|c| {
                (
                    c["characterId"].as_str().expect("id").to_string(),
                    c["classType"].as_i64().expect("class"),
                )
            })
            .collect();
        Truth {
            characters,
            items: state["items"].as_array().expect("items").clone(),
            vault_capacity: state["vaultCapacity"].as_u64().expect("capacity") as usize,
        }
    }

    /// The character id of the n-th character (0 Titan, 1 Hunter, 2 Warlock).
    pub fn character(&self, n: usize) -> String {
        self.characters[n].0.clone()
    }

    /// The instance with this id.
    pub fn item(&self, id: &str) -> &Value {
        self.items
            .iter()
            .find(|i| i["itemId"] == json!(id))
            .unwrap_or_else(|| panic!("the simulator has no item {id}"))
    }

    /// Instances matching `keep`.
    pub fn instances(&self, keep: impl Fn(&Value) -> bool) -> Vec<&Value> {
        self.items
            .iter()
            .filter(|i| i["itemId"].is_string() && keep(i))
            .collect()
    }

    /// How many items (instances and stacks) are in the vault.
    pub fn vault_used(&self) -> usize {
        self.items
            .iter()
            .filter(|i| i["location"] == "vault")
            .count()
    }

    /// Unequipped instances of `bucket` on `character`.
    pub fn spares(&self, character: &str, bucket_hash: u64) -> Vec<&Value> {
        self.instances(|i| {
            on(i, character) && i["bucketHash"] == json!(bucket_hash) && i["equipped"] == false
        })
    }

    /// The instance equipped on `character` in `bucket`.
    pub fn equipped(&self, character: &str, bucket_hash: u64) -> &Value {
        self.instances(|i| {
            on(i, character) && i["bucketHash"] == json!(bucket_hash) && i["equipped"] == true
        })
        .first()
        .copied()
        .unwrap_or_else(|| panic!("nothing equipped in {bucket_hash} on {character}"))
    }
}

/// Whether a truth item is on `character` (not in its postmaster).
pub fn on(item: &Value, character: &str) -> bool {
    item["location"] == "character" && item["characterId"] == json!(character)
}

/// The item's instance id.
pub fn id_of(item: &Value) -> String {
    item["itemId"].as_str().expect("an instance").to_string()
}

/// A request that must succeed; returns its `result`.
pub async fn ok(client: &mut Client, method: &str, params: Value) -> Value {
    let answer = client.call(method, params).await;
    assert!(answer.get("result").is_some(), "{method} failed: {answer}");
    answer["result"].clone()
}

/// A request that must fail with `reason`; returns the error.
pub async fn refused(client: &mut Client, method: &str, params: Value, reason: &str) -> Value {
    let answer = client.call(method, params).await;
    assert_eq!(answer["error"]["data"]["reason"], reason, "{answer}");
    answer["error"].clone()
}

/// `profile.sync`, so the store sees what was set up in the game.
pub async fn sync(client: &mut Client) {
    ok(client, "profile.sync", json!({})).await;
}

/// The store's view of one item (`items.get`).
pub async fn stored(client: &mut Client, id: &str) -> Value {
    ok(client, "items.get", json!({"id": id})).await
}

/// The store's item ids matching a query.
pub async fn search(client: &mut Client, query: &str) -> Vec<Value> {
    let result = ok(client, "items.search", json!({"query": query})).await;
    result["items"].as_array().expect("items").clone()
}

/// Moves items in the game (as the player would), for set-ups; the store does not know yet.
pub fn game_move(demo: &Demo, id: &str, to: &str) {
    let world = demo.sim.world();
    let mut world = world.lock().expect("the world");
    world
        .game_move(id, to)
        .unwrap_or_else(|e| panic!("in-game move of {id} to {to}: {e:?}"));
}

/// The vault instances the store's search for `query` returns that are in the vault in truth.
pub async fn vault_items(demo: &Demo, client: &mut Client, query: &str) -> Vec<String> {
    let found = search(client, query).await;
    let truth = Truth::peek(demo);
    found
        .iter()
        .filter_map(|i| i["id"].as_str())
        .filter(|id| {
            truth
                .items
                .iter()
                .any(|t| t["itemId"] == json!(id) && t["location"] == "vault")
        })
        .map(str::to_string)
        .collect()
}

/// The first of [`vault_items`].
pub async fn vault_item(demo: &Demo, client: &mut Client, query: &str) -> String {
    vault_items(demo, client, query)
        .await
        .into_iter()
        .next()
        .unwrap_or_else(|| panic!("no vault item for {query}"))
}

/// Fills `character`'s bucket (`bucket_hash`, search slug `slug`) to its nine spare slots by
/// moving vault items of that bucket over in game; the store does not know yet.
pub async fn fill_bucket(
    demo: &Demo,
    client: &mut Client,
    character: &str,
    bucket_hash: u64,
    slug: &str,
) {
    let missing = 9 - Truth::peek(demo).spares(character, bucket_hash).len();
    let movers = vault_items(demo, client, &format!("is:invault bucket:{slug}")).await;
    assert!(movers.len() >= missing, "the vault holds enough to fill");
    for id in movers.iter().take(missing) {
        game_move(demo, id, character);
    }
    assert_eq!(Truth::peek(demo).spares(character, bucket_hash).len(), 9);
}

/// Fills the vault in game, leaving `leave` slots free, with drops from `character`'s postmaster
/// moved over (no more dropped than the vault takes, so the postmaster is left as it was); the
/// store does not know yet. The world stays locked throughout: a daemon poll in between would see
/// a postmaster full of drops, and its postmaster guard would fill vault slots behind our back.
pub fn fill_vault(demo: &Demo, character: &str, leave: usize) {
    let world = demo.sim.world();
    let mut world = world.lock().expect("the world");
    let parsed: i64 = character.parse().expect("a character id");
    for _ in 0..400 {
        let truth = Truth::from_state(&world.state_json());
        let free = truth.vault_capacity - truth.vault_used();
        if free <= leave {
            assert_eq!(free, leave, "the vault filled exactly");
            return;
        }
        let dropped: Vec<String> = truth
            .instances(|i| i["location"] == "postmaster" && i["characterId"] == json!(character))
            .into_iter()
            .take(free - leave)
            .map(id_of)
            .collect();
        if dropped.is_empty() {
            let wanted = u32::try_from((free - leave).min(20)).expect("at most 20");
            world.fill_postmaster(parsed, wanted).expect("drops");
            continue;
        }
        for id in dropped {
            world
                .game_move(&id, "vault")
                .unwrap_or_else(|e| panic!("in-game move of {id} to vault: {e:?}"));
        }
    }
    panic!("the vault never filled");
}

/// The protocol location the simulator's truth item has.
pub fn truth_location(item: &Value) -> Value {
    match item["location"].as_str() {
        Some("vault") => json!({"kind": "vault"}),
        Some("account") => json!({"kind": "profile"}),
        Some(kind) => json!({"kind": kind, "characterId": item["characterId"]}),
        None => Value::Null,
    }
}

/// Asserts the store has these instances where the simulator has them, equipped alike.
pub async fn assert_store_agrees(client: &mut Client, truth: &Truth, ids: &[String]) {
    for id in ids {
        let real = truth.item(id);
        let item = stored(client, id).await;
        assert_eq!(
            item["location"],
            truth_location(real),
            "{id}: {item} vs {real}"
        );
        assert_eq!(item["equipped"], real["equipped"], "{id}: {item} vs {real}");
    }
}

/// The `action` of each step of an operation result.
pub fn actions(result: &Value) -> Vec<String> {
    result["steps"]
        .as_array()
        .expect("steps")
        .iter()
        .map(|s| s["action"].as_str().unwrap_or("?").to_string())
        .collect()
}

/// Forgets the call counts, runs an operation that must succeed, and asserts its steps' actions
/// and the exact game-changing calls it made; returns the result.
pub async fn operate(
    demo: &Demo,
    client: &mut Client,
    method: &str,
    params: Value,
    steps: &[&str],
    made: &[(&str, u64)],
) -> Value {
    demo.sim.reset_calls();
    let result = ok(client, method, params).await;
    assert_eq!(actions(&result), steps, "{result}");
    assert_eq!(action_calls(demo), calls(made), "{result}");
    result
}

/// The item id of step `n` of an operation result.
pub fn step_id(result: &Value, n: usize) -> String {
    result["steps"][n]["id"]
        .as_str()
        .expect("a step with an id")
        .to_string()
}

/// A demo on the sample account, a client, and the simulator's truth at the start.
pub async fn start() -> (Demo, Client, Truth) {
    let demo = Demo::start().await;
    let client = demo.client().await;
    let truth = Truth::read(&demo).await;
    (demo, client, truth)
}
