//! The planner behind the daemon-only features: the player's tags in make-room (junk first,
//! favorite and keep never), the postmaster guard's plan (locked and just-moved items spared),
//! farming mode's plan, and maximum power's choice (one exotic weapon, one exotic armour piece).

// Not run under Wine (scripts/test-windows.sh runs this crate's Windows modules only).
#![cfg(not(windows))]

use crate::support::moves::*;
use vault_raider::moves::{Action, Destination, Plan, Request, Why, max_power, plan};
use vault_raider::store::model::{Annotation, Class, Inventory, Item, ItemId, Tag, Tier};

fn ok_plan(inv: &Inventory, request: Request) -> Plan {
    plan(inv, &request).unwrap_or_else(|e| panic!("expected a plan, got {e:?}"))
}

fn tag(inv: &mut Inventory, n: u64, tag: Tag) {
    inv.annotations.insert(
        id(n),
        Annotation {
            tag: Some(tag),
            note: None,
        },
    );
}

/// The items moved aside to the vault, in order.
fn moved_aside(p: &Plan) -> Vec<ItemId> {
    p.steps
        .iter()
        .filter(|s| s.why == Why::MakeRoom)
        .filter_map(|s| match &s.action {
            Action::Transfer { id, .. } => Some(id.clone()),
            _ => None,
        })
        .collect()
}

/// The titan's kinetic bucket full: 10 equipped, 11..=19 spares with power 1811..=1819
/// (item 11 the least valuable).
fn full_titan_kinetic() -> Vec<Item> {
    let mut items = vec![gear(10, KINETIC).at(on(TITAN)).equipped()];
    items.extend((11..=19).map(|n| {
        gear(n, KINETIC)
            .at(on(TITAN))
            .power(1800 + u32::try_from(n).expect("small"))
    }));
    items
}

#[test]
fn make_room_moves_junk_first_and_never_favorite_or_keep() {
    let mut items = full_titan_kinetic();
    items.push(gear(1, KINETIC));
    let mut inv = account(items.clone(), 600);
    // Unmarked, the least valuable (11) goes.
    let p = ok_plan(&inv, to(1, Destination::Character(TITAN)));
    assert_eq!(moved_aside(&p), vec![id(11)]);
    // Junk goes first, however valuable.
    tag(&mut inv, 19, Tag::Junk);
    let p = ok_plan(&inv, to(1, Destination::Character(TITAN)));
    assert_eq!(moved_aside(&p), vec![id(19)]);
    // Favorite and keep are never moved aside: the next least valuable goes.
    let mut inv = account(items, 600);
    tag(&mut inv, 11, Tag::Favorite);
    tag(&mut inv, 12, Tag::Keep);
    tag(&mut inv, 13, Tag::Infuse);
    let p = ok_plan(&inv, to(1, Destination::Character(TITAN)));
    assert_eq!(moved_aside(&p), vec![id(13)], "infuse before untagged");
    // A bucket of nothing but favorites and keeps has no room to give.
    let mut inv = account(full_titan_kinetic(), 600);
    inv.items.push(gear(1, KINETIC));
    for n in 11..=19 {
        tag(
            &mut inv,
            n,
            if n % 2 == 0 { Tag::Keep } else { Tag::Favorite },
        );
    }
    let error = plan(&inv, &to(1, Destination::Character(TITAN))).expect_err("no room");
    assert_eq!(error.reason, vault_raider::moves::Reason::NoRoom);
}

#[test]
fn the_guard_pulls_everything_and_spares_locked_and_just_moved_items() {
    let mut items = full_titan_kinetic();
    // 11 is locked, 12 was just moved by the player, 13 is tagged favorite.
    items[1].locked = true;
    items.extend((1..=3).map(|n| gear(n, KINETIC).at(pm(TITAN))));
    let mut inv = account(items, 600);
    tag(&mut inv, 13, Tag::Favorite);
    let p = ok_plan(
        &inv,
        Request::GuardPostmaster {
            character_id: TITAN,
            spared: vec![id(12)],
        },
    );
    assert_eq!(moved_aside(&p), vec![id(14), id(15), id(16)]);
    let pulls: Vec<ItemId> = p
        .steps
        .iter()
        .filter_map(|s| match &s.action {
            Action::Pull { id, .. } => Some(id.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(pulls, vec![id(1), id(2), id(3)]);
    assert!(p.refused.is_empty());
    // The same pull asked for by the player may move the locked item aside.
    let p = ok_plan(
        &inv,
        Request::PullAll {
            character_id: TITAN,
        },
    );
    assert_eq!(moved_aside(&p)[0], id(11));
}

#[test]
fn the_guard_refuses_what_it_cannot_pull_without_a_call() {
    let mut items = full_titan_kinetic();
    for item in items.iter_mut().skip(1) {
        item.locked = true;
    }
    items.push(gear(1, KINETIC).at(pm(TITAN)));
    let inv = account(items, 600);
    let p = ok_plan(
        &inv,
        Request::GuardPostmaster {
            character_id: TITAN,
            spared: Vec::new(),
        },
    );
    assert!(p.steps.is_empty(), "{p:?}");
    assert_eq!(p.refused.len(), 1);
    assert_eq!(p.refused[0].id, id(1));
}

#[test]
fn farming_keeps_one_free_slot_per_full_bucket() {
    let mut items = full_titan_kinetic();
    items.extend(filler(
        30,
        8,
        ENERGY,
        vault_raider::store::model::Location::Character {
            character_id: TITAN,
        },
    ));
    let mut inv = account(items, 600);
    tag(&mut inv, 11, Tag::Keep);
    let request = Request::KeepRoom {
        character_id: TITAN,
        buckets: vec![KINETIC, ENERGY],
        spared: Vec::new(),
    };
    let p = ok_plan(&inv, request.clone());
    // The kinetic bucket is full: its least valuable unprotected item goes; energy has room.
    assert_eq!(moved_aside(&p), vec![id(12)]);
    assert!(p.steps.iter().all(|s| matches!(
        s.action,
        Action::Transfer {
            to: vault_raider::store::model::Location::Vault,
            ..
        }
    )));
    // With room everywhere there is nothing to do.
    let mut roomy = account(full_titan_kinetic(), 600);
    roomy.items.retain(|i| i.id != id(15));
    assert!(ok_plan(&roomy, request).steps.is_empty());
}

#[test]
fn max_power_takes_the_best_per_slot_with_one_exotic_of_each_kind() {
    let mut items = Vec::new();
    let slots = [
        KINETIC, ENERGY, POWER, HELMET, GAUNTLETS, CHEST, LEGS, CLASS_ITEM,
    ];
    // The titan wears 1800 everywhere (100 + slot).
    for (n, bucket) in slots.iter().enumerate() {
        let n = n as u64;
        items.push(gear(100 + n, *bucket).at(on(TITAN)).equipped().power(1800));
    }
    // Exotic weapons: kinetic 1900 (+100), energy 1950 (+150): only the energy one may go.
    items.push(gear(1, KINETIC).exotic().power(1900));
    items.push(gear(2, ENERGY).exotic().power(1950));
    // A legendary kinetic 1850 in the vault, and one on the hunter at 1850 too (the vault one
    // wins the tie: one call fewer).
    items.push(gear(3, KINETIC).power(1850).at(on(HUNTER)));
    items.push(gear(4, KINETIC).power(1850));
    // A warlock-only helmet at 2000 the titan cannot wear; a titan helmet 1820 on the warlock.
    items.push(gear(5, HELMET).power(2000).class(Class::Warlock));
    items.push(
        gear(6, HELMET)
            .power(1820)
            .class(Class::Titan)
            .at(on(WARLOCK)),
    );
    // Two exotic armour pieces: chest +60, legs +90; only the legs may go.
    items.push(gear(7, CHEST).exotic().power(1860));
    items.push(gear(8, LEGS).exotic().power(1890));
    // A better power weapon that cannot move, on the hunter.
    items.push(gear(9, POWER).power(1999).no_transfer().at(on(HUNTER)));
    let inv = account(items, 600);
    let best = max_power(&inv, TITAN).expect("a choice");
    assert_eq!(
        best.items,
        vec![
            id(4),
            id(2),
            id(102),
            id(6),
            id(104),
            id(105),
            id(8),
            id(107)
        ]
    );
    assert!((best.power_before - 1800.0).abs() < f64::EPSILON);
    let sum = 1850.0 + 1950.0 + 1800.0 + 1820.0 + 1800.0 + 1800.0 + 1890.0 + 1800.0;
    assert!(
        (best.power_after - sum / 8.0).abs() < 1e-9,
        "{}",
        best.power_after
    );
    // A rare item never beats a legendary of the same power, only power counts: a rare 1860
    // kinetic would win.
    let mut inv = inv;
    inv.items
        .push(gear(10, KINETIC).tier(Tier::Rare).power(1860));
    assert_eq!(max_power(&inv, TITAN).expect("a choice").items[0], id(10));
}

/// The vault's free slots after each step of `p`, from `free`.
fn vault_free_after_each_step(p: &Plan, mut free: i64) -> Vec<i64> {
    p.steps
        .iter()
        .map(|s| {
            if let Action::Transfer { from, to, .. } = &s.action {
                if *to == vault_raider::store::model::Location::Vault {
                    free -= 1;
                }
                if *from == vault_raider::store::model::Location::Vault {
                    free += 1;
                }
            }
            free
        })
        .collect()
}

#[test]
fn the_guard_leaves_the_vaults_last_slot_for_the_player() {
    let mut items = full_titan_kinetic();
    items.push(gear(1, KINETIC).at(pm(TITAN)));
    // A vault of 3 holding 2: one slot left.
    items.extend(filler(
        40,
        2,
        ENERGY,
        vault_raider::store::model::Location::Vault,
    ));
    let inv = account(items.clone(), 3);
    let guard = ok_plan(
        &inv,
        Request::GuardPostmaster {
            character_id: TITAN,
            spared: Vec::new(),
        },
    );
    // It makes room elsewhere (a vault item to a character with room) before using the vault.
    assert!(!guard.steps.is_empty());
    let free = vault_free_after_each_step(&guard, 1);
    assert!(free.iter().all(|f| *f >= 1), "{free:?} {guard:?}");
    // Where nobody else has room either, it pulls nothing rather than take the last slot.
    let mut crowded = items;
    for (n, c) in [(60, HUNTER), (70, WARLOCK)] {
        crowded.extend(filler(
            n,
            10,
            ENERGY,
            vault_raider::store::model::Location::Character { character_id: c },
        ));
        crowded.extend(filler(
            n + 200,
            10,
            KINETIC,
            vault_raider::store::model::Location::Character { character_id: c },
        ));
    }
    crowded.extend(filler(
        80,
        10,
        ENERGY,
        vault_raider::store::model::Location::Character {
            character_id: TITAN,
        },
    ));
    let inv = account(crowded, 3);
    let guard = ok_plan(
        &inv,
        Request::GuardPostmaster {
            character_id: TITAN,
            spared: Vec::new(),
        },
    );
    assert!(guard.steps.is_empty(), "{guard:?}");
    assert_eq!(guard.refused.len(), 1);
    // The player's own pull may take it.
    let pull = ok_plan(
        &inv,
        Request::PullAll {
            character_id: TITAN,
        },
    );
    assert_eq!(moved_aside(&pull), vec![id(11)]);
    assert_eq!(vault_free_after_each_step(&pull, 1).last(), Some(&0));
}
