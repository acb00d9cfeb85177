//! What the executor needs from the rest of the daemon, as traits so `moves` does not depend on
//! the Bungie client or the store: [`ActionApi`] (Bungie's action endpoints), [`Recorder`] (the
//! store and the event bus) and [`LoadoutStore`] (saved loadouts).

use crate::store::model::{Change, CharacterId, Inventory, Item, ItemId, Loadout};
use std::future::Future;

/// A Bungie action that failed, as the executor decides on it. The Bungie adapter
/// (`runtime/action_error.rs`) chooses the variant once from Bungie's answer, so `moves` never
/// reads Bungie's numbers; `code` is only carried to be reported (`bungieErrorCode`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ActionError {
    /// Bungie asks us to slow down.
    #[error("Bungie.net asks us to slow down (error {code})")]
    Throttled {
        /// How long Bungie asks us to wait (`ThrottleSeconds`).
        retry_after_ms: Option<u64>,
        /// Bungie's ErrorCode.
        code: i32,
    },
    /// Bungie.net is down for maintenance.
    #[error("Bungie.net is down for maintenance (error {code})")]
    Maintenance {
        /// Bungie's ErrorCode.
        code: i32,
    },
    /// No usable answer: the request did not complete, or the answer was no envelope.
    #[error("could not reach Bungie.net: {message}")]
    Transport {
        /// What happened (never carries a token).
        message: String,
    },
    /// The Bungie.net sign-in has expired.
    #[error("the Bungie.net sign-in has expired (error {code})")]
    SignedOut {
        /// Bungie's ErrorCode.
        code: i32,
    },
    /// The game refused by one of its rules.
    #[error("the game refused: {kind:?} (error {code})")]
    Rule {
        /// Which rule.
        kind: RuleKind,
        /// Bungie's ErrorCode.
        code: i32,
    },
    /// Any other refusal.
    #[error("Bungie.net refused (error {code})")]
    Refused {
        /// Bungie's ErrorCode.
        code: i32,
    },
    /// The request could not be put in Bungie's terms (an id out of range); nothing was sent.
    #[error("the request could not be sent: {message}")]
    Unsendable {
        /// What could not be expressed.
        message: String,
    },
}

/// EquipItems' answer: each item's own outcome, by instance id.
pub type EquipOutcomes = Vec<(u64, Result<(), ActionError>)>;

/// The game rules whose refusals the executor tells apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleKind {
    /// The item is no longer where the store said.
    ItemNotFound,
    /// The destination is full.
    NoRoom,
    /// The item is equipped and cannot be moved.
    Equipped,
    /// The destination already holds this unique item.
    UniqueInDestination,
    /// Our item definitions are older than the game's.
    ContentVersionMismatch,
    /// Equipment is locked in the current activity.
    EquipmentLocked,
    /// Another exotic of its kind is equipped.
    ExoticClash,
    /// This character cannot equip the item (class, level).
    CharacterCannotEquip,
    /// The game will not let the item move.
    NotTransferable,
    /// The character is in an activity: equipping waits for orbit or a social space.
    InActivity,
}

impl ActionError {
    /// Whether Bungie's answer contradicts what the store said (re-sync and re-plan once). A
    /// unique item already at the destination means our picture of that destination was stale too.
    pub fn is_stale(&self) -> bool {
        matches!(
            self,
            ActionError::Rule {
                kind: RuleKind::ItemNotFound
                    | RuleKind::NoRoom
                    | RuleKind::Equipped
                    | RuleKind::UniqueInDestination,
                ..
            }
        )
    }

    /// Bungie's ErrorCode, to report (0 when Bungie gave none).
    pub fn code(&self) -> i32 {
        match self {
            ActionError::Throttled { code, .. }
            | ActionError::Maintenance { code }
            | ActionError::SignedOut { code }
            | ActionError::Rule { code, .. }
            | ActionError::Refused { code } => *code,
            ActionError::Transport { .. } | ActionError::Unsendable { .. } => 0,
        }
    }

    /// How long Bungie asks us to wait, when it throttled us.
    pub fn retry_after_ms(&self) -> Option<u64> {
        match self {
            ActionError::Throttled { retry_after_ms, .. } => *retry_after_ms,
            _ => None,
        }
    }
}

/// Why the store side of the executor (its [`Recorder`] or [`LoadoutStore`]) failed.
#[derive(Debug, thiserror::Error)]
pub enum PortError {
    /// The store could not read or commit.
    #[error(transparent)]
    Store(#[from] crate::store::StoreError),
    /// Re-reading the profile from Bungie.net failed.
    #[error("re-reading the profile from Bungie.net failed: {0}")]
    Resync(#[source] Box<dyn std::error::Error + Send + Sync>),
}

/// Bungie's item action endpoints. One method per call; the implementation adds the membership
/// type and pacing.
pub trait ActionApi {
    /// TransferItem: `to_vault` true moves from `character` (its holder) to the vault, false
    /// moves from the vault to `character`.
    fn transfer(
        &self,
        item: &Item,
        to_vault: bool,
        character: CharacterId,
        quantity: u32,
    ) -> impl Future<Output = Result<(), ActionError>> + Send;

    /// PullFromPostmaster from `character`'s postmaster.
    fn pull_from_postmaster(
        &self,
        item: &Item,
        character: CharacterId,
        quantity: u32,
    ) -> impl Future<Output = Result<(), ActionError>> + Send;

    /// EquipItem of an item already on `character`.
    fn equip(
        &self,
        item: &Item,
        character: CharacterId,
    ) -> impl Future<Output = Result<(), ActionError>> + Send;

    /// EquipItems: each item's own outcome by instance id; the call succeeds even when items fail.
    fn equip_items(
        &self,
        character: CharacterId,
        items: &[u64],
    ) -> impl Future<Output = Result<EquipOutcomes, ActionError>> + Send;

    /// SetItemLockState; `character` is the holder (the current character for vault items).
    fn set_lock(
        &self,
        item: &Item,
        character: CharacterId,
        locked: bool,
    ) -> impl Future<Output = Result<(), ActionError>> + Send;

    /// One of the game's loadout actions (EquipLoadout, SnapshotLoadout,
    /// UpdateLoadoutIdentifiers, ClearLoadout).
    fn game_loadout(
        &self,
        action: &super::game_action::GameAction,
    ) -> impl Future<Output = Result<(), ActionError>> + Send;

    /// How many Bungie calls this client has made so far (for `bungieCalls`).
    fn calls_made(&self) -> u64;
}

/// One finished step of a running operation (the protocol's `operation.progress`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Progress {
    /// The operation.
    pub operation_id: String,
    /// 1-based step number.
    pub step: u32,
    /// How many steps in all (as planned; a re-plan can change it).
    pub of: u32,
    /// `transfer`, `pull`, `equip`, `lock`.
    pub action: String,
    /// The item.
    pub id: ItemId,
    /// Whether it succeeded.
    pub ok: bool,
}

/// The store and the event bus, as the executor sees them.
pub trait Recorder {
    /// The inventory as the store has it now (no Bungie call).
    fn inventory(&self) -> Result<Inventory, PortError>;

    /// Commits the changes of one successful step as one revision; returns that revision.
    fn record(&self, changes: Vec<Change>) -> Result<u64, PortError>;

    /// Re-reads the profile from Bungie into the store and returns the fresh inventory.
    fn resync(&self) -> impl Future<Output = Result<Inventory, PortError>> + Send;

    /// Publishes one step's progress.
    fn progress(&self, progress: Progress);
}

/// Saved loadouts.
pub trait LoadoutStore {
    /// Saves (inserts or replaces by id) a loadout.
    fn save(&self, loadout: Loadout) -> Result<(), PortError>;
    /// The loadout with this id.
    fn get(&self, id: &str) -> Result<Option<Loadout>, PortError>;
    /// Every loadout.
    fn list(&self) -> Result<Vec<Loadout>, PortError>;
    /// Deletes a loadout; false when there was none.
    fn delete(&self, id: &str) -> Result<bool, PortError>;
}

/// A shared client is a client (the daemon hands the same one to sync and moves).
impl<T: ActionApi + Send + Sync> ActionApi for std::sync::Arc<T> {
    fn transfer(
        &self,
        item: &Item,
        to_vault: bool,
        character: CharacterId,
        quantity: u32,
    ) -> impl Future<Output = Result<(), ActionError>> + Send {
        (**self).transfer(item, to_vault, character, quantity)
    }

    fn pull_from_postmaster(
        &self,
        item: &Item,
        character: CharacterId,
        quantity: u32,
    ) -> impl Future<Output = Result<(), ActionError>> + Send {
        (**self).pull_from_postmaster(item, character, quantity)
    }

    fn equip(
        &self,
        item: &Item,
        character: CharacterId,
    ) -> impl Future<Output = Result<(), ActionError>> + Send {
        (**self).equip(item, character)
    }

    fn equip_items(
        &self,
        character: CharacterId,
        items: &[u64],
    ) -> impl Future<Output = Result<EquipOutcomes, ActionError>> + Send {
        (**self).equip_items(character, items)
    }

    fn set_lock(
        &self,
        item: &Item,
        character: CharacterId,
        locked: bool,
    ) -> impl Future<Output = Result<(), ActionError>> + Send {
        (**self).set_lock(item, character, locked)
    }

    fn game_loadout(
        &self,
        action: &super::game_action::GameAction,
    ) -> impl Future<Output = Result<(), ActionError>> + Send {
        (**self).game_loadout(action)
    }

    fn calls_made(&self) -> u64 {
        (**self).calls_made()
    }
}

/// A shared store is a recorder.
impl<T: Recorder + Send + Sync> Recorder for std::sync::Arc<T> {
    fn inventory(&self) -> Result<Inventory, PortError> {
        (**self).inventory()
    }

    fn record(&self, changes: Vec<Change>) -> Result<u64, PortError> {
        (**self).record(changes)
    }

    fn resync(&self) -> impl Future<Output = Result<Inventory, PortError>> + Send {
        (**self).resync()
    }

    fn progress(&self, progress: Progress) {
        (**self).progress(progress)
    }
}

/// A shared loadout store is a loadout store.
impl<T: LoadoutStore + Send + Sync> LoadoutStore for std::sync::Arc<T> {
    fn save(&self, loadout: Loadout) -> Result<(), PortError> {
        (**self).save(loadout)
    }

    fn get(&self, id: &str) -> Result<Option<Loadout>, PortError> {
        (**self).get(id)
    }

    fn list(&self) -> Result<Vec<Loadout>, PortError> {
        (**self).list()
    }

    fn delete(&self, id: &str) -> Result<bool, PortError> {
        (**self).delete(id)
    }
}
