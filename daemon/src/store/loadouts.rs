//! Saved loadouts, by id.

use super::Store;
use super::codec::{decode, encode};
use super::error::StoreError;
use super::model::{CharacterId, Loadout};
use super::schema::LOADOUTS;
use redb::ReadableTable;

impl Store {
    /// Saves `loadout`, replacing one with the same id.
    pub fn save_loadout(&self, loadout: &Loadout) -> Result<(), StoreError> {
        let txn = self.write()?;
        txn.open_table(LOADOUTS)?
            .insert(loadout.id.as_str(), encode("loadouts", loadout)?.as_slice())?;
        txn.commit()?;
        self.journal_user_data();
        Ok(())
    }

    /// The loadouts, all or those saved for one character, oldest first.
    pub fn loadouts(&self, character: Option<CharacterId>) -> Result<Vec<Loadout>, StoreError> {
        let txn = self.read()?;
        let mut found = Vec::new();
        for entry in txn.open_table(LOADOUTS)?.iter()? {
            let loadout: Loadout = decode("loadouts", entry?.1.value())?;
            if character.is_none_or(|c| c == loadout.character_id) {
                found.push(loadout);
            }
        }
        found.sort_by(|a, b| {
            a.created_at
                .cmp(&b.created_at)
                .then_with(|| a.id.cmp(&b.id))
        });
        Ok(found)
    }

    /// One loadout by id.
    pub fn loadout(&self, id: &str) -> Result<Option<Loadout>, StoreError> {
        let txn = self.read()?;
        let table = txn.open_table(LOADOUTS)?;
        let found = table.get(id)?;
        found.map(|v| decode("loadouts", v.value())).transpose()
    }

    /// Deletes a loadout; `false` when there was none with that id.
    pub fn delete_loadout(&self, id: &str) -> Result<bool, StoreError> {
        let txn = self.write()?;
        let existed = txn.open_table(LOADOUTS)?.remove(id)?.is_some();
        txn.commit()?;
        self.journal_user_data();
        Ok(existed)
    }
}
