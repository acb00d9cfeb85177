//! Opening the store: one process at a time, schema versions refused rather than reused, and a
//! crash loses nothing committed.

// Not run under Wine (scripts/test-windows.sh runs this crate's Windows modules only).
#![cfg(not(windows))]

use crate::support::store::*;
use redb::{Database, ReadableDatabase, TableDefinition};
use vault_raider::store::model::{Change, ItemFieldChanges};
use vault_raider::store::schema::{SCHEMA, SCHEMA_VERSION, VERSION_KEY};
use vault_raider::store::{Store, StoreError};

#[test]
fn a_second_open_is_refused_while_the_first_is_open() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("store.redb");
    let first = Store::open(&path).unwrap();
    let err = Store::open(&path).unwrap_err();
    assert!(
        matches!(&err, StoreError::AlreadyOpen { path: p } if p == &path),
        "{err}"
    );
    assert!(err.to_string().contains("already in use"));
    drop(first);
    Store::open(&path).expect("reopens once the first is closed");
}

#[test]
fn a_store_can_be_shared_between_threads() {
    fn shareable<T: Send + Sync>() {}
    shareable::<Store>();
    let (_dir, store) = temp_store();
    let store = std::sync::Arc::new(store);
    let writers: Vec<_> = (0..4)
        .map(|n| {
            let store = store.clone();
            std::thread::spawn(move || store.set_setting(&format!("k{n}"), "v"))
        })
        .collect();
    for w in writers {
        w.join().unwrap().unwrap();
    }
    assert_eq!(store.setting("k3").unwrap().as_deref(), Some("v"));
}

#[test]
fn a_newer_schema_version_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("store.redb");
    drop(Store::open(&path).unwrap());
    set_version(&path, SCHEMA_VERSION + 1);
    let err = Store::open(&path).unwrap_err();
    assert!(
        matches!(err, StoreError::SchemaTooNew { found, supported, .. } if found == SCHEMA_VERSION + 1 && supported == SCHEMA_VERSION)
    );
}

#[test]
fn an_older_schema_version_without_migration_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("store.redb");
    drop(Store::open(&path).unwrap());
    set_version(&path, 0);
    let err = Store::open(&path).unwrap_err();
    assert!(
        matches!(err, StoreError::SchemaUnsupported { found: 0, .. }),
        "{err}"
    );
    // The refused file was not touched: its version is still the one written.
    assert_eq!(version(&path), Some(0));
}

#[test]
fn a_file_with_data_but_no_version_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("store.redb");
    {
        let db = Database::create(&path).unwrap();
        let txn = db.begin_write().unwrap();
        let other: TableDefinition<&str, &str> = TableDefinition::new("something_else");
        txn.open_table(other).unwrap().insert("k", "v").unwrap();
        txn.commit().unwrap();
    }
    let err = Store::open(&path).unwrap_err();
    assert!(
        matches!(err, StoreError::SchemaUnsupported { found: 0, .. }),
        "{err}"
    );
}

#[test]
fn a_file_that_is_not_a_store_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("store.redb");
    std::fs::write(&path, b"definitely not a redb file, just some text bytes").unwrap();
    let err = Store::open(&path).unwrap_err();
    assert!(matches!(err, StoreError::Open { .. }), "{err}");
}

#[test]
fn a_reopened_store_holds_what_was_committed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("store.redb");
    let synced = large_inventory(500);
    let before = {
        let store = Store::open(&path).unwrap();
        store.apply_sync(&synced, Some(at(5))).unwrap();
        store.inventory().unwrap()
    };
    let store = Store::open(&path).unwrap();
    assert_eq!(store.inventory().unwrap(), before);
    assert_eq!(store.sync_meta().unwrap().minted, Some(at(5)));
}

const CRASH_CHILD: &str = "VAULT_RAIDER_STORE_CRASH_CHILD";

/// The child commits a sync (without waiting for the disk) and a change (durable, persisting the
/// sync before it too), then aborts the process (no destructors, no clean close); the parent
/// reopens the file and finds both, with the revision raised past any a client could have seen.
#[test]
fn a_crash_after_commit_loses_nothing() {
    if let Ok(path) = std::env::var(CRASH_CHILD) {
        let store = Store::open(std::path::Path::new(&path)).unwrap();
        let synced = large_inventory(400);
        store.apply_sync(&synced, Some(at(9))).unwrap();
        store
            .apply_changes(vec![Change::Updated {
                id: synced.items[0].id.clone(),
                fields: ItemFieldChanges {
                    power: Some(2000),
                    ..Default::default()
                },
            }])
            .unwrap();
        std::process::abort();
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("store.redb");
    let status = std::process::Command::new(std::env::current_exe().unwrap())
        // The test's name within its crate: this module's path without the crate's name.
        .args([
            "--exact",
            &format!(
                "{}::a_crash_after_commit_loses_nothing",
                module_path!().split_once("::").map_or("", |(_, m)| m)
            ),
            "--test-threads=1",
        ])
        .env(CRASH_CHILD, &path)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .unwrap();
    assert!(!status.success(), "the child aborts");
    let store = Store::open(&path).expect("the store reopens after a crash");
    let synced = large_inventory(400);
    let committed = synced.items.len() as u64 + 3 + 1;
    assert_eq!(
        store.rev().unwrap(),
        committed + vault_raider::store::volatile::REV_JUMP
    );
    assert!(matches!(
        store.changes_since(committed).unwrap(),
        vault_raider::store::ChangesSince::Reset { .. }
    ));
    let inventory = store.inventory().unwrap();
    assert_eq!(inventory.items.len(), synced.items.len());
    assert_eq!(inventory.items[0].power, Some(2000));
    assert_eq!(inventory.items[1..], synced.items[1..]);
    assert_eq!(store.sync_meta().unwrap().minted, Some(at(9)));
}

fn set_version(path: &std::path::Path, version: u64) {
    let db = Database::create(path).unwrap();
    let txn = db.begin_write().unwrap();
    txn.open_table(SCHEMA)
        .unwrap()
        .insert(VERSION_KEY, version)
        .unwrap();
    txn.commit().unwrap();
}

fn version(path: &std::path::Path) -> Option<u64> {
    let db = Database::create(path).unwrap();
    let txn = db.begin_read().unwrap();
    let table = txn.open_table(SCHEMA).unwrap();
    table.get(VERSION_KEY).unwrap().map(|v| v.value())
}
