//! A small key/value table for settings the daemon changes at run time.

use super::Store;
use super::error::StoreError;
use super::schema::SETTINGS;

/// The setting that holds the id of the character farming mode keeps room on (no row: off).
pub const FARMING_KEY: &str = "farming";

impl Store {
    /// The value of setting `key`, if set.
    pub fn setting(&self, key: &str) -> Result<Option<String>, StoreError> {
        let txn = self.read()?;
        let table = txn.open_table(SETTINGS)?;
        let found = table.get(key)?;
        Ok(found.map(|v| v.value().to_string()))
    }

    /// Sets `key` to `value`.
    pub fn set_setting(&self, key: &str, value: &str) -> Result<(), StoreError> {
        let txn = self.write()?;
        txn.open_table(SETTINGS)?.insert(key, value)?;
        txn.commit()?;
        self.journal_user_data();
        Ok(())
    }

    /// Removes setting `key`; `false` when it was not set.
    pub fn remove_setting(&self, key: &str) -> Result<bool, StoreError> {
        let txn = self.write()?;
        let existed = txn.open_table(SETTINGS)?.remove(key)?.is_some();
        txn.commit()?;
        self.journal_user_data();
        Ok(existed)
    }
}
