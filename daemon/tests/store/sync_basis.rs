//! A sync that vouches for its unchanged items (`apply_sync_on` with a `SyncBasis`): the store
//! skips them only while its rows are what that caller's last sync wrote, removes the ids named
//! as gone, and an open after an unclean stop never gives a revision number twice.

use crate::support::store::*;
use vault_raider::store::model::{Change, Location};
use vault_raider::store::sync_delta::SyncBasis;
use vault_raider::store::volatile::{OPEN_MARKER_KEY, REV_JUMP};
use vault_raider::store::{ChangesSince, Store};

#[test]
fn vouched_items_are_skipped_only_while_the_rows_are_the_callers() {
    let (_dir, store) = temp_store();
    let mut synced = large_inventory(300);
    let first = store.apply_sync_on(&synced, Some(at(10)), None).unwrap();
    // The caller vouches for every item, yet one changed: the store takes its word.
    synced.items[7].locked = !synced.items[7].locked;
    let all = vec![true; synced.items.len()];
    let basis = SyncBasis {
        generation: first.generation,
        unchanged: &all,
        gone: &[],
    };
    let second = store
        .apply_sync_on(&synced, Some(at(20)), Some(&basis))
        .unwrap();
    assert!(second.changes.is_empty(), "a vouched item is not compared");
    // Another write of the rows (a move) since: the basis is stale and every row is compared.
    let moved = synced
        .items
        .iter()
        .find(|i| i.location != Location::Vault && !i.equipped && i.id != synced.items[7].id)
        .cloned()
        .expect("an unequipped item on a character");
    store
        .apply_changes(vec![Change::Moved {
            id: moved.id.clone(),
            from: moved.location,
            to: Location::Vault,
        }])
        .unwrap();
    let stale = SyncBasis {
        generation: second.generation,
        unchanged: &all,
        gone: &[],
    };
    let third = store
        .apply_sync_on(&synced, Some(at(30)), Some(&stale))
        .unwrap();
    let ids: Vec<_> = third
        .changes
        .iter()
        .map(|c| format!("{:?}", c.change))
        .collect();
    assert_eq!(
        third.changes.len(),
        2,
        "the lock and the move back: {ids:?}"
    );
    let mut read = store.inventory().unwrap();
    read.rev = 0;
    assert_eq!(read, synced, "the store holds the synced inventory");
}

#[test]
fn only_unvouched_items_are_compared_and_gone_ids_are_removed() {
    let (_dir, store) = temp_store();
    let mut synced = large_inventory(300);
    let first = store.apply_sync_on(&synced, Some(at(10)), None).unwrap();
    let gone = synced.items.remove(20);
    synced.items[40].locked = !synced.items[40].locked;
    let mut unchanged = vec![true; synced.items.len()];
    unchanged[40] = false;
    let gone_ids = vec![gone.id.clone()];
    let basis = SyncBasis {
        generation: first.generation,
        unchanged: &unchanged,
        gone: &gone_ids,
    };
    let applied = store
        .apply_sync_on(&synced, Some(at(20)), Some(&basis))
        .unwrap();
    assert_eq!(applied.changes.len(), 2, "{:?}", applied.changes);
    assert_eq!(store.item(&gone.id).unwrap(), None);
    let mut read = store.inventory().unwrap();
    read.rev = 0;
    assert_eq!(read, synced);
}

#[test]
fn an_unclean_stop_makes_every_client_take_a_snapshot_and_no_revision_repeats() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("store.redb");
    let rev = {
        let store = Store::open(&path).unwrap();
        store
            .apply_sync(&large_inventory(50), Some(at(10)))
            .unwrap();
        store.rev().unwrap()
    };
    // A clean close: the revisions go on, and the log answers.
    let store = Store::open(&path).unwrap();
    assert_eq!(store.rev().unwrap(), rev);
    assert!(matches!(
        store.changes_since(rev - 5).unwrap(),
        ChangesSince::Changes { .. }
    ));
    drop(store);
    // As a crash leaves it: the open mark still there.
    {
        let db = redb::Database::open(&path).unwrap();
        let txn = db.begin_write().unwrap();
        txn.open_table(vault_raider::store::schema::META)
            .unwrap()
            .insert(OPEN_MARKER_KEY, [1u8].as_slice())
            .unwrap();
        txn.commit().unwrap();
    }
    let store = Store::open(&path).unwrap();
    let after = store.rev().unwrap();
    assert_eq!(after, rev + REV_JUMP);
    for since in [rev - 5, rev, rev + 3, after - 1] {
        assert!(
            matches!(
                store.changes_since(since).unwrap(),
                ChangesSince::Reset { .. }
            ),
            "since {since}: a client takes a snapshot"
        );
    }
    assert_eq!(
        store.changes_since(after).unwrap(),
        ChangesSince::Changes {
            rev: after,
            changes: vec![]
        }
    );
}
