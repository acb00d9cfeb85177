//! The manifest written from the world's own definitions: the tables the manifest database holds,
//! a version that changes when they change, and every icon path they name.

use serde_json::{Value, json};

use super::World;
use super::activities::{ACTIVITIES, MODES};
use super::defs::{self, BucketDef, ItemDef, bucket, fnv64, icon_path};
use super::objective_defs;
use super::profile::{CLASS_HASHES, GENDER_HASHES, RACE_HASHES};
use crate::manifest_db::ManifestTable;

/// Damage types: enum value, hash, name (API.md §5.1).
const DAMAGE_TYPES: [(i32, u32, &str); 7] = [
    (1, 3_373_582_085, "Kinetic"),
    (2, 2_303_181_850, "Arc"),
    (3, 1_847_026_933, "Solar"),
    (4, 3_454_344_768, "Void"),
    (5, 1_067_729_826, "Raid"),
    (6, 151_347_233, "Stasis"),
    (7, 3_949_783_978, "Strand"),
];

/// Item tiers: tierType, hash, display name.
const TIERS: [(i32, u32, &str); 6] = [
    (1, 3_772_930_460, "Basic"),
    (2, 3_340_296_461, "Common"),
    (3, 2_395_677_314, "Uncommon"),
    (4, 2_127_292_149, "Rare"),
    (5, 4_008_398_120, "Legendary"),
    (6, 2_759_499_571, "Exotic"),
];

/// Stats the profile names: hash, name.
const STATS: [(u32, &str); 14] = [
    (1_935_470_627, "Power"),
    (1_480_404_414, "Attack"),
    (3_897_883_278, "Defense"),
    (392_767_087, "Health"),
    (4_244_567_218, "Melee"),
    (1_735_777_505, "Grenade"),
    (144_602_215, "Super"),
    (1_943_323_491, "Class"),
    (2_996_146_975, "Weapons"),
    (4_043_523_819, "Impact"),
    (1_240_592_695, "Range"),
    (155_624_089, "Stability"),
    (943_549_884, "Handling"),
    (4_188_031_367, "Reload Speed"),
];

/// The `DamageType` hash of an enum value.
pub fn damage_type_hash(damage_type: i32) -> Option<u32> {
    DAMAGE_TYPES
        .iter()
        .find(|d| d.0 == damage_type)
        .map(|d| d.1)
}

fn tier(tier_type: i32) -> (u32, &'static str) {
    TIERS
        .iter()
        .find(|t| t.0 == tier_type)
        .map_or((0, "Unknown"), |t| (t.1, t.2))
}

fn display(name: &str, description: &str, icon: Option<&str>) -> Value {
    let mut out = json!({ "description": description, "name": name, "hasIcon": icon.is_some() });
    if let Some(icon) = icon {
        out["icon"] = json!(icon);
    }
    out
}

/// `DestinyInventoryItemDefinition`.
fn item_json(def: &ItemDef, index: usize) -> Value {
    let (tier_hash, tier_name) = tier(def.tier);
    let ammo = if bucket::POWER == def.bucket {
        3
    } else if bucket::WEAPONS.contains(&def.bucket) {
        if matches!(def.item_sub_type, 7 | 11 | 12) {
            2
        } else {
            1
        }
    } else {
        0
    };
    let damage_hashes: Vec<u32> = damage_type_hash(def.damage_type).into_iter().collect();
    let mut out = json!({
        "displayProperties": display(&def.name, "", Some(&def.icon)),
        "itemTypeDisplayName": def.type_name,
        "itemTypeAndTierDisplayName": format!("{tier_name} {}", def.type_name),
        "flavorText": "",
        "inventory": {
            "bucketTypeHash": def.bucket,
            "recoveryBucketTypeHash": if def.instanced { bucket::LOST_ITEMS } else { 0 },
            "tierTypeHash": tier_hash,
            "tierType": def.tier,
            "tierTypeName": tier_name,
            "isInstanceItem": def.instanced,
            "maxStackSize": def.max_stack,
            "stackUniqueLabel": "",
            "expirationTooltip": "",
            "expiredInActivityMessage": "",
            "expiredInOrbitMessage": "",
            "suppressExpirationWhenObjectivesComplete": true,
        },
        "classType": def.class_type,
        "equippable": def.equippable,
        "nonTransferrable": def.non_transferrable,
        "allowActions": true,
        "doesPostmasterPullHaveSideEffects": def.pull_side_effects,
        "itemType": def.item_type,
        "itemSubType": def.item_sub_type,
        "itemCategoryHashes": [],
        "specialItemType": 0,
        "defaultDamageType": def.damage_type,
        "damageTypeHashes": damage_hashes,
        "damageTypes": if def.damage_type == 0 { vec![] } else { vec![def.damage_type] },
        "isWrapper": false,
        "hash": def.hash,
        "index": index,
        "redacted": false,
        "blacklisted": false,
    });
    if let Some(h) = damage_type_hash(def.damage_type) {
        out["defaultDamageTypeHash"] = json!(h);
    }
    if def.equippable {
        let label = def.unique_label.clone().unwrap_or_default();
        let mut block = json!({
            "uniqueLabel": label,
            "uniqueLabelHash": 0,
            "equipmentSlotTypeHash": def.bucket,
            "attributes": 0,
            "ammoType": ammo,
            "displayStrings": [],
        });
        if let Some(label) = &def.unique_label {
            block["uniqueLabelHash"] = json!(defs::unique_label_hash(label));
        } else if let Some(b) = block.as_object_mut() {
            b.remove("uniqueLabel");
        }
        out["equippingBlock"] = block;
    }
    out
}

/// `DestinyInventoryBucketDefinition`.
fn bucket_json(def: &BucketDef, index: usize) -> Value {
    json!({
        "displayProperties": display(&def.name, "", None),
        "scope": def.scope as i32,
        "category": def.category,
        "bucketOrder": def.order,
        "itemCount": def.item_count,
        "location": def.location,
        "hasTransferDestination": def.has_transfer_destination,
        "enabled": true,
        "fifo": def.fifo,
        "hash": def.hash,
        "index": index,
        "redacted": false,
        "blacklisted": false,
    })
}

fn simple_table(name: &str, rows: Vec<(u32, Value)>) -> ManifestTable {
    ManifestTable {
        name: name.to_owned(),
        rows,
    }
}

/// The manifest tables.
pub fn tables(world: &World) -> Vec<ManifestTable> {
    let items = world
        .catalogue
        .items
        .values()
        .enumerate()
        .map(|(n, d)| {
            let mut row = item_json(d, n);
            objective_defs::decorate_item(&world.catalogue, d, &mut row);
            if let Some(collectible) = world.collectible_of(d.hash) {
                row["collectibleHash"] = json!(collectible);
            }
            (d.hash, row)
        })
        .collect();
    let buckets = world
        .catalogue
        .buckets
        .values()
        .enumerate()
        .map(|(n, d)| (d.hash, bucket_json(d, n)))
        .collect();
    let class_names = ["Titan", "Hunter", "Warlock"];
    let classes = CLASS_HASHES
        .iter()
        .zip(class_names)
        .enumerate()
        .map(|(n, (h, name))| {
            (
                *h,
                json!({
                    "classType": n, "displayProperties": display(name, "", None),
                    "genderedClassNames": { "Male": name, "Female": name },
                    "genderedClassNamesByGenderHash": { "3111576190": name, "2204441813": name },
                    "hash": h, "index": n, "redacted": false, "blacklisted": false,
                }),
            )
        })
        .collect();
    let races = RACE_HASHES
        .iter()
        .zip(["Human", "Awoken", "Exo"])
        .enumerate()
        .map(|(n, (h, name))| {
            (*h, json!({ "displayProperties": display(name, "", None), "raceType": n, "genderedRaceNames": { "Male": name, "Female": name }, "hash": h, "index": n, "redacted": false, "blacklisted": false }))
        })
        .collect();
    let genders = GENDER_HASHES
        .iter()
        .zip(["Masculine", "Feminine"])
        .enumerate()
        .map(|(n, (h, name))| {
            (*h, json!({ "genderType": n, "displayProperties": display(name, "", None), "hash": h, "index": n, "redacted": false, "blacklisted": false }))
        })
        .collect();
    let damage = DAMAGE_TYPES
        .iter()
        .enumerate()
        .map(|(n, (value, h, name))| {
            let icon = icon_path(&format!("damage:{name}"));
            (*h, json!({
                "displayProperties": display(name, "", Some(&icon)), "transparentIconPath": icon, "showIcon": true,
                "enumValue": value, "hash": h, "index": n, "redacted": false, "blacklisted": false,
            }))
        })
        .collect();
    let stats = STATS
        .iter()
        .enumerate()
        .map(|(n, (h, name))| {
            (*h, json!({ "displayProperties": display(name, "", None), "aggregationType": 0, "hasComputedBlock": false, "statCategory": 1, "hash": h, "index": n, "redacted": false, "blacklisted": false }))
        })
        .collect();
    let tiers = TIERS
        .iter()
        .enumerate()
        .map(|(n, (_, h, name))| {
            (*h, json!({ "displayProperties": display(name, "", None), "infusionProcess": { "baseQualityTransferRatio": 0.0, "minimumQualityIncrement": 0 }, "hash": h, "index": n, "redacted": false, "blacklisted": false }))
        })
        .collect();
    let activities: Vec<(u32, serde_json::Value)> = ACTIVITIES
        .iter()
        .enumerate()
        .map(|(n, a)| {
            let modes: Vec<u32> = a.modes.iter().filter_map(|m| super::activities::mode_hash(*m)).collect();
            let props = display(a.name, a.description, Some(&a.image()));
            (a.hash(), json!({
                "displayProperties": props, "originalDisplayProperties": props, "selectionScreenDisplayProperties": props,
                "activityLightLevel": a.light, "destinationHash": 0, "placeHash": 0, "activityTypeHash": 0, "tier": 0,
                "pgcrImage": a.image(), "rewards": [], "modifiers": [], "isPlaylist": false, "challenges": [],
                "directActivityModeHash": modes.first().copied().unwrap_or(0), "directActivityModeType": a.mode(),
                "activityModeHashes": modes, "activityModeTypes": a.modes, "isPvP": a.pvp, "loadouts": [],
                "activityFamilyHashes": [], "traitHashes": [],
                "hash": a.hash(), "index": n, "redacted": false, "blacklisted": false,
            }))
        })
        .collect();
    let activities: Vec<(u32, serde_json::Value)> = activities
        .into_iter()
        .chain(super::activities::IDLE_PLACES.iter().enumerate().map(|(n, p)| {
            let modes: Vec<u32> = p.modes.iter().filter_map(|m| super::activities::mode_hash(*m)).collect();
            let props = display(p.name, "", None);
            (p.hash, json!({
                "displayProperties": props, "originalDisplayProperties": props, "selectionScreenDisplayProperties": props,
                "activityLightLevel": 0, "destinationHash": 0, "placeHash": 0, "activityTypeHash": p.activity_type_hash, "tier": 0,
                "rewards": [], "modifiers": [], "isPlaylist": false, "challenges": [],
                "directActivityModeHash": modes.first().copied(), "directActivityModeType": p.modes.first().copied(),
                "activityModeHashes": modes, "activityModeTypes": p.modes, "isPvP": false, "loadouts": [],
                "activityFamilyHashes": [], "traitHashes": [],
                "hash": p.hash, "index": ACTIVITIES.len() + n, "redacted": false, "blacklisted": false,
            }))
        }))
        .collect();
    let modes = MODES
        .iter()
        .enumerate()
        .map(|(n, m)| {
            (m.hash, json!({
                "displayProperties": display(m.name, "", None), "modeType": m.mode_type, "friendlyName": m.friendly,
                "parentHashes": m.parents, "activityModeCategory": 0, "isTeamBased": false, "isAggregateMode": false,
                "display": true, "order": n,
                "hash": m.hash, "index": n, "redacted": false, "blacklisted": false,
            }))
        })
        .collect();
    vec![
        simple_table("DestinyInventoryItemDefinition", items),
        simple_table("DestinyInventoryBucketDefinition", buckets),
        simple_table("DestinyClassDefinition", classes),
        simple_table("DestinyRaceDefinition", races),
        simple_table("DestinyGenderDefinition", genders),
        simple_table("DestinyDamageTypeDefinition", damage),
        simple_table("DestinyStatDefinition", stats),
        simple_table("DestinyItemTierTypeDefinition", tiers),
        simple_table("DestinyActivityDefinition", activities),
        simple_table("DestinyActivityModeDefinition", modes),
        simple_table(
            "DestinyObjectiveDefinition",
            objective_defs::objective_rows(),
        ),
        simple_table(
            "DestinyMilestoneDefinition",
            objective_defs::milestone_rows(),
        ),
    ]
    .into_iter()
    .chain(super::loadout_defs::tables())
    .chain([
        simple_table(
            "DestinyVendorDefinition",
            super::vendor_defs::vendor_rows(world),
        ),
        simple_table(
            "DestinyVendorGroupDefinition",
            super::vendor_defs::group_rows(),
        ),
        simple_table(
            "DestinyDestinationDefinition",
            super::vendor_defs::destination_rows(),
        ),
        simple_table(
            "DestinyCollectibleDefinition",
            super::collectibles::collectible_rows(world),
        ),
    ])
    .collect()
}

/// The version: a digest of every table, so it changes whenever a definition does.
pub fn version(world: &World) -> String {
    let mut digest = 0u64;
    for table in tables(world) {
        for (hash, json) in &table.rows {
            let text = format!("{}:{hash}:{json}", table.name);
            digest = digest.rotate_left(5) ^ fnv64(text.as_bytes());
        }
    }
    format!("244164.26.06.16.2053-2-sim.{digest:016x}")
}

/// Every icon path the definitions and the characters' emblems name, sorted, without repeats.
pub fn icon_paths(world: &World) -> Vec<String> {
    let mut paths: Vec<String> = world
        .catalogue
        .items
        .values()
        .map(|d| d.icon.clone())
        .collect();
    paths.extend(
        DAMAGE_TYPES
            .iter()
            .map(|(_, _, name)| icon_path(&format!("damage:{name}"))),
    );
    paths.extend(ACTIVITIES.iter().map(|a| a.image()));
    paths.extend(super::loadout_defs::image_paths());
    paths.extend(super::vendor_defs::vendor_icon_paths(world));
    for c in &world.characters {
        paths.push(c.emblem_path.clone());
        paths.push(c.emblem_background_path.clone());
    }
    paths.retain(|p| !p.is_empty());
    paths.sort();
    paths.dedup();
    paths
}
