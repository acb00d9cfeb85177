//! Params and results of the in-game loadout methods (`loadouts.snapshotGame`,
//! `loadouts.updateGame`, `loadouts.clearGame`, `loadouts.gameIdentifiers`) and the
//! `loadouts.changed` event. In-game loadouts are listed, equipped and exported with the daemon's
//! own through `loadouts.*` (their id is `game:<characterId>:<index>`).

use crate::model::Loadout;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// `loadouts.snapshotGame` and `loadouts.updateGame` params: a slot and, optionally, its new
/// identifiers (by hash, or the name by its text); left out, they stay as they are (a new slot
/// takes the game's defaults).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[ts(optional_fields)]
pub struct GameLoadoutParams {
    /// The character.
    pub character_id: String,
    /// The slot, 0–9.
    pub index: u32,
    /// `DestinyLoadoutNameDefinition` hash.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_hash: Option<u32>,
    /// The name by its text ("Raid"), one of `loadouts.gameIdentifiers`' names.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// `DestinyLoadoutColorDefinition` hash.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub color_hash: Option<u32>,
    /// `DestinyLoadoutIconDefinition` hash.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub icon_hash: Option<u32>,
    /// Only plan: answer with the steps and change nothing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dry_run: Option<bool>,
}

/// `loadouts.clearGame` params.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[ts(optional_fields)]
pub struct GameSlotParams {
    /// The character.
    pub character_id: String,
    /// The slot, 0–9.
    pub index: u32,
    /// Only plan: answer with the steps and change nothing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dry_run: Option<bool>,
}

/// One name a loadout may take.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TS)]
pub struct LoadoutName {
    /// Its hash.
    pub hash: u32,
    /// The name.
    pub name: String,
}

/// One colour or icon a loadout may take.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TS)]
pub struct LoadoutImage {
    /// Its hash.
    pub hash: u32,
    /// Its image, a path on bungie.net.
    pub image: String,
}

/// `loadouts.gameIdentifiers` result: what the game lets an in-game loadout be called and look
/// like (from the manifest).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema, TS)]
pub struct GameIdentifiers {
    /// The names.
    pub names: Vec<LoadoutName>,
    /// The colours.
    pub colors: Vec<LoadoutImage>,
    /// The icons.
    pub icons: Vec<LoadoutImage>,
}

/// `loadouts.changed` params: a character's loadouts of both kinds, after one was saved,
/// changed or deleted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(rename_all = "camelCase")]
pub struct LoadoutsChanged {
    /// The character.
    pub character_id: String,
    /// Its loadouts: the daemon's own (oldest first), then the in-game slots.
    pub loadouts: Vec<Loadout>,
}
