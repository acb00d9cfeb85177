//! A loadout made for one class, equipped on another (issue #22's bug: a Warlock's "Raid" on the
//! Titan moved three weapons over, then refused seven items). It is refused as a whole before any
//! Bungie call; with the player's consent only its class-neutral items go, and the rest is named.

// Not run under Wine (scripts/test-windows.sh runs this crate's Windows modules only).
#![cfg(not(windows))]

use crate::support::moves::fake::{assert_in_sync, executor};
use crate::support::moves::*;
use vault_raider::moves::loadouts::class_fit::{ClassNeutralPart, class_neutral_part};
use vault_raider::moves::{Reason, Request};
use vault_raider::store::model::{Class, Inventory, Loadout};

/// The instance ids of the items `part` skips, in its order.
fn skipped_ids(part: &ClassNeutralPart) -> Vec<u64> {
    part.skipped
        .iter()
        .filter_map(|i| i.instance_id())
        .collect()
}

/// The Warlock wears 1-3 (weapons) and 4-8 (Warlock armour); the Titan wears 101-108.
fn warlock_raid() -> (Inventory, Loadout) {
    let mut items = Vec::new();
    for (character, class, first) in [(WARLOCK, Class::Warlock, 1), (TITAN, Class::Titan, 101)] {
        for (n, bucket) in [KINETIC, ENERGY, POWER].iter().enumerate() {
            items.push(gear(n as u64 + first, *bucket).at(on(character)).equipped());
        }
        for (n, bucket) in [HELMET, GAUNTLETS, CHEST, LEGS, CLASS_ITEM]
            .iter()
            .enumerate()
        {
            items.push(
                gear(n as u64 + first + 3, *bucket)
                    .class(class)
                    .at(on(character))
                    .equipped(),
            );
        }
    }
    // Spare weapons, so the Warlock can be given replacements when its weapons leave.
    for (n, bucket) in [KINETIC, ENERGY, POWER].iter().enumerate() {
        items.push(gear(n as u64 + 201, *bucket).at(VAULT));
    }
    let mut raid = loadout(&(1..=8).map(|n| (n, true)).collect::<Vec<_>>());
    raid.character_id = WARLOCK;
    raid.class = Class::Warlock;
    (account(items, 600), raid)
}

#[tokio::test]
async fn a_warlock_loadout_on_the_titan_is_refused_before_any_bungie_call() {
    let (inv, raid) = warlock_raid();
    let (exec, game, store, loadouts) = executor(inv.clone(), inv);
    let request = Request::EquipLoadout {
        loadout: raid,
        character_id: TITAN,
    };
    let dry = exec.dry_run("dry".into(), &request);
    assert_eq!(
        dry.error.as_ref().map(|e| e.reason),
        Some(Reason::CannotEquip)
    );
    assert!(dry.steps.is_empty(), "{dry:?}");
    let r = exec.run("op".into(), request).await;
    let error = r.error.expect("refused");
    assert_eq!(error.reason, Reason::CannotEquip);
    assert!(
        error.message.contains("Warlock loadout") && error.message.contains("Titan"),
        "{}",
        error.message
    );
    // Calls counted: none, no revision, no undo snapshot, nothing moved.
    assert_eq!(r.bungie_calls, 0);
    assert!(game.log().is_empty(), "{:?}", game.log());
    assert!(store.records.lock().unwrap().is_empty());
    assert!(loadouts.saved.lock().unwrap().is_empty());
    for n in 1..=3 {
        assert_eq!(game.item(&id(n)).unwrap().location, on(WARLOCK));
    }
    // On its own class it goes ahead.
    let (inv, raid) = warlock_raid();
    let (exec, game, _, _) = executor(inv.clone(), inv);
    let mut own = raid;
    own.items.truncate(3);
    let r = exec
        .run(
            "own".into(),
            Request::EquipLoadout {
                loadout: own,
                character_id: WARLOCK,
            },
        )
        .await;
    assert!(r.ok, "{r:?}");
    assert!(game.log().is_empty(), "already worn: {:?}", game.log());
}

#[tokio::test]
async fn with_consent_only_the_class_neutral_items_go_and_the_rest_is_named() {
    let (inv, raid) = warlock_raid();
    let part = class_neutral_part(&raid, &inv, Class::Titan, TITAN);
    let skipped = skipped_ids(&part);
    assert_eq!(skipped, vec![4, 5, 6, 7, 8]);
    assert_eq!(part.loadout.class, Class::Titan);
    assert_eq!(part.loadout.items.len(), 3);
    let (exec, game, store, _) = executor(inv.clone(), inv);
    let r = exec
        .run(
            "op".into(),
            Request::EquipLoadout {
                loadout: part.loadout,
                character_id: TITAN,
            },
        )
        .await;
    assert!(r.ok, "{r:?}");
    for n in 1..=3 {
        let weapon = game.item(&id(n)).unwrap();
        assert!(
            weapon.equipped && weapon.location == on(TITAN),
            "{weapon:?}"
        );
    }
    for n in 4..=8 {
        let armour = game.item(&id(n)).unwrap();
        assert_eq!(armour.location, on(WARLOCK), "item {n} stays");
    }
    assert!(
        game.log().iter().all(|l| !["4", "5", "6", "7", "8"]
            .iter()
            .any(|n| l.split(|c: char| !c.is_ascii_digit()).any(|w| w == *n))),
        "{:?}",
        game.log()
    );
    assert_in_sync(&game, &store);
}

#[test]
fn with_consent_an_item_the_game_keeps_on_the_warlock_is_skipped_too() {
    let (mut inv, raid) = warlock_raid();
    let kept = inv
        .items
        .iter_mut()
        .find(|i| i.id == id(1))
        .expect("the Warlock's kinetic weapon");
    kept.info.non_transferable = true;
    let part = class_neutral_part(&raid, &inv, Class::Titan, TITAN);
    let skipped = skipped_ids(&part);
    assert_eq!(skipped, vec![4, 5, 6, 7, 8, 1]);
    assert_eq!(part.loadout.items.len(), 2);
    // On the Warlock itself nothing the game keeps there is skipped.
    let own = class_neutral_part(&raid, &inv, Class::Warlock, WARLOCK);
    assert!(own.skipped.is_empty(), "{:?}", own.skipped);
}
