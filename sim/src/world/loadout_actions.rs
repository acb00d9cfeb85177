//! The in-game loadout actions and the game's rules for them: EquipLoadout (only in orbit, a
//! social space or offline, with equipment unlocked), SnapshotLoadout and UpdateLoadoutIdentifiers
//! (identifiers must be rows of the loadout tables), ClearLoadout. Every check happens before
//! anything changes, so a refused action leaves the world as it was.

use serde_json::{Value, json};

use super::actions::can_change_equipment;
use super::body::Body;
use super::loadout_defs::{self, EMPTY_COLOR, EMPTY_ICON, EMPTY_NAME};
use super::loadouts::{Loadout, LoadoutItem, SLOT_BUCKETS, slot_index};
use super::model::{Item, Place};
use super::{SimError, World};

/// The character and slot a loadout request names: 18 for a missing field or an index outside
/// `0..10`, 1620 for a character the account does not have.
fn target(world: &World, b: &Body<'_>) -> Result<(i64, usize), SimError> {
    let index = b.int32("loadoutIndex")?;
    let character_id = b.int64("characterId")?;
    b.int32("membershipType")?;
    world.character(character_id)?;
    Ok((character_id, slot_index(index)?))
}

/// The identifiers a `DestinyLoadoutUpdateActionRequest` carries (each may be null: unchanged).
struct Identifiers {
    /// `colorHash`.
    color: Option<u32>,
    /// `iconHash`.
    icon: Option<u32>,
    /// `nameHash`.
    name: Option<u32>,
}

/// Reads the identifiers; 18 for a hash that is not a row of its manifest table.
fn identifiers(b: &Body<'_>) -> Result<Identifiers, SimError> {
    let checked = |field: &str, rows: Vec<u32>| -> Result<Option<u32>, SimError> {
        match b.optional_uint32(field)? {
            Some(hash) if !rows.contains(&hash) => Err(SimError::invalid_parameters(field)),
            other => Ok(other),
        }
    };
    Ok(Identifiers {
        color: checked("colorHash", loadout_defs::color_hashes())?,
        icon: checked("iconHash", loadout_defs::icon_hashes())?,
        name: checked("nameHash", loadout_defs::name_hashes())?,
    })
}

/// The plugs a loadout records for an item: its socket plugs. The world keeps no socket plugs
/// (component 305 answers empty sockets), so the list is empty.
fn plugs_of(_item: &Item) -> Vec<u32> {
    Vec::new()
}

/// What the character wears, in the loadout slot order; a bare slot is an item without id.
pub(super) fn snapshot_items(world: &World, character_id: i64) -> Vec<LoadoutItem> {
    SLOT_BUCKETS
        .iter()
        .map(|slot| {
            let worn = world.items.iter().find(|i| {
                i.place == Place::Character(character_id)
                    && i.equipped
                    && world.bucket_of(i) == *slot
            });
            LoadoutItem {
                instance_id: worn.and_then(|i| i.instance_id),
                plugs: worn.map(plugs_of).unwrap_or_default(),
            }
        })
        .collect()
}

/// SnapshotLoadout: the equipped items into the slot, with the given identifiers (a null one
/// keeps the slot's, or the default for an empty slot). Allowed anywhere.
pub fn snapshot_loadout(world: &mut World, body: &Value) -> Result<Value, SimError> {
    let b = Body::new(body)?;
    let (character_id, index) = target(world, &b)?;
    let ids = identifiers(&b)?;
    let items = snapshot_items(world, character_id);
    let character = world.character_mut(character_id)?;
    let old = character.loadouts.get(index);
    let loadout = Loadout {
        color_hash: ids
            .color
            .or(old.map(|l| l.color_hash))
            .unwrap_or(EMPTY_COLOR),
        icon_hash: ids.icon.or(old.map(|l| l.icon_hash)).unwrap_or(EMPTY_ICON),
        name_hash: ids.name.or(old.map(|l| l.name_hash)).unwrap_or(EMPTY_NAME),
        items,
    };
    character.loadouts.set(index, Some(loadout));
    Ok(json!(0))
}

/// UpdateLoadoutIdentifiers: the colour, icon and name of a saved slot (18 for an empty one).
pub fn update_loadout_identifiers(world: &mut World, body: &Value) -> Result<Value, SimError> {
    let b = Body::new(body)?;
    let (character_id, index) = target(world, &b)?;
    let ids = identifiers(&b)?;
    let loadout = world
        .character_mut(character_id)?
        .loadouts
        .get_mut(index)
        .ok_or_else(|| SimError::invalid_parameters("loadoutIndex"))?;
    if let Some(color) = ids.color {
        loadout.color_hash = color;
    }
    if let Some(icon) = ids.icon {
        loadout.icon_hash = icon;
    }
    if let Some(name) = ids.name {
        loadout.name_hash = name;
    }
    Ok(json!(0))
}

/// ClearLoadout: the slot becomes empty (clearing an empty slot is no error).
pub fn clear_loadout(world: &mut World, body: &Value) -> Result<Value, SimError> {
    let b = Body::new(body)?;
    let (character_id, index) = target(world, &b)?;
    world.character_mut(character_id)?.loadouts.set(index, None);
    Ok(json!(0))
}

/// EquipLoadout: 18 for an empty slot, 1640 with equipment locked, 1671 in an activity; then
/// every listed item the character can wear is equipped (see [`World::loadout_plan`]).
pub fn equip_loadout(world: &mut World, body: &Value) -> Result<Value, SimError> {
    let b = Body::new(body)?;
    let (character_id, index) = target(world, &b)?;
    let character = world.character(character_id)?;
    let loadout = character
        .loadouts
        .get(index)
        .cloned()
        .ok_or_else(|| SimError::invalid_parameters("loadoutIndex"))?;
    can_change_equipment(character)?;
    let class_type = character.class_type;
    for step in world.loadout_plan(character_id, class_type, &loadout) {
        if step.from_vault {
            world.place_item(step.index, Place::Character(character_id));
        }
        world.wear(character_id, step.index, step.slot);
    }
    Ok(json!(0))
}

/// One item EquipLoadout equips.
struct Step {
    /// Its index in the world's items.
    index: usize,
    /// The bucket it is equipped in.
    slot: u32,
    /// Its unique-equip label (exotics).
    label: Option<String>,
    /// It comes from the vault first.
    from_vault: bool,
}

impl World {
    /// The items of `loadout` the character gets, in slot order. Skipped, without an error: an
    /// item deleted, on another character or in a postmaster, of another class, or in the vault
    /// when the character's bucket has no room (vault items with room are pulled first, as the
    /// game has done since 2026); a second item for a slot or for a unique-equip label (the first
    /// in slot order wins); an exotic whose label a worn item keeps in a slot the loadout leaves.
    fn loadout_plan(&self, character_id: i64, class_type: i32, loadout: &Loadout) -> Vec<Step> {
        let here = Place::Character(character_id);
        let mut steps: Vec<Step> = Vec::new();
        for id in loadout.items.iter().filter_map(|i| i.instance_id) {
            let Some(index) = self.items.iter().position(|i| i.instance_id == Some(id)) else {
                continue;
            };
            let Some(def) = self.items.get(index).and_then(|i| self.def_of(i)) else {
                continue;
            };
            if !def.equippable || (def.class_type != 3 && def.class_type != class_type) {
                continue;
            }
            let from_vault = match self.items.get(index).map(|i| i.place) {
                Some(place) if place == here => false,
                Some(Place::Vault) => true,
                _ => continue,
            };
            if from_vault && self.check_room(here, def.bucket).is_err() {
                continue;
            }
            let taken = steps.iter().any(|s| {
                s.slot == def.bucket || (def.unique_label.is_some() && s.label == def.unique_label)
            });
            if taken {
                continue;
            }
            steps.push(Step {
                index,
                slot: def.bucket,
                label: def.unique_label.clone(),
                from_vault,
            });
        }
        while let Some(n) = steps
            .iter()
            .position(|s| self.clashes_with_worn(character_id, s, &steps))
        {
            steps.remove(n);
        }
        steps
    }

    /// Whether a worn item with the step's unique label stays equipped in a slot no step touches.
    fn clashes_with_worn(&self, character_id: i64, step: &Step, steps: &[Step]) -> bool {
        let Some(label) = &step.label else {
            return false;
        };
        self.items.iter().any(|i| {
            i.place == Place::Character(character_id)
                && i.equipped
                && self.def_of(i).is_some_and(|d| {
                    d.unique_label.as_ref() == Some(label)
                        && d.bucket != step.slot
                        && !steps.iter().any(|s| s.slot == d.bucket)
                })
        })
    }
}
