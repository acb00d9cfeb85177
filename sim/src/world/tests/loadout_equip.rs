//! EquipLoadout's rules: where it may run, what it equips, pulls from the vault or skips, and
//! the one-item-per-unique-label rule.

use serde_json::json;

use super::loadouts::{action_body, cleared, identifiers, save, update_body, worn};
use super::*;
use crate::world::defs::bucket;

#[test]
fn equip_loadout_refuses_an_empty_slot_an_activity_and_locked_equipment() {
    let (mut world, titan, _, _) = cleared();
    refused(&mut world, 18, |w| w.equip_loadout(&action_body(3, titan)));
    let gun = give(&mut world, "Drang", Place::Character(titan));
    save(&mut world, titan, 3, &[None, None, Some(gun)]);
    world.start_activity(titan, now()).expect("starts");
    refused(&mut world, 1671, |w| {
        w.equip_loadout(&action_body(3, titan))
    });
    world.finish_activity(titan, now()).expect("ends");
    world.set_equipment_locked(titan, true).expect("locks");
    refused(&mut world, 1640, |w| {
        w.equip_loadout(&action_body(3, titan))
    });
    world.set_equipment_locked(titan, false).expect("unlocks");
    assert_eq!(
        world
            .equip_loadout(&action_body(3, titan))
            .expect("equips in orbit"),
        json!(0)
    );
    assert_eq!(worn(&world, titan, bucket::ENERGY), Some(gun));
}

#[test]
fn equip_loadout_equips_what_is_here_pulls_from_the_vault_and_skips_the_rest() {
    let (mut world, titan, hunter, _) = cleared();
    let subclass = find(&world, |w, i| {
        i.place == Place::Character(titan) && !i.equipped && w.bucket_of(i) == bucket::SUBCLASS
    });
    let kinetic = give(&mut world, "Pariah", Place::Vault);
    let energy = give(&mut world, "Drang", Place::Character(hunter));
    let power = give(&mut world, "Hammerhead", Place::Vault);
    world.items.retain(|i| i.instance_id != Some(power));
    let helmet = give(&mut world, "Wildwood Mask", Place::Character(titan));
    let chest = give(&mut world, "Sovereign Plate", Place::Character(titan));
    let legs = give(&mut world, "Crushing Greaves", Place::Postmaster(titan));
    let before = |w: &World, slot| worn(w, titan, slot);
    let (old_energy, old_power, old_helmet, old_gauntlets, old_legs) = (
        before(&world, bucket::ENERGY),
        before(&world, bucket::POWER),
        before(&world, bucket::HELMET),
        before(&world, bucket::GAUNTLETS),
        before(&world, bucket::LEGS),
    );
    save(
        &mut world,
        titan,
        0,
        &[
            Some(id(&subclass)),
            Some(kinetic),
            Some(energy),
            Some(power),
            Some(helmet),
            None,
            Some(chest),
            Some(legs),
        ],
    );
    world.equip_loadout(&action_body(0, titan)).expect("equips");
    assert_eq!(worn(&world, titan, bucket::SUBCLASS), Some(id(&subclass)));
    assert_eq!(
        worn(&world, titan, bucket::KINETIC),
        Some(kinetic),
        "pulled from the vault"
    );
    assert_eq!(item(&world, kinetic).place, Place::Character(titan));
    assert_eq!(
        worn(&world, titan, bucket::ENERGY),
        old_energy,
        "on another character: skipped"
    );
    assert_eq!(item(&world, energy).place, Place::Character(hunter));
    assert_eq!(
        worn(&world, titan, bucket::POWER),
        old_power,
        "deleted: skipped"
    );
    assert_eq!(
        worn(&world, titan, bucket::HELMET),
        old_helmet,
        "another class: skipped"
    );
    assert_eq!(
        worn(&world, titan, bucket::GAUNTLETS),
        old_gauntlets,
        "a bare slot stays"
    );
    assert_eq!(worn(&world, titan, bucket::CHEST), Some(chest));
    assert_eq!(
        worn(&world, titan, bucket::LEGS),
        old_legs,
        "in the postmaster: skipped"
    );
    assert_eq!(item(&world, legs).place, Place::Postmaster(titan));
}

#[test]
fn equip_loadout_leaves_a_vault_item_when_the_characters_bucket_is_full() {
    let (mut world, titan, _, _) = cleared();
    while world
        .items
        .iter()
        .filter(|i| {
            i.place == Place::Character(titan) && !i.equipped && world.bucket_of(i) == bucket::POWER
        })
        .count()
        < 9
    {
        give(&mut world, "Hothead", Place::Character(titan));
    }
    let vaulted = give(&mut world, "Hammerhead", Place::Vault);
    let helmet = give(&mut world, "Phoenix Strife Type 0", Place::Character(titan));
    let old_power = worn(&world, titan, bucket::POWER);
    save(
        &mut world,
        titan,
        1,
        &[None, None, None, Some(vaulted), Some(helmet)],
    );
    world
        .equip_loadout(&action_body(1, titan))
        .expect("equips the rest");
    assert_eq!(item(&world, vaulted).place, Place::Vault);
    assert_eq!(worn(&world, titan, bucket::POWER), old_power);
    assert_eq!(worn(&world, titan, bucket::HELMET), Some(helmet));
}

#[test]
fn equip_loadout_keeps_one_item_per_unique_label_the_first_in_slot_order() {
    let (mut world, titan, _, _) = cleared();
    // The Titan wears Ace of Spades (kinetic) and One-Eyed Mask (helmet).
    let pariah = give(&mut world, "Pariah", Place::Character(titan));
    let sunshot = give(&mut world, "Sunshot", Place::Character(titan));
    let horn = give(&mut world, "Gjallarhorn", Place::Vault);
    let heart = give(&mut world, "Heart of Inmost Light", Place::Character(titan));
    let helmet = worn(&world, titan, bucket::HELMET);
    save(
        &mut world,
        titan,
        0,
        &[
            None,
            Some(pariah),
            Some(sunshot),
            Some(horn),
            None,
            None,
            Some(heart),
        ],
    );
    world.equip_loadout(&action_body(0, titan)).expect("equips");
    assert_eq!(worn(&world, titan, bucket::KINETIC), Some(pariah));
    assert_eq!(
        worn(&world, titan, bucket::ENERGY),
        Some(sunshot),
        "the first exotic weapon wins"
    );
    assert_ne!(worn(&world, titan, bucket::POWER), Some(horn));
    assert_eq!(
        item(&world, horn).place,
        Place::Vault,
        "a skipped exotic is not pulled"
    );
    assert_eq!(worn(&world, titan, bucket::HELMET), helmet);
    assert_ne!(
        worn(&world, titan, bucket::CHEST),
        Some(heart),
        "the worn exotic helmet stays, so the exotic chest is skipped"
    );
}

#[test]
fn equip_loadout_skips_an_exotic_while_a_worn_one_keeps_its_label_in_an_untouched_slot() {
    let (mut world, titan, _, _) = cleared();
    let ace = worn(&world, titan, bucket::KINETIC);
    let sunshot = give(&mut world, "Sunshot", Place::Character(titan));
    let gun = give(&mut world, "Hammerhead", Place::Character(titan));
    save(
        &mut world,
        titan,
        0,
        &[None, None, Some(sunshot), Some(gun)],
    );
    world.equip_loadout(&action_body(0, titan)).expect("equips");
    assert_eq!(worn(&world, titan, bucket::KINETIC), ace);
    assert_ne!(worn(&world, titan, bucket::ENERGY), Some(sunshot));
    assert_eq!(worn(&world, titan, bucket::POWER), Some(gun));
}

#[test]
fn a_snapshot_equips_back_after_the_character_changed_gear() {
    let (mut world, titan, _, _) = cleared();
    let (color, icon, name) = identifiers();
    world
        .snapshot_loadout(&update_body(5, titan, color, icon, name))
        .expect("snapshots");
    let saved: Vec<Option<i64>> = crate::world::loadouts::SLOT_BUCKETS
        .iter()
        .map(|slot| worn(&world, titan, *slot))
        .collect();
    for name in ["Drang", "Hammerhead", "Sovereign Plate"] {
        let other = give(&mut world, name, Place::Character(titan));
        world
            .equip_item(&equip_body(other, titan))
            .expect("changes gear");
    }
    world
        .equip_loadout(&action_body(5, titan))
        .expect("equips the snapshot");
    let now_worn: Vec<Option<i64>> = crate::world::loadouts::SLOT_BUCKETS
        .iter()
        .map(|slot| worn(&world, titan, *slot))
        .collect();
    assert_eq!(now_worn, saved);
}
