//! The sample account's shape and determinism.

use std::collections::BTreeSet;

use super::*;
use crate::world::defs::bucket;

#[test]
fn sample_is_deterministic_for_a_seed() {
    let a = World::sample(7, false).profile_json(&[100, 102, 200, 201, 205, 300], true, now());
    let b = World::sample(7, false).profile_json(&[100, 102, 200, 201, 205, 300], true, now());
    assert_eq!(a, b);
    let c = World::sample(8, false).profile_json(&[100, 102, 200, 201, 205, 300], true, now());
    assert_ne!(a, c);
}

#[test]
fn sample_has_three_classes_and_at_least_250_items_everywhere() {
    for seed in 0..20 {
        let world = World::sample(seed, false);
        assert!(
            world.items.len() >= 250,
            "seed {seed}: {} items",
            world.items.len()
        );
        let classes: Vec<i32> = world.characters.iter().map(|c| c.class_type).collect();
        assert_eq!(classes, vec![0, 1, 2]);
        let held: BTreeSet<u32> = world.items.iter().map(|i| world.bucket_of(i)).collect();
        for b in bucket::WEAPONS.iter().chain(&bucket::ARMOR).chain(&[
            bucket::VAULT,
            bucket::LOST_ITEMS,
            bucket::CONSUMABLES,
            bucket::MODIFICATIONS,
            bucket::GHOST,
        ]) {
            assert!(held.contains(b), "seed {seed}: nothing in bucket {b}");
        }
    }
}

#[test]
fn every_character_wears_one_item_per_slot_an_exotic_weapon_and_its_class_exotic() {
    let (world, _, _, _) = sample();
    for c in &world.characters {
        let worn: Vec<&Item> = world
            .items
            .iter()
            .filter(|i| i.place == Place::Character(c.id) && i.equipped)
            .collect();
        let slots: BTreeSet<u32> = worn.iter().map(|i| world.bucket_of(i)).collect();
        assert_eq!(slots.len(), worn.len(), "two items equipped in one slot");
        assert!(
            bucket::WEAPONS
                .iter()
                .chain(&bucket::ARMOR)
                .all(|b| slots.contains(b))
        );
        let defs: Vec<_> = worn.iter().filter_map(|i| world.def_of(i)).collect();
        assert!(
            defs.iter()
                .all(|d| d.class_type == 3 || d.class_type == c.class_type)
        );
        assert_eq!(
            defs.iter()
                .filter(|d| d.unique_label.as_deref() == Some("exotic_weapon"))
                .count(),
            1
        );
        assert_eq!(
            defs.iter()
                .filter(|d| d.unique_label.as_deref() == Some("exotic_armor"))
                .count(),
            1
        );
        let bucket_room = world
            .items
            .iter()
            .filter(|i| {
                i.place == Place::Character(c.id)
                    && !i.equipped
                    && world.bucket_of(i) == bucket::KINETIC
            })
            .count();
        assert!(bucket_room <= 9);
    }
}

#[test]
fn the_large_sample_has_about_1900_items_and_a_nearly_full_vault() {
    let world = World::sample(1, true);
    let n = world.items.len();
    assert!((1800..=2000).contains(&n), "{n} items");
    let vault = world
        .items
        .iter()
        .filter(|i| i.place == Place::Vault)
        .count() as u32;
    let capacity = world.catalogue.vault_capacity();
    assert!(
        vault <= capacity && vault + 30 >= capacity,
        "vault {vault}/{capacity}"
    );
}

#[test]
fn memberships_are_cross_saved_with_a_primary_and_a_second_one() {
    let (world, _, _, _) = sample();
    let m = world.memberships_json();
    let list = m["destinyMemberships"].as_array().expect("memberships");
    assert_eq!(list.len(), 2);
    let (primary_type, primary_id) = world.primary_membership();
    assert_eq!(m["primaryMembershipId"], primary_id.to_string());
    assert!(list.iter().all(|c| c["crossSaveOverride"] == primary_type));
    assert_eq!(
        m["bungieNetUser"]["membershipId"],
        world.bungie_net_membership_id().to_string()
    );
    for card in list {
        let t = card["membershipType"].as_i64().expect("type") as i32;
        let id: i64 = card["membershipId"]
            .as_str()
            .expect("int64 string")
            .parse()
            .expect("digits");
        assert!(world.owns(t, id));
    }
    assert!(!world.owns(primary_type, primary_id + 7));
    assert!(!world.owns(254, world.bungie_net_membership_id()));
}
