//! What each [`Change`] does to items and characters: the one definition the store's writes,
//! the diff's tests and anyone replaying the change log share.

use super::error::StoreError;
use super::model::{
    Change, Character, CharacterId, Inventory, Item, ItemFieldChanges, ItemId, ItemInfo, Location,
    POSTMASTER_BUCKET_HASH, VAULT_BUCKET_HASH,
};
use std::collections::BTreeMap;

/// The bucket an item sits in at `location`: the vault's, the postmaster's, or its home bucket
/// on a character and in the profile.
pub fn bucket_for(location: &Location, info: &ItemInfo) -> u32 {
    match location {
        Location::Vault => VAULT_BUCKET_HASH,
        Location::Postmaster { .. } => POSTMASTER_BUCKET_HASH,
        Location::Character { .. } | Location::Profile => info.home_bucket_hash,
    }
}

/// Items and characters keyed by id: the shape changes are applied to.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct InventoryMap {
    /// Items by id.
    pub items: BTreeMap<ItemId, Item>,
    /// Characters by id.
    pub characters: BTreeMap<CharacterId, Character>,
}

impl InventoryMap {
    /// The items and characters of `inventory` (a later duplicate id wins).
    pub fn from_inventory(inventory: &Inventory) -> Self {
        InventoryMap {
            items: inventory
                .items
                .iter()
                .map(|i| (i.id.clone(), i.clone()))
                .collect(),
            characters: inventory
                .characters
                .iter()
                .map(|c| (c.id, c.clone()))
                .collect(),
        }
    }

    /// Applies `change`. A change naming an item that is not there ([`StoreError::UnknownItem`])
    /// or adding one that is ([`StoreError::DuplicateItem`]) fails and leaves `self` unchanged.
    ///
    /// `Moved` puts the item at `to` (its `from` is not checked), in the bucket [`bucket_for`]
    /// gives, unequipped. `Equipped` unequips the replaced item, then equips the item.
    pub fn apply(&mut self, change: &Change) -> Result<(), StoreError> {
        match change {
            Change::Moved { id, to, .. } => {
                let item = self.item_mut(id)?;
                item.location = *to;
                item.bucket_hash = bucket_for(to, &item.info);
                item.equipped = false;
            }
            Change::Equipped { id, unequipped, .. } => {
                self.item_mut(id)?;
                if let Some(other) = unequipped {
                    self.item_mut(other)?.equipped = false;
                }
                self.item_mut(id)?.equipped = true;
            }
            Change::Added { item } => {
                if self.items.contains_key(&item.id) {
                    return Err(StoreError::DuplicateItem(item.id.clone()));
                }
                self.items.insert(item.id.clone(), (**item).clone());
            }
            Change::Removed { id } => {
                if self.items.remove(id).is_none() {
                    return Err(StoreError::UnknownItem(id.clone()));
                }
            }
            Change::Updated { id, fields } => apply_fields(self.item_mut(id)?, fields),
            Change::Character { character } => {
                self.characters.insert(character.id, (**character).clone());
            }
            Change::Redefined { id, info } => self.item_mut(id)?.info = (**info).clone(),
            // The marks live beside the items; the item must be there.
            Change::Annotated { id, .. } => {
                self.item_mut(id)?;
            }
            // In-game loadouts and progress live in their own tables.
            Change::GameLoadout { .. } | Change::Progress { .. } => {}
        }
        Ok(())
    }

    fn item_mut(&mut self, id: &ItemId) -> Result<&mut Item, StoreError> {
        self.items
            .get_mut(id)
            .ok_or_else(|| StoreError::UnknownItem(id.clone()))
    }
}

/// Sets the fields an `updated` change carries.
pub fn apply_fields(item: &mut Item, fields: &ItemFieldChanges) {
    if let Some(locked) = fields.locked {
        item.locked = locked;
    }
    if let Some(quantity) = fields.quantity {
        item.quantity = quantity;
    }
    if let Some(power) = fields.power {
        item.power = Some(power);
    }
    if let Some(equipped) = fields.equipped {
        item.equipped = equipped;
    }
}

/// Characters in the order an [`Inventory`] lists them: most recently played first, then by id.
pub fn sort_characters(characters: &mut [Character]) {
    characters.sort_by(|a, b| {
        b.last_played
            .cmp(&a.last_played)
            .then_with(|| a.id.cmp(&b.id))
    });
}

/// Applies `changes` in order to `inventory` (items end up sorted by id, characters most
/// recently played first). On an error `inventory` is left unchanged.
pub fn apply_to_inventory(inventory: &mut Inventory, changes: &[Change]) -> Result<(), StoreError> {
    let mut map = InventoryMap::from_inventory(inventory);
    for change in changes {
        map.apply(change)?;
    }
    inventory.items = map.items.into_values().collect();
    inventory.characters = map.characters.into_values().collect();
    sort_characters(&mut inventory.characters);
    Ok(())
}
