//! The change log: a client gets exactly the changes it missed, `Reset` once they are pruned,
//! and the log keeps at least the last 1,000 revisions.

// Not run under Wine (scripts/test-windows.sh runs this crate's Windows modules only).
#![cfg(not(windows))]

use crate::support::store::*;
use vault_raider::store::model::{Change, ItemFieldChanges, ItemId, RevisedChange};
use vault_raider::store::{ChangesSince, KEPT_REVISIONS, Store};

/// `n` lock toggles of `id`, as one batch of optimistic changes.
fn lock_toggles(id: &ItemId, first_locked: bool, n: usize) -> Vec<Change> {
    (0..n)
        .map(|k| Change::Updated {
            id: id.clone(),
            fields: ItemFieldChanges {
                locked: Some(first_locked ^ (k % 2 == 1)),
                ..Default::default()
            },
        })
        .collect()
}

fn seeded(items: usize) -> (tempfile::TempDir, Store, ItemId) {
    let (dir, store) = temp_store();
    let synced = large_inventory(items);
    store.apply_sync(&synced, Some(at(1))).unwrap();
    (dir, store, synced.items[0].id.clone())
}

#[test]
fn changes_since_returns_exactly_the_missed_changes() {
    let (_dir, store, id) = seeded(400);
    let start = store.rev().unwrap();
    let first = store.apply_changes(lock_toggles(&id, true, 3)).unwrap();
    let second = store.apply_changes(lock_toggles(&id, false, 2)).unwrap();
    let all: Vec<RevisedChange> = first.iter().chain(&second).cloned().collect();
    assert_eq!(
        all.iter().map(|c| c.rev).collect::<Vec<_>>(),
        (start + 1..=start + 5).collect::<Vec<_>>()
    );
    let rev = start + 5;
    assert_eq!(
        store.changes_since(start).unwrap(),
        ChangesSince::Changes {
            rev,
            changes: all.clone()
        }
    );
    assert_eq!(
        store.changes_since(start + 3).unwrap(),
        ChangesSince::Changes {
            rev,
            changes: second.clone()
        }
    );
    assert_eq!(
        store.changes_since(rev).unwrap(),
        ChangesSince::Changes {
            rev,
            changes: vec![]
        }
    );
    // A revision this store never reached (another store's client) gets a reset.
    assert_eq!(
        store.changes_since(rev + 1).unwrap(),
        ChangesSince::Reset { rev }
    );
}

#[test]
fn retention_prunes_old_revisions_but_keeps_the_last_thousand() {
    let (_dir, store, id) = seeded(1200);
    let start = store.rev().unwrap();
    assert!(
        start > KEPT_REVISIONS,
        "the initial sync alone passes the retention"
    );
    // The initial sync's oldest changes are already pruned.
    assert_eq!(
        store.changes_since(0).unwrap(),
        ChangesSince::Reset { rev: start }
    );
    for _ in 0..3 {
        store.apply_changes(lock_toggles(&id, true, 400)).unwrap();
    }
    let rev = store.rev().unwrap();
    assert_eq!(rev, start + 1200);
    let oldest_kept = rev - KEPT_REVISIONS;
    match store.changes_since(oldest_kept).unwrap() {
        ChangesSince::Changes { rev: r, changes } => {
            assert_eq!(r, rev);
            assert_eq!(changes.len() as u64, KEPT_REVISIONS);
            assert_eq!(changes.first().map(|c| c.rev), Some(oldest_kept + 1));
        }
        reset => panic!("the last {KEPT_REVISIONS} revisions must be kept, got {reset:?}"),
    }
    assert_eq!(
        store.changes_since(oldest_kept - 1).unwrap(),
        ChangesSince::Reset { rev }
    );
}

#[test]
fn a_new_store_is_at_revision_zero_with_nothing_missed() {
    let (_dir, store) = temp_store();
    assert_eq!(store.rev().unwrap(), 0);
    assert_eq!(
        store.changes_since(0).unwrap(),
        ChangesSince::Changes {
            rev: 0,
            changes: vec![]
        }
    );
}
