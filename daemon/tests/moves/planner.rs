//! The planner against issue 4's scenarios: exact steps, and refusals with no step at all.

// Not run under Wine (scripts/test-windows.sh runs this crate's Windows modules only).
#![cfg(not(windows))]

use crate::support::moves::*;
use vault_raider::moves::{Action, Destination, Plan, Reason, Request, Why, plan};
use vault_raider::store::model::{Class, Inventory, ItemId, Location};

fn transfer(n: u64, from: Location, to: Location) -> Action {
    Action::Transfer {
        id: id(n),
        from,
        to,
        quantity: 1,
    }
}

fn equip(n: u64, character_id: u64, replaces: Option<u64>) -> Action {
    Action::Equip {
        id: id(n),
        character_id,
        replaces: replaces.map(id),
    }
}

fn actions(p: &Plan) -> Vec<Action> {
    p.steps.iter().map(|s| s.action.clone()).collect()
}

fn ok_plan(inv: &Inventory, request: Request) -> Plan {
    match plan(inv, &request) {
        Ok(p) => p,
        Err(e) => panic!("expected a plan, got {e:?}"),
    }
}

fn refusal(inv: &Inventory, request: Request) -> Reason {
    match plan(inv, &request) {
        Ok(p) => panic!("expected a refusal, got {p:?}"),
        Err(e) => {
            assert!(!e.message.is_empty());
            e.reason
        }
    }
}

#[test]
fn vault_to_character_is_one_transfer() {
    let inv = account(vec![gear(1, KINETIC)], 600);
    let p = ok_plan(&inv, to(1, Destination::Character(HUNTER)));
    assert_eq!(actions(&p), vec![transfer(1, VAULT, on(HUNTER))]);
}

#[test]
fn character_to_character_goes_through_the_vault() {
    let inv = account(vec![gear(1, KINETIC).at(on(TITAN))], 600);
    let p = ok_plan(&inv, to(1, Destination::Character(WARLOCK)));
    assert_eq!(
        actions(&p),
        vec![
            transfer(1, on(TITAN), VAULT),
            transfer(1, VAULT, on(WARLOCK))
        ]
    );
}

#[test]
fn item_already_there_needs_no_call() {
    let inv = account(vec![gear(1, KINETIC).at(on(TITAN))], 600);
    assert!(
        ok_plan(&inv, to(1, Destination::Character(TITAN)))
            .steps
            .is_empty()
    );
}

#[test]
fn equipped_item_is_replaced_by_a_non_exotic_of_the_same_type_first() {
    let inv = account(
        vec![
            gear(1, KINETIC)
                .at(on(TITAN))
                .equipped()
                .type_name("Scout Rifle"),
            gear(2, KINETIC).at(on(TITAN)).exotic().power(1900),
            gear(3, KINETIC)
                .at(on(TITAN))
                .type_name("Hand Cannon")
                .power(1850),
            gear(4, KINETIC)
                .at(on(TITAN))
                .type_name("Scout Rifle")
                .power(1750),
            gear(5, KINETIC)
                .at(VAULT)
                .type_name("Scout Rifle")
                .power(1950),
        ],
        600,
    );
    let p = ok_plan(&inv, to(1, Destination::Character(HUNTER)));
    assert_eq!(
        actions(&p),
        vec![
            equip(4, TITAN, Some(1)),
            transfer(1, on(TITAN), VAULT),
            transfer(1, VAULT, on(HUNTER)),
        ]
    );
    assert_eq!(p.steps[0].why, Why::Replacement);
}

#[test]
fn replacement_comes_from_the_vault_when_the_character_has_none() {
    let inv = account(
        vec![
            gear(1, KINETIC).at(on(TITAN)).equipped(),
            gear(2, KINETIC).at(VAULT).power(1700),
            gear(3, KINETIC).at(VAULT).power(1810),
            gear(4, KINETIC).at(on(HUNTER)).power(1990),
            gear(5, KINETIC).at(VAULT).class(Class::Hunter).power(1999),
        ],
        600,
    );
    let p = ok_plan(&inv, to(1, Destination::Vault));
    assert_eq!(
        actions(&p),
        vec![
            transfer(3, VAULT, on(TITAN)),
            equip(3, TITAN, Some(1)),
            transfer(1, on(TITAN), VAULT),
        ]
    );
}

#[test]
fn equipped_item_with_no_possible_replacement_is_refused() {
    let inv = account(vec![gear(1, KINETIC).at(on(TITAN)).equipped()], 600);
    assert_eq!(
        refusal(&inv, to(1, Destination::Vault)),
        Reason::CannotEquip
    );
}

#[test]
fn equip_from_vault_moves_then_equips() {
    let inv = account(
        vec![gear(1, ENERGY).at(on(TITAN)).equipped(), gear(2, ENERGY)],
        600,
    );
    let p = ok_plan(&inv, equip_on(2, TITAN));
    assert_eq!(
        actions(&p),
        vec![transfer(2, VAULT, on(TITAN)), equip(2, TITAN, Some(1))]
    );
}

#[test]
fn equip_item_equipped_on_another_character() {
    let inv = account(
        vec![
            gear(1, POWER).at(on(HUNTER)).equipped(),
            gear(2, POWER).at(on(HUNTER)),
            gear(3, POWER).at(on(TITAN)).equipped(),
        ],
        600,
    );
    let p = ok_plan(&inv, equip_on(1, TITAN));
    assert_eq!(
        actions(&p),
        vec![
            equip(2, HUNTER, Some(1)),
            transfer(1, on(HUNTER), VAULT),
            transfer(1, VAULT, on(TITAN)),
            equip(1, TITAN, Some(3)),
        ]
    );
}

#[test]
fn second_exotic_de_equips_the_first_with_a_non_exotic() {
    let inv = account(
        vec![
            gear(1, KINETIC).at(on(TITAN)).equipped().exotic(),
            gear(2, KINETIC).at(on(TITAN)).exotic().power(1990),
            gear(3, KINETIC).at(on(TITAN)).power(1700),
            gear(4, ENERGY).at(on(TITAN)).equipped(),
            gear(5, ENERGY).exotic(),
        ],
        600,
    );
    let p = ok_plan(&inv, equip_on(5, TITAN));
    assert_eq!(
        actions(&p),
        vec![
            transfer(5, VAULT, on(TITAN)),
            equip(3, TITAN, Some(1)),
            equip(5, TITAN, Some(4)),
        ]
    );
}

#[test]
fn other_class_armour_is_refused_with_no_step() {
    let inv = account(vec![gear(1, HELMET).class(Class::Hunter)], 600);
    assert_eq!(refusal(&inv, equip_on(1, TITAN)), Reason::CannotEquip);
}

#[test]
fn level_too_low_is_refused() {
    let mut helmet = gear(1, HELMET);
    helmet.equip_required_level = 60;
    let inv = account(vec![helmet], 600);
    assert_eq!(refusal(&inv, equip_on(1, TITAN)), Reason::CannotEquip);
}

#[test]
fn non_transferable_is_refused_with_no_step() {
    let inv = account(vec![gear(1, EMBLEM).at(on(TITAN)).no_transfer()], 600);
    assert_eq!(
        refusal(&inv, to(1, Destination::Vault)),
        Reason::NotTransferable
    );
    assert_eq!(
        refusal(&inv, to(1, Destination::Character(HUNTER))),
        Reason::NotTransferable
    );
}

#[test]
fn unknown_item_and_character_are_refused() {
    let inv = account(vec![gear(1, KINETIC)], 600);
    assert_eq!(
        refusal(&inv, to(9, Destination::Vault)),
        Reason::ItemNotFound
    );
    assert_eq!(
        refusal(&inv, to(1, Destination::Character(42))),
        Reason::CharacterNotFound
    );
}

/// The hunter's kinetic bucket: one equipped and nine more, item 19 the least valuable.
fn full_hunter_kinetic() -> Vec<vault_raider::store::model::Item> {
    let mut items = vec![gear(10, KINETIC).at(on(HUNTER)).equipped()];
    items.extend(
        filler(11, 8, KINETIC, on(HUNTER))
            .into_iter()
            .map(|i| i.power(1900)),
    );
    items.push(
        gear(19, KINETIC)
            .at(on(HUNTER))
            .tier(vault_raider::store::model::Tier::Rare),
    );
    items
}

#[test]
fn full_character_bucket_moves_the_lowest_value_item_to_the_vault() {
    let mut items = full_hunter_kinetic();
    items.push(gear(1, KINETIC));
    let inv = account(items, 600);
    let p = ok_plan(&inv, to(1, Destination::Character(HUNTER)));
    assert_eq!(
        actions(&p),
        vec![
            transfer(19, on(HUNTER), VAULT),
            transfer(1, VAULT, on(HUNTER))
        ]
    );
    assert_eq!(p.steps[0].why, Why::MakeRoom);
}

#[test]
fn full_vault_sends_an_item_to_the_least_recently_played_character_with_room() {
    // Vault of 3, full: the highest-value item the warlock (played last) can use goes to him.
    let items = vec![
        gear(20, ENERGY).power(1990),
        gear(21, HELMET).class(Class::Titan),
        gear(22, HELMET).class(Class::Warlock).power(1700),
        gear(1, KINETIC).at(on(TITAN)),
    ];
    let inv = account(items, 3);
    let p = ok_plan(&inv, to(1, Destination::Vault));
    assert_eq!(
        actions(&p),
        vec![
            transfer(20, VAULT, on(WARLOCK)),
            transfer(1, on(TITAN), VAULT)
        ]
    );
}

#[test]
fn both_full_empties_the_vault_first_then_the_bucket() {
    let mut items = full_hunter_kinetic();
    items.push(gear(1, KINETIC).power(1999));
    items.push(gear(20, ENERGY).power(1990));
    let inv = account(items, 2);
    let p = ok_plan(&inv, to(1, Destination::Character(HUNTER)));
    assert_eq!(
        actions(&p),
        vec![
            transfer(20, VAULT, on(WARLOCK)),
            transfer(19, on(HUNTER), VAULT),
            transfer(1, VAULT, on(HUNTER)),
        ]
    );
}

#[test]
fn nothing_can_move_gives_no_room_naming_the_bucket() {
    // Vault full of items nobody has room for: every character's kinetic bucket is full.
    let mut items = Vec::new();
    for (n, c) in [(100, TITAN), (200, HUNTER), (300, WARLOCK)] {
        items.push(gear(n, KINETIC).at(on(c)).equipped());
        items.extend(filler(n + 1, 9, KINETIC, on(c)));
    }
    items.push(gear(1, KINETIC));
    items.push(gear(2, KINETIC));
    let inv = account(items, 2);
    let e = plan(&inv, &to(101, Destination::Vault)).unwrap_err();
    assert_eq!(e.reason, Reason::NoRoom);
    assert!(e.message.contains("vault"), "{}", e.message);
    let e = plan(&inv, &to(1, Destination::Character(TITAN))).unwrap_err();
    assert_eq!(e.reason, Reason::NoRoom);
    assert!(e.message.contains("titan's kinetic"), "{}", e.message);
}

#[test]
fn postmaster_pull_goes_to_its_character() {
    let inv = account(vec![gear(1, KINETIC).at(pm(HUNTER))], 600);
    let p = ok_plan(&inv, Request::Pull { id: id(1) });
    assert_eq!(
        actions(&p),
        vec![Action::Pull {
            id: id(1),
            character_id: HUNTER,
            quantity: 1
        }]
    );
}

#[test]
fn pulling_a_whole_postmaster_refuses_only_what_cannot_be_pulled() {
    let mut side_effects = gear(2, KINETIC).at(pm(TITAN));
    side_effects.info.pull_has_side_effects = true;
    let inv = account(
        vec![
            gear(1, ENERGY).at(pm(TITAN)),
            side_effects,
            gear(3, HELMET).at(pm(TITAN)),
        ],
        600,
    );
    let p = ok_plan(
        &inv,
        Request::PullAll {
            character_id: TITAN,
        },
    );
    assert_eq!(
        actions(&p),
        vec![
            Action::Pull {
                id: id(1),
                character_id: TITAN,
                quantity: 1
            },
            Action::Pull {
                id: id(3),
                character_id: TITAN,
                quantity: 1
            },
        ]
    );
    assert_eq!(p.refused.len(), 1);
    assert_eq!(p.refused[0].id, id(2));
    assert_eq!(p.refused[0].error.reason, Reason::NotTransferable);
}

#[test]
fn pulling_into_a_full_bucket_makes_room() {
    let mut items = full_hunter_kinetic();
    items.push(gear(1, KINETIC).at(pm(HUNTER)));
    let inv = account(items, 600);
    let p = ok_plan(&inv, Request::Pull { id: id(1) });
    assert_eq!(
        actions(&p),
        vec![
            transfer(19, on(HUNTER), VAULT),
            Action::Pull {
                id: id(1),
                character_id: HUNTER,
                quantity: 1
            },
        ]
    );
}

#[test]
fn stacks_move_by_quantity() {
    let glimmer = stack(777, 20, VAULT);
    let inv = account(vec![glimmer.clone(), stack(777, 5, Location::Profile)], 600);
    let p = ok_plan(
        &inv,
        Request::Transfer {
            id: glimmer.id.clone(),
            to: Destination::Character(TITAN),
            quantity: Some(7),
        },
    );
    assert_eq!(
        actions(&p),
        vec![Action::Transfer {
            id: glimmer.id.clone(),
            from: VAULT,
            to: Location::Profile,
            quantity: 7
        }]
    );
    let too_many = Request::Transfer {
        id: glimmer.id.clone(),
        to: Destination::Vault,
        quantity: Some(21),
    };
    assert_eq!(refusal(&inv, too_many), Reason::InvalidRequest);
}

#[test]
fn lock_is_one_call_and_none_when_already_in_that_state() {
    let inv = account(vec![gear(1, KINETIC)], 600);
    let p = ok_plan(
        &inv,
        Request::Lock {
            id: id(1),
            locked: true,
        },
    );
    assert_eq!(
        actions(&p),
        vec![Action::Lock {
            id: id(1),
            locked: true
        }]
    );
    assert!(
        ok_plan(
            &inv,
            Request::Lock {
                id: id(1),
                locked: false
            }
        )
        .steps
        .is_empty()
    );
}

#[test]
fn ten_item_loadout_is_moves_then_exactly_one_equip_items_exotics_last() {
    let inv = ten_item_account(&[1, 4]);
    let entries: Vec<(u64, bool)> = (1..=10).map(|n| (n, true)).collect();
    let p = ok_plan(&inv, titan_loadout(&entries));
    let acts = actions(&p);
    let mut expected: Vec<Action> = (1..=5).map(|n| transfer(n, VAULT, on(TITAN))).collect();
    for n in 6..=8 {
        expected.push(transfer(n, on(HUNTER), VAULT));
        expected.push(transfer(n, VAULT, on(TITAN)));
    }
    for n in 9..=10 {
        expected.push(transfer(n, on(WARLOCK), VAULT));
        expected.push(transfer(n, VAULT, on(TITAN)));
    }
    let order: Vec<ItemId> = [2, 3, 5, 6, 7, 8, 9, 10, 1, 4]
        .iter()
        .map(|n| id(*n))
        .collect();
    expected.push(Action::EquipItems {
        character_id: TITAN,
        ids: order,
    });
    assert_eq!(acts, expected);
    assert!(p.refused.is_empty());
}

#[test]
fn loadout_items_equipped_on_one_other_character_are_freed_with_one_equip_items() {
    let mut inv = account(
        vec![
            gear(1, KINETIC).at(on(HUNTER)).equipped(),
            gear(2, ENERGY).at(on(HUNTER)).equipped(),
            gear(3, KINETIC).at(on(HUNTER)),
            gear(4, ENERGY).at(VAULT),
        ],
        600,
    );
    inv.items.push(gear(5, KINETIC).at(on(TITAN)).equipped());
    let p = ok_plan(&inv, titan_loadout(&[(1, true), (2, false)]));
    assert_eq!(
        actions(&p),
        vec![
            transfer(4, VAULT, on(HUNTER)),
            Action::EquipItems {
                character_id: HUNTER,
                ids: vec![id(3), id(4)]
            },
            transfer(1, on(HUNTER), VAULT),
            transfer(1, VAULT, on(TITAN)),
            transfer(2, on(HUNTER), VAULT),
            transfer(2, VAULT, on(TITAN)),
            Action::EquipItems {
                character_id: TITAN,
                ids: vec![id(1)]
            },
        ]
    );
}

#[test]
fn loadout_refuses_wrong_class_and_missing_items_and_does_the_rest() {
    let inv = account(
        vec![
            gear(1, HELMET).class(Class::Warlock),
            gear(2, KINETIC),
            gear(5, KINETIC).at(on(TITAN)).equipped(),
        ],
        600,
    );
    let p = ok_plan(&inv, titan_loadout(&[(1, true), (2, true), (3, true)]));
    assert_eq!(
        actions(&p),
        vec![
            transfer(2, VAULT, on(TITAN)),
            Action::EquipItems {
                character_id: TITAN,
                ids: vec![id(2)]
            }
        ]
    );
    let reasons: Vec<(ItemId, Reason)> = p
        .refused
        .iter()
        .map(|r| (r.id.clone(), r.error.reason))
        .collect();
    assert_eq!(
        reasons,
        vec![(id(1), Reason::CannotEquip), (id(3), Reason::ItemNotFound)]
    );
}

#[test]
fn loadout_exotic_displaces_an_equipped_exotic_in_a_slot_it_does_not_cover() {
    let inv = account(
        vec![
            gear(1, KINETIC).at(on(TITAN)).equipped().exotic(),
            gear(2, KINETIC).at(on(TITAN)),
            gear(3, ENERGY).exotic(),
            gear(4, ENERGY).at(on(TITAN)).equipped(),
        ],
        600,
    );
    let p = ok_plan(&inv, titan_loadout(&[(3, true)]));
    assert_eq!(
        actions(&p),
        vec![
            transfer(3, VAULT, on(TITAN)),
            Action::EquipItems {
                character_id: TITAN,
                ids: vec![id(2), id(3)]
            },
        ]
    );
}

#[test]
fn an_item_whose_definition_is_unknown_moves_but_waits_to_be_equipped() {
    let mut unknown = gear(1, KINETIC);
    unknown.info = vault_raider::sync::convert::unknown_item(unknown.hash, KINETIC);
    let inv = account(vec![unknown], 600);
    let p = ok_plan(&inv, to(1, Destination::Character(HUNTER)));
    assert_eq!(actions(&p), vec![transfer(1, VAULT, on(HUNTER))]);
    let refused = plan(&inv, &equip_on(1, HUNTER)).expect_err("no equip before its definition");
    assert_eq!(refused.reason, Reason::CannotEquip);
    assert!(
        refused.message.contains("next manifest"),
        "{}",
        refused.message
    );
}
