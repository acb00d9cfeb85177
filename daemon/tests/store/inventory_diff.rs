//! The inventory diff: each change kind from the situation that produces it, a deterministic
//! order, and properties over random inventory pairs (applying `diff(a, b)` to `a` yields `b`,
//! and a store that synced `a` then `b` holds `b` and logs exactly `diff(a, b)`).

// Not run under Wine (scripts/test-windows.sh runs this crate's Windows modules only).
#![cfg(not(windows))]

use crate::support::store::*;
use proptest::prelude::*;
use vault_raider::store::apply::apply_to_inventory;
use vault_raider::store::diff::diff;
use vault_raider::store::model::{
    Change, Class, Inventory, Item, ItemFieldChanges, ItemId, Location, Tier,
};

const KINETIC: u32 = GEAR_BUCKETS[0];
const C1: u64 = CHARACTERS[0];
const C2: u64 = CHARACTERS[1];

fn on(character_id: u64) -> Location {
    Location::Character { character_id }
}

/// One character with an equipped kinetic (1) and a spare (2), a kinetic in the vault (3) and
/// a stack of consumables in the profile.
fn small() -> Inventory {
    Inventory {
        characters: vec![
            character(C1, Class::Warlock, 10),
            character(C2, Class::Titan, 5),
        ],
        items: vec![
            gear(1, KINETIC, on(C1), true),
            gear(2, KINETIC, on(C1), false),
            gear(3, KINETIC, Location::Vault, false),
            stack(77, Location::Profile, 0, 5),
        ],
        ..Inventory::default()
    }
}

fn edit(inventory: &mut Inventory, instance: u64, f: impl FnOnce(&mut Item)) {
    f(item_mut(inventory, &ItemId::instance(instance)));
}

fn relocate(item: &mut Item, to: Location) {
    item.location = to;
    item.bucket_hash = vault_raider::store::apply::bucket_for(&to, &item.info);
}

#[test]
fn unchanged_is_empty() {
    assert!(diff(&small(), &small()).is_empty());
    assert!(diff(&Inventory::default(), &Inventory::default()).is_empty());
}

#[test]
fn a_move_is_one_moved_change() {
    let mut new = small();
    edit(&mut new, 3, |i| relocate(i, on(C2)));
    assert_eq!(
        diff(&small(), &new),
        vec![Change::Moved {
            id: ItemId::instance(3),
            from: Location::Vault,
            to: on(C2)
        }]
    );
}

#[test]
fn an_equip_names_the_item_it_replaced_and_nothing_else() {
    let mut new = small();
    edit(&mut new, 1, |i| i.equipped = false);
    edit(&mut new, 2, |i| i.equipped = true);
    assert_eq!(
        diff(&small(), &new),
        vec![Change::Equipped {
            id: ItemId::instance(2),
            character_id: C1,
            unequipped: Some(ItemId::instance(1))
        }]
    );
}

#[test]
fn an_item_pulled_from_the_vault_and_equipped_is_moved_then_equipped() {
    let mut new = small();
    edit(&mut new, 1, |i| i.equipped = false);
    edit(&mut new, 3, |i| {
        relocate(i, on(C1));
        i.equipped = true;
    });
    assert_eq!(
        diff(&small(), &new),
        vec![
            Change::Moved {
                id: ItemId::instance(3),
                from: Location::Vault,
                to: on(C1)
            },
            Change::Equipped {
                id: ItemId::instance(3),
                character_id: C1,
                unequipped: Some(ItemId::instance(1))
            },
        ]
    );
}

#[test]
fn lock_quantity_and_power_report_only_what_changed() {
    let mut new = small();
    edit(&mut new, 2, |i| i.locked = !i.locked);
    edit(&mut new, 3, |i| i.power = Some(1999));
    new.items[3].quantity = 9;
    let old = small();
    assert_eq!(
        diff(&old, &new),
        vec![
            Change::Updated {
                id: ItemId::instance(2),
                fields: ItemFieldChanges {
                    locked: Some(!old.items[1].locked),
                    ..Default::default()
                },
            },
            Change::Updated {
                id: ItemId::instance(3),
                fields: ItemFieldChanges {
                    power: Some(1999),
                    ..Default::default()
                },
            },
            Change::Updated {
                id: old.items[3].id.clone(),
                fields: ItemFieldChanges {
                    quantity: Some(9),
                    ..Default::default()
                },
            },
        ]
    );
}

#[test]
fn items_appear_and_disappear_and_a_moved_stack_is_a_new_stack() {
    let mut new = small();
    new.items.retain(|i| i.id != ItemId::instance(2));
    new.items.push(gear(
        9,
        KINETIC,
        Location::Postmaster { character_id: C1 },
        false,
    ));
    let moved_stack = stack(77, Location::Vault, 0, 5);
    new.items.retain(|i| i.location != Location::Profile);
    new.items.push(moved_stack.clone());
    let old = small();
    assert_eq!(
        diff(&old, &new),
        vec![
            Change::Removed {
                id: ItemId::instance(2)
            },
            Change::Removed {
                id: old.items[3].id.clone()
            },
            Change::Added {
                item: Box::new(gear(
                    9,
                    KINETIC,
                    Location::Postmaster { character_id: C1 },
                    false
                ))
            },
            Change::Added {
                item: Box::new(moved_stack)
            },
        ]
    );
}

#[test]
fn a_shown_fact_no_light_change_carries_replaces_the_item() {
    let mut new = small();
    edit(&mut new, 3, |i| {
        i.damage = Some("strand".to_string());
        i.locked = !i.locked;
    });
    let replaced = new.items[2].clone();
    assert_eq!(
        diff(&small(), &new),
        vec![
            Change::Removed {
                id: ItemId::instance(3)
            },
            Change::Added {
                item: Box::new(replaced)
            }
        ]
    );
}

#[test]
fn a_new_definition_of_the_same_item_is_one_redefined_change_after_its_updates() {
    let mut new = small();
    edit(&mut new, 3, |i| {
        i.info.name = "Wish-Keeper".to_string();
        i.info.tier = Tier::Exotic;
        i.locked = !i.locked;
    });
    let item = new.items[2].clone();
    assert_eq!(
        diff(&small(), &new),
        vec![
            Change::Updated {
                id: ItemId::instance(3),
                fields: ItemFieldChanges {
                    locked: Some(item.locked),
                    ..ItemFieldChanges::default()
                }
            },
            Change::Redefined {
                id: ItemId::instance(3),
                info: Box::new(item.info.clone())
            }
        ]
    );
    // Only the description changed: nothing a client shows, so nothing to report.
    let mut described = small();
    edit(&mut described, 3, |i| {
        i.info.description = "New lore.".to_string()
    });
    assert!(diff(&small(), &described).is_empty());
}

#[test]
fn internal_fields_alone_report_nothing() {
    let mut new = small();
    edit(&mut new, 2, |i| {
        i.can_equip = false;
        i.perks.push("Kill Clip".to_string());
        i.stats.clear();
    });
    assert!(diff(&small(), &new).is_empty());
}

#[test]
fn a_character_whose_facts_changed_is_reported_first() {
    let mut new = small();
    new.characters[1].power = 1820;
    edit(&mut new, 3, |i| relocate(i, on(C2)));
    let changes = diff(&small(), &new);
    assert_eq!(changes.len(), 2);
    assert_eq!(
        changes[0],
        Change::Character {
            character: Box::new(new.characters[1].clone())
        }
    );
    assert!(matches!(changes[1], Change::Moved { .. }));
}

#[test]
fn the_order_does_not_depend_on_the_input_order() {
    let mut new = small();
    edit(&mut new, 1, |i| i.locked = !i.locked);
    edit(&mut new, 3, |i| relocate(i, on(C1)));
    new.items.push(gear(8, KINETIC, Location::Vault, false));
    let forward = diff(&small(), &new);
    let mut shuffled_old = small();
    shuffled_old.items.reverse();
    new.items.reverse();
    new.characters.reverse();
    assert_eq!(diff(&shuffled_old, &new), forward);
}

// ---- properties over random inventories ----

/// Fields no change reports (see `store::diff`), blanked so two inventories compare on the rest.
fn reported(inventory: &Inventory) -> (Vec<Item>, Vec<vault_raider::store::model::Character>) {
    let mut items: Vec<Item> = inventory
        .items
        .iter()
        .cloned()
        .map(|mut i| {
            i.bucket_hash = 0;
            i.lockable = false;
            i.can_equip = false;
            i.equip_required_level = 0;
            i.stats.clear();
            i.perks.clear();
            i.info.description.clear();
            i.info.unique_label = None;
            i.info.max_stack = 0;
            i.info.pull_has_side_effects = false;
            i.info.kind = vault_raider::store::model::ItemKind::Other;
            i
        })
        .collect();
    items.sort_by(|a, b| a.id.cmp(&b.id));
    let mut characters = inventory.characters.clone();
    characters.sort_by_key(|c| c.id);
    (items, characters)
}

/// Items drawn from small domains so that random pairs share ids and often differ a little.
fn arb_item() -> impl Strategy<Value = Item> {
    (
        0u64..14,
        0usize..6,
        0usize..3,
        any::<bool>(),
        any::<bool>(),
        1u32..4,
        prop::option::of(1800u32..1803),
        0u32..2,
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(
            |(n, place, bucket, equipped, locked, quantity, power, hash, internal, odd_bucket)| {
                let location = match place {
                    0 => Location::Vault,
                    1 => Location::Profile,
                    2 | 3 => on(CHARACTERS[place - 2]),
                    _ => Location::Postmaster { character_id: C1 },
                };
                let mut item = gear(n, GEAR_BUCKETS[bucket], location, equipped);
                item.locked = locked;
                item.quantity = quantity;
                item.power = power;
                item.hash += hash;
                item.can_equip = internal;
                if internal {
                    item.perks.push("Kill Clip".to_string());
                }
                if odd_bucket {
                    item.bucket_hash = GEAR_BUCKETS[bucket];
                }
                item
            },
        )
}

fn arb_inventory() -> impl Strategy<Value = Inventory> {
    (
        prop::collection::vec(arb_item(), 0..14),
        prop::collection::vec((1800u32..1802, 0i64..3), 2),
    )
        .prop_map(|(items, facts)| {
            let mut by_id = std::collections::BTreeMap::new();
            for item in items {
                by_id.insert(item.id.clone(), item);
            }
            let characters = facts
                .iter()
                .zip(CHARACTERS)
                .map(|(&(power, played), id)| {
                    let mut c = character(id, Class::Hunter, played);
                    c.power = power;
                    c
                })
                .collect();
            Inventory {
                characters,
                items: by_id.into_values().collect(),
                ..Inventory::default()
            }
        })
}

proptest! {
    #[test]
    fn applying_the_diff_yields_the_new_inventory(a in arb_inventory(), b in arb_inventory()) {
        let changes = diff(&a, &b);
        let mut applied = a.clone();
        apply_to_inventory(&mut applied, &changes).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(reported(&applied), reported(&b));
        prop_assert!(diff(&b, &b).is_empty());
        let moved: Vec<&ItemId> = changes.iter().filter_map(|c| match c { Change::Moved { id, .. } => Some(id), _ => None }).collect();
        let removed: Vec<&ItemId> = changes.iter().filter_map(|c| match c { Change::Removed { id } => Some(id), _ => None }).collect();
        prop_assert!(moved.iter().all(|id| !removed.contains(id)), "a moved item is never also removed");
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, failure_persistence: crate::support::regressions_beside_the_test(), ..ProptestConfig::default() })]
    #[test]
    fn a_store_synced_twice_holds_the_second_and_logs_its_diff(a in arb_inventory(), b in arb_inventory()) {
        let (_dir, store) = temp_store();
        store.apply_sync(&a, Some(at(1))).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let rev = store.rev().map_err(|e| TestCaseError::fail(e.to_string()))?;
        let stored_a = store.inventory().map_err(|e| TestCaseError::fail(e.to_string()))?;
        let logged = store.apply_sync(&b, Some(at(2))).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let expected = diff(&stored_a, &b);
        prop_assert_eq!(logged.iter().map(|c| c.change.clone()).collect::<Vec<_>>(), expected.clone());
        prop_assert_eq!(logged.iter().map(|c| c.rev).collect::<Vec<_>>(), (rev + 1..=rev + expected.len() as u64).collect::<Vec<_>>());
        let mut held = store.inventory().map_err(|e| TestCaseError::fail(e.to_string()))?;
        let mut want = b.clone();
        want.rev = rev + expected.len() as u64;
        want.items.sort_by(|x, y| x.id.cmp(&y.id));
        vault_raider::store::apply::sort_characters(&mut want.characters);
        held.items.sort_by(|x, y| x.id.cmp(&y.id));
        prop_assert_eq!(held, want);
    }
}
