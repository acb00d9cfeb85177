//! SnapshotLoadout, UpdateLoadoutIdentifiers and ClearLoadout, and the errors every loadout
//! action shares (unknown character, index outside the ten slots).

use serde_json::json;

use super::loadouts::{action_body, cleared, identifiers, update_body, worn};
use super::*;
use crate::world::defs::bucket;
use crate::world::loadout_defs::{EMPTY_COLOR, EMPTY_ICON, EMPTY_NAME};

#[test]
fn snapshot_saves_what_the_character_wears_anywhere() {
    let (mut world, titan, _, _) = cleared();
    world.start_activity(titan, now()).expect("starts");
    world.set_equipment_locked(titan, true).expect("locks");
    let (color, icon, name) = identifiers();
    assert_eq!(
        world
            .snapshot_loadout(&update_body(4, titan, color, icon, name))
            .expect("snapshots"),
        json!(0)
    );
    let saved = world
        .character(titan)
        .expect("titan")
        .loadouts
        .get(4)
        .cloned();
    let saved = saved.expect("slot 4 is saved");
    assert_eq!(
        (saved.color_hash, saved.icon_hash, saved.name_hash),
        (color, icon, name)
    );
    let expected: Vec<Option<i64>> = crate::world::loadouts::SLOT_BUCKETS
        .iter()
        .map(|slot| worn(&world, titan, *slot))
        .collect();
    assert_eq!(
        saved
            .items
            .iter()
            .map(|i| i.instance_id)
            .collect::<Vec<_>>(),
        expected
    );
    assert!(expected.iter().all(Option::is_some));
    assert!(saved.items.iter().all(|i| i.plugs.is_empty()));
}

#[test]
fn snapshot_writes_a_bare_slot_as_zero_and_null_identifiers_keep_the_slots() {
    let (mut world, titan, _, _) = cleared();
    let class_item = worn(&world, titan, bucket::CLASS_ITEM).expect("a class item");
    world.items.retain(|i| i.instance_id != Some(class_item));
    let body = json!({ "loadoutIndex": 0, "characterId": titan.to_string(), "membershipType": 3 });
    world.snapshot_loadout(&body).expect("snapshots");
    let saved = world
        .character(titan)
        .expect("titan")
        .loadouts
        .get(0)
        .cloned();
    let saved = saved.expect("saved");
    assert_eq!(
        (saved.color_hash, saved.icon_hash, saved.name_hash),
        (EMPTY_COLOR, EMPTY_ICON, EMPTY_NAME)
    );
    assert_eq!(saved.items.last().and_then(|i| i.instance_id), None);
    let out = world.profile_json(&[206], true, now());
    assert_eq!(
        out["characterLoadouts"]["data"][titan.to_string()]["loadouts"][0]["items"][8]["itemInstanceId"],
        "0"
    );
    let (color, _, _) = identifiers();
    let recolour = json!({ "colorHash": color, "iconHash": null, "loadoutIndex": 0, "characterId": titan.to_string(), "membershipType": 3 });
    world.snapshot_loadout(&recolour).expect("snapshots again");
    let saved = world
        .character(titan)
        .expect("titan")
        .loadouts
        .get(0)
        .cloned();
    let saved = saved.expect("saved");
    assert_eq!(
        (saved.color_hash, saved.icon_hash, saved.name_hash),
        (color, EMPTY_ICON, EMPTY_NAME)
    );
}

#[test]
fn snapshot_and_update_refuse_hashes_that_are_not_manifest_rows() {
    let (mut world, titan, _, _) = cleared();
    let (color, icon, name) = identifiers();
    refused(&mut world, 18, |w| {
        w.snapshot_loadout(&update_body(0, titan, 12345, icon, name))
    });
    refused(&mut world, 18, |w| {
        w.snapshot_loadout(&update_body(0, titan, color, 12345, name))
    });
    refused(&mut world, 18, |w| {
        w.snapshot_loadout(&update_body(0, titan, color, icon, 12345))
    });
    // A colour hash is no icon.
    refused(&mut world, 18, |w| {
        w.snapshot_loadout(&update_body(0, titan, color, color, name))
    });
    world
        .snapshot_loadout(&update_body(0, titan, color, icon, name))
        .expect("saves");
    refused(&mut world, 18, |w| {
        w.update_loadout_identifiers(&update_body(0, titan, color, icon, EMPTY_COLOR))
    });
    let mut by_text = update_body(0, titan, color, icon, name);
    by_text["nameHash"] = json!("Raid");
    refused(&mut world, 7, |w| w.update_loadout_identifiers(&by_text));
}

#[test]
fn update_changes_only_the_identifiers_of_a_saved_slot() {
    let (mut world, titan, _, _) = cleared();
    refused(&mut world, 18, |w| {
        w.update_loadout_identifiers(&update_body(1, titan, EMPTY_COLOR, EMPTY_ICON, EMPTY_NAME))
    });
    world
        .snapshot_loadout(&update_body(1, titan, EMPTY_COLOR, EMPTY_ICON, EMPTY_NAME))
        .expect("saves");
    let before = world
        .character(titan)
        .expect("titan")
        .loadouts
        .get(1)
        .cloned()
        .expect("saved");
    let gun = id(&spare(&world, titan, bucket::KINETIC));
    world
        .equip_item(&equip_body(gun, titan))
        .expect("equips another gun");
    let (color, icon, name) = identifiers();
    assert_eq!(
        world
            .update_loadout_identifiers(&update_body(1, titan, color, icon, name))
            .expect("updates"),
        json!(0)
    );
    let after = world
        .character(titan)
        .expect("titan")
        .loadouts
        .get(1)
        .cloned()
        .expect("saved");
    assert_eq!(
        (after.color_hash, after.icon_hash, after.name_hash),
        (color, icon, name)
    );
    assert_eq!(after.items, before.items, "the items stay as saved");
}

#[test]
fn clear_empties_the_slot() {
    let (mut world, titan, _, _) = sample();
    assert!(
        world
            .character(titan)
            .expect("titan")
            .loadouts
            .get(0)
            .is_some()
    );
    assert_eq!(
        world.clear_loadout(&action_body(0, titan)).expect("clears"),
        json!(0)
    );
    assert!(
        world
            .character(titan)
            .expect("titan")
            .loadouts
            .get(0)
            .is_none()
    );
    world
        .clear_loadout(&action_body(0, titan))
        .expect("clearing an empty slot is fine");
    let out = world.profile_json(&[206], true, now());
    assert_eq!(
        out["characterLoadouts"]["data"][titan.to_string()]["loadouts"][0],
        json!({ "colorHash": EMPTY_COLOR, "iconHash": EMPTY_ICON, "nameHash": EMPTY_NAME, "items": [] })
    );
}

#[test]
fn every_action_refuses_an_unknown_character_and_an_index_outside_the_ten_slots() {
    let (mut world, titan, _, _) = sample();
    let (color, icon, name) = identifiers();
    for index in [-1, 10, 11] {
        refused(&mut world, 18, |w| {
            w.equip_loadout(&action_body(index, titan))
        });
        refused(&mut world, 18, |w| {
            w.clear_loadout(&action_body(index, titan))
        });
        refused(&mut world, 18, |w| {
            w.snapshot_loadout(&update_body(index, titan, color, icon, name))
        });
        refused(&mut world, 18, |w| {
            w.update_loadout_identifiers(&update_body(index, titan, color, icon, name))
        });
    }
    refused(&mut world, 1620, |w| w.equip_loadout(&action_body(0, 42)));
    refused(&mut world, 1620, |w| w.clear_loadout(&action_body(0, 42)));
    refused(&mut world, 1620, |w| {
        w.snapshot_loadout(&update_body(0, 42, color, icon, name))
    });
    refused(&mut world, 1620, |w| {
        w.update_loadout_identifiers(&update_body(0, 42, color, icon, name))
    });
    refused(&mut world, 18, |w| {
        w.equip_loadout(&json!({ "characterId": titan.to_string(), "membershipType": 3 }))
    });
}
