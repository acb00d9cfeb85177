//! Shared fixtures for the moves tests: a small account builder and an in-memory fake of
//! Bungie's action endpoints that enforces the game's rules on its own copy of the truth.
// The planner bench includes this file alone, so it needs its own allowance.
#![allow(dead_code)]

pub mod fake;

use vault_raider::moves::{Destination, Request};
use vault_raider::store::model::{
    Character, CharacterId, Class, Inventory, Item, ItemId, ItemInfo, ItemKind, Loadout,
    LoadoutItem, Location, Tier, VAULT_BUCKET_HASH,
};

/// The titan, played most recently.
pub const TITAN: CharacterId = 2_305_843_009_260_000_001;
/// The hunter.
pub const HUNTER: CharacterId = 2_305_843_009_260_000_002;
/// The warlock, played least recently.
pub const WARLOCK: CharacterId = 2_305_843_009_260_000_003;

pub const KINETIC: u32 = 1_498_876_634;
pub const ENERGY: u32 = 2_465_295_065;
pub const POWER: u32 = 953_998_645;
pub const HELMET: u32 = 3_448_274_439;
pub const GAUNTLETS: u32 = 3_551_918_588;
pub const CHEST: u32 = 14_239_492;
pub const LEGS: u32 = 20_886_954;
pub const CLASS_ITEM: u32 = 1_585_787_867;
pub const GHOST: u32 = 4_023_194_814;
pub const SHIP: u32 = 284_967_655;
pub const EMBLEM: u32 = 4_274_335_291;
pub const CONSUMABLES: u32 = 1_469_714_392;

pub fn on(character_id: CharacterId) -> Location {
    Location::Character { character_id }
}

pub fn pm(character_id: CharacterId) -> Location {
    Location::Postmaster { character_id }
}

pub const VAULT: Location = Location::Vault;

pub fn id(n: u64) -> ItemId {
    ItemId::instance(n)
}

/// A legendary, unequipped, transferable piece of gear in `bucket`, in the vault.
pub fn gear(instance: u64, bucket: u32) -> Item {
    let weapon = [KINETIC, ENERGY, POWER].contains(&bucket);
    let armor = [HELMET, GAUNTLETS, CHEST, LEGS, CLASS_ITEM].contains(&bucket);
    Item {
        id: ItemId::instance(instance),
        hash: 1_000_000 + instance as u32,
        quantity: 1,
        location: Location::Vault,
        bucket_hash: VAULT_BUCKET_HASH,
        equipped: false,
        locked: false,
        lockable: true,
        power: Some(1800),
        damage: weapon.then(|| "kinetic".to_string()),
        can_equip: true,
        equip_required_level: 0,
        info: ItemInfo {
            name: format!("Item {instance}"),
            type_name: if weapon { "Auto Rifle" } else { "Armor" }.to_string(),
            description: String::new(),
            icon: String::new(),
            tier: Tier::Legendary,
            class: None,
            kind: if weapon {
                ItemKind::Weapon
            } else if armor {
                ItemKind::Armor
            } else {
                ItemKind::OtherEquippable
            },
            home_bucket_hash: bucket,
            unique_label: None,
            max_stack: 1,
            non_transferable: false,
            equippable: true,
            pull_has_side_effects: false,
        },
        stats: Vec::new(),
        perks: Vec::new(),
    }
}

/// Builder-style tweaks on an item.
pub trait ItemExt: Sized {
    fn at(self, location: Location) -> Self;
    fn equipped(self) -> Self;
    fn exotic(self) -> Self;
    fn tier(self, tier: Tier) -> Self;
    fn power(self, power: u32) -> Self;
    fn class(self, class: Class) -> Self;
    fn type_name(self, name: &str) -> Self;
    fn no_transfer(self) -> Self;
}

impl ItemExt for Item {
    fn at(mut self, location: Location) -> Self {
        self.bucket_hash = match location {
            Location::Vault => VAULT_BUCKET_HASH,
            Location::Postmaster { .. } => vault_raider::store::model::POSTMASTER_BUCKET_HASH,
            _ => self.info.home_bucket_hash,
        };
        self.location = location;
        self
    }
    fn equipped(mut self) -> Self {
        self.equipped = true;
        self
    }
    fn exotic(mut self) -> Self {
        self.info.tier = Tier::Exotic;
        self.info.unique_label = Some(
            if self.info.kind == ItemKind::Weapon {
                "exotic_weapon"
            } else {
                "exotic_armor"
            }
            .to_string(),
        );
        self
    }
    fn tier(mut self, tier: Tier) -> Self {
        self.info.tier = tier;
        self
    }
    fn power(mut self, power: u32) -> Self {
        self.power = Some(power);
        self
    }
    fn class(mut self, class: Class) -> Self {
        self.info.class = Some(class);
        self
    }
    fn type_name(mut self, name: &str) -> Self {
        self.info.type_name = name.to_string();
        self
    }
    fn no_transfer(mut self) -> Self {
        self.info.non_transferable = true;
        self
    }
}

/// An uninstanced stack of `hash` (account-wide consumables).
pub fn stack(hash: u32, quantity: u32, location: Location) -> Item {
    let mut item = gear(0, CONSUMABLES).at(location);
    item.id = ItemId::stack(hash, &location, 0);
    item.hash = hash;
    item.quantity = quantity;
    item.power = None;
    item.lockable = false;
    item.info.kind = ItemKind::Other;
    item.info.max_stack = 99;
    item.info.equippable = false;
    item.info.name = format!("Consumable {hash}");
    item
}

pub fn character(id: CharacterId, class: Class, last_played: &str) -> Character {
    Character {
        id,
        class,
        race: "Human".to_string(),
        power: 1800,
        level: 50,
        emblem: String::new(),
        emblem_color: "#000000".to_string(),
        last_played: Some(last_played.parse().expect("a time")),
        activity: None,
    }
}

/// Three characters (titan most recently played, warlock least), a vault of `vault_capacity`,
/// every bucket holding 10 (9 + the equipped one).
pub fn account(items: Vec<Item>, vault_capacity: u32) -> Inventory {
    Inventory {
        rev: 100,
        characters: vec![
            character(TITAN, Class::Titan, "2026-11-25T12:00:00Z"),
            character(HUNTER, Class::Hunter, "2026-11-24T12:00:00Z"),
            character(WARLOCK, Class::Warlock, "2026-11-20T12:00:00Z"),
        ],
        items,
        annotations: Default::default(),
        game_loadouts: Vec::new(),
        progress: Vec::new(),
        currencies: Vec::new(),
        vault_capacity,
        bucket_capacity: [
            KINETIC, ENERGY, POWER, HELMET, GAUNTLETS, CHEST, LEGS, CLASS_ITEM, GHOST, SHIP,
        ]
        .iter()
        .map(|b| (*b, 10))
        .collect(),
    }
}

/// `n` filler items numbered from `first` in `bucket` at `location`, with low power.
pub fn filler(first: u64, n: u64, bucket: u32, location: Location) -> Vec<Item> {
    (first..first + n)
        .map(|i| gear(i, bucket).at(location).power(1700 + (i % 50) as u32))
        .collect()
}

/// A titan loadout "Raid" of instanced items `(instance, equip)`.
pub fn loadout(entries: &[(u64, bool)]) -> Loadout {
    Loadout {
        id: "l1".to_string(),
        name: "Raid".to_string(),
        character_id: TITAN,
        class: Class::Titan,
        items: entries
            .iter()
            .map(|(n, equip)| LoadoutItem {
                id: id(*n),
                hash: 1_000_000 + *n as u32,
                equip: *equip,
                quantity: 1,
            })
            .collect(),
        created_at: vault_raider::store::model::Loadout::NEVER_SAVED,
        updated_at: vault_raider::store::model::Loadout::NEVER_SAVED,
    }
}

/// Ten items 1..=10, one per bucket, over the vault (1-5), the hunter (6-8) and the warlock
/// (9-10); item 1 and those in `exotic` are exotic. The titan wears 101..=110.
pub fn ten_item_account(exotic: &[u64]) -> Inventory {
    let buckets = [
        KINETIC, ENERGY, POWER, HELMET, GAUNTLETS, CHEST, LEGS, CLASS_ITEM, GHOST, SHIP,
    ];
    let mut items = Vec::new();
    for (k, bucket) in buckets.iter().enumerate() {
        let n = k as u64 + 1;
        let place = match k {
            0..=4 => VAULT,
            5..=7 => on(HUNTER),
            _ => on(WARLOCK),
        };
        let item = gear(n, *bucket).at(place);
        items.push(if exotic.contains(&n) {
            item.exotic()
        } else {
            item
        });
        items.push(gear(100 + n, *bucket).at(on(TITAN)).equipped());
    }
    account(items, 600)
}

/// A request to move all of item `n` to `dest`.
pub fn to(n: u64, dest: Destination) -> Request {
    Request::Transfer {
        id: id(n),
        to: dest,
        quantity: None,
    }
}

/// A request to equip item `n` on `character_id`.
pub fn equip_on(n: u64, character_id: CharacterId) -> Request {
    Request::Equip {
        id: id(n),
        character_id,
    }
}

/// A request to equip [`loadout`]`(entries)` on the titan.
pub fn titan_loadout(entries: &[(u64, bool)]) -> Request {
    Request::EquipLoadout {
        loadout: loadout(entries),
        character_id: TITAN,
    }
}
