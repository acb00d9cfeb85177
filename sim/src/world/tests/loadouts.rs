//! In-game loadouts: the ten slots and component 206, the sample's saved loadouts, loading them
//! from a real profile, and the loadout manifest tables. Helpers for the loadout action tests.

use serde_json::{Value, json};

use super::*;
use crate::world::defs::bucket;
use crate::world::loadout_defs::{self, EMPTY_COLOR, EMPTY_ICON, EMPTY_NAME};
use crate::world::loadouts::{Loadout, LoadoutItem, LoadoutSlots};

/// A `DestinyLoadoutActionRequest` body.
pub(super) fn action_body(index: i64, character: i64) -> Value {
    json!({ "loadoutIndex": index, "characterId": character.to_string(), "membershipType": 3 })
}

/// A `DestinyLoadoutUpdateActionRequest` body.
pub(super) fn update_body(index: i64, character: i64, color: u32, icon: u32, name: u32) -> Value {
    json!({
        "colorHash": color, "iconHash": icon, "nameHash": name,
        "loadoutIndex": index, "characterId": character.to_string(), "membershipType": 3,
    })
}

/// A colour, an icon and a name other than the defaults.
pub(super) fn identifiers() -> (u32, u32, u32) {
    (
        loadout_defs::color_hashes()[3],
        loadout_defs::icon_hashes()[4],
        loadout_defs::name_hash("Raid").expect("a name row"),
    )
}

/// Saves a loadout of `ids` (in slot order, `None` for a bare slot) in the character's slot.
pub(super) fn save(world: &mut World, character: i64, index: usize, ids: &[Option<i64>]) {
    let (color, icon, name) = identifiers();
    let loadout = Loadout {
        color_hash: color,
        icon_hash: icon,
        name_hash: name,
        items: ids
            .iter()
            .map(|id| LoadoutItem {
                instance_id: *id,
                plugs: Vec::new(),
            })
            .collect(),
    };
    world
        .character_mut(character)
        .expect("a character")
        .loadouts
        .set(index, Some(loadout));
}

/// The id of what the character wears in `slot`.
pub(super) fn worn(world: &World, character: i64, slot: u32) -> Option<i64> {
    world
        .items
        .iter()
        .find(|i| {
            i.place == Place::Character(character) && i.equipped && world.bucket_of(i) == slot
        })
        .and_then(|i| i.instance_id)
}

/// How many of the slots hold a saved loadout.
pub(super) fn saved(slots: &LoadoutSlots) -> usize {
    (0..10).filter(|n| slots.get(*n).is_some()).count()
}

/// A fresh sample whose Titan has every loadout slot empty.
pub(super) fn cleared() -> (World, i64, i64, i64) {
    let (mut world, titan, hunter, warlock) = sample();
    for c in &mut world.characters {
        c.loadouts = LoadoutSlots::default();
    }
    (world, titan, hunter, warlock)
}

#[test]
fn empty_slots_keep_the_games_default_shape_and_saved_ones_write_ids_as_strings() {
    let (mut world, titan, _, _) = cleared();
    let spare_gun = id(&spare(&world, titan, bucket::ENERGY));
    save(&mut world, titan, 2, &[None, Some(spare_gun)]);
    let out = world.profile_json(&[206], true, now());
    let slots = out["characterLoadouts"]["data"][titan.to_string()]["loadouts"]
        .as_array()
        .expect("slots")
        .clone();
    assert_eq!(slots.len(), 10);
    let empty = json!({ "colorHash": EMPTY_COLOR, "iconHash": EMPTY_ICON, "nameHash": EMPTY_NAME, "items": [] });
    assert_eq!(slots[0], empty);
    let (color, icon, name) = identifiers();
    assert_eq!(
        slots[2],
        json!({
            "colorHash": color, "iconHash": icon, "nameHash": name,
            "items": [
                { "itemInstanceId": "0", "plugItemHashes": [] },
                { "itemInstanceId": spare_gun.to_string(), "plugItemHashes": [] },
            ],
        })
    );
    assert_eq!(out["characterLoadouts"]["privacy"], 2);
    let state = world.state_json();
    let titan_state = &state["characters"][0]["loadouts"];
    assert_eq!(titan_state[0]["empty"], true);
    assert_eq!(titan_state[2]["index"], 2);
    assert_eq!(titan_state[2]["nameHash"], name);
    assert_eq!(
        titan_state[2]["itemIds"],
        json!(["0", spare_gun.to_string()])
    );
}

#[test]
fn the_sample_saves_two_or_three_loadouts_per_character_and_the_large_one_five() {
    for seed in 0..10 {
        let world = World::sample(seed, false);
        for c in &world.characters {
            assert!(
                (2..=3).contains(&saved(&c.loadouts)),
                "seed {seed}: {} saved",
                saved(&c.loadouts)
            );
            let first = c.loadouts.get(0).expect("the first slot is saved");
            let ids: Vec<Option<i64>> = first.items.iter().map(|i| i.instance_id).collect();
            let wearing: Vec<Option<i64>> = crate::world::loadouts::SLOT_BUCKETS
                .iter()
                .map(|slot| worn(&world, c.id, *slot))
                .collect();
            assert_eq!(ids, wearing, "the first loadout is what is worn");
            assert!(loadout_defs::name_hashes().contains(&first.name_hash));
        }
    }
    let large = World::sample(1, true);
    assert!(large.characters.iter().all(|c| saved(&c.loadouts) == 5));
}

#[test]
fn sample_loadouts_refer_to_vault_items_and_to_another_characters_items() {
    let (world, _, _, _) = sample();
    for c in &world.characters {
        let places: Vec<Place> = (0..10)
            .filter_map(|n| c.loadouts.get(n))
            .flat_map(|l| &l.items)
            .filter_map(|i| i.instance_id)
            .map(|id| item(&world, id).place)
            .collect();
        assert!(places.contains(&Place::Vault), "{places:?}");
        let elsewhere = places
            .iter()
            .any(|p| matches!(p, Place::Character(o) if *o != c.id));
        assert!(elsewhere, "{places:?}");
    }
    for c in &world.characters {
        for loadout in (0..10).filter_map(|n| c.loadouts.get(n)) {
            let labels: Vec<String> = loadout
                .items
                .iter()
                .filter_map(|i| i.instance_id)
                .filter_map(|id| world.def_of(&item(&world, id))?.unique_label.clone())
                .collect();
            let mut unique = labels.clone();
            unique.sort();
            unique.dedup();
            assert_eq!(
                unique.len(),
                labels.len(),
                "one exotic per label: {labels:?}"
            );
        }
    }
}

#[test]
fn loadouts_load_from_a_profiles_component_206() {
    let (mut world, titan, _, _) = cleared();
    let gun = id(&spare(&world, titan, bucket::ENERGY));
    save(&mut world, titan, 1, &[None, Some(gun)]);
    let profile = world.profile_json(&[100, 102, 103, 200, 201, 205, 206, 300], true, now());
    let loaded = World::from_profile_json(&profile).expect("loads");
    assert_eq!(
        loaded.profile_json(&[206], true, now())["characterLoadouts"],
        world.profile_json(&[206], true, now())["characterLoadouts"]
    );
}

#[test]
fn the_manifest_holds_the_loadout_tables_with_the_empty_slot_rows() {
    let (world, _, _, _) = sample();
    let tables = world.manifest_tables();
    let rows = |name: &str| {
        tables
            .iter()
            .find(|t| t.name == name)
            .map(|t| t.rows.clone())
            .unwrap_or_else(|| panic!("{name} missing"))
    };
    let colors = rows("DestinyLoadoutColorDefinition");
    let icons = rows("DestinyLoadoutIconDefinition");
    let names = rows("DestinyLoadoutNameDefinition");
    assert_eq!((colors.len(), icons.len(), names.len()), (10, 10, 20));
    assert!(
        colors
            .iter()
            .any(|(h, r)| *h == EMPTY_COLOR && r["colorImagePath"].is_string())
    );
    assert!(
        icons
            .iter()
            .any(|(h, r)| *h == EMPTY_ICON && r["iconImagePath"].is_string())
    );
    assert!(
        names
            .iter()
            .any(|(h, r)| *h == EMPTY_NAME && r["name"] == "Loadout")
    );
    assert!(names.iter().any(|(_, r)| r["name"] == "Boss DPS"));
    let constants = rows("DestinyLoadoutConstantsDefinition");
    let (hash, row) = constants.first().expect("one row");
    assert_eq!(*hash, 1);
    assert_eq!(row["loadoutCountPerCharacter"], 10);
    let listed = |field: &str| row[field].as_array().map_or(0, Vec::len);
    assert_eq!(
        (
            listed("loadoutColorHashes"),
            listed("loadoutIconHashes"),
            listed("loadoutNameHashes")
        ),
        (10, 10, 20)
    );
    let images = world.icon_paths();
    for (_, r) in &colors {
        assert!(
            images
                .iter()
                .any(|p| Some(p.as_str()) == r["colorImagePath"].as_str())
        );
    }
}
