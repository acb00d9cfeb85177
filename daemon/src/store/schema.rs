//! The redb tables, the schema version they follow, and the migration path between versions.
//!
//! Version 1 is the first schema. A file with no version but with data, with a version no
//! migration starts from, or with a newer version is refused, never silently reused.

use super::error::StoreError;
use redb::{
    MultimapTableDefinition, ReadableTable, TableDefinition, TableHandle, WriteTransaction,
};
use std::path::Path;

/// The schema version this build writes and reads.
pub const SCHEMA_VERSION: u64 = 1;

/// `"version"` → the schema version of the file.
pub const SCHEMA: TableDefinition<&str, u64> = TableDefinition::new("schema");
/// Small typed records under fixed keys ([`REV_KEY`], [`SYNC_META_KEY`], …), postcard-encoded.
pub const META: TableDefinition<&str, &[u8]> = TableDefinition::new("meta");
/// `"<membershipType>:<membershipId>"` → `Account`.
pub const ACCOUNTS: TableDefinition<&str, &[u8]> = TableDefinition::new("accounts");
/// Character id → `Character`.
pub const CHARACTERS: TableDefinition<u64, &[u8]> = TableDefinition::new("characters");
/// Item id (`ItemId` text) → `Item`.
pub const ITEMS: TableDefinition<&str, &[u8]> = TableDefinition::new("items");
/// `(location kind, character id or 0, bucket hash)` → item ids there.
pub const ITEMS_BY_PLACE: MultimapTableDefinition<(u8, u64, u32), &str> =
    MultimapTableDefinition::new("items_by_place");
/// Revision → the `Change` it committed.
pub const CHANGES: TableDefinition<u64, &[u8]> = TableDefinition::new("changes");
/// Loadout id → `Loadout`.
pub const LOADOUTS: TableDefinition<&str, &[u8]> = TableDefinition::new("loadouts");
/// Client id → `PairedClient`.
pub const CLIENTS: TableDefinition<&str, &[u8]> = TableDefinition::new("clients");
/// SHA-256 of a client token → client id.
pub const CLIENTS_BY_TOKEN: TableDefinition<&[u8], &str> = TableDefinition::new("clients_by_token");
/// Client id → the `Origin` it paired from (no row: a native client, no `Origin`).
pub const CLIENT_ORIGINS: TableDefinition<&str, &str> = TableDefinition::new("client_origins");
/// Accounts table key of an account Bungie no longer serves (a legacy platform) → 1.
pub const UNAVAILABLE_ACCOUNTS: TableDefinition<&str, u8> =
    TableDefinition::new("unavailable_accounts");
/// Item id → the player's `Annotation` (tag and note) of that item.
pub const ANNOTATIONS: TableDefinition<&str, &[u8]> = TableDefinition::new("annotations");
/// `(character id, slot)` → that in-game loadout (`GameLoadout`); empty slots have no row.
pub const GAME_LOADOUTS: TableDefinition<(u64, u32), &[u8]> = TableDefinition::new("game_loadouts");
/// `(character id, entry id)` → that pursuit's or milestone's `ProgressEntry`.
pub const PROGRESS: TableDefinition<(u64, &str), &[u8]> = TableDefinition::new("progress");
/// Setting key → value.
pub const SETTINGS: TableDefinition<&str, &str> = TableDefinition::new("settings");

/// The key in [`SCHEMA`].
pub const VERSION_KEY: &str = "version";
/// [`META`] key: the current revision (`u64`).
pub const REV_KEY: &str = "rev";
/// [`META`] key: the sync metadata (`SyncMeta`).
pub const SYNC_META_KEY: &str = "sync_meta";
/// [`META`] key: vault and bucket capacities (`Capacities`).
pub const CAPACITY_KEY: &str = "capacity";
/// [`META`] key: the selected account's [`ACCOUNTS`] key (text).
pub const SELECTED_ACCOUNT_KEY: &str = "selected_account";

/// Creates the tables of a new file, or checks and migrates an existing one, inside `txn`.
pub fn prepare(txn: &WriteTransaction, path: &Path) -> Result<(), StoreError> {
    let found = {
        let table = txn.open_table(SCHEMA)?;
        table.get(VERSION_KEY)?.map(|v| v.value())
    };
    match found {
        Some(SCHEMA_VERSION) => {}
        Some(v) if v > SCHEMA_VERSION => {
            return Err(StoreError::SchemaTooNew {
                path: path.to_path_buf(),
                found: v,
                supported: SCHEMA_VERSION,
            });
        }
        Some(v) => migrate(txn, v, path)?,
        None => {
            let holds_data = txn.list_tables()?.any(|t| t.name() != SCHEMA.name())
                || txn.list_multimap_tables()?.next().is_some();
            if holds_data {
                return Err(StoreError::SchemaUnsupported {
                    path: path.to_path_buf(),
                    found: 0,
                    supported: SCHEMA_VERSION,
                });
            }
        }
    }
    create_tables(txn)?;
    txn.open_table(SCHEMA)?
        .insert(VERSION_KEY, SCHEMA_VERSION)?;
    Ok(())
}

/// Brings a file at `from` up to [`SCHEMA_VERSION`], one version at a time. Version 1 is the
/// first, so no step exists yet: the next schema adds its `from == 1` step here.
fn migrate(_txn: &WriteTransaction, from: u64, path: &Path) -> Result<(), StoreError> {
    Err(StoreError::SchemaUnsupported {
        path: path.to_path_buf(),
        found: from,
        supported: SCHEMA_VERSION,
    })
}

fn create_tables(txn: &WriteTransaction) -> Result<(), StoreError> {
    txn.open_table(META)?;
    txn.open_table(ACCOUNTS)?;
    txn.open_table(CHARACTERS)?;
    txn.open_table(ITEMS)?;
    txn.open_multimap_table(ITEMS_BY_PLACE)?;
    txn.open_table(CHANGES)?;
    txn.open_table(LOADOUTS)?;
    txn.open_table(CLIENTS)?;
    txn.open_table(CLIENTS_BY_TOKEN)?;
    txn.open_table(CLIENT_ORIGINS)?;
    txn.open_table(SETTINGS)?;
    txn.open_table(UNAVAILABLE_ACCOUNTS)?;
    txn.open_table(ANNOTATIONS)?;
    txn.open_table(GAME_LOADOUTS)?;
    txn.open_table(PROGRESS)?;
    Ok(())
}
