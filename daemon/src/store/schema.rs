//! The redb tables, the schema version they follow, and the migration path between versions.
//!
//! Version 1 is the first schema. Version 2 keeps times as times (a character's last played and
//! activity start may be unknown), so the cache of Bungie's data written by version 1 is emptied
//! and rebuilt by the next sync, while the player's own tables are kept as they are (their times
//! were always RFC 3339 text, which is how version 2 encodes a time). A file with no version but
//! with data, with a version no migration starts from, or with a newer version is refused, never
//! silently reused.

use super::codec::{decode, encode};
use super::error::StoreError;
use super::meta::SyncMeta;
use redb::{
    MultimapTableDefinition, ReadableTable, TableDefinition, TableHandle, WriteTransaction,
};
use std::path::Path;

/// The schema version this build writes and reads.
pub const SCHEMA_VERSION: u64 = 2;

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

/// Brings a file at `from` up to [`SCHEMA_VERSION`], one version at a time.
fn migrate(txn: &WriteTransaction, from: u64, path: &Path) -> Result<(), StoreError> {
    let mut at = from;
    while at < SCHEMA_VERSION {
        match at {
            1 => empty_bungie_cache(txn)?,
            _ => {
                return Err(StoreError::SchemaUnsupported {
                    path: path.to_path_buf(),
                    found: from,
                    supported: SCHEMA_VERSION,
                });
            }
        }
        at += 1;
    }
    Ok(())
}

/// 1 → 2: empties the tables that only cache Bungie's data and whose records changed shape
/// (characters, with the change log that carries them) along with what is kept beside them
/// (items, their places, pursuits), and forgets the minted timestamps of the profile they held,
/// so that the next profile fills them even when Bungie minted nothing newer since. The revision
/// counter stays, so a client asking for changes since a revision the log no longer holds is
/// told to reset; the activity marks stay, so finished activities are not reported again.
/// Loadouts, tags, settings and paired clients are not touched.
fn empty_bungie_cache(txn: &WriteTransaction) -> Result<(), StoreError> {
    txn.delete_table(CHARACTERS)?;
    txn.delete_table(ITEMS)?;
    txn.delete_multimap_table(ITEMS_BY_PLACE)?;
    txn.delete_table(CHANGES)?;
    txn.delete_table(PROGRESS)?;
    let mut meta = txn.open_table(META)?;
    let stored = meta.get(SYNC_META_KEY)?.map(|v| v.value().to_vec());
    if let Some(bytes) = stored {
        match decode::<SyncMeta>("meta", &bytes) {
            Ok(mut sync_meta) => {
                sync_meta.minted = None;
                sync_meta.secondary_minted = None;
                meta.insert(SYNC_META_KEY, encode("meta", &sync_meta)?.as_slice())?;
            }
            // Unreadable sync metadata is cache too: without it the next sync starts afresh.
            Err(_) => {
                meta.remove(SYNC_META_KEY)?;
            }
        }
    }
    Ok(())
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::model::{Class, LoadoutItem};
    use crate::store::{ActivityMark, Store};
    use redb::{Database, ReadableDatabase};
    use serde::Serialize;

    /// A loadout as version 1 wrote it: its times as text.
    #[derive(Serialize)]
    struct LoadoutV1 {
        id: String,
        name: String,
        character_id: u64,
        class: Class,
        items: Vec<LoadoutItem>,
        created_at: String,
        updated_at: String,
    }

    fn at(text: &str) -> chrono::DateTime<chrono::Utc> {
        text.parse().expect("a time")
    }

    /// A version 1 file holding a loadout, a cached character row, a change and revision 41.
    fn version_one_file(path: &Path) {
        let db = Database::create(path).expect("create");
        let txn = db.begin_write().expect("write");
        create_tables(&txn).expect("tables");
        txn.open_table(SCHEMA)
            .expect("schema")
            .insert(VERSION_KEY, 1)
            .expect("version");
        let loadout = LoadoutV1 {
            id: "l-1".into(),
            name: "Raid".into(),
            character_id: 7,
            class: Class::Warlock,
            items: vec![],
            created_at: "2026-12-01T10:00:00Z".into(),
            updated_at: "2026-12-02T11:30:00Z".into(),
        };
        let bytes = postcard::to_allocvec(&loadout).expect("encode");
        txn.open_table(LOADOUTS)
            .expect("loadouts")
            .insert("l-1", bytes.as_slice())
            .expect("insert");
        // A character in version 1's shape no longer decodes: it must be gone, not read.
        txn.open_table(CHARACTERS)
            .expect("characters")
            .insert(7, b"version one bytes".as_slice())
            .expect("insert");
        txn.open_table(CHANGES)
            .expect("changes")
            .insert(41, b"a version one change".as_slice())
            .expect("insert");
        txn.open_table(META)
            .expect("meta")
            .insert(
                REV_KEY,
                postcard::to_allocvec(&41u64).expect("encode").as_slice(),
            )
            .expect("insert");
        let sync_meta = SyncMeta {
            minted: Some(at("2026-12-02T11:30:00Z")),
            secondary_minted: Some(at("2026-12-02T11:30:00Z")),
            last_sync: Some(at("2026-12-02T11:31:00Z")),
            activity_marks: vec![ActivityMark {
                character_id: 7,
                instance_id: 99,
                period: at("2026-12-02T10:00:00Z"),
            }],
            ..SyncMeta::default()
        };
        txn.open_table(META)
            .expect("meta")
            .insert(
                SYNC_META_KEY,
                postcard::to_allocvec(&sync_meta)
                    .expect("encode")
                    .as_slice(),
            )
            .expect("insert");
        txn.commit().expect("commit");
    }

    #[test]
    fn version_one_keeps_the_players_loadouts_and_drops_the_cache() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("store.redb");
        version_one_file(&path);

        let store = Store::open(&path).expect("a version 1 file is migrated");
        let loadouts = store.loadouts(None).expect("loadouts");
        assert_eq!(loadouts.len(), 1);
        assert_eq!(loadouts[0].name, "Raid");
        assert_eq!(
            loadouts[0].created_at,
            "2026-12-01T10:00:00Z"
                .parse::<chrono::DateTime<chrono::Utc>>()
                .expect("time")
        );
        assert_eq!(
            loadouts[0].updated_at,
            "2026-12-02T11:30:00Z"
                .parse::<chrono::DateTime<chrono::Utc>>()
                .expect("time")
        );
        let meta = store.sync_meta().expect("sync meta");
        assert_eq!(
            (meta.minted, meta.secondary_minted),
            (None, None),
            "the next profile fills the emptied cache, minted newer or not"
        );
        assert_eq!(meta.last_sync, Some(at("2026-12-02T11:31:00Z")));
        assert_eq!(
            meta.activity_marks.len(),
            1,
            "finished activities stay reported"
        );
        let inventory = store.inventory().expect("the emptied cache reads");
        assert!(inventory.characters.is_empty());
        assert_eq!(
            store.rev().expect("rev"),
            41,
            "revisions go on from where they were"
        );
        assert!(
            matches!(
                store.changes_since(40).expect("changes"),
                crate::store::ChangesSince::Reset { rev: 41 }
            ),
            "a client behind the emptied log is told to reset"
        );
        drop(store);

        let db = Database::open(&path).expect("open");
        let read = db.begin_read().expect("read");
        let version = read
            .open_table(SCHEMA)
            .expect("schema")
            .get(VERSION_KEY)
            .expect("get")
            .map(|v| v.value());
        assert_eq!(version, Some(SCHEMA_VERSION));
    }
}
