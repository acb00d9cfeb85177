//! Builders for the store and diff tests (and the `store_commit` bench): items, characters, a
//! large account, and a store in a temporary directory.
// The bench includes this file alone, so it needs its own allowance.
#![allow(dead_code)]

use chrono::{DateTime, TimeZone, Utc};
use tempfile::TempDir;
use vault_raider::store::Store;
use vault_raider::store::apply::bucket_for;
use vault_raider::store::model::{
    Account, Character, CharacterId, Class, Inventory, Item, ItemId, ItemInfo, ItemKind, Location,
    Tier,
};

/// The character buckets gear goes in: kinetic, energy, power, helmet, gauntlets, chest, legs,
/// class item, ghost.
pub const GEAR_BUCKETS: [u32; 9] = [
    1_498_876_634,
    2_465_295_065,
    953_998_645,
    3_448_274_439,
    3_551_918_588,
    14_239_492,
    20_886_954,
    1_585_787_867,
    4_023_194_814,
];
/// The consumables bucket.
pub const CONSUMABLES: u32 = 1_469_714_392;
/// The three characters of the sample account.
pub const CHARACTERS: [CharacterId; 3] = [
    2_305_843_009_260_000_001,
    2_305_843_009_260_000_002,
    2_305_843_009_260_000_003,
];

/// A UTC time `secs` seconds after 2026-11-25T00:00:00Z.
pub fn at(secs: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 25, 0, 0, 0)
        .single()
        .expect("a valid date")
        + chrono::Duration::seconds(secs)
}

/// A store in a fresh temporary directory (keep the directory alive as long as the store).
pub fn temp_store() -> (TempDir, Store) {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let store = Store::open(&dir.path().join("store.redb")).expect("a new store opens");
    (dir, store)
}

/// Definition facts for gear of home bucket `bucket`.
pub fn info(name: &str, bucket: u32) -> ItemInfo {
    let weapon = GEAR_BUCKETS[..3].contains(&bucket);
    ItemInfo {
        name: name.to_string(),
        type_name: if weapon { "Scout Rifle" } else { "Helmet" }.to_string(),
        description: format!("{name}, as the manifest describes it."),
        icon: format!("/common/destiny2_content/icons/{name}.jpg"),
        tier: Tier::Legendary,
        class: None,
        kind: if weapon {
            ItemKind::Weapon
        } else {
            ItemKind::Armor
        },
        home_bucket_hash: bucket,
        unique_label: None,
        max_stack: 1,
        non_transferable: false,
        equippable: true,
        pull_has_side_effects: false,
    }
}

/// An instanced piece of gear of home bucket `bucket` at `location`.
pub fn gear(instance_id: u64, bucket: u32, location: Location, equipped: bool) -> Item {
    let info = info(&format!("Gear {instance_id}"), bucket);
    Item {
        id: ItemId::instance(instance_id),
        hash: 1_000_000 + (instance_id % 500) as u32,
        quantity: 1,
        location,
        bucket_hash: bucket_for(&location, &info),
        equipped,
        locked: instance_id.is_multiple_of(3),
        lockable: true,
        power: Some(1800 + (instance_id % 20) as u32),
        damage: Some("kinetic".to_string()),
        can_equip: true,
        equip_required_level: 0,
        info,
        stats: vec![("Range".to_string(), 40 + (instance_id % 30) as i64)],
        perks: vec!["Outlaw".to_string(), "Rampage".to_string()],
    }
}

/// The `nth` uninstanced stack of `hash` at `location`.
pub fn stack(hash: u32, location: Location, nth: u32, quantity: u32) -> Item {
    let mut info = info(&format!("Consumable {hash}"), CONSUMABLES);
    info.kind = ItemKind::Other;
    info.max_stack = 9999;
    Item {
        id: ItemId::stack(hash, &location, nth),
        hash,
        quantity,
        location,
        bucket_hash: bucket_for(&location, &info),
        equipped: false,
        locked: false,
        lockable: false,
        power: None,
        damage: None,
        can_equip: false,
        equip_required_level: 0,
        info,
        stats: Vec::new(),
        perks: Vec::new(),
    }
}

/// A character last played `played` seconds after the epoch of [`at`].
pub fn character(id: CharacterId, class: Class, played: i64) -> Character {
    Character {
        id,
        class,
        race: "Awoken".to_string(),
        power: 1810,
        level: 50,
        emblem: "/common/destiny2_content/icons/emblem.jpg".to_string(),
        emblem_color: "#1a2b3c".to_string(),
        last_played: Some(at(played)),
        activity: None,
    }
}

/// A large account: three characters with full gear buckets (one equipped and nine more per
/// bucket), consumable stacks in the profile and postmasters, and the rest of `total` items
/// as gear in the vault. Characters most recently played first, items sorted by id.
pub fn large_inventory(total: usize) -> Inventory {
    let characters = vec![
        character(CHARACTERS[0], Class::Warlock, 3_000),
        character(CHARACTERS[1], Class::Titan, 2_000),
        character(CHARACTERS[2], Class::Hunter, 1_000),
    ];
    let mut items = Vec::new();
    let mut next_id = 6_917_529_035_440_000_000_u64;
    for &character_id in &CHARACTERS {
        for &bucket in &GEAR_BUCKETS {
            for slot in 0..10 {
                next_id += 1;
                items.push(gear(
                    next_id,
                    bucket,
                    Location::Character { character_id },
                    slot == 0,
                ));
            }
        }
        for n in 0..10 {
            items.push(stack(
                3_000_000 + n,
                Location::Postmaster { character_id },
                0,
                1 + n,
            ));
        }
    }
    for n in 0..60 {
        items.push(stack(2_000_000 + n, Location::Profile, 0, 10 + n));
    }
    let mut n = 0;
    while items.len() < total {
        next_id += 1;
        items.push(gear(
            next_id,
            GEAR_BUCKETS[n % GEAR_BUCKETS.len()],
            Location::Vault,
            false,
        ));
        n += 1;
    }
    items.sort_by(|a, b| a.id.cmp(&b.id));
    Inventory {
        rev: 0,
        characters,
        items,
        vault_capacity: 700,
        bucket_capacity: GEAR_BUCKETS.iter().map(|&b| (b, 10)).collect(),
        annotations: Default::default(),
        game_loadouts: Vec::new(),
        progress: Vec::new(),
        currencies: Vec::new(),
    }
}

/// The item with `id` in `inventory`, mutably.
pub fn item_mut<'a>(inventory: &'a mut Inventory, id: &ItemId) -> &'a mut Item {
    inventory
        .items
        .iter_mut()
        .find(|i| &i.id == id)
        .expect("the test names an item of the inventory")
}

/// A Destiny account of `membership_type` and `membership_id` named `display_name`.
pub fn destiny_account(membership_type: i32, membership_id: u64, display_name: &str) -> Account {
    Account {
        membership_type,
        membership_id,
        display_name: display_name.into(),
    }
}
