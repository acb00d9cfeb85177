//! The game's own loadout actions (`/Destiny2/Actions/Loadouts/…`), each one Bungie call on one
//! of a character's ten in-game slots, and what each does to the working copy.

use crate::store::game_loadout::game_loadout_id;
use crate::store::model::{CharacterId, ItemId};

/// A loadout's name, colour and icon, as the manifest's hashes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Identifiers {
    /// `DestinyLoadoutNameDefinition` hash.
    pub name_hash: u32,
    /// `DestinyLoadoutColorDefinition` hash.
    pub color_hash: u32,
    /// `DestinyLoadoutIconDefinition` hash.
    pub icon_hash: u32,
}

/// One in-game loadout action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GameAction {
    /// EquipLoadout: every item of the slot that is on the character, in one call.
    Equip {
        /// The character.
        character_id: CharacterId,
        /// The slot.
        index: u32,
    },
    /// SnapshotLoadout: the character's equipped gear into the slot.
    Snapshot {
        /// The character.
        character_id: CharacterId,
        /// The slot.
        index: u32,
        /// Its name, colour and icon.
        identifiers: Identifiers,
    },
    /// UpdateLoadoutIdentifiers: a saved slot's name, colour and icon.
    Update {
        /// The character.
        character_id: CharacterId,
        /// The slot.
        index: u32,
        /// The new name, colour and icon.
        identifiers: Identifiers,
    },
    /// ClearLoadout: empties the slot.
    Clear {
        /// The character.
        character_id: CharacterId,
        /// The slot.
        index: u32,
    },
}

impl GameAction {
    /// The character and slot it acts on.
    pub fn slot(&self) -> (CharacterId, u32) {
        match *self {
            GameAction::Equip {
                character_id,
                index,
            }
            | GameAction::Snapshot {
                character_id,
                index,
                ..
            }
            | GameAction::Update {
                character_id,
                index,
                ..
            }
            | GameAction::Clear {
                character_id,
                index,
            } => (character_id, index),
        }
    }

    /// The id a step report names: the slot's loadout id (`game:<characterId>:<index>`).
    pub fn report_id(&self) -> ItemId {
        let (character_id, index) = self.slot();
        ItemId(game_loadout_id(character_id, index))
    }

    /// The protocol's action name.
    pub fn name(&self) -> &'static str {
        match self {
            GameAction::Equip { .. } => "equip_loadout",
            GameAction::Snapshot { .. } => "snapshot_loadout",
            GameAction::Update { .. } => "update_loadout",
            GameAction::Clear { .. } => "clear_loadout",
        }
    }
}
