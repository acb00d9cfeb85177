//! The real 2017 manifest rows go into a manifest zip, through `ManifestStore::install_bytes`,
//! and come back out of SQLite unchanged and as the right typed definitions.

// Not run under Wine (scripts/test-windows.sh runs this crate's Windows modules only).
#![cfg(not(windows))]

use std::sync::Arc;

use crate::support::manifest_rows::{TABLES, all_tables, read_rows};
use vault_raider::bungie::manifest::defs::{
    ActivityDef, ActivityModeDef, BucketDef, ClassDef, DamageTypeDef, Definition, ItemDef, StatDef,
    TierDef,
};
use vault_raider::bungie::manifest::{ManifestError, ManifestStore};
use vault_raider::store::model::{Class, ItemInfo, ItemKind, Tier, bucket_slug};
use vault_raider::sync::convert::Definitions;
use vault_raider_sim::manifest_db::{ManifestTable, build_manifest_zip};

/// A store in a fresh directory with every real 2017 table installed as version `2017`.
fn installed(data: &std::path::Path) -> (tempfile::TempDir, ManifestStore) {
    let zip = build_manifest_zip(&all_tables(data), "world_sql_content_2017.content")
        .expect("the real rows build a manifest zip");
    let dir = tempfile::tempdir().expect("temp dir");
    let store = ManifestStore::open(dir.path().join("manifest")).expect("open");
    store
        .install_bytes("2017", &zip, &mut |_| {})
        .expect("the real manifest installs");
    (dir, store)
}

/// The definition `hash` of type `T`, which the test knows is there.
fn def<T: Definition>(store: &ManifestStore, hash: u32) -> Arc<T> {
    let found = store
        .lookup::<T>(hash)
        .unwrap_or_else(|e| panic!("{} {hash}: {e}", T::TABLE));
    found.unwrap_or_else(|| panic!("{} {hash} is missing", T::TABLE))
}

#[test]
fn every_real_row_comes_back_out_of_sqlite_unchanged() {
    let Some(data) =
        crate::support::bungie_data("every_real_row_comes_back_out_of_sqlite_unchanged")
    else {
        return;
    };
    let (_dir, store) = installed(&data);
    let mut checked = 0;
    for table in TABLES {
        for row in read_rows(&data, table) {
            assert_eq!(
                row.id,
                i64::from(row.hash as i32),
                "{table} {}: id is the signed hash",
                row.hash
            );
            let bytes = store
                .raw_json(table, row.hash)
                .expect("lookup")
                .unwrap_or_else(|| {
                    panic!(
                        "{table} {} is missing from the installed manifest",
                        row.hash
                    )
                });
            let back: serde_json::Value =
                serde_json::from_slice(&bytes).expect("stored JSON parses");
            assert_eq!(
                back, row.json,
                "{table} {} changed on its way through SQLite",
                row.hash
            );
            checked += 1;
        }
    }
    let items = read_rows(&data, "DestinyInventoryItemDefinition").len();
    assert_eq!(items, 1_000);
    assert!(checked > items, "checked {checked} rows");
}

#[test]
fn item_lookups_give_the_right_typed_values() {
    let Some(data) = crate::support::bungie_data("item_lookups_give_the_right_typed_values") else {
        return;
    };
    let (_dir, store) = installed(&data);

    let rat_king = def::<ItemDef>(&store, 2_362_471_601);
    assert_eq!(2_362_471_601u32 as i32, -1_932_495_695);
    assert_eq!(rat_king.hash, 2_362_471_601);
    assert_eq!(rat_king.display_properties.name, "Rat King");
    assert_eq!(rat_king.inventory.tier_type, 6);
    assert_eq!(rat_king.item_type, 3);
    assert_eq!(rat_king.default_damage_type, 1);
    assert_eq!(rat_king.unique_label(), Some("exotic_weapon"));
    let info = ItemInfo::from(&*rat_king);
    assert_eq!(Definitions::item(&store, 2_362_471_601), Some(info.clone()));
    assert_eq!(Definitions::item(&store, 12_345), None);
    assert_eq!(info.tier, Tier::Exotic);
    assert_eq!(info.kind, ItemKind::Weapon);
    assert_eq!(info.class, None);
    assert_eq!(bucket_slug(info.home_bucket_hash), "kinetic");
    assert_eq!(info.type_name, "Sidearm");
    assert!(
        info.icon.starts_with("/common/destiny2_content/icons/"),
        "{}",
        info.icon
    );
    assert!(info.equippable && !info.non_transferable && !info.pull_has_side_effects);

    let eye = ItemInfo::from(&*def::<ItemDef>(&store, 2_523_259_392));
    assert_eq!(
        (eye.class, eye.kind, eye.unique_label.as_deref()),
        (Some(Class::Warlock), ItemKind::Armor, Some("exotic_armor"))
    );
    assert_eq!(bucket_slug(eye.home_bucket_hash), "helmet");

    let emblem = ItemInfo::from(&*def::<ItemDef>(&store, 2_390_666_069));
    assert!(emblem.non_transferable);
    assert_eq!(emblem.kind, ItemKind::OtherEquippable);
    assert_eq!(bucket_slug(emblem.home_bucket_hash), "emblems");

    let mod_stack = ItemInfo::from(&*def::<ItemDef>(&store, 2_273_483_223));
    assert_eq!(
        (mod_stack.max_stack, mod_stack.tier, mod_stack.kind),
        (1_000, Tier::Rare, ItemKind::Other)
    );

    let striker = ItemInfo::from(&*def::<ItemDef>(&store, 2_958_378_809));
    assert_eq!(
        (striker.class, striker.non_transferable),
        (Some(Class::Titan), true)
    );
}

#[test]
fn other_tables_give_the_right_typed_values() {
    let Some(data) = crate::support::bungie_data("other_tables_give_the_right_typed_values") else {
        return;
    };
    let (_dir, store) = installed(&data);

    let energy = def::<BucketDef>(&store, 2_465_295_065);
    assert_eq!(
        (
            energy.display_properties.name.as_str(),
            energy.item_count,
            energy.scope,
            energy.category
        ),
        ("Energy Weapons", 10, 0, 3)
    );
    let hunter = def::<ClassDef>(&store, 671_679_327);
    assert_eq!(
        (hunter.class_type, hunter.display_properties.name.as_str()),
        (1, "Hunter")
    );
    let solar = def::<DamageTypeDef>(&store, 1_847_026_933);
    assert_eq!(
        (solar.enum_value, solar.display_properties.name.as_str()),
        (3, "Solar")
    );
    let velocity = def::<StatDef>(&store, 2_523_465_841);
    assert_eq!(
        (
            velocity.display_properties.name.as_str(),
            velocity.aggregation_type
        ),
        ("Velocity", 2)
    );
    let exotic = def::<TierDef>(&store, 2_759_499_571);
    assert_eq!(exotic.display_properties.name, "Exotic");
    let spire = def::<ActivityDef>(&store, 4_185_964_042);
    assert_eq!(spire.display_properties.name, "The Inverted Spire");
    assert_eq!(
        (
            spire.activity_type_hash,
            spire.direct_activity_mode_hash,
            spire.direct_activity_mode_type,
            spire.is_pvp
        ),
        (2_889_152_536, Some(4_110_605_575), Some(3), false)
    );
    let strikes = def::<ActivityModeDef>(&store, 2_394_616_003);
    assert_eq!(
        (
            strikes.name(),
            strikes.friendly_name.as_str(),
            strikes.mode_type
        ),
        ("Strikes", "strikes", 18)
    );
}

#[test]
fn an_unknown_hash_is_none_and_a_hot_definition_comes_from_the_cache() {
    let Some(data) = crate::support::bungie_data(
        "an_unknown_hash_is_none_and_a_hot_definition_comes_from_the_cache",
    ) else {
        return;
    };
    let (_dir, store) = installed(&data);
    assert!(store.lookup::<ItemDef>(12_345).expect("lookup").is_none());
    assert!(
        store
            .raw_json("DestinyClassDefinition", 2_362_471_601)
            .expect("lookup")
            .is_none()
    );
    let first = def::<ItemDef>(&store, 2_362_471_601);
    let second = def::<ItemDef>(&store, 2_362_471_601);
    assert!(
        Arc::ptr_eq(&first, &second),
        "the second lookup parsed again"
    );
    // The same hash in another table is another definition, not the cached item.
    assert!(
        store
            .lookup::<ClassDef>(2_362_471_601)
            .expect("lookup")
            .is_none()
    );
}

#[test]
fn a_definition_that_does_not_parse_is_an_error_for_that_lookup_only() {
    let good = serde_json::json!({"hash": 1, "displayProperties": {"name": "Good"}});
    let bad = serde_json::json!({"hash": 2, "inventory": {"tierType": "six"}});
    let mut tables: Vec<ManifestTable> = vault_raider::bungie::manifest::REQUIRED_TABLES
        .iter()
        .map(|name| ManifestTable {
            name: name.to_string(),
            rows: vec![],
        })
        .collect();
    tables[0].rows = vec![(1, good), (2, bad)];
    let zip = build_manifest_zip(&tables, "world.content").expect("zip");
    let dir = tempfile::tempdir().expect("temp dir");
    let store = ManifestStore::open(dir.path()).expect("open");
    store
        .install_bytes("v", &zip, &mut |_| {})
        .expect("install");
    let err = store
        .lookup::<ItemDef>(2)
        .expect_err("a bad definition is an error");
    assert!(
        matches!(err, ManifestError::BadDefinition { hash: 2, .. }),
        "{err}"
    );
    assert!(
        err.to_string().contains("DestinyInventoryItemDefinition"),
        "{err}"
    );
    let fine = store
        .lookup::<ItemDef>(1)
        .expect("the good one still reads")
        .expect("def");
    assert_eq!(fine.display_properties.name, "Good");
    assert!(matches!(
        store.raw_json("x; DROP TABLE y", 1),
        Err(ManifestError::BadTableName(_))
    ));
}

#[test]
fn lookups_before_any_install_say_so() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = ManifestStore::open(dir.path()).expect("open");
    assert!(matches!(
        store.lookup::<ItemDef>(1),
        Err(ManifestError::NotInstalled)
    ));
    assert!(store.needs_update("anything"));
    assert_eq!(store.version(), None);
}
