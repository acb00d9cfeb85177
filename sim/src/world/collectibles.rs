//! Collections: a collectible for every weapon, armour piece and cosmetic of the catalogue
//! (`DestinyCollectibleDefinition` rows with name, source and item), profile component 800
//! (`profileCollectibles` and, for class armour, `characterCollectibles`) with
//! `DestinyCollectibleState` flags: acquired (0) once the account holds the item or bought it,
//! NotAcquired (1), Obscured (2) for an exotic no vendor sells now, Invisible (4) for another
//! class's armour.

use std::collections::BTreeSet;

use serde_json::{Map, Value, json};

use super::defs::{ItemDef, bucket, fnv32};
use super::model::Character;
use super::vendor_catalogue::VENDORS;
use super::{SimError, World};

/// `DestinyCollectibleState` NotAcquired.
pub const NOT_ACQUIRED: i32 = 1;
/// `DestinyCollectibleState` Obscured.
pub const OBSCURED: i32 = 2;
/// `DestinyCollectibleState` Invisible.
pub const INVISIBLE: i32 = 4;
/// Every `DestinyCollectibleState` flag (up to PurchaseDisabled, 64).
pub const ALL_STATES: i32 = 127;
/// The collections' root presentation node.
const COLLECTIONS_ROOT: u32 = 3_790_247_699;
/// The badges' root presentation node.
const BADGES_ROOT: u32 = 498_211_331;
/// Buckets whose items have collectibles besides weapons and armour.
const COSMETICS: [u32; 4] = [
    bucket::GHOST,
    bucket::SHIPS,
    bucket::VEHICLE,
    bucket::EMBLEMS,
];

/// The collectible hash of an item.
pub fn collectible_hash(item_hash: u32) -> u32 {
    fnv32(format!("collectible:{item_hash}").as_bytes())
}

/// Whether a definition has a collectible: instanced gear, not a subclass or an engram.
fn has_collectible(def: &ItemDef) -> bool {
    def.instanced && def.equippable && (def.counts_for_light() || COSMETICS.contains(&def.bucket))
}

/// Class armour is collected per character (scope 0); everything else per profile (scope 1).
fn character_scoped(def: &ItemDef) -> bool {
    bucket::ARMOR.contains(&def.bucket) && def.class_type != 3
}

impl World {
    /// The collectible hash of `item_hash` when it has one.
    pub fn collectible_of(&self, item_hash: u32) -> Option<u32> {
        self.catalogue
            .item(item_hash)
            .filter(|d| has_collectible(d))
            .map(|d| collectible_hash(d.hash))
    }

    /// Whether the player has acquired the item: the account holds one, or bought one.
    pub fn acquired(&self, item_hash: u32) -> bool {
        self.shop.acquired.contains(&item_hash) || self.items.iter().any(|i| i.hash == item_hash)
    }

    /// Item hashes some vendor sells now.
    fn sold_now(&self) -> BTreeSet<u32> {
        match &self.shop.capture {
            Some(capture) => super::vendor_capture::offers(capture)
                .into_iter()
                .map(|(_, o)| o.item_hash)
                .collect(),
            None => VENDORS
                .iter()
                .flat_map(|row| self.own_offers(row))
                .map(|o| o.item_hash)
                .collect(),
        }
    }

    /// Sets the state flags (`DestinyCollectibleState`, 0–127) of collectible `hash` for every
    /// character until set again, whatever the player holds or the vendors sell: a test's way to
    /// an obscured or invisible collectible. 18 InvalidParameters for an unknown collectible,
    /// 8 ParameterInvalidRange for flags outside 0–127.
    pub fn set_collectible_state(&mut self, hash: u32, state: u32) -> Result<(), SimError> {
        let known = self
            .catalogue
            .items
            .values()
            .any(|d| has_collectible(d) && collectible_hash(d.hash) == hash);
        if !known {
            return Err(SimError::invalid_parameters("collectibleHash"));
        }
        let state = i32::try_from(state)
            .ok()
            .filter(|s| *s <= ALL_STATES)
            .ok_or_else(|| SimError::invalid_range("state"))?;
        self.shop.set_states.insert(hash, state);
        Ok(())
    }

    /// The state flags of a collectible, for `character` when it is character-scoped.
    fn collectible_state(
        &self,
        def: &ItemDef,
        sold: &BTreeSet<u32>,
        character: Option<&Character>,
    ) -> i32 {
        if let Some(set) = self.shop.set_states.get(&collectible_hash(def.hash)) {
            return *set;
        }
        let mut state = 0;
        if !self.acquired(def.hash) {
            state |= NOT_ACQUIRED;
            if def.tier == 6 && !sold.contains(&def.hash) {
                state |= OBSCURED;
            }
        }
        if character.is_some_and(|c| c.class_type != def.class_type) {
            state |= INVISIBLE;
        }
        state
    }

    /// `DestinyProfileCollectiblesComponent`.
    pub(super) fn profile_collectibles_json(&self) -> Value {
        let sold = self.sold_now();
        let collectibles: Map<String, Value> = self
            .catalogue
            .items
            .values()
            .filter(|d| has_collectible(d) && !character_scoped(d))
            .map(|d| {
                let state = self.collectible_state(d, &sold, None);
                (
                    collectible_hash(d.hash).to_string(),
                    json!({ "state": state }),
                )
            })
            .collect();
        json!({
            "recentCollectibleHashes": self.shop.recent,
            "newnessFlaggedCollectibleHashes": self.shop.recent,
            "collectibles": collectibles,
            "collectionCategoriesRootNodeHash": COLLECTIONS_ROOT,
            "collectionBadgesRootNodeHash": BADGES_ROOT,
        })
    }

    /// `DestinyCollectiblesComponent` of one character: the class armour collectibles.
    pub(super) fn character_collectibles_json(&self, character: &Character) -> Value {
        let sold = self.sold_now();
        let collectibles: Map<String, Value> = self
            .catalogue
            .items
            .values()
            .filter(|d| has_collectible(d) && character_scoped(d))
            .map(|d| {
                let state = self.collectible_state(d, &sold, Some(character));
                (
                    collectible_hash(d.hash).to_string(),
                    json!({ "state": state }),
                )
            })
            .collect();
        json!({
            "collectibles": collectibles,
            "collectionCategoriesRootNodeHash": COLLECTIONS_ROOT,
            "collectionBadgesRootNodeHash": BADGES_ROOT,
        })
    }
}

/// Where an item comes from, as its collectible says.
fn source_of(def: &ItemDef) -> String {
    let vendor = VENDORS
        .iter()
        .find(|row| row.offers.iter().any(|o| o.item == def.name));
    match vendor {
        Some(row) => format!("Source: Sold by {}.", row.name),
        None if def.tier == 6 => "Source: Exotic engrams.".to_owned(),
        None => "Source: Legendary engrams and world drops.".to_owned(),
    }
}

/// The `DestinyCollectibleDefinition` rows.
pub fn collectible_rows(world: &World) -> Vec<(u32, Value)> {
    world
        .catalogue
        .items
        .values()
        .filter(|d| has_collectible(d))
        .enumerate()
        .map(|(n, d)| {
            let hash = collectible_hash(d.hash);
            let source = source_of(d);
            (
                hash,
                json!({
                    "displayProperties": { "name": d.name, "description": "", "icon": d.icon, "hasIcon": true },
                    "scope": if character_scoped(d) { 0 } else { 1 },
                    "sourceString": source,
                    "sourceHash": fnv32(source.as_bytes()),
                    "itemHash": d.hash,
                    "acquisitionInfo": { "runOnlyAcquisitionRewardSite": false },
                    "stateInfo": { "requirements": { "entitlementUnavailableMessage": "" } },
                    "presentationInfo": { "presentationNodeType": 2, "parentPresentationNodeHashes": [] },
                    "presentationNodeType": 2,
                    "traitIds": [], "traitHashes": [], "parentNodeHashes": [],
                    "hash": hash, "index": n, "redacted": false, "blacklisted": false,
                }),
            )
        })
        .collect()
}
