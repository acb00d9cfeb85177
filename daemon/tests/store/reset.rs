//! Starting the store afresh for another account: the game data goes, the revision counts on (the
//! reset is a revision of its own), every earlier revision is answered `Reset`, and the paired
//! clients and settings stay.

// Not run under Wine (scripts/test-windows.sh runs this crate's Windows modules only).
#![cfg(not(windows))]

use crate::support::store::*;
use vault_raider::store::ChangesSince;

#[test]
fn a_reset_empties_the_game_data_and_every_earlier_revision_must_take_a_snapshot() {
    let (_dir, store) = temp_store();
    store.apply_sync(&large_inventory(50), Some(at(1))).unwrap();
    let account = destiny_account(3, 4611686018400000001, "Guardian#1234");
    store
        .set_accounts(std::slice::from_ref(&account), Some(&account))
        .unwrap();
    store.set_bungie_account(111).unwrap();
    store.set_setting("kept", "yes").unwrap();
    let before = store.rev().unwrap();
    assert!(before > 0);

    let rev = store.reset_game_data(false).unwrap();
    assert_eq!(rev, before + 1, "the reset is one revision");
    let inventory = store.inventory().unwrap();
    assert!(inventory.items.is_empty() && inventory.characters.is_empty());
    assert!(store.account().unwrap().is_none());
    assert!(store.accounts().unwrap().is_empty());
    assert!(store.sync_meta().unwrap().last_sync.is_none());
    for since in [0, 1, before - 1, before] {
        assert_eq!(
            store.changes_since(since).unwrap(),
            ChangesSince::Reset { rev },
            "since {since}"
        );
    }
    assert_eq!(store.setting("kept").unwrap().as_deref(), Some("yes"));
    assert_eq!(store.bungie_account().unwrap(), Some(111));

    // The next account's first sync writes from there, and its clients follow it normally.
    store.apply_sync(&large_inventory(10), Some(at(2))).unwrap();
    assert!(store.rev().unwrap() > rev);
    assert_eq!(
        store.changes_since(before).unwrap(),
        ChangesSince::Reset {
            rev: store.rev().unwrap()
        }
    );
    assert!(matches!(
        store.changes_since(rev).unwrap(),
        ChangesSince::Changes { .. }
    ));
}

#[test]
fn a_reset_that_keeps_the_accounts_keeps_the_selection() {
    let (_dir, store) = temp_store();
    let account = destiny_account(2, 4611686018400000002, "Guardian#5678");
    store
        .set_accounts(std::slice::from_ref(&account), Some(&account))
        .unwrap();
    store.reset_game_data(true).unwrap();
    assert_eq!(store.account().unwrap(), Some(account));
}
