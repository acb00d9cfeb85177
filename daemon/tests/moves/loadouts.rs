//! Loadouts: saving equipped gear or a list, the "Before …" undo snapshot, and DIM's format
//! (JSON and the `app.destinyitemmanager.com/loadouts?loadout=` link) both ways.

// Not run under Wine (scripts/test-windows.sh runs this crate's Windows modules only).
#![cfg(not(windows))]

use crate::support::moves::*;
use vault_raider::moves::Reason;
use vault_raider::moves::loadouts::{before_snapshot, dim, save};
use vault_raider::store::model::{Class, ItemId, LoadoutItem};

/// The time `n` minutes into a fixed day.
fn t(n: i64) -> chrono::DateTime<chrono::Utc> {
    "2026-11-25T18:00:00Z"
        .parse::<chrono::DateTime<chrono::Utc>>()
        .expect("time")
        + chrono::TimeDelta::minutes(n)
}

fn wearing_titan() -> vault_raider::store::model::Inventory {
    account(
        vec![
            gear(1, KINETIC).at(on(TITAN)).equipped(),
            gear(2, HELMET).at(on(TITAN)).equipped(),
            gear(3, ENERGY).at(on(TITAN)),
            gear(4, KINETIC).at(on(HUNTER)).equipped(),
            stack(777, 20, VAULT),
        ],
        600,
    )
}

#[test]
fn save_takes_the_equipped_gear_or_the_given_list() {
    let inv = wearing_titan();
    let l = save(&inv, " Raid ", TITAN, None, "id1".into(), t(0)).unwrap();
    assert_eq!(l.name, "Raid");
    assert_eq!(l.class, Class::Titan);
    let ids: Vec<ItemId> = l.items.iter().map(|i| i.id.clone()).collect();
    assert_eq!(ids, vec![id(1), id(2)]);
    assert!(l.items.iter().all(|i| i.equip));

    let stack_id = ItemId::stack(777, &VAULT, 0);
    let l = save(
        &inv,
        "Mixed",
        TITAN,
        Some(&[id(3), stack_id.clone()]),
        "id2".into(),
        t(0),
    )
    .unwrap();
    assert_eq!(
        l.items,
        vec![
            LoadoutItem {
                id: id(3),
                hash: 1_000_003,
                equip: true,
                quantity: 1
            },
            LoadoutItem {
                id: stack_id,
                hash: 777,
                equip: false,
                quantity: 20
            },
        ]
    );
}

#[test]
fn save_refuses_bad_input() {
    let inv = wearing_titan();
    assert_eq!(
        save(&inv, "  ", TITAN, None, "x".into(), t(0))
            .unwrap_err()
            .reason,
        Reason::InvalidRequest
    );
    assert_eq!(
        save(&inv, &"x".repeat(121), TITAN, None, "x".into(), t(0))
            .unwrap_err()
            .reason,
        Reason::InvalidRequest
    );
    assert_eq!(
        save(&inv, "A", 42, None, "x".into(), t(0))
            .unwrap_err()
            .reason,
        Reason::CharacterNotFound
    );
    assert_eq!(
        save(&inv, "A", TITAN, Some(&[id(99)]), "x".into(), t(0))
            .unwrap_err()
            .reason,
        Reason::ItemNotFound
    );
}

#[test]
fn before_snapshot_replaces_the_previous_one() {
    let inv = wearing_titan();
    let first = before_snapshot(&inv, &[], "Raid", TITAN, t(1)).unwrap();
    assert_eq!(first.name, "Before Raid");
    let second = before_snapshot(&inv, std::slice::from_ref(&first), "Raid", TITAN, t(2)).unwrap();
    assert_eq!(second.id, first.id);
    assert_eq!(second.created_at, t(1));
    assert_eq!(second.updated_at, t(2));
    let other = before_snapshot(&inv, std::slice::from_ref(&first), "Raid", HUNTER, t(2)).unwrap();
    assert_ne!(other.id, first.id);
}

const DIM_JSON: &str = r#"{"id":"dim-1","name":"Crota","classType":0,
  "equipped":[{"id":"1","hash":1000001},{"id":"2","hash":1000002,"socketOverrides":{"0":123}}],
  "unequipped":[{"id":"0","hash":777,"amount":5},{"hash":888}],
  "parameters":{"mods":[1,2]}}"#;

#[test]
fn dim_json_imports_to_the_most_recent_character_of_its_class() {
    let inv = wearing_titan();
    let d = dim::parse(DIM_JSON).unwrap();
    let l = dim::import(&d, &inv, None, "new".into(), t(0)).unwrap();
    assert_eq!(l.id, "new");
    assert_eq!(l.name, "Crota");
    assert_eq!(l.character_id, TITAN);
    assert_eq!(l.class, Class::Titan);
    assert_eq!(
        l.items,
        vec![
            LoadoutItem {
                id: id(1),
                hash: 1_000_001,
                equip: true,
                quantity: 1
            },
            LoadoutItem {
                id: id(2),
                hash: 1_000_002,
                equip: true,
                quantity: 1
            },
            LoadoutItem {
                id: ItemId("hash:777".into()),
                hash: 777,
                equip: false,
                quantity: 5
            },
            LoadoutItem {
                id: ItemId("hash:888".into()),
                hash: 888,
                equip: false,
                quantity: 1
            },
        ]
    );
    // A hunter loadout goes to the hunter; an "any class" one to the most recent character.
    let hunter = dim::DimLoadout {
        class_type: 1,
        ..d.clone()
    };
    assert_eq!(
        dim::import(&hunter, &inv, None, "h".into(), t(0))
            .unwrap()
            .character_id,
        HUNTER
    );
    let any = dim::DimLoadout {
        class_type: 3,
        ..d.clone()
    };
    let l = dim::import(&any, &inv, None, "a".into(), t(0)).unwrap();
    assert_eq!((l.character_id, l.class), (TITAN, Class::Titan));
    let mut no_titans = inv.clone();
    no_titans.characters.retain(|c| c.class != Class::Titan);
    assert_eq!(
        dim::import(&d, &no_titans, None, "x".into(), t(0))
            .unwrap_err()
            .reason,
        Reason::CharacterNotFound
    );
}

#[test]
fn export_and_share_link_round_trip() {
    let inv = wearing_titan();
    let d = dim::parse(DIM_JSON).unwrap();
    let ours = dim::import(&d, &inv, None, "new".into(), t(0)).unwrap();
    let exported = dim::export(&ours);
    assert_eq!(exported.name, "Crota");
    assert_eq!(exported.class_type, 0);
    assert_eq!(
        exported
            .equipped
            .iter()
            .map(|i| i.id.clone().unwrap())
            .collect::<Vec<_>>(),
        vec!["1", "2"]
    );
    assert_eq!(exported.unequipped[0].id.as_deref(), Some("0"));
    assert_eq!(exported.unequipped[0].amount, Some(5));
    let link = dim::share_link(&exported);
    assert!(
        link.starts_with("https://app.destinyitemmanager.com/loadouts?loadout=%7B"),
        "{link}"
    );
    assert!(!link.contains('"') && !link.contains(' '));
    let back = dim::parse(&link).unwrap();
    assert_eq!(back, exported);
    // The link without its scheme works too.
    let bare = link.trim_start_matches("https://");
    assert_eq!(dim::parse(bare).unwrap(), exported);
}

#[test]
fn bad_dim_input_is_refused_clearly() {
    let cases = [
        "not json at all",
        "{\"name\":\"x\"}",
        "{\"name\":\"\",\"classType\":0}",
        "{\"name\":\"x\",\"classType\":7}",
        "https://dim.gg/abcdefg/Crota",
        "https://app.destinyitemmanager.com/loadouts?other=1",
        "https://app.destinyitemmanager.com/loadouts?loadout=%7Bbroken",
    ];
    for case in cases {
        let e = dim::parse(case).expect_err(case);
        assert_eq!(e.reason, Reason::InvalidRequest, "{case}");
        assert!(!e.message.is_empty());
    }
}
