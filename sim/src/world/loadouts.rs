//! Each character's in-game loadout slots (Lightfall): ten slots, each empty or a saved loadout
//! with a colour, an icon, a name and its items in slot order, and their JSON: component 206
//! (`DestinyLoadoutsComponent`), the `/sim/state` view, and loading them from a real profile.

use serde_json::{Value, json};

use super::SimError;
use super::defs::bucket;
use super::loadout_defs::{EMPTY_COLOR, EMPTY_ICON, EMPTY_NAME, LOADOUT_COUNT};

/// The buckets a saved loadout lists, in the game's slot order.
pub const SLOT_BUCKETS: [u32; 9] = [
    bucket::SUBCLASS,
    bucket::KINETIC,
    bucket::ENERGY,
    bucket::POWER,
    bucket::HELMET,
    bucket::GAUNTLETS,
    bucket::CHEST,
    bucket::LEGS,
    bucket::CLASS_ITEM,
];

/// One item of a saved loadout.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadoutItem {
    /// The item instance, `None` for a slot that had nothing (written as `"0"`).
    pub instance_id: Option<i64>,
    /// The plugs to insert when the loadout is equipped.
    pub plugs: Vec<u32>,
}

/// A saved loadout.
#[derive(Debug, Clone, PartialEq)]
pub struct Loadout {
    /// `DestinyLoadoutColorDefinition` hash.
    pub color_hash: u32,
    /// `DestinyLoadoutIconDefinition` hash.
    pub icon_hash: u32,
    /// `DestinyLoadoutNameDefinition` hash.
    pub name_hash: u32,
    /// The items, in [`SLOT_BUCKETS`] order.
    pub items: Vec<LoadoutItem>,
}

/// A character's loadout slots: always [`LOADOUT_COUNT`] of them, each empty or saved.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadoutSlots {
    slots: Vec<Option<Loadout>>,
}

impl Default for LoadoutSlots {
    fn default() -> Self {
        LoadoutSlots {
            slots: vec![None; LOADOUT_COUNT],
        }
    }
}

impl LoadoutSlots {
    /// The loadout saved in slot `index`, `None` when it is empty (or out of range).
    pub fn get(&self, index: usize) -> Option<&Loadout> {
        self.slots.get(index).and_then(Option::as_ref)
    }

    /// Saves `loadout` in slot `index` (`None` empties it); out of range does nothing.
    pub fn set(&mut self, index: usize, loadout: Option<Loadout>) {
        if let Some(slot) = self.slots.get_mut(index) {
            *slot = loadout;
        }
    }

    /// The mutable loadout saved in slot `index`, `None` when it is empty.
    pub fn get_mut(&mut self, index: usize) -> Option<&mut Loadout> {
        self.slots.get_mut(index).and_then(Option::as_mut)
    }

    /// `DestinyLoadoutsComponent`: every slot, empty ones in the game's default shape.
    pub fn component_json(&self) -> Value {
        let loadouts: Vec<Value> = self.slots.iter().map(slot_json).collect();
        json!({ "loadouts": loadouts })
    }

    /// The `/sim/state` view: every slot with its index, identifiers and item ids.
    pub fn state_json(&self) -> Value {
        let slots: Vec<Value> = self
            .slots
            .iter()
            .enumerate()
            .map(|(index, slot)| {
                let (color, icon, name) = identifiers(slot.as_ref());
                let ids: Vec<String> = slot
                    .iter()
                    .flat_map(|l| &l.items)
                    .map(|i| instance_text(i.instance_id))
                    .collect();
                json!({
                    "index": index,
                    "empty": slot.is_none(),
                    "nameHash": name,
                    "colorHash": color,
                    "iconHash": icon,
                    "itemIds": ids,
                })
            })
            .collect();
        Value::Array(slots)
    }

    /// The slots of one character's `DestinyLoadoutsComponent` from a real profile: a slot
    /// without items is empty; missing slots are empty and extra ones are dropped.
    pub fn from_component(component: Option<&Value>) -> LoadoutSlots {
        let mut slots = LoadoutSlots::default();
        let entries = component
            .and_then(|c| c.get("loadouts"))
            .and_then(Value::as_array);
        for (index, entry) in entries.into_iter().flatten().enumerate() {
            slots.set(index, loadout_from_json(entry));
        }
        slots
    }
}

/// The slot index of a request's `loadoutIndex`: 18 InvalidParameters outside `0..10`.
pub fn slot_index(raw: i32) -> Result<usize, SimError> {
    usize::try_from(raw)
        .ok()
        .filter(|n| *n < LOADOUT_COUNT)
        .ok_or_else(|| SimError::invalid_parameters("loadoutIndex"))
}

/// An instance id as Bungie writes it, `"0"` for none.
fn instance_text(id: Option<i64>) -> String {
    id.unwrap_or(0).to_string()
}

/// The colour, icon and name of a slot (the defaults when it is empty).
fn identifiers(slot: Option<&Loadout>) -> (u32, u32, u32) {
    slot.map_or((EMPTY_COLOR, EMPTY_ICON, EMPTY_NAME), |l| {
        (l.color_hash, l.icon_hash, l.name_hash)
    })
}

/// `DestinyLoadoutComponent` of one slot.
fn slot_json(slot: &Option<Loadout>) -> Value {
    let (color, icon, name) = identifiers(slot.as_ref());
    let items: Vec<Value> = slot
        .iter()
        .flat_map(|l| &l.items)
        .map(|i| json!({ "itemInstanceId": instance_text(i.instance_id), "plugItemHashes": i.plugs }))
        .collect();
    json!({ "colorHash": color, "iconHash": icon, "nameHash": name, "items": items })
}

/// One slot of a real component; `None` (empty) when it lists no items.
fn loadout_from_json(entry: &Value) -> Option<Loadout> {
    let hash = |name: &str| {
        entry
            .get(name)
            .and_then(Value::as_u64)
            .and_then(|h| u32::try_from(h).ok())
    };
    let items: Vec<LoadoutItem> = entry
        .get("items")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .map(|item| LoadoutItem {
            instance_id: item
                .get("itemInstanceId")
                .and_then(|v| super::body::parse_int64(v, "itemInstanceId").ok())
                .filter(|id| *id != 0),
            plugs: item
                .get("plugItemHashes")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(|h| h.as_u64().and_then(|h| u32::try_from(h).ok()))
                .collect(),
        })
        .collect();
    if items.is_empty() {
        return None;
    }
    Some(Loadout {
        color_hash: hash("colorHash").unwrap_or(EMPTY_COLOR),
        icon_hash: hash("iconHash").unwrap_or(EMPTY_ICON),
        name_hash: hash("nameHash").unwrap_or(EMPTY_NAME),
        items,
    })
}
