//! What the desktop pieces ask of the rest of the daemon, as a trait the daemon implements: equip a
//! loadout, sync now, the overlay's address, sign in, quit. It keeps `desktop` free of `moves`.

use std::future::Future;
use std::pin::Pin;

/// A boxed future that can cross threads.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// One item of a loadout that could not be moved or equipped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FailedItem {
    /// The item's name ("Gjallarhorn").
    pub name: String,
    /// Why, in words a player understands ("no room in the vault").
    pub reason: String,
}

/// The outcome of equipping a loadout that ran (a loadout that could not start is an `Err`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct EquipReport {
    /// How many of its items are now where the loadout wants them.
    pub done: usize,
    /// The items that failed.
    pub failed: Vec<FailedItem>,
}

/// Why a loadout the tray asked for could not start.
#[derive(Debug, Clone, thiserror::Error)]
pub enum EquipError {
    /// The loadout was deleted since the menu was built.
    #[error("that loadout no longer exists")]
    LoadoutGone,
    /// The character is gone from the account.
    #[error("that character is gone")]
    CharacterGone,
    /// The planner or the executor refused it; its message is a sentence for the player.
    #[error(transparent)]
    Refused(#[from] crate::moves::MoveError),
    /// The local store could not be read.
    #[error(transparent)]
    Store(std::sync::Arc<crate::store::StoreError>),
}

/// The daemon's side of the tray menu. The daemon implements it over `moves`, `sync` and the
/// server; tests implement it with fakes.
pub trait DesktopActions: Send + Sync + 'static {
    /// Equips loadout `loadout_id` on `character_id`. `Err` says, for the player, why it could
    /// not start.
    fn equip_loadout(
        &self,
        loadout_id: String,
        character_id: u64,
    ) -> BoxFuture<'static, Result<EquipReport, EquipError>>;
    /// Equips the highest-power gear `character_id` can use (`loadouts.maxPower`).
    fn max_power(&self, character_id: u64) -> BoxFuture<'static, Result<EquipReport, EquipError>>;
    /// Turns farming mode on for `character_id`, or off when it is on for it already.
    fn toggle_farming(&self, character_id: u64);
    /// Asks for a sync now (returns at once).
    fn sync_now(&self);
    /// The overlay's address with its token (`https://127.0.0.1:PORT/overlay?token=…`). A secret:
    /// it is opened, never logged.
    fn overlay_url(&self) -> String;
    /// Starts signing in to Bungie.net (opens the browser on the authorize page).
    fn sign_in(&self);
    /// Stops the daemon.
    fn quit(&self);
}
