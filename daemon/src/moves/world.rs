//! The planner's and executor's working copy of the inventory: where every item is, how full
//! each bucket is, and how one step changes it (the store [`Change`]s it produces).

use super::step::Action;
use crate::store::model::{
    Change, Character, CharacterId, GameLoadout, Inventory, Item, ItemFieldChanges, ItemId,
    Location, Tag, VAULT_BUCKET_HASH,
};
use std::collections::HashMap;
use std::sync::Arc;

/// Account-wide buckets (consumables, modifications, special orders): their items live in
/// `profileInventory`, never on one character.
pub const ACCOUNT_BUCKETS: [u32; 3] = [1_469_714_392, 3_313_201_758, 1_367_666_825];
/// The capacity of a character bucket the inventory does not list.
const DEFAULT_BUCKET_CAPACITY: u32 = 10;
/// The capacity of an account-wide bucket.
const ACCOUNT_BUCKET_CAPACITY: u32 = 50;

/// A place that has a capacity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Slot {
    /// The vault (one bucket for everything).
    Vault,
    /// One bucket of one character.
    Character(CharacterId, u32),
    /// One account-wide bucket.
    Profile(u32),
}

/// Whether an item of this home bucket is account-wide.
pub fn is_account_bucket(bucket_hash: u32) -> bool {
    ACCOUNT_BUCKETS.contains(&bucket_hash)
}

/// Where an item coming out of the vault lands on character `to`.
pub fn landing(item: &Item, to: CharacterId) -> Location {
    if is_account_bucket(item.info.home_bucket_hash) {
        Location::Profile
    } else {
        Location::Character { character_id: to }
    }
}

/// The slot an item at `location` occupies.
pub fn slot_of(item: &Item, location: &Location) -> Option<Slot> {
    match location {
        Location::Vault => Some(Slot::Vault),
        Location::Character { character_id } => {
            Some(Slot::Character(*character_id, item.info.home_bucket_hash))
        }
        Location::Profile => Some(Slot::Profile(item.info.home_bucket_hash)),
        Location::Postmaster { .. } => None,
    }
}

/// The working copy.
#[derive(Debug, Clone)]
pub struct World {
    /// Items by position; a removed item leaves `None` so positions stay valid. Shared, so a
    /// snapshot (the planner's undo point) costs one reference count per item.
    items: Vec<Option<Arc<Item>>>,
    /// Position of each item id (shared until a stack appears or goes).
    index: Arc<HashMap<ItemId, usize>>,
    /// The characters, most recently played first.
    characters: Vec<Character>,
    /// The vault's capacity.
    vault_capacity: u32,
    /// Character bucket capacities by bucket hash.
    bucket_capacity: HashMap<u32, u32>,
    /// The player's tags, by item id (shared: the planner's undo points copy only the pointer).
    tags: Arc<HashMap<ItemId, Tag>>,
    /// The characters' saved in-game loadouts.
    pub(crate) game_loadouts: Vec<GameLoadout>,
}

impl World {
    /// A working copy of `inventory`.
    pub fn new(inventory: &Inventory) -> Self {
        let mut characters = inventory.characters.clone();
        characters.sort_by_key(|c| std::cmp::Reverse(c.last_played));
        let mut world = World {
            items: Vec::with_capacity(inventory.items.len()),
            index: Arc::new(HashMap::with_capacity(inventory.items.len())),
            characters,
            vault_capacity: inventory.vault_capacity,
            bucket_capacity: inventory.bucket_capacity.iter().copied().collect(),
            tags: Arc::new(
                inventory
                    .annotations
                    .iter()
                    .filter_map(|(id, a)| a.tag.map(|t| (id.clone(), t)))
                    .collect(),
            ),
            game_loadouts: inventory.game_loadouts.clone(),
        };
        for item in &inventory.items {
            world.insert(item.clone());
        }
        world
    }

    fn insert(&mut self, item: Item) {
        Arc::make_mut(&mut self.index).insert(item.id.clone(), self.items.len());
        self.items.push(Some(Arc::new(item)));
    }

    /// The item with this id.
    pub fn get(&self, id: &ItemId) -> Option<&Item> {
        self.index
            .get(id)
            .and_then(|&i| self.items.get(i))
            .and_then(|cell| cell.as_deref())
    }

    fn get_mut(&mut self, id: &ItemId) -> Option<&mut Item> {
        let i = *self.index.get(id)?;
        self.items
            .get_mut(i)
            .and_then(Option::as_mut)
            .map(Arc::make_mut)
    }

    /// The player's tag on an item.
    pub fn tag(&self, id: &ItemId) -> Option<Tag> {
        self.tags.get(id).copied()
    }

    /// Every item.
    pub fn items(&self) -> impl Iterator<Item = &Item> {
        self.items.iter().flatten().map(|item| &**item)
    }

    /// The characters, most recently played first.
    pub fn characters(&self) -> &[Character] {
        &self.characters
    }

    /// The character with this id.
    pub fn character(&self, id: CharacterId) -> Option<&Character> {
        self.characters.iter().find(|c| c.id == id)
    }

    /// The most recently played character (Bungie wants a character id even for vault items).
    pub fn current_character(&self) -> Option<CharacterId> {
        self.characters.first().map(|c| c.id)
    }

    /// The item equipped on `character` in `bucket`.
    pub fn equipped_in(&self, character: CharacterId, bucket: u32) -> Option<&Item> {
        self.items().find(|i| {
            i.equipped
                && i.info.home_bucket_hash == bucket
                && i.location
                    == Location::Character {
                        character_id: character,
                    }
        })
    }

    /// How many items occupy a slot.
    pub fn used(&self, slot: Slot) -> u32 {
        self.items()
            .filter(|i| slot_of(i, &i.location) == Some(slot))
            .count() as u32
    }

    /// How many items a slot holds at most.
    pub fn capacity(&self, slot: Slot) -> u32 {
        match slot {
            Slot::Vault => self.vault_capacity,
            Slot::Character(_, bucket) => self
                .bucket_capacity
                .get(&bucket)
                .copied()
                .unwrap_or(DEFAULT_BUCKET_CAPACITY),
            Slot::Profile(_) => ACCOUNT_BUCKET_CAPACITY,
        }
    }

    /// How many more items fit in a slot.
    pub fn free(&self, slot: Slot) -> u32 {
        self.capacity(slot).saturating_sub(self.used(slot))
    }

    /// The stack of `hash` at `location` that can absorb `quantity` more, if any.
    fn mergeable_stack(&self, item: &Item, location: &Location, quantity: u32) -> Option<ItemId> {
        if is_instanced(item) {
            return None;
        }
        self.items()
            .find(|s| {
                s.hash == item.hash
                    && s.location == *location
                    && s.id != item.id
                    && s.quantity.saturating_add(quantity) <= item.info.max_stack.max(1)
            })
            .map(|s| s.id.clone())
    }

    /// Whether `quantity` of `item` fits at `location` without moving anything aside.
    pub fn fits(&self, item: &Item, location: &Location, quantity: u32) -> bool {
        if self.mergeable_stack(item, location, quantity).is_some() {
            return true;
        }
        match slot_of(item, location) {
            Some(slot) => self.free(slot) > 0,
            None => true,
        }
    }

    /// Applies a successful step and returns the store changes it makes, in order. A step that
    /// names an unknown item changes nothing.
    pub fn apply(&mut self, action: &Action) -> Vec<Change> {
        match action {
            Action::Transfer {
                id, to, quantity, ..
            } => self.relocate(id, *to, *quantity),
            Action::Pull {
                id,
                character_id,
                quantity,
            } => {
                let Some(item) = self.get(id) else {
                    return Vec::new();
                };
                let to = landing(item, *character_id);
                self.relocate(id, to, *quantity)
            }
            Action::Equip {
                id, character_id, ..
            } => self.equip(id, *character_id).into_iter().collect(),
            Action::EquipItems { character_id, ids } => ids
                .iter()
                .filter_map(|id| self.equip(id, *character_id))
                .collect(),
            Action::Lock { id, locked } => match self.get_mut(id) {
                Some(item) => {
                    item.locked = *locked;
                    vec![Change::Updated {
                        id: id.clone(),
                        fields: ItemFieldChanges {
                            locked: Some(*locked),
                            ..ItemFieldChanges::default()
                        },
                    }]
                }
                None => Vec::new(),
            },
            Action::Game(game) => self.apply_game(game),
        }
    }

    /// Equips `id` on `character`, unequipping what held its slot.
    pub fn equip(&mut self, id: &ItemId, character: CharacterId) -> Option<Change> {
        let bucket = self.get(id)?.info.home_bucket_hash;
        let previous = self
            .equipped_in(character, bucket)
            .map(|i| i.id.clone())
            .filter(|p| p != id);
        if let Some(p) = &previous
            && let Some(old) = self.get_mut(p)
        {
            old.equipped = false;
        }
        let item = self.get_mut(id)?;
        item.equipped = true;
        Some(Change::Equipped {
            id: id.clone(),
            character_id: character,
            unequipped: previous,
        })
    }

    /// Moves `quantity` of an item to `to`, merging or splitting stacks as the game does.
    fn relocate(&mut self, id: &ItemId, to: Location, quantity: u32) -> Vec<Change> {
        let Some(item) = self.get(id).cloned() else {
            return Vec::new();
        };
        let from = item.location;
        if is_instanced(&item) {
            if let Some(moving) = self.get_mut(id) {
                moving.location = to;
                moving.bucket_hash = bucket_at(&item, &to);
                moving.equipped = false;
            }
            return vec![Change::Moved {
                id: id.clone(),
                from,
                to,
            }];
        }
        let quantity = quantity.min(item.quantity);
        let mut changes = Vec::new();
        // Take from the source stack.
        if quantity >= item.quantity {
            if let Some(&i) = self.index.get(id)
                && let Some(cell) = self.items.get_mut(i)
            {
                *cell = None;
            }
            Arc::make_mut(&mut self.index).remove(id);
            changes.push(Change::Removed { id: id.clone() });
        } else if let Some(source) = self.get_mut(id) {
            source.quantity -= quantity;
            changes.push(quantity_change(id, source.quantity));
        }
        // Add to the destination.
        if let Some(target) = self.mergeable_stack(&item, &to, quantity)
            && let Some(stack) = self.get_mut(&target)
        {
            stack.quantity += quantity;
            changes.push(quantity_change(&target, stack.quantity));
            return changes;
        }
        let mut nth = 0;
        let new_id = loop {
            let candidate = ItemId::stack(item.hash, &to, nth);
            if self.get(&candidate).is_none() {
                break candidate;
            }
            nth += 1;
        };
        let mut stack = item.clone();
        stack.id = new_id;
        stack.location = to;
        stack.bucket_hash = bucket_at(&item, &to);
        stack.quantity = quantity;
        stack.equipped = false;
        changes.push(Change::Added {
            item: Box::new(stack.clone()),
        });
        self.insert(stack);
        changes
    }

    /// The id the stack of `item` has at `to` after a move of `quantity` (instanced items keep
    /// theirs).
    pub fn id_after_move(&self, item: &Item, to: &Location, quantity: u32) -> ItemId {
        if is_instanced(item) {
            return item.id.clone();
        }
        if let Some(target) = self.mergeable_stack(item, to, quantity) {
            return target;
        }
        let mut nth = 0;
        loop {
            let candidate = ItemId::stack(item.hash, to, nth);
            if self.get(&candidate).is_none() || candidate == item.id {
                return candidate;
            }
            nth += 1;
        }
    }
}

/// Whether an item is an instance (its id is its instance id) rather than an uninstanced stack.
pub fn is_instanced(item: &Item) -> bool {
    item.id.instance_id().is_some()
}

fn bucket_at(item: &Item, location: &Location) -> u32 {
    match location {
        Location::Vault => VAULT_BUCKET_HASH,
        Location::Postmaster { .. } => crate::store::model::POSTMASTER_BUCKET_HASH,
        Location::Character { .. } | Location::Profile => item.info.home_bucket_hash,
    }
}

fn quantity_change(id: &ItemId, quantity: u32) -> Change {
    Change::Updated {
        id: id.clone(),
        fields: ItemFieldChanges {
            quantity: Some(quantity),
            ..ItemFieldChanges::default()
        },
    }
}
