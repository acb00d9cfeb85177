//! A planned step: one Bungie call the executor will make, in the order the planner chose.

use crate::store::model::{CharacterId, ItemId, Location};

/// What one step does; each is exactly one Bungie call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// TransferItem between a character (or the account-wide buckets) and the vault.
    Transfer {
        /// The item (for a stack: the stack it is taken from).
        id: ItemId,
        /// Where it is.
        from: Location,
        /// Where it goes.
        to: Location,
        /// How many (1 for instanced gear).
        quantity: u32,
    },
    /// PullFromPostmaster into the owning character's inventory.
    Pull {
        /// The item in the postmaster.
        id: ItemId,
        /// The postmaster's character.
        character_id: CharacterId,
        /// How many.
        quantity: u32,
    },
    /// EquipItem of one item already on the character.
    Equip {
        /// The item to equip.
        id: ItemId,
        /// The character.
        character_id: CharacterId,
        /// The item equipped in that slot before, if any.
        replaces: Option<ItemId>,
    },
    /// One EquipItems for several items on one character (exotics last).
    EquipItems {
        /// The character.
        character_id: CharacterId,
        /// The items, in the order sent to Bungie.
        ids: Vec<ItemId>,
    },
    /// SetItemLockState.
    Lock {
        /// The item.
        id: ItemId,
        /// The new state.
        locked: bool,
    },
    /// One of the game's loadout actions on an in-game slot.
    Game(super::game_action::GameAction),
}

impl Action {
    /// The protocol's action name (`transfer`, `pull`, `equip`, `lock`).
    pub fn name(&self) -> &'static str {
        match self {
            Action::Transfer { .. } => "transfer",
            Action::Pull { .. } => "pull",
            Action::Equip { .. } | Action::EquipItems { .. } => "equip",
            Action::Lock { .. } => "lock",
            Action::Game(game) => game.name(),
        }
    }
}

/// Why the planner added a step, so a dry run can show "moved aside to make room".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Why {
    /// The player asked for it.
    Requested,
    /// Equipping a replacement so an equipped item can leave, or to settle an exotic conflict.
    Replacement,
    /// Moving an item aside to make room in a full bucket.
    MakeRoom,
}

/// One planned step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    /// The call.
    pub action: Action,
    /// Why it is there.
    pub why: Why,
    /// Which item of a multi-item request it serves (0 for single-item requests); when a step
    /// fails, the executor skips the rest of that group.
    pub group: u32,
}

/// An item of a multi-item request that the planner refused (the rest still run).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// The refused item.
    pub id: ItemId,
    /// Why.
    pub error: super::MoveError,
}

/// The planner's answer: the steps in order, and for multi-item requests the items refused.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Plan {
    /// The calls to make, in order.
    pub steps: Vec<Step>,
    /// Items of a multi-item request that cannot be done (no call is planned for them).
    pub refused: Vec<Refusal>,
}

impl Plan {
    /// How many Bungie calls the plan makes.
    pub fn bungie_calls(&self) -> u64 {
        self.steps.len() as u64
    }

    /// The actions alone, for tests and dry-run displays.
    pub fn actions(&self) -> Vec<&Action> {
        self.steps.iter().map(|s| &s.action).collect()
    }
}
