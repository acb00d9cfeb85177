//! Choosing items the player did not name: the replacement equipped when an equipped item must
//! leave, and the item moved aside when a bucket is full.

use super::error::{MoveError, Reason};
use super::planner::Planner;
use super::request::Destination;
use super::step::{Action, Why};
use super::world::{Slot, is_account_bucket};
use crate::store::model::{Character, CharacterId, Item, ItemId, Location, Tag, Tier};
use std::cmp::Reverse;
use std::collections::HashSet;

/// Whether `character` may equip `item` at all (class, level, equippable).
pub fn usable_by(item: &Item, character: &Character) -> bool {
    item.info.equippable
        && item.info.class.is_none_or(|c| c == character.class)
        && item.equip_required_level <= character.level
}

/// How much the player's tag asks to keep an item where it is (lowest moves first): `junk`
/// first, then `archive`, `infuse`, untagged; `favorite` and `keep` are never moved aside.
fn tag_rank(tag: Option<Tag>) -> u8 {
    match tag {
        Some(Tag::Junk) => 0,
        Some(Tag::Archive) => 1,
        Some(Tag::Infuse) => 2,
        None => 3,
        Some(Tag::Keep) => 4,
        Some(Tag::Favorite) => 5,
    }
}

impl Planner {
    /// An item's value for deciding what goes to the vault first (lowest first): the player's
    /// tag, then rarity, then power.
    pub(crate) fn value(&self, item: &Item) -> (u8, Tier, u32) {
        (
            tag_rank(self.world.tag(&item.id)),
            item.info.tier,
            item.power.unwrap_or(0),
        )
    }

    /// The item that would replace `item` (equipped on `character`) in its slot: same character
    /// first, then the vault, then other characters; non-exotic first, then the same item type,
    /// then higher power; never an item involved in the operation, never one that would break
    /// the unique-equip rule.
    pub(crate) fn find_replacement(
        &self,
        item: &Item,
        character: CharacterId,
    ) -> Result<Item, MoveError> {
        let owner = self
            .world
            .character(character)
            .ok_or_else(|| MoveError::character_not_found(character))?;
        let bucket = item.info.home_bucket_hash;
        // Unique labels equipped in the character's other buckets.
        let taken: HashSet<&str> = self
            .world
            .items()
            .filter(|i| {
                i.equipped
                    && i.location
                        == Location::Character {
                            character_id: character,
                        }
                    && i.info.home_bucket_hash != bucket
            })
            .filter_map(|i| i.info.unique_label.as_deref())
            .collect();
        let place_rank = |i: &Item| match i.location {
            Location::Character { character_id } if character_id == character => Some(0u8),
            Location::Vault => Some(1),
            Location::Character { .. } => Some(2),
            _ => None,
        };
        self.world
            .items()
            .filter(|i| {
                i.id != item.id
                    && i.info.home_bucket_hash == bucket
                    && !i.equipped
                    && !self.involved.contains(&i.id)
                    && usable_by(i, owner)
                    && (place_rank(i) == Some(0) || i.transferable())
                    && match i.info.unique_label.as_deref() {
                        Some(label) => {
                            !taken.contains(label)
                                && item.info.unique_label.as_deref() != Some(label)
                        }
                        None => true,
                    }
            })
            .filter_map(|i| place_rank(i).map(|r| (r, i)))
            .min_by_key(|(rank, i)| {
                (
                    *rank,
                    i.info.tier == Tier::Exotic,
                    i.info.type_name != item.info.type_name,
                    Reverse(i.power.unwrap_or(0)),
                    i.id.clone(),
                )
            })
            .map(|(_, i)| i.clone())
            .ok_or_else(|| {
                MoveError::new(
                    Reason::CannotEquip,
                    format!(
                        "{} is equipped and nothing else that slot could hold can replace it.",
                        item.info.name
                    ),
                )
            })
    }

    /// Plans equipping a replacement for the equipped `item` so it can leave its character.
    pub(crate) fn dequip(&mut self, item: &Item) -> Result<(), MoveError> {
        let Some(character) = item.location.character_id() else {
            return Ok(());
        };
        let replacement = self.find_replacement(item, character)?;
        self.involved.insert(replacement.id.clone());
        let id = self.move_to(&replacement.id, Destination::Character(character), 1, 1)?;
        self.push(
            Action::Equip {
                id,
                character_id: character,
                replaces: Some(item.id.clone()),
            },
            Why::Replacement,
        );
        Ok(())
    }

    /// The next item to move aside from a full `slot` and where it goes, skipping `excluded`.
    pub(crate) fn move_aside_choice(
        &self,
        slot: Slot,
        excluded: &HashSet<ItemId>,
    ) -> Option<(ItemId, Destination)> {
        match slot {
            Slot::Character(character, bucket) => {
                let item = self
                    .world
                    .items()
                    .filter(|i| {
                        i.location
                            == Location::Character {
                                character_id: character,
                            }
                            && i.info.home_bucket_hash == bucket
                            && self.may_move_aside(i)
                            && !excluded.contains(&i.id)
                    })
                    .min_by_key(|i| (self.value(i), i.id.clone()))?;
                Some((item.id.clone(), self.aside_destination(item, character)))
            }
            Slot::Profile(bucket) => self
                .world
                .items()
                .filter(|i| {
                    i.location == Location::Profile
                        && i.info.home_bucket_hash == bucket
                        && self.may_move_aside(i)
                        && !excluded.contains(&i.id)
                })
                .min_by_key(|i| (self.value(i), i.id.clone()))
                .map(|i| (i.id.clone(), Destination::Vault)),
            Slot::Vault => self.vault_move_aside(excluded),
        }
    }

    /// Off a character the lowest-value item goes to the vault; when the vault has one slot
    /// left it goes to another character with room (least recently played first), so the vault
    /// does not jam.
    fn aside_destination(&self, item: &Item, from: CharacterId) -> Destination {
        if self.world.free(Slot::Vault) == 1
            && let Some(other) = self.character_with_room(item, Some(from))
        {
            return Destination::Character(other);
        }
        Destination::Vault
    }

    /// The least recently played character (other than `except`) with room for `item`.
    fn character_with_room(&self, item: &Item, except: Option<CharacterId>) -> Option<CharacterId> {
        self.world
            .characters()
            .iter()
            .rev()
            .filter(|c| Some(c.id) != except)
            .find(|c| {
                let slot = Slot::Character(c.id, item.info.home_bucket_hash);
                self.world.free(slot) > 0
            })
            .map(|c| c.id)
    }

    /// Out of a full vault: the item that best goes to a character with room (least recently
    /// played first), preferring items that character can use, then higher value.
    fn vault_move_aside(&self, excluded: &HashSet<ItemId>) -> Option<(ItemId, Destination)> {
        for character in self.world.characters().iter().rev() {
            let mut free: std::collections::HashMap<u32, u32> = std::collections::HashMap::new();
            let best =
                self.world
                    .items()
                    .filter(|i| {
                        i.location == Location::Vault
                            && !is_account_bucket(i.info.home_bucket_hash)
                            && self.may_move_aside(i)
                            && !excluded.contains(&i.id)
                    })
                    .filter(|i| {
                        let bucket = i.info.home_bucket_hash;
                        *free.entry(bucket).or_insert_with(|| {
                            self.world.free(Slot::Character(character.id, bucket))
                        }) > 0
                    })
                    .min_by_key(|i| {
                        (
                            !usable_by(i, character),
                            Reverse(self.value(i)),
                            i.id.clone(),
                        )
                    });
            if let Some(item) = best {
                return Some((item.id.clone(), Destination::Character(character.id)));
            }
        }
        None
    }
}
