//! What the executor needs from the rest of the daemon, as traits so `moves` does not depend on
//! the Bungie client or the store: [`ActionApi`] (Bungie's action endpoints), [`Recorder`] (the
//! store and the event bus) and [`LoadoutStore`] (saved loadouts).

use crate::store::model::{Change, CharacterId, Inventory, Item, ItemId, Loadout};
use std::future::Future;

/// A Bungie action that failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("Bungie error {code}: {message}")]
pub struct ActionError {
    /// Bungie's PlatformErrorCode; 0 for a transport failure (no answer).
    pub code: i32,
    /// Bungie's message (never carries a token).
    pub message: String,
    /// How long Bungie asks us to wait (`ThrottleSeconds`), for throttling errors.
    pub throttle_ms: Option<u64>,
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

    /// EquipItems: per-item `(instance id, equipStatus)`; the call succeeds even when items fail.
    fn equip_items(
        &self,
        character: CharacterId,
        items: &[u64],
    ) -> impl Future<Output = Result<Vec<(u64, i32)>, ActionError>> + Send;

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
    fn inventory(&self) -> Result<Inventory, String>;

    /// Commits the changes of one successful step as one revision; returns that revision.
    fn record(&self, changes: Vec<Change>) -> Result<u64, String>;

    /// Re-reads the profile from Bungie into the store and returns the fresh inventory.
    fn resync(&self) -> impl Future<Output = Result<Inventory, String>> + Send;

    /// Publishes one step's progress.
    fn progress(&self, progress: Progress);
}

/// Saved loadouts.
pub trait LoadoutStore {
    /// Saves (inserts or replaces by id) a loadout.
    fn save(&self, loadout: Loadout) -> Result<(), String>;
    /// The loadout with this id.
    fn get(&self, id: &str) -> Result<Option<Loadout>, String>;
    /// Every loadout.
    fn list(&self) -> Result<Vec<Loadout>, String>;
    /// Deletes a loadout; false when there was none.
    fn delete(&self, id: &str) -> Result<bool, String>;
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
    ) -> impl Future<Output = Result<Vec<(u64, i32)>, ActionError>> + Send {
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
    fn inventory(&self) -> Result<Inventory, String> {
        (**self).inventory()
    }

    fn record(&self, changes: Vec<Change>) -> Result<u64, String> {
        (**self).record(changes)
    }

    fn resync(&self) -> impl Future<Output = Result<Inventory, String>> + Send {
        (**self).resync()
    }

    fn progress(&self, progress: Progress) {
        (**self).progress(progress)
    }
}

/// A shared loadout store is a loadout store.
impl<T: LoadoutStore + Send + Sync> LoadoutStore for std::sync::Arc<T> {
    fn save(&self, loadout: Loadout) -> Result<(), String> {
        (**self).save(loadout)
    }

    fn get(&self, id: &str) -> Result<Option<Loadout>, String> {
        (**self).get(id)
    }

    fn list(&self) -> Result<Vec<Loadout>, String> {
        (**self).list()
    }

    fn delete(&self, id: &str) -> Result<bool, String> {
        (**self).delete(id)
    }
}
