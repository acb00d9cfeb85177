//! Planning an equip: the class, level and unique-equip checks made before any call, moving the
//! item over, and settling a conflicting exotic with a non-exotic replacement.

use super::error::{MoveError, Reason};
use super::planner::Planner;
use super::request::Destination;
use super::step::{Action, Why};
use crate::store::model::{Character, CharacterId, Item, ItemId, Location};

/// Why `character` cannot equip `item`, if it cannot.
pub fn equip_refusal(item: &Item, character: &Character) -> Option<MoveError> {
    let name = &item.info.name;
    let class = character.class.slug();
    if crate::sync::convert::is_placeholder(&item.info) {
        return Some(MoveError::new(
            Reason::CannotEquip,
            format!(
                "{name} is new to Vault Raider: its definition comes with the next manifest, \
                 which is being fetched; it can be moved now and equipped once it is named."
            ),
        ));
    }
    if !item.info.equippable {
        return Some(MoveError::new(
            Reason::CannotEquip,
            format!("{name} is not something a guardian can equip."),
        ));
    }
    if let Some(required) = item.info.class
        && required != character.class
    {
        return Some(MoveError::new(
            Reason::CannotEquip,
            format!(
                "{name} is {} gear; your {class} can't equip it.",
                required.slug()
            ),
        ));
    }
    if item.equip_required_level > character.level {
        return Some(MoveError::new(
            Reason::CannotEquip,
            format!(
                "{name} needs level {}; your {class} is level {}.",
                item.equip_required_level, character.level
            ),
        ));
    }
    None
}

impl Planner {
    /// Plans equipping one item on a character.
    pub(crate) fn equip(
        &mut self,
        id: &ItemId,
        character_id: CharacterId,
    ) -> Result<(), MoveError> {
        let item = self.item(id)?;
        let character = self
            .world
            .character(character_id)
            .cloned()
            .ok_or_else(|| MoveError::character_not_found(character_id))?;
        if let Some(refusal) = equip_refusal(&item, &character) {
            return Err(refusal);
        }
        if item.equipped && item.location == (Location::Character { character_id }) {
            return Ok(());
        }
        self.involved.insert(id.clone());
        let id = self.move_to(id, Destination::Character(character_id), 1, 0)?;
        self.settle_unique_conflict(&item, character_id)?;
        let replaces = self
            .world
            .equipped_in(character_id, item.info.home_bucket_hash)
            .map(|i| i.id.clone());
        self.push(
            Action::Equip {
                id,
                character_id,
                replaces,
            },
            Why::Requested,
        );
        Ok(())
    }

    /// The equipped item on `character` that shares `item`'s unique-equip label from another
    /// bucket (the second exotic).
    pub(crate) fn unique_conflict(&self, item: &Item, character: CharacterId) -> Option<Item> {
        let label = item.info.unique_label.as_deref()?;
        self.world
            .items()
            .find(|i| {
                i.equipped
                    && i.location
                        == Location::Character {
                            character_id: character,
                        }
                    && i.info.home_bucket_hash != item.info.home_bucket_hash
                    && i.info.unique_label.as_deref() == Some(label)
            })
            .cloned()
    }

    /// De-equips the exotic that would conflict with equipping `item`, with a non-exotic
    /// replacement.
    fn settle_unique_conflict(
        &mut self,
        item: &Item,
        character: CharacterId,
    ) -> Result<(), MoveError> {
        let Some(conflict) = self.unique_conflict(item, character) else {
            return Ok(());
        };
        self.dequip(&conflict).map_err(|_| {
            MoveError::new(
                Reason::CannotEquip,
                format!(
                    "{} can't be equipped: {} is equipped and nothing can take its place.",
                    item.info.name, conflict.info.name
                ),
            )
        })
    }
}
