//! Params and results of the inventory methods: `profile.*`, `items.*`, `postmaster.pull`,
//! `loadouts.*`, and the operation result that every move answers with.

use crate::error::RpcError;
use crate::model::{Account, Change, Character, Item, Loadout, LoadoutItem, Location};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;
use ts_rs::TS;

/// How full the vault is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TS)]
pub struct VaultUsage {
    /// Items in it.
    pub used: u32,
    /// How many it holds.
    pub capacity: u32,
}

/// `profile.snapshot` result: everything.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, TS)]
pub struct Snapshot {
    /// The revision the snapshot is at.
    #[ts(type = "number")]
    pub rev: u64,
    /// The account; null when none is selected.
    #[serde(default)]
    pub account: Option<Account>,
    /// The characters, most recently played first.
    pub characters: Vec<Character>,
    /// Every item.
    pub items: Vec<Item>,
    /// How full the vault is.
    pub vault: VaultUsage,
    /// Items waiting in each character's postmaster, by character id.
    pub postmaster: BTreeMap<String, u32>,
    /// The account's currencies (Glimmer, Bright Dust, …) as of the last sync.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub currencies: Vec<crate::vendors::Currency>,
}

/// `profile.changes` params.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TS)]
pub struct ChangesParams {
    /// The last revision the client has; it gets every change after it.
    #[ts(type = "number")]
    pub since: u64,
}

/// `profile.changes` result: the changes, or `reset: true` when `since` is too old.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, TS)]
#[ts(optional_fields)]
pub struct ChangesResult {
    /// The revision now.
    #[ts(type = "number")]
    pub rev: u64,
    /// The changes after `since`, in revision order (absent with `reset`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub changes: Option<Vec<Change>>,
    /// True when `since` is older than the daemon keeps: take a snapshot.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reset: Option<bool>,
}

/// `profile.sync` result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(rename_all = "camelCase")]
pub struct SyncResult {
    /// The revision after the sync.
    #[ts(type = "number")]
    pub rev: u64,
    /// How many changes it found.
    pub changed: u32,
    /// How long it took.
    #[ts(type = "number")]
    pub took_ms: u64,
}

/// `items.search` params.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TS)]
#[ts(optional_fields)]
pub struct SearchParams {
    /// The query (`is:exotic power:>=1800 -is:locked`).
    pub query: String,
    /// The most items to return.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
}

/// `items.search` result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, TS)]
pub struct SearchResult {
    /// The matching items.
    pub items: Vec<Item>,
}

/// `items.get` params.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TS)]
pub struct ItemRef {
    /// The item's id.
    pub id: String,
}

/// `items.transfer` params.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(rename_all = "camelCase")]
#[ts(optional_fields)]
pub struct TransferParams {
    /// The item.
    pub id: String,
    /// `"vault"` or a character id.
    pub to: String,
    /// For stacks: how many (all when left out).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quantity: Option<u32>,
    /// Only plan: answer with the steps and change nothing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dry_run: Option<bool>,
}

/// `items.equip` params.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(rename_all = "camelCase")]
#[ts(optional_fields)]
pub struct EquipParams {
    /// The item.
    pub id: String,
    /// The character to equip it on (it is moved there first if needed).
    pub character_id: String,
    /// Only plan: answer with the steps and change nothing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dry_run: Option<bool>,
}

/// `items.lock` params.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(rename_all = "camelCase")]
#[ts(optional_fields)]
pub struct LockParams {
    /// The item.
    pub id: String,
    /// Lock (true) or unlock (false).
    pub locked: bool,
    /// Only plan: answer with the steps and change nothing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dry_run: Option<bool>,
}

/// `postmaster.pull` params: one item (`id`) or a whole postmaster (`characterId`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema, TS)]
#[serde(rename_all = "camelCase")]
#[ts(optional_fields)]
pub struct PullParams {
    /// The item to pull.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The character whose whole postmaster to pull.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub character_id: Option<String>,
    /// Only plan: answer with the steps and change nothing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dry_run: Option<bool>,
}

/// One step of an operation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, TS)]
#[ts(optional_fields)]
pub struct Step {
    /// What it does (`transfer`, `equip`, `pull`, `lock`…).
    pub action: String,
    /// The item it acts on.
    pub id: String,
    /// Where the item was.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<Location>,
    /// Where it goes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<Location>,
    /// Whether it succeeded (or, for a dry run, is expected to).
    pub ok: bool,
    /// Why it failed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<Box<RpcError>>,
}

/// What an operation did (or, for a dry run, would do).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(rename_all = "camelCase")]
pub struct OperationResult {
    /// The operation's id (its `operation.progress` events carry it).
    pub operation_id: String,
    /// False when any step failed.
    pub ok: bool,
    /// Its steps, in order.
    pub steps: Vec<Step>,
    /// The revision after it.
    #[ts(type = "number")]
    pub rev: u64,
    /// How many calls it made to Bungie (or would make).
    pub bungie_calls: u32,
}

/// `loadouts.list` params.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema, TS)]
#[serde(rename_all = "camelCase")]
#[ts(optional_fields)]
pub struct ListLoadoutsParams {
    /// Only this character's loadouts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub character_id: Option<String>,
}

/// `loadouts.list` result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TS)]
pub struct LoadoutList {
    /// The loadouts.
    pub loadouts: Vec<Loadout>,
}

/// `loadouts.save` params.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(rename_all = "camelCase")]
#[ts(optional_fields)]
pub struct SaveLoadoutParams {
    /// Its name.
    pub name: String,
    /// The character it is for.
    pub character_id: String,
    /// Its items; when left out, the character's equipped gear.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub items: Option<Vec<LoadoutItem>>,
}

/// `loadouts.save` and `loadouts.import` result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TS)]
pub struct LoadoutResult {
    /// The loadout.
    pub loadout: Loadout,
}

/// `loadouts.equip` params.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(rename_all = "camelCase")]
#[ts(optional_fields)]
pub struct EquipLoadoutParams {
    /// The loadout.
    pub loadout_id: String,
    /// The character to put it on.
    pub character_id: String,
    /// Only plan: answer with the steps and change nothing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dry_run: Option<bool>,
    /// The player agrees to take only the class-neutral items (weapons, ghost…) of a loadout made
    /// for another class; the items left out are reported as `skip` steps. Without it such a
    /// loadout is refused (`cannot_equip`) before any move.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub class_neutral_only: Option<bool>,
}

/// `loadouts.delete` and `loadouts.export` params.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(rename_all = "camelCase")]
pub struct LoadoutRef {
    /// The loadout.
    pub loadout_id: String,
}

/// `loadouts.import` params and `loadouts.export` result: a DIM loadout.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(rename_all = "camelCase")]
#[ts(optional_fields)]
pub struct DimLoadout {
    /// The loadout in DIM's JSON format.
    pub dim: Value,
    /// Import into this in-game slot instead of as the daemon's own loadout: the loadout is
    /// equipped on that character, then saved into the slot (SnapshotLoadout). Import only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub game_slot: Option<GameSlot>,
}

/// One in-game loadout slot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(rename_all = "camelCase")]
pub struct GameSlot {
    /// The character.
    pub character_id: String,
    /// The slot, 0–9.
    pub index: u32,
}
