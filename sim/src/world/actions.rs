//! The action endpoints and the game's rules for them (API.md §5.9): vault↔character transfers,
//! postmaster pulls, equipping, locking. Every check happens before anything changes, so a refused
//! action leaves the world as it was.

use serde_json::{Value, json};

use super::body::Body;
use super::defs::{ItemDef, Scope};
use super::model::{Character, Item, Place};
use super::{SimError, World};

/// Fields every action body carries besides its own.
fn membership_type(body: &Body<'_>) -> Result<i32, SimError> {
    body.int32("membershipType")
}

/// TransferItem: vault ↔ character only; stacks by quantity.
pub fn transfer_item(world: &mut World, body: &Value) -> Result<Value, SimError> {
    let b = Body::new(body)?;
    let hash = b.uint32("itemReferenceHash")?;
    let stack = b.int32("stackSize")?;
    let to_vault = b.boolean("transferToVault")?;
    let item_id = b.optional_int64("itemId")?.unwrap_or(0);
    let character_id = b.int64("characterId")?;
    membership_type(&b)?;
    world.character(character_id)?;
    let here = Place::Character(character_id);
    if item_id != 0 {
        let index = world.find_instance(item_id, hash)?;
        let item = world.item_at(index)?;
        let (from, to) = if to_vault {
            (here, Place::Vault)
        } else {
            (Place::Vault, here)
        };
        if item.place != from {
            return Err(SimError::item_not_found());
        }
        if item.equipped {
            return Err(SimError::equipped_item());
        }
        let def = world.def_of(item).ok_or_else(SimError::item_not_found)?;
        if def.non_transferrable {
            return Err(SimError::not_transferrable());
        }
        world.check_room(to, def.bucket)?;
        world.place_item(index, to);
        return Ok(json!(0));
    }
    let def = world
        .catalogue
        .item(hash)
        .cloned()
        .ok_or_else(SimError::item_not_found)?;
    if def.instanced {
        return Err(SimError::item_not_found());
    }
    if def.non_transferrable {
        return Err(SimError::not_transferrable());
    }
    let home = if world
        .catalogue
        .bucket(def.bucket)
        .is_some_and(|b| b.scope == Scope::Account)
    {
        Place::Account
    } else {
        here
    };
    let (from, to) = if to_vault {
        (home, Place::Vault)
    } else {
        (Place::Vault, home)
    };
    world.move_stack(&def, from, to, stack)?;
    Ok(json!(0))
}

/// PullFromPostmaster: from a character's postmaster to the same character (or the account bucket).
pub fn pull_from_postmaster(world: &mut World, body: &Value) -> Result<Value, SimError> {
    let b = Body::new(body)?;
    let hash = b.uint32("itemReferenceHash")?;
    let stack = b.int32("stackSize")?;
    let item_id = b.optional_int64("itemId")?.unwrap_or(0);
    let character_id = b.int64("characterId")?;
    membership_type(&b)?;
    world.character(character_id)?;
    let postmaster = Place::Postmaster(character_id);
    let def = world
        .catalogue
        .item(hash)
        .cloned()
        .ok_or_else(SimError::item_not_found)?;
    let to = if world
        .catalogue
        .bucket(def.bucket)
        .is_some_and(|b| b.scope == Scope::Account)
    {
        Place::Account
    } else {
        Place::Character(character_id)
    };
    if item_id != 0 {
        let index = world.find_instance(item_id, hash)?;
        if world.item_at(index)?.place != postmaster {
            return Err(SimError::item_not_found());
        }
        if def.pull_side_effects {
            return Err(SimError::pull_has_side_effects());
        }
        world.check_room(to, def.bucket)?;
        world.place_item(index, to);
        return Ok(json!(0));
    }
    if def.pull_side_effects {
        return Err(SimError::pull_has_side_effects());
    }
    world.move_stack(&def, postmaster, to, stack)?;
    Ok(json!(0))
}

/// EquipItem.
pub fn equip_item(world: &mut World, body: &Value) -> Result<Value, SimError> {
    let b = Body::new(body)?;
    let item_id = b.int64("itemId")?;
    let character_id = b.int64("characterId")?;
    membership_type(&b)?;
    world.character(character_id)?;
    world.equip(character_id, item_id)?;
    Ok(json!(0))
}

/// EquipItems: each item equipped in order; per-item status, Success overall.
pub fn equip_items(world: &mut World, body: &Value) -> Result<Value, SimError> {
    let b = Body::new(body)?;
    let item_ids = b.int64_list("itemIds")?;
    let character_id = b.int64("characterId")?;
    membership_type(&b)?;
    world.character(character_id)?;
    let results: Vec<Value> = item_ids
        .iter()
        .map(|id| {
            let status = world
                .equip(character_id, *id)
                .map_or_else(|e| e.code, |()| 1);
            json!({ "itemInstanceId": id.to_string(), "equipStatus": status })
        })
        .collect();
    Ok(json!({ "equipResults": results }))
}

/// SetItemLockState: only instanced, lockable items on that character or in the vault.
pub fn set_lock_state(world: &mut World, body: &Value) -> Result<Value, SimError> {
    let b = Body::new(body)?;
    let state = b.boolean("state")?;
    let item_id = b.int64("itemId")?;
    let character_id = b.int64("characterId")?;
    membership_type(&b)?;
    world.character(character_id)?;
    let index = world
        .items
        .iter()
        .position(|i| i.instance_id == Some(item_id))
        .ok_or_else(SimError::item_not_found)?;
    let item = world.item_at(index)?;
    let reachable = match item.place {
        Place::Vault | Place::Account => true,
        Place::Character(c) | Place::Postmaster(c) => c == character_id,
    };
    if !reachable {
        return Err(SimError::item_not_found());
    }
    if !item.lockable {
        return Err(SimError::action_forbidden());
    }
    if let Some(item) = world.items.get_mut(index) {
        item.state = if state {
            item.state | 1
        } else {
            item.state & !1
        };
    }
    Ok(json!(0))
}

impl World {
    /// The index of the instance `id`; the hash must match when the caller names one.
    fn find_instance(&self, id: i64, hash: u32) -> Result<usize, SimError> {
        self.items
            .iter()
            .position(|i| i.instance_id == Some(id) && (hash == 0 || i.hash == hash))
            .ok_or_else(SimError::item_not_found)
    }

    fn item_at(&self, index: usize) -> Result<&Item, SimError> {
        self.items.get(index).ok_or_else(SimError::item_not_found)
    }

    /// Moves the item at `index` to `to` (it keeps its place in arrival order).
    pub(super) fn place_item(&mut self, index: usize, to: Place) {
        if let Some(item) = self.items.get_mut(index) {
            item.place = to;
            item.equipped = false;
            item.bucket_override = None;
        }
    }

    /// How many slots of `bucket_hash` are taken at `place` (equipped items not counted).
    fn slots_taken(&self, place: Place, bucket_hash: u32) -> usize {
        match place {
            Place::Vault => self
                .items
                .iter()
                .filter(|i| i.place == Place::Vault)
                .count(),
            _ => self
                .items
                .iter()
                .filter(|i| i.place == place && !i.equipped && self.bucket_of(i) == bucket_hash)
                .count(),
        }
    }

    /// How many slots `place` has for items whose home bucket is `bucket_hash`, from the bucket
    /// definitions (character equippable buckets keep one slot for the equipped item).
    fn slot_capacity(&self, place: Place, bucket_hash: u32) -> usize {
        let capacity = match place {
            Place::Vault => self.catalogue.vault_capacity(),
            Place::Postmaster(_) => u32::MAX,
            Place::Character(_) | Place::Account => match self.catalogue.bucket(bucket_hash) {
                Some(b) if b.is_equippable() => b.item_count.saturating_sub(1),
                Some(b) => b.item_count,
                None => 0,
            },
        };
        capacity as usize
    }

    /// 1642 unless `place` has a free slot for an item whose home bucket is `bucket_hash`.
    pub(super) fn check_room(&self, place: Place, bucket_hash: u32) -> Result<(), SimError> {
        if self.slots_taken(place, bucket_hash) >= self.slot_capacity(place, bucket_hash) {
            return Err(SimError::no_room());
        }
        Ok(())
    }

    /// Moves `quantity` of an uninstanced item from stacks at `from` to stacks at `to`, filling
    /// existing stacks up to the definition's `maxStackSize` before opening new slots.
    fn move_stack(
        &mut self,
        def: &ItemDef,
        from: Place,
        to: Place,
        quantity: i32,
    ) -> Result<(), SimError> {
        let wanted = u32::try_from(quantity)
            .ok()
            .filter(|q| *q > 0)
            .ok_or_else(|| SimError::invalid_parameters("stackSize"))?;
        let here =
            |i: &Item, p: Place| i.place == p && i.hash == def.hash && i.instance_id.is_none();
        let available: u64 = self
            .items
            .iter()
            .filter(|i| here(i, from))
            .map(|i| u64::from(i.quantity))
            .sum();
        if available == 0 {
            return Err(SimError::item_not_found());
        }
        if u64::from(wanted) > available {
            return Err(SimError::invalid_parameters("stackSize"));
        }
        let max = def.max_stack.max(1);
        let free_in_stacks: u64 = self
            .items
            .iter()
            .filter(|i| here(i, to))
            .map(|i| u64::from(max.saturating_sub(i.quantity)))
            .sum();
        let overflow = u64::from(wanted).saturating_sub(free_in_stacks);
        let new_slots = overflow.div_ceil(u64::from(max)) as usize;
        if new_slots > 0
            && self.slots_taken(to, def.bucket) + new_slots > self.slot_capacity(to, def.bucket)
        {
            return Err(SimError::no_room());
        }
        let mut left = wanted;
        for item in self.items.iter_mut().rev().filter(|i| here(i, from)) {
            let take = left.min(item.quantity);
            item.quantity -= take;
            left -= take;
            if left == 0 {
                break;
            }
        }
        self.items
            .retain(|i| !(i.instance_id.is_none() && i.quantity == 0));
        let mut left = wanted;
        for item in self.items.iter_mut().filter(|i| here(i, to)) {
            let add = left.min(max.saturating_sub(item.quantity));
            item.quantity += add;
            left -= add;
        }
        while left > 0 {
            let add = left.min(max);
            self.items.push(Item::stack(def.hash, add, to));
            left -= add;
        }
        Ok(())
    }

    /// Equips an instance already on the character, with every equip rule checked first.
    fn equip(&mut self, character_id: i64, item_id: i64) -> Result<(), SimError> {
        let character = self.character(character_id)?;
        let index = self
            .items
            .iter()
            .position(|i| {
                i.instance_id == Some(item_id) && i.place == Place::Character(character_id)
            })
            .ok_or_else(SimError::item_not_found)?;
        let item = self.item_at(index)?;
        if item.equipped {
            return Ok(());
        }
        can_change_equipment(character)?;
        let def = self.def_of(item).ok_or_else(SimError::item_not_found)?;
        if !def.equippable {
            return Err(SimError::unequippable());
        }
        if def.class_type != 3 && def.class_type != character.class_type {
            return Err(SimError::failed_unlock_check());
        }
        let slot = def.bucket;
        if let Some(label) = &def.unique_label {
            let clash = self.items.iter().any(|other| {
                other.place == Place::Character(character_id)
                    && other.equipped
                    && self
                        .def_of(other)
                        .is_some_and(|d| d.unique_label.as_ref() == Some(label) && d.bucket != slot)
            });
            if clash {
                return Err(SimError::unique_equip_restricted());
            }
        }
        self.wear(character_id, index, slot);
        Ok(())
    }

    /// Equips the item at `index` (on the character) in `slot`, unequipping what was there.
    /// No rule is checked: callers check them first.
    pub(super) fn wear(&mut self, character_id: i64, index: usize, slot: u32) {
        let equipped_in_slot: Vec<usize> = self
            .items
            .iter()
            .enumerate()
            .filter(|(_, i)| {
                i.place == Place::Character(character_id)
                    && i.equipped
                    && self.def_of(i).is_some_and(|d| d.bucket == slot)
            })
            .map(|(n, _)| n)
            .collect();
        for n in equipped_in_slot {
            if let Some(old) = self.items.get_mut(n) {
                old.equipped = false;
            }
        }
        if let Some(item) = self.items.get_mut(index) {
            item.equipped = true;
        }
    }
}

/// Whether the character may change its equipment now: 1640 while its equipment is locked,
/// 1671 inside an activity (only orbit, a social space or offline allow it).
pub(super) fn can_change_equipment(character: &Character) -> Result<(), SimError> {
    if character.equipment_locked {
        return Err(SimError::unequippable());
    }
    if character.activity.is_some() {
        return Err(SimError::wrong_location());
    }
    Ok(())
}
