//! What a player can ask the move machinery for: the requests behind `items.transfer`,
//! `items.equip`, `items.lock`, `postmaster.pull` and `loadouts.equip`.

use crate::store::model::{CharacterId, ItemId, Loadout};

/// Where a transfer goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Destination {
    /// The vault.
    Vault,
    /// A character (account-wide items stay in the account-wide buckets).
    Character(CharacterId),
}

/// One request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Request {
    /// Move an item (or part of a stack) to the vault or a character.
    Transfer {
        /// The item.
        id: ItemId,
        /// Where to.
        to: Destination,
        /// For stacks: how many; `None` for all.
        quantity: Option<u32>,
    },
    /// Equip an item on a character, moving it there first when needed.
    Equip {
        /// The item.
        id: ItemId,
        /// The character.
        character_id: CharacterId,
    },
    /// Pull one item from its character's postmaster.
    Pull {
        /// The item in a postmaster.
        id: ItemId,
    },
    /// Pull everything pullable from a character's postmaster.
    PullAll {
        /// The character.
        character_id: CharacterId,
    },
    /// Lock or unlock an item.
    Lock {
        /// The item.
        id: ItemId,
        /// The new state.
        locked: bool,
    },
    /// The postmaster guard: pull everything pullable from a character's postmaster, making
    /// room as needed but never moving aside a locked item or one in `spared`.
    GuardPostmaster {
        /// The character.
        character_id: CharacterId,
        /// Items never to move aside (the ones the player moved in the last minutes).
        spared: Vec<ItemId>,
    },
    /// Farming mode: leave at least one free slot in each of a character's `buckets`, moving
    /// the least valuable unlocked, unequipped item to the vault (never one in `spared`).
    KeepRoom {
        /// The character.
        character_id: CharacterId,
        /// The buckets (weapons and armour) to keep a slot free in.
        buckets: Vec<u32>,
        /// Items never to move aside.
        spared: Vec<ItemId>,
    },
    /// Equip an in-game loadout: bring its items that sit elsewhere to the character first
    /// (making room as needed), then one EquipLoadout.
    EquipGameLoadout {
        /// The character.
        character_id: CharacterId,
        /// The slot.
        index: u32,
    },
    /// Save the character's equipped gear into an in-game slot.
    SnapshotGameLoadout {
        /// The character.
        character_id: CharacterId,
        /// The slot.
        index: u32,
        /// Its name, colour and icon.
        identifiers: super::game_action::Identifiers,
    },
    /// Rename, recolour or change the icon of a saved in-game slot.
    UpdateGameLoadout {
        /// The character.
        character_id: CharacterId,
        /// The slot.
        index: u32,
        /// The new name, colour and icon.
        identifiers: super::game_action::Identifiers,
    },
    /// Empty an in-game slot.
    ClearGameLoadout {
        /// The character.
        character_id: CharacterId,
        /// The slot.
        index: u32,
    },
    /// Bring a loadout's items to a character and equip those marked to equip.
    EquipLoadout {
        /// The loadout.
        loadout: Loadout,
        /// The character.
        character_id: CharacterId,
    },
}

impl Request {
    /// The items the request names directly (what the executor reserves while it runs).
    pub fn named_items(&self) -> Vec<ItemId> {
        match self {
            Request::Transfer { id, .. }
            | Request::Equip { id, .. }
            | Request::Pull { id }
            | Request::Lock { id, .. } => vec![id.clone()],
            Request::PullAll { .. }
            | Request::GuardPostmaster { .. }
            | Request::KeepRoom { .. }
            | Request::EquipGameLoadout { .. }
            | Request::SnapshotGameLoadout { .. }
            | Request::UpdateGameLoadout { .. }
            | Request::ClearGameLoadout { .. } => Vec::new(),
            Request::EquipLoadout { loadout, .. } => {
                loadout.items.iter().map(|i| i.id.clone()).collect()
            }
        }
    }

    /// Whether the request covers several items (a result with per-item errors rather than one
    /// error).
    pub fn is_multi_item(&self) -> bool {
        matches!(
            self,
            Request::PullAll { .. }
                | Request::GuardPostmaster { .. }
                | Request::KeepRoom { .. }
                | Request::EquipLoadout { .. }
                | Request::EquipGameLoadout { .. }
        )
    }
}
