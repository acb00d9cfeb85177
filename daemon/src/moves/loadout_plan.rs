//! Planning a loadout: resolve its items, free the ones equipped on other characters, move
//! everything over, then one EquipItems for the character with exotics last.

use super::equip::equip_refusal;
use super::error::{MoveError, Reason};
use super::planner::Planner;
use super::request::Destination;
use super::step::{Action, Why};
use super::world::is_instanced;
use crate::store::model::{CharacterId, Item, ItemId, Loadout, LoadoutItem, Location, Tier};
use std::collections::{BTreeMap, HashSet};

/// A loadout item found in the inventory.
struct Wanted {
    /// Its position in the loadout (the step group).
    group: u32,
    /// The item now.
    id: ItemId,
    /// Equip it.
    equip: bool,
    /// How many to bring.
    quantity: u32,
}

impl Planner {
    /// Plans equipping `loadout` on `character_id`; items that cannot be done are refused one by
    /// one while the rest go ahead.
    pub(crate) fn loadout(
        &mut self,
        loadout: &Loadout,
        character_id: CharacterId,
    ) -> Result<(), MoveError> {
        let character = self
            .world
            .character(character_id)
            .cloned()
            .ok_or_else(|| MoveError::character_not_found(character_id))?;
        let items: Vec<&Item> = self.world.items().collect();
        // Another class's loadout is refused as a whole; on its own class, a stray item of
        // another class is refused alone below, with the rest going ahead.
        if loadout.class != character.class {
            super::loadouts::class_fit::check(loadout, &items, character.class)?;
        }
        let mut wanted = Vec::new();
        let mut labels: HashSet<String> = HashSet::new();
        let mut buckets: HashSet<u32> = HashSet::new();
        for (n, entry) in loadout.items.iter().enumerate() {
            let Some(item) = self.resolve(entry, character_id) else {
                self.refuse(
                    entry.id.clone(),
                    MoveError::item_not_found(entry.id.as_str()),
                );
                continue;
            };
            if entry.equip {
                if let Some(refusal) = equip_refusal(&item, &character) {
                    self.refuse(item.id.clone(), refusal);
                    continue;
                }
                if !buckets.insert(item.info.home_bucket_hash) {
                    self.refuse(
                        item.id.clone(),
                        MoveError::new(
                            Reason::CannotEquip,
                            format!(
                                "{} shares a slot with another item this loadout equips.",
                                item.info.name
                            ),
                        ),
                    );
                    continue;
                }
                if let Some(label) = &item.info.unique_label
                    && !labels.insert(label.clone())
                {
                    self.refuse(item.id.clone(), MoveError::new(
                        Reason::CannotEquip,
                        format!("{} can't be equipped with the other exotic of this loadout: only one may be worn.", item.info.name),
                    ));
                    continue;
                }
            }
            wanted.push(Wanted {
                group: n as u32,
                id: item.id.clone(),
                equip: entry.equip,
                quantity: if is_instanced(&item) {
                    1
                } else {
                    entry.quantity.max(1)
                },
            });
        }
        self.involved.extend(wanted.iter().map(|w| w.id.clone()));
        self.free_from_other_characters(&mut wanted, character_id);
        let mut to_equip = Vec::new();
        for w in &wanted {
            self.group = w.group;
            let (id, quantity) = (w.id.clone(), w.quantity);
            let dest = Destination::Character(character_id);
            match self.attempt(|p| p.move_to(&id, dest, quantity, 0)) {
                Ok(new_id) if w.equip => to_equip.push((w.group, new_id)),
                Ok(_) => {}
                Err(error) => self.refuse(w.id.clone(), error),
            }
        }
        self.equip_all(to_equip, &buckets, character_id);
        Ok(())
    }

    /// Finds a loadout item: by id, or for uninstanced items by hash (on the character first).
    fn resolve(&self, entry: &LoadoutItem, character_id: CharacterId) -> Option<Item> {
        if let Some(item) = self.world.get(&entry.id) {
            return Some(item.clone());
        }
        if entry.id.instance_id().is_some() {
            return None;
        }
        self.world
            .items()
            .filter(|i| i.hash == entry.hash && !is_instanced(i))
            .min_by_key(|i| match i.location {
                Location::Character { character_id: c } if c == character_id => 0,
                Location::Profile => 0,
                Location::Vault => 1,
                _ => 2,
            })
            .cloned()
    }

    /// Where two or more loadout items are equipped on another character, brings their
    /// replacements there and equips them in one EquipItems (one item alone is de-equipped by its
    /// move).
    fn free_from_other_characters(&mut self, wanted: &mut Vec<Wanted>, character_id: CharacterId) {
        let mut by_character: BTreeMap<CharacterId, Vec<(u32, Item)>> = BTreeMap::new();
        for w in wanted.iter() {
            if let Some(item) = self.world.get(&w.id)
                && item.equipped
                && let Location::Character {
                    character_id: other,
                } = item.location
                && other != character_id
            {
                by_character
                    .entry(other)
                    .or_default()
                    .push((w.group, item.clone()));
            }
        }
        for (other, items) in by_character.into_iter().filter(|(_, v)| v.len() >= 2) {
            let mut replacements = Vec::new();
            for (group, item) in items {
                self.group = group;
                let found = self.attempt(|p| {
                    let r = p.find_replacement(&item, other)?;
                    p.involved.insert(r.id.clone());
                    p.move_to(&r.id, Destination::Character(other), 1, 1)
                });
                match found {
                    Ok(id) => replacements.push(id),
                    Err(error) => {
                        wanted.retain(|w| w.id != item.id);
                        self.refuse(item.id.clone(), error);
                    }
                }
            }
            if !replacements.is_empty() {
                self.push(
                    Action::EquipItems {
                        character_id: other,
                        ids: replacements,
                    },
                    Why::Replacement,
                );
            }
        }
    }

    /// One EquipItems for every item to equip on the character, settling exotic conflicts with
    /// slots the loadout leaves alone, exotics last.
    fn equip_all(
        &mut self,
        items: Vec<(u32, ItemId)>,
        buckets: &HashSet<u32>,
        character_id: CharacterId,
    ) {
        let mut ids: Vec<Item> = Vec::new();
        for (group, id) in items {
            let Some(item) = self.world.get(&id).cloned() else {
                continue;
            };
            if item.equipped {
                continue;
            }
            self.group = group;
            if let Some(conflict) = self.unique_conflict(&item, character_id)
                && !buckets.contains(&conflict.info.home_bucket_hash)
            {
                let replaced = self.attempt(|p| {
                    let r = p.find_replacement(&conflict, character_id)?;
                    p.involved.insert(r.id.clone());
                    p.move_to(&r.id, Destination::Character(character_id), 1, 1)
                });
                match replaced.ok().and_then(|id| self.world.get(&id).cloned()) {
                    Some(r) => ids.push(r),
                    None => {
                        self.refuse(item.id.clone(), MoveError::new(
                            Reason::CannotEquip,
                            format!("{} can't be equipped: {} is equipped and nothing can take its place.", item.info.name, conflict.info.name),
                        ));
                        continue;
                    }
                }
            }
            ids.push(item);
        }
        if ids.is_empty() {
            return;
        }
        ids.sort_by_key(|i| i.info.tier == Tier::Exotic || i.info.unique_label.is_some());
        self.group = u32::MAX;
        self.push(
            Action::EquipItems {
                character_id,
                ids: ids.into_iter().map(|i| i.id).collect(),
            },
            Why::Requested,
        );
    }
}
