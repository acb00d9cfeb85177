//! Planning the game's loadout actions. Equipping an in-game loadout brings each of its items
//! that sits elsewhere (the vault, another character) to the character first, with room made
//! as for any move, then equips them all with one EquipLoadout; items already there cost
//! nothing more than that one call.

use super::error::{MoveError, Reason};
use super::game_action::{GameAction, Identifiers};
use super::planner::Planner;
use super::step::{Action, Why};
use crate::store::game_loadout::GAME_LOADOUT_SLOTS;
use crate::store::model::{CharacterId, Loadout, LoadoutItem};

impl Planner {
    fn game_slot(&self, character_id: CharacterId, index: u32) -> Result<(), MoveError> {
        self.character_exists(character_id)?;
        if index >= GAME_LOADOUT_SLOTS {
            return Err(MoveError::new(
                Reason::InvalidRequest,
                format!("A character has in-game loadout slots 1 to {GAME_LOADOUT_SLOTS}."),
            ));
        }
        Ok(())
    }

    fn saved_slot(
        &self,
        character_id: CharacterId,
        index: u32,
    ) -> Result<crate::store::model::GameLoadout, MoveError> {
        self.game_slot(character_id, index)?;
        self.world
            .game_loadout(character_id, index)
            .cloned()
            .ok_or_else(|| {
                MoveError::new(
                    Reason::InvalidRequest,
                    format!("In-game loadout slot {} is empty.", index + 1),
                )
            })
    }

    /// Brings the slot's items to the character (each refused alone when it cannot come), then
    /// one EquipLoadout.
    pub(crate) fn equip_game_loadout(
        &mut self,
        character_id: CharacterId,
        index: u32,
    ) -> Result<(), MoveError> {
        let saved = self.saved_slot(character_id, index)?;
        let bring = Loadout {
            id: saved.id(),
            name: saved.name.clone(),
            character_id,
            class: saved.class,
            items: saved
                .items
                .iter()
                .map(|i| LoadoutItem {
                    equip: false,
                    ..i.clone()
                })
                .collect(),
            created_at: Loadout::NEVER_SAVED,
            updated_at: Loadout::NEVER_SAVED,
        };
        self.loadout(&bring, character_id)?;
        self.group = u32::try_from(saved.items.len()).unwrap_or(u32::MAX);
        self.push(
            Action::Game(GameAction::Equip {
                character_id,
                index,
            }),
            Why::Requested,
        );
        Ok(())
    }

    /// One SnapshotLoadout.
    pub(crate) fn snapshot_game_loadout(
        &mut self,
        character_id: CharacterId,
        index: u32,
        identifiers: Identifiers,
    ) -> Result<(), MoveError> {
        self.game_slot(character_id, index)?;
        self.push(
            Action::Game(GameAction::Snapshot {
                character_id,
                index,
                identifiers,
            }),
            Why::Requested,
        );
        Ok(())
    }

    /// One UpdateLoadoutIdentifiers on a saved slot (nothing when they are already these).
    pub(crate) fn update_game_loadout(
        &mut self,
        character_id: CharacterId,
        index: u32,
        identifiers: Identifiers,
    ) -> Result<(), MoveError> {
        let saved = self.saved_slot(character_id, index)?;
        let same = saved.name_hash == identifiers.name_hash
            && saved.color_hash == identifiers.color_hash
            && saved.icon_hash == identifiers.icon_hash;
        if !same {
            self.push(
                Action::Game(GameAction::Update {
                    character_id,
                    index,
                    identifiers,
                }),
                Why::Requested,
            );
        }
        Ok(())
    }

    /// One ClearLoadout (nothing for an empty slot).
    pub(crate) fn clear_game_loadout(
        &mut self,
        character_id: CharacterId,
        index: u32,
    ) -> Result<(), MoveError> {
        self.game_slot(character_id, index)?;
        if self.world.game_loadout(character_id, index).is_some() {
            self.push(
                Action::Game(GameAction::Clear {
                    character_id,
                    index,
                }),
                Why::Requested,
            );
        }
        Ok(())
    }
}
