//! The move and equip rules of API.md §5.9, each with its real error code.

use serde_json::json;

use super::*;
use crate::world::defs::bucket;

#[test]
fn transfers_go_between_vault_and_character_only() {
    let (mut world, titan, hunter, _) = sample();
    let gun = spare(&world, titan, bucket::ENERGY);
    refused(&mut world, 1623, |w| {
        w.transfer_item(&transfer_body(&gun, false, hunter))
    });
    assert_eq!(
        world
            .transfer_item(&transfer_body(&gun, true, titan))
            .expect("to the vault"),
        json!(0)
    );
    assert_eq!(item(&world, id(&gun)).place, Place::Vault);
    refused(&mut world, 1623, |w| {
        w.transfer_item(&transfer_body(&gun, true, titan))
    });
    world
        .transfer_item(&transfer_body(&gun, false, hunter))
        .expect("from the vault to the hunter");
    assert_eq!(item(&world, id(&gun)).place, Place::Character(hunter));
}

#[test]
fn equipped_items_cannot_be_transferred() {
    let (mut world, titan, _, _) = sample();
    let worn = find(&world, |w, i| {
        i.place == Place::Character(titan) && i.equipped && w.bucket_of(i) == bucket::POWER
    });
    refused(&mut world, 1656, |w| {
        w.transfer_item(&transfer_body(&worn, true, titan))
    });
}

#[test]
fn equip_needs_the_item_on_that_character_outside_activities_and_unlocked_equipment() {
    let (mut world, titan, hunter, _) = sample();
    let gun = spare(&world, titan, bucket::ENERGY);
    refused(&mut world, 1623, |w| {
        w.equip_item(&equip_body(id(&gun), hunter))
    });
    world
        .start_activity(titan, now())
        .expect("the titan starts an activity");
    refused(&mut world, 1671, |w| {
        w.equip_item(&equip_body(id(&gun), titan))
    });
    world
        .finish_activity(titan, now())
        .expect("the activity ends");
    world
        .set_equipment_locked(titan, true)
        .expect("a known character");
    refused(&mut world, 1640, |w| {
        w.equip_item(&equip_body(id(&gun), titan))
    });
    world
        .set_equipment_locked(titan, false)
        .expect("a known character");
    world
        .equip_item(&equip_body(id(&gun), titan))
        .expect("equips in orbit");
    assert!(item(&world, id(&gun)).equipped);
}

#[test]
fn one_exotic_weapon_and_one_exotic_armour_piece_at_a_time() {
    let (mut world, titan, _, _) = sample();
    // The Titan wears Ace of Spades (kinetic) and One-Eyed Mask (helmet).
    let horn = give(&mut world, "Gjallarhorn", Place::Character(titan));
    refused(&mut world, 1641, |w| w.equip_item(&equip_body(horn, titan)));
    let heart = give(&mut world, "Heart of Inmost Light", Place::Character(titan));
    refused(&mut world, 1641, |w| {
        w.equip_item(&equip_body(heart, titan))
    });
    // The exotic in the slot being replaced does not count.
    let sturm = give(&mut world, "Sturm", Place::Character(titan));
    world
        .equip_item(&equip_body(sturm, titan))
        .expect("replaces the kinetic exotic");
    let ace = hash_of(&world, "Ace of Spades");
    assert!(
        world
            .items
            .iter()
            .any(|i| i.hash == ace && i.place == Place::Character(titan) && !i.equipped)
    );
}

#[test]
fn items_of_another_class_cannot_be_equipped() {
    let (mut world, titan, _, _) = sample();
    let robes = give(&mut world, "Exodus Down Robes", Place::Character(titan));
    refused(&mut world, 1639, |w| {
        w.equip_item(&equip_body(robes, titan))
    });
}

#[test]
fn non_transferrable_items_stay_put() {
    let (mut world, titan, _, _) = sample();
    let bounty = find(&world, |w, i| {
        i.place == Place::Character(titan) && w.bucket_of(i) == bucket::QUESTS
    });
    refused(&mut world, 1660, |w| {
        w.transfer_item(&transfer_body(&bounty, true, titan))
    });
}

#[test]
fn a_full_character_bucket_refuses_more() {
    let (mut world, titan, _, _) = sample();
    while world
        .items
        .iter()
        .filter(|i| {
            i.place == Place::Character(titan)
                && !i.equipped
                && world.bucket_of(i) == bucket::KINETIC
        })
        .count()
        < 9
    {
        give(&mut world, "Pariah", Place::Character(titan));
    }
    let vaulted = find(&world, |w, i| {
        i.place == Place::Vault && w.def_of(i).is_some_and(|d| d.bucket == bucket::KINETIC)
    });
    refused(&mut world, 1642, |w| {
        w.transfer_item(&transfer_body(&vaulted, false, titan))
    });
    // One slot fewer in the bucket definition's itemCount means one fewer item fits.
    let spare_gun = spare(&world, titan, bucket::KINETIC);
    world
        .transfer_item(&transfer_body(&spare_gun, true, titan))
        .expect("makes room");
    world
        .catalogue
        .buckets
        .get_mut(&bucket::KINETIC)
        .expect("known bucket")
        .item_count = 9;
    refused(&mut world, 1642, |w| {
        w.transfer_item(&transfer_body(&vaulted, false, titan))
    });
}

#[test]
fn a_full_vault_refuses_more_with_its_capacity_from_the_bucket_definition() {
    let (mut world, titan, _, _) = sample();
    let gun = spare(&world, titan, bucket::ENERGY);
    let in_vault = world
        .items
        .iter()
        .filter(|i| i.place == Place::Vault)
        .count();
    world
        .catalogue
        .buckets
        .get_mut(&bucket::VAULT)
        .expect("vault")
        .item_count = in_vault as u32;
    refused(&mut world, 1642, |w| {
        w.transfer_item(&transfer_body(&gun, true, titan))
    });
    world
        .catalogue
        .buckets
        .get_mut(&bucket::VAULT)
        .expect("vault")
        .item_count = in_vault as u32 + 1;
    world
        .transfer_item(&transfer_body(&gun, true, titan))
        .expect("one slot left");
}

fn pull_body(item: &Item, character: i64) -> serde_json::Value {
    json!({
        "itemReferenceHash": item.hash, "stackSize": 1, "itemId": id(item).to_string(),
        "characterId": character.to_string(), "membershipType": 3,
    })
}

#[test]
fn postmaster_pulls_go_to_the_same_character() {
    let (mut world, titan, hunter, _) = sample();
    let lost = find(&world, |_, i| i.place == Place::Postmaster(titan));
    refused(&mut world, 1623, |w| {
        w.pull_from_postmaster(&pull_body(&lost, hunter))
    });
    world
        .pull_from_postmaster(&pull_body(&lost, titan))
        .expect("pulls");
    assert_eq!(item(&world, id(&lost)).place, Place::Character(titan));
    refused(&mut world, 1623, |w| {
        w.pull_from_postmaster(&pull_body(&lost, titan))
    });
}

#[test]
fn postmaster_pulls_with_side_effects_are_refused() {
    let (mut world, titan, _, _) = sample();
    let prime = give(
        &mut world,
        crate::world::catalogue::SIDE_EFFECT_ENGRAM,
        Place::Postmaster(titan),
    );
    let prime = item(&world, prime);
    refused(&mut world, 1673, |w| {
        w.pull_from_postmaster(&pull_body(&prime, titan))
    });
}

#[test]
fn postmaster_pull_into_a_full_bucket_is_refused() {
    let (mut world, titan, _, _) = sample();
    let lost = find(&world, |_, i| i.place == Place::Postmaster(titan));
    let home = world.def_of(&lost).map(|d| d.bucket).expect("a definition");
    let room = world
        .catalogue
        .bucket(home)
        .map(|b| b.item_count - 1)
        .expect("a bucket") as usize;
    while world
        .items
        .iter()
        .filter(|i| i.place == Place::Character(titan) && !i.equipped && world.bucket_of(i) == home)
        .count()
        < room
    {
        let name = world
            .def_of(&lost)
            .map(|d| d.name.clone())
            .expect("a definition");
        give(&mut world, &name, Place::Character(titan));
    }
    refused(&mut world, 1642, |w| {
        w.pull_from_postmaster(&pull_body(&lost, titan))
    });
}

fn lock_body(item_id: i64, character: i64, state: bool) -> serde_json::Value {
    json!({ "state": state, "itemId": item_id.to_string(), "characterId": character.to_string(), "membershipType": 3 })
}

#[test]
fn lock_state_toggles_bit_one_of_lockable_instances_only() {
    let (mut world, titan, hunter, _) = sample();
    let gun = find(&world, |_, i| {
        i.place == Place::Vault && i.lockable && i.state == 4
    });
    world
        .set_lock_state(&lock_body(id(&gun), titan, true))
        .expect("locks");
    assert_eq!(
        item(&world, id(&gun)).state,
        5,
        "locked keeps the masterwork bit"
    );
    world
        .set_lock_state(&lock_body(id(&gun), titan, false))
        .expect("unlocks");
    assert_eq!(item(&world, id(&gun)).state, 4);
    let bounty = find(&world, |w, i| {
        i.place == Place::Character(titan) && w.bucket_of(i) == bucket::QUESTS
    });
    refused(&mut world, 1663, |w| {
        w.set_lock_state(&lock_body(id(&bounty), titan, true))
    });
    let on_titan = spare(&world, titan, bucket::ENERGY);
    refused(&mut world, 1623, |w| {
        w.set_lock_state(&lock_body(id(&on_titan), hunter, true))
    });
}

#[test]
fn equipping_swaps_equipped_flags_transfer_status_and_light() {
    let (mut world, titan, _, _) = sample();
    let old = find(&world, |w, i| {
        i.place == Place::Character(titan) && i.equipped && w.bucket_of(i) == bucket::ENERGY
    });
    let new = give(&mut world, "Beloved", Place::Character(titan));
    if let Some(i) = world.items.iter_mut().find(|i| i.instance_id == Some(new)) {
        i.power = old.power + 80;
    }
    let light_before = world.light_of(world.character(titan).expect("titan"));
    world.equip_item(&equip_body(new, titan)).expect("equips");
    let light_after = world.light_of(world.character(titan).expect("titan"));
    assert_eq!(light_after, light_before + 10, "80 more power over 8 slots");
    let profile = world.profile_json(&[200, 201, 205, 300], true, now());
    let key = titan.to_string();
    let equipment = profile["characterEquipment"]["data"][&key]["items"]
        .as_array()
        .expect("equipment");
    let inventory = profile["characterInventories"]["data"][&key]["items"]
        .as_array()
        .expect("inventory");
    let entry = |list: &Vec<serde_json::Value>, id: i64| {
        list.iter()
            .find(|e| e["itemInstanceId"].as_str().and_then(|s| s.parse().ok()) == Some(id))
            .cloned()
    };
    assert_eq!(
        entry(equipment, new).expect("now equipped")["transferStatus"],
        1
    );
    assert_eq!(
        entry(inventory, id(&old)).expect("back in the inventory")["transferStatus"],
        0
    );
    assert!(entry(equipment, id(&old)).is_none());
    assert_eq!(
        profile["itemComponents"]["instances"]["data"][new.to_string()]["isEquipped"],
        true
    );
    assert_eq!(
        profile["itemComponents"]["instances"]["data"][id(&old).to_string()]["isEquipped"],
        false
    );
    assert_eq!(profile["characters"]["data"][&key]["light"], light_after);
}

#[test]
fn equip_items_reports_each_item_and_succeeds_overall() {
    let (mut world, titan, hunter, _) = sample();
    let gun = spare(&world, titan, bucket::POWER);
    let horn = give(&mut world, "Gjallarhorn", Place::Character(titan));
    let elsewhere = spare(&world, hunter, bucket::ENERGY);
    let body = json!({
        "itemIds": [id(&gun).to_string(), horn.to_string(), id(&elsewhere).to_string()],
        "characterId": titan.to_string(), "membershipType": 3,
    });
    let result = world.equip_items(&body).expect("the envelope succeeds");
    let statuses: Vec<_> = result["equipResults"]
        .as_array()
        .expect("results")
        .iter()
        .map(|r| r["equipStatus"].clone())
        .collect();
    assert_eq!(statuses, vec![json!(1), json!(1641), json!(1623)]);
    assert_eq!(
        result["equipResults"][0]["itemInstanceId"],
        id(&gun).to_string()
    );
    assert!(item(&world, id(&gun)).equipped);
}

#[test]
fn bad_bodies_get_bungies_codes_and_change_nothing() {
    let (mut world, titan, _, _) = sample();
    let gun = spare(&world, titan, bucket::ENERGY);
    let good = transfer_body(&gun, true, titan);
    let mut missing = good.clone();
    missing
        .as_object_mut()
        .expect("object")
        .remove("itemReferenceHash");
    refused(&mut world, 18, |w| w.transfer_item(&missing));
    let mut mistyped = good.clone();
    mistyped["itemId"] = json!("not-a-number");
    refused(&mut world, 7, |w| w.transfer_item(&mistyped));
    let mut mistyped = good.clone();
    mistyped["transferToVault"] = json!("yes");
    refused(&mut world, 7, |w| w.transfer_item(&mistyped));
    let mut negative_hash = good.clone();
    negative_hash["itemReferenceHash"] = json!(-5);
    refused(&mut world, 7, |w| w.transfer_item(&negative_hash));
    refused(&mut world, 7, |w| w.transfer_item(&json!([1, 2])));
    refused(&mut world, 7, |w| {
        w.equip_items(
            &json!({"itemIds": "1", "characterId": titan.to_string(), "membershipType": 3}),
        )
    });
    refused(&mut world, 18, |w| {
        w.set_lock_state(&json!({"itemId": id(&gun).to_string(), "characterId": titan.to_string(), "membershipType": 3}))
    });
    let mut stranger = good.clone();
    stranger["characterId"] = json!("2305843009999999999");
    refused(&mut world, 1620, |w| w.transfer_item(&stranger));
    let mut ghost = good.clone();
    ghost["itemId"] = json!("6917529999999999999");
    refused(&mut world, 1623, |w| w.transfer_item(&ghost));
    let mut wrong_hash = good;
    wrong_hash["itemReferenceHash"] = json!(17);
    refused(&mut world, 1623, |w| w.transfer_item(&wrong_hash));
    for body in [
        json!(null),
        json!(1),
        json!("x"),
        json!({}),
        json!({"itemIds": [null]}),
    ] {
        for act in [
            World::transfer_item,
            World::pull_from_postmaster,
            World::equip_item,
            World::equip_items,
            World::set_lock_state,
        ] {
            assert!(act(&mut world, &body).is_err());
        }
    }
}
