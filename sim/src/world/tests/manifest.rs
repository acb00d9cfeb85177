//! The manifest written from the world's definitions.

use super::*;
use crate::manifest_db;

#[test]
fn the_manifest_holds_every_table_and_every_item_the_world_has() {
    let (world, _, _, _) = sample();
    let tables = world.manifest_tables();
    let names: Vec<&str> = tables.iter().map(|t| t.name.as_str()).collect();
    for name in [
        "DestinyInventoryItemDefinition",
        "DestinyInventoryBucketDefinition",
        "DestinyClassDefinition",
        "DestinyDamageTypeDefinition",
        "DestinyStatDefinition",
        "DestinyItemTierTypeDefinition",
        "DestinyActivityDefinition",
        "DestinyActivityModeDefinition",
        "DestinyRaceDefinition",
        "DestinyGenderDefinition",
    ] {
        assert!(names.contains(&name), "{name} missing");
    }
    let items = tables
        .iter()
        .find(|t| t.name == "DestinyInventoryItemDefinition")
        .expect("items");
    for i in &world.items {
        assert!(
            items
                .rows
                .iter()
                .any(|(h, json)| *h == i.hash && json["hash"] == i.hash),
            "no definition for {}",
            i.hash
        );
    }
    let rat_king = items
        .rows
        .iter()
        .find(|(h, _)| *h == 2_362_471_601)
        .expect("Rat King");
    assert_eq!(rat_king.1["displayProperties"]["name"], "Rat King");
    assert_eq!(rat_king.1["equippingBlock"]["uniqueLabel"], "exotic_weapon");
    assert_eq!(
        rat_king.1["equippingBlock"]["uniqueLabelHash"],
        4_017_842_899u32
    );
    let buckets = tables
        .iter()
        .find(|t| t.name == "DestinyInventoryBucketDefinition")
        .expect("buckets");
    let vault = buckets
        .rows
        .iter()
        .find(|(h, _)| *h == 138_197_802)
        .expect("vault");
    assert_eq!(vault.1["itemCount"], 1300);
    let activities = tables
        .iter()
        .find(|t| t.name == "DestinyActivityDefinition")
        .expect("activities");
    assert!(
        activities
            .rows
            .iter()
            .any(|(_, a)| a["displayProperties"]["name"] == "Savathûn's Song"
                && a["directActivityModeType"] == 3)
    );
}

#[test]
fn the_tables_build_into_a_manifest_database() {
    let (world, _, _, _) = sample();
    let sqlite = manifest_db::build_sqlite(&world.manifest_tables()).expect("builds");
    assert!(sqlite.starts_with(b"SQLite format 3\0"));
}

#[test]
fn the_version_follows_the_definitions() {
    let (mut world, _, _, _) = sample();
    let before = world.manifest_version();
    assert_eq!(
        before,
        World::sample(99, true).manifest_version(),
        "same definitions, same version"
    );
    world
        .catalogue
        .buckets
        .get_mut(&crate::world::defs::bucket::VAULT)
        .expect("vault")
        .item_count = 1000;
    assert_ne!(world.manifest_version(), before);
}

#[test]
fn icon_paths_cover_every_item_definition_and_emblem() {
    let (world, titan, _, _) = sample();
    let icons = world.icon_paths();
    for def in world.catalogue.items.values() {
        assert!(icons.contains(&def.icon), "{} missing", def.icon);
        assert!(def.icon.starts_with("/common/destiny2_content/icons/"));
    }
    let emblem = &world.character(titan).expect("titan").emblem_path;
    assert!(icons.contains(emblem));
}
