//! Where the desktop reads the account from: a small trait over the store, so the menu and the
//! postmaster watch follow the store without owning it (and tests can hand in any store).

use super::error::DesktopError;
use crate::store::Store;
use crate::store::model::{Character, CharacterId, GameLoadout, Loadout, Location};
use chrono::{DateTime, Utc};

/// What the tray and the notifier read.
pub trait DesktopSource: Send + Sync + 'static {
    /// The signed-in account's display name, if an account is selected.
    fn account_name(&self) -> Result<Option<String>, DesktopError>;
    /// The characters, most recently played first.
    fn characters(&self) -> Result<Vec<Character>, DesktopError>;
    /// Every saved loadout.
    fn loadouts(&self) -> Result<Vec<Loadout>, DesktopError>;
    /// How many items (stacks count once) wait in a character's postmaster.
    fn postmaster_count(&self, character_id: CharacterId) -> Result<u32, DesktopError>;
    /// When the last sync succeeded.
    fn last_sync(&self) -> Result<Option<DateTime<Utc>>, DesktopError>;
    /// The characters' saved in-game loadouts (none by default).
    fn game_loadouts(&self) -> Result<Vec<GameLoadout>, DesktopError> {
        Ok(Vec::new())
    }
    /// The character farming mode keeps room on; `None` when it is off (the default).
    fn farming(&self) -> Result<Option<CharacterId>, DesktopError> {
        Ok(None)
    }
    /// The vault's used slots and capacity; `None` when unknown (the default).
    fn vault_usage(&self) -> Result<Option<(u32, u32)>, DesktopError> {
        Ok(None)
    }
}

impl DesktopSource for Store {
    fn account_name(&self) -> Result<Option<String>, DesktopError> {
        Ok(self
            .account()
            .map_err(DesktopError::Source)?
            .map(|a| a.display_name))
    }

    fn characters(&self) -> Result<Vec<Character>, DesktopError> {
        Ok(self.inventory().map_err(DesktopError::Source)?.characters)
    }

    fn loadouts(&self) -> Result<Vec<Loadout>, DesktopError> {
        Store::loadouts(self, None).map_err(DesktopError::Source)
    }

    fn game_loadouts(&self) -> Result<Vec<GameLoadout>, DesktopError> {
        Store::game_loadouts(self, None).map_err(DesktopError::Source)
    }

    fn farming(&self) -> Result<Option<CharacterId>, DesktopError> {
        Ok(self
            .setting(crate::store::settings::FARMING_KEY)
            .map_err(DesktopError::Source)?
            .and_then(|v| v.parse().ok()))
    }

    fn postmaster_count(&self, character_id: CharacterId) -> Result<u32, DesktopError> {
        let items = self
            .items_in(&Location::Postmaster { character_id }, None)
            .map_err(DesktopError::Source)?;
        Ok(u32::try_from(items.len()).unwrap_or(u32::MAX))
    }

    fn last_sync(&self) -> Result<Option<DateTime<Utc>>, DesktopError> {
        Ok(self.sync_meta().map_err(DesktopError::Source)?.last_sync)
    }

    fn vault_usage(&self) -> Result<Option<(u32, u32)>, DesktopError> {
        let inventory = self.inventory().map_err(DesktopError::Source)?;
        if inventory.vault_capacity == 0 {
            return Ok(None);
        }
        let used = inventory
            .items
            .iter()
            .filter(|i| i.location == Location::Vault)
            .count();
        Ok(Some((
            u32::try_from(used).unwrap_or(u32::MAX),
            inventory.vault_capacity,
        )))
    }
}
