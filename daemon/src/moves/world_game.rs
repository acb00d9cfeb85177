//! What the game's loadout actions do to the working copy: EquipLoadout equips the slot's items
//! that are on the character; SnapshotLoadout saves the equipped gear into the slot;
//! UpdateLoadoutIdentifiers renames it; ClearLoadout empties it.

use super::game_action::{GameAction, Identifiers};
use super::max_power::{ARMOR_BUCKETS, WEAPON_BUCKETS};
use super::world::World;
use crate::store::model::{Change, CharacterId, GameLoadout, LoadoutItem, Location};

/// The subclass bucket, first of a snapshot's slots.
const SUBCLASS_BUCKET: u32 = 3_284_755_031;

/// The buckets a snapshot saves, in Bungie's slot order: the subclass, the three weapons, the
/// five armour pieces.
fn snapshot_buckets() -> impl Iterator<Item = u32> {
    std::iter::once(SUBCLASS_BUCKET)
        .chain(WEAPON_BUCKETS)
        .chain(ARMOR_BUCKETS)
}

impl World {
    /// The saved in-game loadout in `character_id`'s slot `index`.
    pub fn game_loadout(&self, character_id: CharacterId, index: u32) -> Option<&GameLoadout> {
        self.game_loadouts
            .iter()
            .find(|l| l.character_id == character_id && l.index == index)
    }

    /// Applies a successful game loadout action; the store changes it makes.
    pub(crate) fn apply_game(&mut self, action: &GameAction) -> Vec<Change> {
        let (character_id, index) = action.slot();
        match *action {
            GameAction::Equip { .. } => {
                let here = Location::Character { character_id };
                let ids: Vec<_> = self
                    .game_loadout(character_id, index)
                    .map(|l| l.items.iter().map(|i| i.id.clone()).collect())
                    .unwrap_or_default();
                ids.iter()
                    .filter(|id| {
                        self.get(id)
                            .is_some_and(|i| i.location == here && !i.equipped)
                    })
                    .cloned()
                    .collect::<Vec<_>>()
                    .iter()
                    .filter_map(|id| self.equip(id, character_id))
                    .collect()
            }
            GameAction::Snapshot { identifiers, .. } => {
                let loadout = self.snapshot(character_id, index, identifiers);
                self.set_game_loadout(character_id, index, loadout)
            }
            GameAction::Update { identifiers, .. } => {
                let Some(mut loadout) = self.game_loadout(character_id, index).cloned() else {
                    return Vec::new();
                };
                relabel(&mut loadout, identifiers);
                self.set_game_loadout(character_id, index, Some(loadout))
            }
            GameAction::Clear { .. } => self.set_game_loadout(character_id, index, None),
        }
    }

    /// The character's equipped gear as slot `index` (none without a character).
    fn snapshot(
        &self,
        character_id: CharacterId,
        index: u32,
        identifiers: Identifiers,
    ) -> Option<GameLoadout> {
        let class = self.character(character_id)?.class;
        let here = Location::Character { character_id };
        let items = snapshot_buckets()
            .filter_map(|bucket| {
                self.items()
                    .find(|i| i.equipped && i.location == here && i.info.home_bucket_hash == bucket)
            })
            .map(LoadoutItem::equipping)
            .collect();
        let mut loadout = GameLoadout {
            character_id,
            index,
            name_hash: 0,
            color_hash: 0,
            icon_hash: 0,
            name: String::new(),
            color: String::new(),
            icon: String::new(),
            class,
            items,
        };
        relabel(&mut loadout, identifiers);
        // Keep the labels of an unchanged name, colour or icon; the store names new ones.
        if let Some(old) = self.game_loadout(character_id, index) {
            if old.name_hash == loadout.name_hash {
                loadout.name.clone_from(&old.name);
            }
            if old.color_hash == loadout.color_hash {
                loadout.color.clone_from(&old.color);
            }
            if old.icon_hash == loadout.icon_hash {
                loadout.icon.clone_from(&old.icon);
            }
        }
        Some(loadout)
    }

    /// Puts `loadout` in the slot (none: empties it); the change, when something changed.
    fn set_game_loadout(
        &mut self,
        character_id: CharacterId,
        index: u32,
        loadout: Option<GameLoadout>,
    ) -> Vec<Change> {
        let position = self
            .game_loadouts
            .iter()
            .position(|l| l.character_id == character_id && l.index == index);
        let before = position.map(|p| self.game_loadouts[p].clone());
        if before == loadout {
            return Vec::new();
        }
        match (position, &loadout) {
            (Some(p), Some(l)) => self.game_loadouts[p] = l.clone(),
            (Some(p), None) => {
                self.game_loadouts.remove(p);
            }
            (None, Some(l)) => self.game_loadouts.push(l.clone()),
            (None, None) => {}
        }
        vec![Change::GameLoadout {
            character_id,
            index,
            loadout: loadout.map(Box::new),
        }]
    }
}

/// Sets the hashes; a changed name, colour or icon loses its label until the store names it.
fn relabel(loadout: &mut GameLoadout, identifiers: Identifiers) {
    if loadout.name_hash != identifiers.name_hash {
        loadout.name = GameLoadout::fallback_name(loadout.index);
    }
    if loadout.color_hash != identifiers.color_hash {
        loadout.color.clear();
    }
    if loadout.icon_hash != identifiers.icon_hash {
        loadout.icon.clear();
    }
    loadout.name_hash = identifiers.name_hash;
    loadout.color_hash = identifiers.color_hash;
    loadout.icon_hash = identifiers.icon_hash;
}
