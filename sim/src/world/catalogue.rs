//! The world's catalogue of item and bucket definitions: real items typed in by name and hash where
//! known, real names with generated hashes otherwise, and definitions generated for unknown hashes.

use std::collections::BTreeMap;

use super::defs::{self, BucketDef, ItemDef, Scope, bucket};

/// Every definition the world knows; the manifest is written from it.
#[derive(Debug, Clone, Default)]
pub struct Catalogue {
    /// Item definitions by hash.
    pub items: BTreeMap<u32, ItemDef>,
    /// Bucket definitions by hash.
    pub buckets: BTreeMap<u32, BucketDef>,
}

/// A row of the typed-in item list: name, real hash (0 = generate one), type name, bucket, tier,
/// class, itemType, itemSubType, damage type.
pub(super) type Row = (
    &'static str,
    u32,
    &'static str,
    u32,
    i32,
    i32,
    i32,
    i32,
    i32,
);

/// `DestinyClass` Unknown: any class may use it.
pub(super) const ANY: i32 = 3;
const TITAN: i32 = 0;
const HUNTER: i32 = 1;
const WARLOCK: i32 = 2;

/// Weapons: real names, hashes where known (API data README excerpt and well-known exotics).
#[rustfmt::skip]
const WEAPONS: &[Row] = &[
    ("Rat King", 2_362_471_601, "Sidearm", bucket::KINETIC, 6, ANY, 3, 17, 1),
    ("Sturm", 2_907_129_556, "Hand Cannon", bucket::KINETIC, 6, ANY, 3, 9, 1),
    ("Ace of Spades", 347_366_834, "Hand Cannon", bucket::KINETIC, 6, ANY, 3, 9, 1),
    ("Ghost Primus", 2_505_533_224, "Auto Rifle", bucket::KINETIC, 5, ANY, 3, 6, 1),
    ("Pariah", 2_209_451_511, "Auto Rifle", bucket::KINETIC, 5, ANY, 3, 6, 1),
    ("Palindrome", 0, "Hand Cannon", bucket::KINETIC, 5, ANY, 3, 9, 1),
    ("Nameless Midnight", 0, "Scout Rifle", bucket::KINETIC, 5, ANY, 3, 14, 1),
    ("Blast Furnace", 0, "Pulse Rifle", bucket::KINETIC, 5, ANY, 3, 13, 1),
    ("Austringer", 0, "Hand Cannon", bucket::KINETIC, 5, ANY, 3, 9, 1),
    ("Sunshot", 2_907_129_557, "Hand Cannon", bucket::ENERGY, 6, ANY, 3, 9, 3),
    ("Riskrunner", 0, "Submachine Gun", bucket::ENERGY, 6, ANY, 3, 24, 2),
    ("Drang", 2_362_471_600, "Sidearm", bucket::ENERGY, 5, ANY, 3, 17, 3),
    ("Death Adder", 2_517_599_010, "Submachine Gun", bucket::ENERGY, 5, ANY, 3, 24, 3),
    ("Uriel's Gift", 0, "Auto Rifle", bucket::ENERGY, 5, ANY, 3, 6, 2),
    ("Beloved", 0, "Sniper Rifle", bucket::ENERGY, 5, ANY, 3, 12, 3),
    ("Trust", 0, "Hand Cannon", bucket::ENERGY, 5, ANY, 3, 9, 3),
    ("Hush", 0, "Combat Bow", bucket::ENERGY, 5, ANY, 3, 31, 3),
    ("Gjallarhorn", 1_363_886_209, "Rocket Launcher", bucket::POWER, 6, ANY, 3, 10, 3),
    ("Sleeper Simulant", 0, "Linear Fusion Rifle", bucket::POWER, 6, ANY, 3, 22, 2),
    ("Wicked Sister", 2_168_486_467, "Grenade Launcher", bucket::POWER, 5, ANY, 3, 23, 3),
    ("Hammerhead", 0, "Machine Gun", bucket::POWER, 5, ANY, 3, 8, 3),
    ("Falling Guillotine", 0, "Sword", bucket::POWER, 5, ANY, 3, 18, 4),
    ("Hothead", 0, "Rocket Launcher", bucket::POWER, 5, ANY, 3, 10, 3),
    ("Apex Predator", 0, "Rocket Launcher", bucket::POWER, 5, ANY, 3, 10, 4),
];

/// Armour: legendary sets and exotics for each class.
#[rustfmt::skip]
const ARMOR: &[Row] = &[
    ("Phoenix Strife Type 0", 2_191_401_041, "Helmet", bucket::HELMET, 5, TITAN, 2, 26, 0),
    ("Iron Will Gauntlets", 0, "Gauntlets", bucket::GAUNTLETS, 5, TITAN, 2, 27, 0),
    ("Sovereign Plate", 2_154_427_219, "Chest Armor", bucket::CHEST, 5, TITAN, 2, 28, 0),
    ("Crushing Greaves", 2_221_648_234, "Leg Armor", bucket::LEGS, 5, TITAN, 2, 29, 0),
    ("Mark of the Fire", 0, "Titan Mark", bucket::CLASS_ITEM, 5, TITAN, 2, 30, 0),
    ("One-Eyed Mask", 0, "Helmet", bucket::HELMET, 6, TITAN, 2, 26, 0),
    ("Heart of Inmost Light", 0, "Chest Armor", bucket::CHEST, 6, TITAN, 2, 28, 0),
    ("Wildwood Mask", 0, "Helmet", bucket::HELMET, 5, HUNTER, 2, 26, 0),
    ("Swordflight 4.1", 2_296_691_422, "Gauntlets", bucket::GAUNTLETS, 5, HUNTER, 2, 27, 0),
    ("Lost Pacific Vest", 2_380_978_355, "Chest Armor", bucket::CHEST, 5, HUNTER, 2, 28, 0),
    ("Wildwood Strides", 0, "Leg Armor", bucket::LEGS, 5, HUNTER, 2, 29, 0),
    ("Be Thy Guide", 2_159_363_321, "Hunter Cloak", bucket::CLASS_ITEM, 5, HUNTER, 2, 30, 0),
    ("Celestial Nighthawk", 0, "Helmet", bucket::HELMET, 6, HUNTER, 2, 26, 0),
    ("Orpheus Rig", 0, "Leg Armor", bucket::LEGS, 6, HUNTER, 2, 29, 0),
    ("Tesseract Hood", 0, "Helmet", bucket::HELMET, 5, WARLOCK, 2, 26, 0),
    ("Tesseract Grips", 0, "Gauntlets", bucket::GAUNTLETS, 5, WARLOCK, 2, 27, 0),
    ("Exodus Down Robes", 2_359_639_520, "Chest Armor", bucket::CHEST, 5, WARLOCK, 2, 28, 0),
    ("Tesseract Boots", 0, "Leg Armor", bucket::LEGS, 5, WARLOCK, 2, 29, 0),
    ("Bond of Forbearance", 0, "Warlock Bond", bucket::CLASS_ITEM, 5, WARLOCK, 2, 30, 0),
    ("Eye of Another World", 2_523_259_392, "Helmet", bucket::HELMET, 6, WARLOCK, 2, 26, 0),
    ("Sunbracers", 0, "Gauntlets", bucket::GAUNTLETS, 6, WARLOCK, 2, 27, 0),
];

/// Everything else a character carries: ghosts, ships, sparrows, emblems, subclasses, engrams.
#[rustfmt::skip]
const GEAR: &[Row] = &[
    ("Number Two Shell", 2_833_999_136, "Ghost Shell", bucket::GHOST, 5, ANY, 24, 0, 0),
    ("Hemisphere Shell", 0, "Ghost Shell", bucket::GHOST, 5, ANY, 24, 0, 0),
    ("BreakPoint", 2_503_134_032, "Ship", bucket::SHIPS, 5, ANY, 21, 0, 0),
    ("Sagittarius", 2_546_958_592, "Vehicle", bucket::VEHICLE, 5, ANY, 22, 0, 0),
    ("High-Risk, High-Reward", 2_390_666_069, "Emblem", bucket::EMBLEMS, 5, ANY, 14, 0, 0),
    ("Striker", 2_958_378_809, "Titan Subclass", bucket::SUBCLASS, 2, TITAN, 16, 0, 2),
    ("Arcstrider", 0, "Hunter Subclass", bucket::SUBCLASS, 2, HUNTER, 16, 0, 2),
    ("Dawnblade", 0, "Warlock Subclass", bucket::SUBCLASS, 2, WARLOCK, 16, 0, 3),
    ("Bright Engram", 3_215_463_713, "Engram", bucket::ENGRAMS, 5, ANY, 8, 0, 0),
    ("Strike Specialist", 0, "Weekly Bounty", bucket::QUESTS, 2, ANY, 26, 0, 0),
    ("Crucible Contender", 0, "Daily Bounty", bucket::QUESTS, 2, ANY, 26, 0, 0),
    ("Gambit Prime Time", 0, "Daily Bounty", bucket::QUESTS, 2, ANY, 26, 0, 0),
];

/// What a real character also carries unequipped: its other subclasses, more emblems, quests.
#[rustfmt::skip]
const CARRIED: &[Row] = &[
    ("Sunbreaker", 0, "Titan Subclass", bucket::SUBCLASS, 2, TITAN, 16, 0, 3),
    ("Sentinel", 0, "Titan Subclass", bucket::SUBCLASS, 2, TITAN, 16, 0, 4),
    ("Behemoth", 0, "Titan Subclass", bucket::SUBCLASS, 2, TITAN, 16, 0, 6),
    ("Berserker", 0, "Titan Subclass", bucket::SUBCLASS, 2, TITAN, 16, 0, 7),
    ("Gunslinger", 0, "Hunter Subclass", bucket::SUBCLASS, 2, HUNTER, 16, 0, 3),
    ("Nightstalker", 0, "Hunter Subclass", bucket::SUBCLASS, 2, HUNTER, 16, 0, 4),
    ("Revenant", 0, "Hunter Subclass", bucket::SUBCLASS, 2, HUNTER, 16, 0, 6),
    ("Threadrunner", 0, "Hunter Subclass", bucket::SUBCLASS, 2, HUNTER, 16, 0, 7),
    ("Stormcaller", 0, "Warlock Subclass", bucket::SUBCLASS, 2, WARLOCK, 16, 0, 2),
    ("Voidwalker", 0, "Warlock Subclass", bucket::SUBCLASS, 2, WARLOCK, 16, 0, 4),
    ("Shadebinder", 0, "Warlock Subclass", bucket::SUBCLASS, 2, WARLOCK, 16, 0, 6),
    ("Broodweaver", 0, "Warlock Subclass", bucket::SUBCLASS, 2, WARLOCK, 16, 0, 7),
    ("Gilded Age", 0, "Emblem", bucket::EMBLEMS, 5, ANY, 14, 0, 0),
    ("Deep Stone Crypt", 0, "Emblem", bucket::EMBLEMS, 5, ANY, 14, 0, 0),
    ("Field Recon", 0, "Emblem", bucket::EMBLEMS, 3, ANY, 14, 0, 0),
    ("The Lie", 0, "Quest Step", bucket::QUESTS, 6, ANY, 12, 0, 0),
    ("Sword Logic", 0, "Quest Step", bucket::QUESTS, 5, ANY, 12, 0, 0),
];

/// The later steps of the quest lines (`objective_defs::QUEST_LINES`); characters carry only
/// first steps.
#[rustfmt::skip]
const LATER_QUEST_STEPS: &[Row] = &[
    ("The Lie: Nightfall", 0, "Quest Step", bucket::QUESTS, 6, ANY, 12, 0, 0),
    ("The Lie: Communion", 0, "Quest Step", bucket::QUESTS, 6, ANY, 12, 0, 0),
    ("Sword Logic: Raid", 0, "Quest Step", bucket::QUESTS, 5, ANY, 12, 0, 0),
];

/// Stackable account-wide items: name, hash, type name, bucket, tier, max stack.
#[rustfmt::skip]
const STACKS: &[(&str, u32, &str, u32, i32, u32)] = &[
    ("Enhancement Core", 3_853_748_946, "Material", bucket::CONSUMABLES, 3, 9999),
    ("Io Treasure Map", 2_167_159_522, "Treasure Map", bucket::CONSUMABLES, 4, 25),
    ("Enhancement Prism", 4_257_549_984, "Material", bucket::CONSUMABLES, 4, 50),
    ("Ascendant Shard", 4_257_549_985, "Material", bucket::CONSUMABLES, 6, 10),
    ("Solar Damage Mod", 2_273_483_223, "Weapon Mod", bucket::MODIFICATIONS, 4, 1000),
    ("Arc Damage Mod", 0, "Weapon Mod", bucket::MODIFICATIONS, 4, 1000),
    ("Void Damage Mod", 0, "Weapon Mod", bucket::MODIFICATIONS, 4, 1000),
    ("Minor Intellect Mod", 0, "General Armor Mod", bucket::MODIFICATIONS, 4, 1000),
];

/// The currencies: name, hash, bucket.
#[rustfmt::skip]
const CURRENCIES: &[(&str, u32, u32)] = &[
    ("Glimmer", 3_159_615_086, bucket::GLIMMER),
    ("Bright Dust", 2_817_410_917, bucket::BRIGHT_DUST),
    ("Silver", 3_147_280_338, bucket::SILVER),
];

/// The hash of a drop that can only be claimed in game (its pull has side effects).
pub const SIDE_EFFECT_ENGRAM: &str = "Prime Engram";

impl Catalogue {
    /// The standard buckets and the typed-in items.
    pub fn standard() -> Catalogue {
        let mut cat = Catalogue::default();
        for b in defs::standard_buckets() {
            cat.buckets.insert(b.hash, b);
        }
        for row in WEAPONS
            .iter()
            .chain(ARMOR)
            .chain(GEAR)
            .chain(CARRIED)
            .chain(LATER_QUEST_STEPS)
        {
            cat.add(gear_def(row));
        }
        for &(name, hash, type_name, bucket, tier, max_stack) in STACKS {
            let item_type = if bucket == bucket::MODIFICATIONS {
                19
            } else {
                9
            };
            let def = stack_def(name, real_or_generated(hash, name), type_name, bucket, tier);
            cat.add(ItemDef {
                item_type,
                max_stack,
                ..def
            });
        }
        for &(name, hash, bucket) in CURRENCIES {
            let def = stack_def(name, hash, "Currency", bucket, 1);
            cat.add(ItemDef {
                item_type: 1,
                max_stack: 2_147_483_647,
                non_transferrable: true,
                ..def
            });
        }
        let mut prime = gear_def(&(
            SIDE_EFFECT_ENGRAM,
            0,
            "Engram",
            bucket::ENGRAMS,
            6,
            ANY,
            8,
            0,
            0,
        ));
        prime.pull_side_effects = true;
        cat.add(prime);
        cat
    }

    /// Adds (or replaces) an item definition.
    pub fn add(&mut self, def: ItemDef) {
        self.items.insert(def.hash, def);
    }

    /// The item definition for `hash`.
    pub fn item(&self, hash: u32) -> Option<&ItemDef> {
        self.items.get(&hash)
    }

    /// The bucket definition for `hash`.
    pub fn bucket(&self, hash: u32) -> Option<&BucketDef> {
        self.buckets.get(&hash)
    }

    /// The item definition with this display name.
    pub fn by_name(&self, name: &str) -> Option<&ItemDef> {
        self.items.values().find(|d| d.name == name)
    }

    /// Item definitions whose home bucket is `bucket`, in hash order.
    pub fn in_bucket(&self, bucket: u32) -> Vec<&ItemDef> {
        self.items.values().filter(|d| d.bucket == bucket).collect()
    }

    /// The vault's capacity, read from the vault bucket definition.
    pub fn vault_capacity(&self) -> u32 {
        self.bucket(bucket::VAULT).map_or(0, |b| b.item_count)
    }

    /// Makes sure a bucket definition exists for `hash`, generating one if needed.
    pub fn ensure_bucket(&mut self, hash: u32, scope: Scope) {
        self.buckets
            .entry(hash)
            .or_insert_with(|| defs::generated_bucket(hash, scope));
    }
}

/// An uninstanced, unequippable definition usable by any class (callers set type and stack size).
pub(super) fn stack_def(name: &str, hash: u32, type_name: &str, bucket: u32, tier: i32) -> ItemDef {
    ItemDef {
        hash,
        name: name.to_owned(),
        type_name: type_name.to_owned(),
        bucket,
        tier,
        class_type: ANY,
        item_type: 0,
        item_sub_type: 0,
        instanced: false,
        max_stack: 1,
        non_transferrable: false,
        equippable: false,
        unique_label: None,
        damage_type: 0,
        pull_side_effects: false,
        icon: defs::icon_path(name),
    }
}

/// The definition of a weapon, armour piece or other piece of gear from a typed-in row.
pub(super) fn gear_def(row: &Row) -> ItemDef {
    let &(name, hash, type_name, bucket, tier, class_type, item_type, item_sub_type, damage_type) =
        row;
    let exotic_label = if tier == 6 && bucket::WEAPONS.contains(&bucket) {
        Some("exotic_weapon".to_owned())
    } else if tier == 6 && bucket::ARMOR.contains(&bucket) {
        Some("exotic_armor".to_owned())
    } else {
        None
    };
    ItemDef {
        hash: real_or_generated(hash, name),
        name: name.to_owned(),
        type_name: type_name.to_owned(),
        bucket,
        tier,
        class_type,
        item_type,
        item_sub_type,
        instanced: true,
        max_stack: 1,
        non_transferrable: matches!(bucket, bucket::SUBCLASS | bucket::EMBLEMS | bucket::QUESTS),
        equippable: !matches!(bucket, bucket::ENGRAMS | bucket::QUESTS),
        unique_label: exotic_label,
        damage_type,
        pull_side_effects: false,
        icon: defs::icon_path(name),
    }
}

/// The real hash when known, otherwise one generated from the name (stable across runs).
fn real_or_generated(hash: u32, name: &str) -> u32 {
    if hash != 0 {
        hash
    } else {
        defs::fnv32(format!("item:{name}").as_bytes())
    }
}
