//! The account's currencies (Glimmer, Bright Dust, …; profile component 103), kept as one meta
//! record beside the inventory and written by a sync when they differ.

use super::codec::{decode, encode};
use super::error::StoreError;
use super::schema::META;
use redb::{ReadTransaction, ReadableTable, WriteTransaction};
use serde::{Deserialize, Serialize};

/// [`META`] key of the currencies record.
pub const CURRENCIES_KEY: &str = "currencies";

/// One currency the account holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Currency {
    /// Its item hash.
    pub hash: u32,
    /// Its name ("Glimmer").
    pub name: String,
    /// Its icon path.
    pub icon: String,
    /// How many the account holds.
    pub quantity: i64,
}

/// The stored currencies (none before the first sync that had them).
pub(crate) fn read_currencies(txn: &ReadTransaction) -> Result<Vec<Currency>, StoreError> {
    match txn.open_table(META)?.get(CURRENCIES_KEY)? {
        Some(v) => decode("meta", v.value()),
        None => Ok(Vec::new()),
    }
}

/// Writes `synced` when it differs from the stored currencies; whether it did.
pub(crate) fn write_currencies(
    txn: &WriteTransaction,
    synced: &[Currency],
) -> Result<bool, StoreError> {
    let mut meta = txn.open_table(META)?;
    let stored: Vec<Currency> = match meta.get(CURRENCIES_KEY)? {
        Some(v) => decode("meta", v.value())?,
        None => Vec::new(),
    };
    if stored == synced {
        return Ok(false);
    }
    meta.insert(CURRENCIES_KEY, encode("meta", &synced.to_vec())?.as_slice())?;
    Ok(true)
}
