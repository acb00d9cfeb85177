//! The store's inventory: a synced account round-trips, an unchanged sync writes nothing, a move
//! is one `Moved`, stale responses are refused, and optimistic changes apply in one transaction.

use crate::support::store::*;
use vault_raider::store::model::{Change, Item, ItemFieldChanges, ItemId, Location};
use vault_raider::store::{ChangesSince, Store, StoreError};

fn vault_gear(inventory: &vault_raider::store::model::Inventory) -> Item {
    inventory
        .items
        .iter()
        .find(|i| i.location == Location::Vault && i.id.instance_id().is_some())
        .cloned()
        .expect("the large account has gear in the vault")
}

/// Whether the place index lists `id` at `location` (in `bucket`, or in any bucket).
fn holds(store: &Store, location: &Location, bucket: Option<u32>, id: &ItemId) -> bool {
    store
        .items_in(location, bucket)
        .unwrap()
        .iter()
        .any(|i| &i.id == id)
}

#[test]
fn a_large_inventory_round_trips() {
    let (_dir, store) = temp_store();
    let synced = large_inventory(1900);
    let changes = store.apply_sync(&synced, Some(at(10))).unwrap();
    assert_eq!(
        changes.len(),
        1900 + 3,
        "one added per item and one per character"
    );
    assert_eq!(store.rev().unwrap(), 1903);
    let mut read = store.inventory().unwrap();
    assert_eq!(read.rev, 1903);
    read.rev = 0;
    assert_eq!(read, synced);
    let any = &synced.items[1234];
    assert_eq!(store.item(&any.id).unwrap().as_ref(), Some(any));
    assert_eq!(store.item(&ItemId::instance(42)).unwrap(), None);
}

#[test]
fn an_unchanged_sync_writes_nothing() {
    let (_dir, store) = temp_store();
    let synced = large_inventory(500);
    store.apply_sync(&synced, Some(at(10))).unwrap();
    let rev = store.rev().unwrap();
    let changes = store.apply_sync(&synced, Some(at(20))).unwrap();
    assert!(changes.is_empty());
    assert_eq!(store.rev().unwrap(), rev);
    assert_eq!(
        store.changes_since(rev).unwrap(),
        ChangesSince::Changes {
            rev,
            changes: vec![]
        }
    );
    // The newer minted timestamp was still recorded: a copy minted in between is stale.
    assert_eq!(store.sync_meta().unwrap().minted, Some(at(20)));
    assert!(matches!(
        store.apply_sync(&synced, Some(at(15))),
        Err(StoreError::StaleResponse { .. })
    ));
}

#[test]
fn a_moved_item_is_exactly_one_moved_change() {
    let (_dir, store) = temp_store();
    let mut synced = large_inventory(600);
    store.apply_sync(&synced, Some(at(10))).unwrap();
    let moved = vault_gear(&synced);
    let to = Location::Character {
        character_id: CHARACTERS[1],
    };
    {
        let item = item_mut(&mut synced, &moved.id);
        item.location = to;
        item.bucket_hash = item.info.home_bucket_hash;
    }
    let rev = store.rev().unwrap();
    let changes = store.apply_sync(&synced, Some(at(20))).unwrap();
    assert_eq!(changes.len(), 1, "{changes:?}");
    assert_eq!(changes[0].rev, rev + 1);
    assert_eq!(
        changes[0].change,
        Change::Moved {
            id: moved.id.clone(),
            from: Location::Vault,
            to
        }
    );
    assert_eq!(store.item(&moved.id).unwrap().map(|i| i.location), Some(to));
    // The place index followed the move.
    let in_bucket = store
        .items_in(&to, Some(moved.info.home_bucket_hash))
        .unwrap();
    assert!(in_bucket.iter().any(|i| i.id == moved.id));
    assert_eq!(in_bucket.len(), 11);
    assert!(!holds(&store, &Location::Vault, None, &moved.id));
}

#[test]
fn items_in_reads_a_place_through_the_index() {
    let (_dir, store) = temp_store();
    let synced = large_inventory(700);
    store.apply_sync(&synced, None).unwrap();
    for location in [
        Location::Vault,
        Location::Profile,
        Location::Character {
            character_id: CHARACTERS[2],
        },
        Location::Postmaster {
            character_id: CHARACTERS[0],
        },
    ] {
        let mut expected: Vec<&Item> = synced
            .items
            .iter()
            .filter(|i| i.location == location)
            .collect();
        expected.sort_by(|a, b| (a.bucket_hash, &a.id).cmp(&(b.bucket_hash, &b.id)));
        let found = store.items_in(&location, None).unwrap();
        assert_eq!(found.iter().collect::<Vec<_>>(), expected, "{location:?}");
    }
    let helmets = store
        .items_in(
            &Location::Character {
                character_id: CHARACTERS[0],
            },
            Some(GEAR_BUCKETS[3]),
        )
        .unwrap();
    assert_eq!(helmets.len(), 10);
    assert!(helmets.iter().all(|i| i.bucket_hash == GEAR_BUCKETS[3]));
}

#[test]
fn a_stale_minted_timestamp_is_refused_and_nothing_written() {
    let (_dir, store) = temp_store();
    let synced = large_inventory(300);
    store.apply_sync(&synced, Some(at(100))).unwrap();
    let before = store.inventory().unwrap();
    let mut older = synced.clone();
    older.items.truncate(10);
    for minted in [at(50), at(100)] {
        let err = store.apply_sync(&older, Some(minted)).unwrap_err();
        assert!(
            matches!(err, StoreError::StaleResponse { minted: m, stored } if m == minted && stored == at(100)),
            "{err}"
        );
    }
    assert_eq!(store.inventory().unwrap(), before);
    assert_eq!(store.sync_meta().unwrap().minted, Some(at(100)));
}

#[test]
fn an_inventory_listing_an_id_twice_is_refused() {
    let (_dir, store) = temp_store();
    let mut synced = large_inventory(100);
    let twin = synced.items[5].clone();
    synced.items.push(twin.clone());
    let err = store.apply_sync(&synced, Some(at(1))).unwrap_err();
    assert!(matches!(err, StoreError::DuplicateItem(id) if id == twin.id));
    assert_eq!(store.rev().unwrap(), 0);
    assert!(store.inventory().unwrap().items.is_empty());
    assert_eq!(store.sync_meta().unwrap().minted, None);
}

#[test]
fn optimistic_changes_apply_in_one_transaction_with_consecutive_revs() {
    let (_dir, store) = temp_store();
    let synced = large_inventory(400);
    store.apply_sync(&synced, Some(at(10))).unwrap();
    let rev = store.rev().unwrap();
    let item = vault_gear(&synced);
    let to = Location::Character {
        character_id: CHARACTERS[0],
    };
    let equipped_before = synced
        .items
        .iter()
        .find(|i| i.equipped && i.location == to && i.bucket_hash == item.info.home_bucket_hash)
        .cloned()
        .unwrap();
    let changes = vec![
        Change::Moved {
            id: item.id.clone(),
            from: Location::Vault,
            to,
        },
        Change::Equipped {
            id: item.id.clone(),
            character_id: CHARACTERS[0],
            unequipped: Some(equipped_before.id.clone()),
        },
        Change::Updated {
            id: item.id.clone(),
            fields: ItemFieldChanges {
                locked: Some(!item.locked),
                ..Default::default()
            },
        },
    ];
    let revised = store.apply_changes(changes.clone()).unwrap();
    assert_eq!(
        revised.iter().map(|r| r.rev).collect::<Vec<_>>(),
        vec![rev + 1, rev + 2, rev + 3]
    );
    assert_eq!(
        revised.into_iter().map(|r| r.change).collect::<Vec<_>>(),
        changes
    );
    let now = store.item(&item.id).unwrap().unwrap();
    assert_eq!(now.location, to);
    assert_eq!(now.bucket_hash, item.info.home_bucket_hash);
    assert!(now.equipped);
    assert_eq!(now.locked, !item.locked);
    assert!(!store.item(&equipped_before.id).unwrap().unwrap().equipped);
    assert!(holds(&store, &to, Some(now.bucket_hash), &item.id));
}

#[test]
fn optimistic_changes_naming_an_unknown_item_write_nothing() {
    let (_dir, store) = temp_store();
    let synced = large_inventory(400);
    store.apply_sync(&synced, Some(at(10))).unwrap();
    let before = store.inventory().unwrap();
    let item = vault_gear(&synced);
    let err = store
        .apply_changes(vec![
            Change::Moved {
                id: item.id.clone(),
                from: Location::Vault,
                to: Location::Character {
                    character_id: CHARACTERS[0],
                },
            },
            Change::Removed {
                id: ItemId::instance(7),
            },
        ])
        .unwrap_err();
    assert!(matches!(err, StoreError::UnknownItem(id) if id == ItemId::instance(7)));
    assert_eq!(store.inventory().unwrap(), before);
    let rev = before.rev;
    assert_eq!(
        store.changes_since(rev).unwrap(),
        ChangesSince::Changes {
            rev,
            changes: vec![]
        }
    );
    let added_twice = store.apply_changes(vec![Change::Added {
        item: Box::new(item.clone()),
    }]);
    assert!(matches!(added_twice, Err(StoreError::DuplicateItem(id)) if id == item.id));
    assert!(store.apply_changes(vec![]).unwrap().is_empty());
    assert_eq!(store.rev().unwrap(), rev);
}

#[test]
fn a_sync_without_minted_timestamp_is_applied() {
    let (_dir, store) = temp_store();
    let mut synced = large_inventory(100);
    store.apply_sync(&synced, None).unwrap();
    synced.items.retain(|i| i.location != Location::Profile);
    let changes = store.apply_sync(&synced, None).unwrap();
    assert_eq!(changes.len(), 60);
    assert!(
        changes
            .iter()
            .all(|c| matches!(c.change, Change::Removed { .. }))
    );
    assert!(store.items_in(&Location::Profile, None).unwrap().is_empty());
}
