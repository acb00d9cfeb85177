//! The store's small tables: loadouts, paired clients, settings, accounts and sync metadata,
//! each surviving a reopen.

use crate::support::store::*;
use vault_raider::store::model::{Account, Class, ItemId, Loadout, LoadoutItem};
use vault_raider::store::{
    ActivityMark, ClientKind, PairedClient, Store, StoreError, SyncMeta, token_sha256,
};

fn loadout(id: &str, character_id: u64, created: i64) -> Loadout {
    Loadout {
        id: id.to_string(),
        name: format!("Loadout {id}"),
        character_id,
        class: Class::Warlock,
        items: vec![LoadoutItem {
            id: ItemId::instance(6_917_529_035_440_581_369),
            hash: 1_331_482_397,
            equip: true,
            quantity: 1,
        }],
        created_at: at(created),
        updated_at: at(created),
    }
}

fn client(id: &str, token: &str, created: i64) -> PairedClient {
    PairedClient {
        client_id: id.to_string(),
        name: format!("Client {id}"),
        kind: ClientKind::Extension,
        token_sha256: token_sha256(token),
        created_at: at(created),
        last_seen: None,
    }
}

fn reopen(dir: &tempfile::TempDir, store: Store) -> Store {
    drop(store);
    Store::open(&dir.path().join("store.redb")).unwrap()
}

#[test]
fn loadouts_are_saved_listed_replaced_and_deleted() {
    let (dir, store) = temp_store();
    let raid = loadout("raid", CHARACTERS[0], 20);
    let pvp = loadout("pvp", CHARACTERS[1], 10);
    let gambit = loadout("gambit", CHARACTERS[0], 30);
    for l in [&raid, &pvp, &gambit] {
        store.save_loadout(l).unwrap();
    }
    assert_eq!(
        store.loadouts(None).unwrap(),
        vec![pvp.clone(), raid.clone(), gambit.clone()]
    );
    assert_eq!(
        store.loadouts(Some(CHARACTERS[0])).unwrap(),
        vec![raid.clone(), gambit.clone()]
    );
    assert!(store.loadouts(Some(CHARACTERS[2])).unwrap().is_empty());

    let mut renamed = raid.clone();
    renamed.name = "Raid (new)".to_string();
    store.save_loadout(&renamed).unwrap();
    let store = reopen(&dir, store);
    assert_eq!(store.loadout("raid").unwrap(), Some(renamed));
    assert!(store.delete_loadout("raid").unwrap());
    assert!(!store.delete_loadout("raid").unwrap());
    assert_eq!(store.loadout("raid").unwrap(), None);
    assert_eq!(store.loadouts(None).unwrap().len(), 2);
}

#[test]
fn clients_are_found_by_token_hash_touched_and_revoked() {
    let (dir, store) = temp_store();
    let popup = client("c1", "token-one", 1);
    let overlay = PairedClient {
        kind: ClientKind::Overlay,
        ..client("c2", "token-two", 2)
    };
    store.add_client(&popup).unwrap();
    store.add_client(&overlay).unwrap();
    assert!(matches!(
        store.add_client(&popup),
        Err(StoreError::Invalid(_))
    ));
    let same_token = client("c3", "token-one", 3);
    assert!(matches!(
        store.add_client(&same_token),
        Err(StoreError::Invalid(_))
    ));
    assert_eq!(
        store.clients().unwrap(),
        vec![popup.clone(), overlay.clone()]
    );

    let store = reopen(&dir, store);
    assert_eq!(
        store
            .client_by_token_hash(&token_sha256("token-two"))
            .unwrap(),
        Some(overlay.clone())
    );
    assert_eq!(
        store
            .client_by_token_hash(&token_sha256("token-three"))
            .unwrap(),
        None
    );
    assert!(store.touch_client("c1", at(50)).unwrap());
    assert!(!store.touch_client("nobody", at(50)).unwrap());
    assert_eq!(
        store
            .client_by_token_hash(&token_sha256("token-one"))
            .unwrap()
            .and_then(|c| c.last_seen),
        Some(at(50))
    );

    assert!(store.revoke_client("c1").unwrap());
    assert!(!store.revoke_client("c1").unwrap());
    assert_eq!(
        store
            .client_by_token_hash(&token_sha256("token-one"))
            .unwrap(),
        None
    );
    assert_eq!(store.clients().unwrap(), vec![overlay]);
    // The token of a revoked client can be issued again.
    store.add_client(&same_token).unwrap();
}

#[test]
fn a_client_debug_line_carries_no_token_hash() {
    let c = client("c1", "secret-token", 1);
    let line = format!("{c:?}");
    assert!(line.contains("c1"));
    assert!(!line.contains("token"), "{line}");
    assert_eq!(
        ClientKind::from_slug(ClientKind::Cli.slug()),
        ClientKind::Cli
    );
    assert_eq!(ClientKind::from_slug("toaster"), ClientKind::Other);
}

#[test]
fn settings_are_set_read_and_removed() {
    let (dir, store) = temp_store();
    assert_eq!(store.setting("poll").unwrap(), None);
    store.set_setting("poll", "fast").unwrap();
    store.set_setting("poll", "slow").unwrap();
    let store = reopen(&dir, store);
    assert_eq!(store.setting("poll").unwrap().as_deref(), Some("slow"));
    assert!(store.remove_setting("poll").unwrap());
    assert!(!store.remove_setting("poll").unwrap());
    assert_eq!(store.setting("poll").unwrap(), None);
}

#[test]
fn unavailable_marks_are_written_with_the_accounts_and_kept_by_a_new_selection() {
    let (dir, store) = temp_store();
    let steam = destiny_account(3, 4_611_686_018_400_000_001, "Guardian#1234");
    let stadia = Account {
        membership_type: 5,
        membership_id: 4_611_686_018_400_000_003,
        ..steam.clone()
    };
    let all = [steam.clone(), stadia.clone()];
    store
        .set_accounts_marking_unavailable(&all, Some(&steam), std::slice::from_ref(&stadia))
        .unwrap();
    let store = reopen(&dir, store);
    assert!(store.is_unavailable(&stadia).unwrap());
    assert!(!store.is_unavailable(&steam).unwrap());
    // Selecting again (as accounts.select does) keeps the marks.
    store.set_accounts(&all, Some(&steam)).unwrap();
    assert!(store.is_unavailable(&stadia).unwrap());
    // A new overview replaces them.
    store
        .set_accounts_marking_unavailable(&all, Some(&steam), &[])
        .unwrap();
    assert!(!store.is_unavailable(&stadia).unwrap());
}

#[test]
fn accounts_are_replaced_and_one_selected() {
    let (dir, store) = temp_store();
    let steam = destiny_account(3, 4_611_686_018_400_000_001, "Guardian#1234");
    let psn = destiny_account(2, 4_611_686_018_400_000_002, "Guardian#1234");
    assert_eq!(store.account().unwrap(), None);
    store
        .set_accounts(&[steam.clone(), psn.clone()], Some(&steam))
        .unwrap();
    let store = reopen(&dir, store);
    assert_eq!(store.account().unwrap(), Some(steam.clone()));
    assert_eq!(store.accounts().unwrap(), vec![psn.clone(), steam.clone()]);

    let other = Account {
        membership_id: 9,
        ..steam.clone()
    };
    let err = store
        .set_accounts(std::slice::from_ref(&psn), Some(&other))
        .unwrap_err();
    assert!(matches!(err, StoreError::Invalid(_)));
    assert_eq!(
        store.accounts().unwrap().len(),
        2,
        "a refused call writes nothing"
    );

    store
        .set_accounts(std::slice::from_ref(&psn), None)
        .unwrap();
    assert_eq!(store.account().unwrap(), None);
    assert_eq!(store.accounts().unwrap(), vec![psn]);
}

#[test]
fn sync_meta_round_trips_and_minted_never_goes_back() {
    let (dir, store) = temp_store();
    assert_eq!(store.sync_meta().unwrap(), SyncMeta::default());
    let meta = SyncMeta {
        minted: Some(at(100)),
        secondary_minted: Some(at(90)),
        last_poll: Some(at(101)),
        last_sync: Some(at(101)),
        activity_marks: vec![ActivityMark {
            character_id: CHARACTERS[0],
            instance_id: 15_000_000_001,
            period: at(40),
        }],
    };
    store.set_sync_meta(&meta).unwrap();
    let store = reopen(&dir, store);
    assert_eq!(store.sync_meta().unwrap(), meta);
    assert_eq!(
        store
            .sync_meta()
            .unwrap()
            .activity_mark(CHARACTERS[0])
            .map(|m| m.instance_id),
        Some(15_000_000_001)
    );
    assert_eq!(
        store.sync_meta().unwrap().activity_mark(CHARACTERS[1]),
        None
    );

    // A caller holding an older copy updates the poll time but cannot roll minted back.
    let old_copy = SyncMeta {
        minted: Some(at(50)),
        secondary_minted: None,
        last_poll: Some(at(200)),
        ..meta.clone()
    };
    store.set_sync_meta(&old_copy).unwrap();
    let now = store.sync_meta().unwrap();
    assert_eq!(now.minted, Some(at(100)));
    assert_eq!(now.secondary_minted, Some(at(90)));
    assert_eq!(now.last_poll, Some(at(200)));
}
