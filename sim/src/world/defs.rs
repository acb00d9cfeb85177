//! The world's own definitions: what an item kind and a bucket are, as the world's rules need them.
//! The manifest tables are written from these, so the rules and the manifest cannot disagree.

/// Bucket hashes the rules and the sample account name (API.md §5.8).
pub mod bucket {
    /// Kinetic weapons.
    pub const KINETIC: u32 = 1_498_876_634;
    /// Energy weapons.
    pub const ENERGY: u32 = 2_465_295_065;
    /// Power weapons.
    pub const POWER: u32 = 953_998_645;
    /// Helmets.
    pub const HELMET: u32 = 3_448_274_439;
    /// Gauntlets.
    pub const GAUNTLETS: u32 = 3_551_918_588;
    /// Chest armour.
    pub const CHEST: u32 = 14_239_492;
    /// Leg armour.
    pub const LEGS: u32 = 20_886_954;
    /// Class items.
    pub const CLASS_ITEM: u32 = 1_585_787_867;
    /// Ghost shells.
    pub const GHOST: u32 = 4_023_194_814;
    /// Subclasses (never transferred).
    pub const SUBCLASS: u32 = 3_284_755_031;
    /// Emblems.
    pub const EMBLEMS: u32 = 4_274_335_291;
    /// Ships.
    pub const SHIPS: u32 = 284_967_655;
    /// Sparrows.
    pub const VEHICLE: u32 = 2_025_709_351;
    /// Engrams.
    pub const ENGRAMS: u32 = 375_726_501;
    /// Quests and bounties.
    pub const QUESTS: u32 = 1_345_459_588;
    /// The postmaster's Lost Items.
    pub const LOST_ITEMS: u32 = 215_593_132;
    /// The vault (General).
    pub const VAULT: u32 = 138_197_802;
    /// Account-wide consumables.
    pub const CONSUMABLES: u32 = 1_469_714_392;
    /// Account-wide modifications.
    pub const MODIFICATIONS: u32 = 3_313_201_758;
    /// Glimmer.
    pub const GLIMMER: u32 = 2_689_798_308;
    /// Bright Dust.
    pub const BRIGHT_DUST: u32 = 2_689_798_311;
    /// Silver.
    pub const SILVER: u32 = 2_689_798_310;

    /// The three weapon buckets.
    pub const WEAPONS: [u32; 3] = [KINETIC, ENERGY, POWER];
    /// The five armour buckets.
    pub const ARMOR: [u32; 5] = [HELMET, GAUNTLETS, CHEST, LEGS, CLASS_ITEM];
}

/// `BucketScope`: per character or account-wide.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// One bucket per character.
    Character = 0,
    /// One bucket for the account.
    Account = 1,
}

/// One `DestinyInventoryBucketDefinition`, as far as the world uses it.
#[derive(Debug, Clone, PartialEq)]
pub struct BucketDef {
    /// The bucket hash.
    pub hash: u32,
    /// Display name.
    pub name: String,
    /// Character or account scope.
    pub scope: Scope,
    /// `BucketCategory`: 0 Invisible, 1 Item, 2 Currency, 3 Equippable, 4 Ignored.
    pub category: i32,
    /// How many items (stacks) the bucket holds; for equippable buckets that includes the equipped one.
    pub item_count: u32,
    /// `ItemLocation` the bucket lives in.
    pub location: i32,
    /// Whether items in it can be transferred somewhere else.
    pub has_transfer_destination: bool,
    /// Whether the oldest item is dropped when it overflows (the postmaster).
    pub fifo: bool,
    /// Sort order.
    pub order: i32,
}

impl BucketDef {
    /// Whether items in this bucket are equipped (one of them at a time).
    pub fn is_equippable(&self) -> bool {
        self.category == 3
    }
}

/// The buckets of API.md §5.8 with their 2026-06 capacities.
pub fn standard_buckets() -> Vec<BucketDef> {
    use bucket::*;
    let rows: [(u32, &str, Scope, i32, u32, i32, bool); 26] = [
        (KINETIC, "Kinetic Weapons", Scope::Character, 3, 10, 1, true),
        (ENERGY, "Energy Weapons", Scope::Character, 3, 10, 1, true),
        (POWER, "Power Weapons", Scope::Character, 3, 10, 1, true),
        (HELMET, "Helmet", Scope::Character, 3, 10, 1, true),
        (GAUNTLETS, "Gauntlets", Scope::Character, 3, 10, 1, true),
        (CHEST, "Chest Armor", Scope::Character, 3, 10, 1, true),
        (LEGS, "Leg Armor", Scope::Character, 3, 10, 1, true),
        (CLASS_ITEM, "Class Armor", Scope::Character, 3, 10, 1, true),
        (GHOST, "Ghost", Scope::Character, 3, 10, 1, true),
        (SUBCLASS, "Subclass", Scope::Character, 3, 10, 1, false),
        (EMBLEMS, "Emblems", Scope::Character, 3, 10, 1, false),
        (SHIPS, "Ships", Scope::Character, 3, 10, 1, true),
        (VEHICLE, "Vehicle", Scope::Character, 3, 10, 1, true),
        (3_683_254_069, "Finishers", Scope::Character, 3, 10, 1, true),
        (1_506_418_338, "Artifacts", Scope::Character, 3, 7, 1, false),
        (ENGRAMS, "Engrams", Scope::Character, 1, 10, 1, false),
        (LOST_ITEMS, "Lost Items", Scope::Character, 0, 21, 4, false),
        (3_161_908_920, "Messages", Scope::Character, 0, 20, 4, false),
        (
            1_367_666_825,
            "Special Orders",
            Scope::Account,
            0,
            20,
            4,
            false,
        ),
        (VAULT, "General", Scope::Account, 1, 1300, 2, true),
        (CONSUMABLES, "Consumables", Scope::Account, 1, 50, 0, true),
        (
            MODIFICATIONS,
            "Modifications",
            Scope::Account,
            1,
            50,
            0,
            true,
        ),
        (GLIMMER, "Glimmer", Scope::Account, 2, 1, 0, false),
        (BRIGHT_DUST, "Bright Dust", Scope::Account, 2, 1, 0, false),
        (SILVER, "Silver", Scope::Account, 2, 1, 0, false),
        (QUESTS, "Quests", Scope::Character, 1, 63, 1, false),
    ];
    rows.iter()
        .enumerate()
        .map(
            |(order, &(hash, name, scope, category, item_count, location, transfer))| BucketDef {
                hash,
                name: name.to_owned(),
                scope,
                category,
                item_count,
                location,
                has_transfer_destination: transfer,
                fifo: hash == bucket::LOST_ITEMS,
                order: i32::try_from(order).unwrap_or(i32::MAX),
            },
        )
        .collect()
}

/// A bucket definition made up for a bucket hash the world does not know (a loaded profile's).
pub fn generated_bucket(hash: u32, scope: Scope) -> BucketDef {
    BucketDef {
        hash,
        name: format!("Bucket {hash}"),
        scope,
        category: 1,
        item_count: 50,
        location: 1,
        has_transfer_destination: false,
        fifo: false,
        order: 1000,
    }
}

/// One `DestinyInventoryItemDefinition`, as far as the world uses it.
#[derive(Debug, Clone, PartialEq)]
pub struct ItemDef {
    /// The item hash.
    pub hash: u32,
    /// Display name.
    pub name: String,
    /// `itemTypeDisplayName` ("Hand Cannon").
    pub type_name: String,
    /// Home bucket (`inventory.bucketTypeHash`).
    pub bucket: u32,
    /// `TierType`: 2 Basic … 5 Superior (Legendary), 6 Exotic.
    pub tier: i32,
    /// `DestinyClass`: 0 Titan, 1 Hunter, 2 Warlock, 3 any.
    pub class_type: i32,
    /// `DestinyItemType` (3 weapon, 2 armour, 9 consumable, 19 mod…).
    pub item_type: i32,
    /// `DestinyItemSubType`.
    pub item_sub_type: i32,
    /// Whether each copy is an instance with its own id.
    pub instanced: bool,
    /// The largest stack one slot holds.
    pub max_stack: u32,
    /// Transfers are refused (1660).
    pub non_transferrable: bool,
    /// Can be equipped.
    pub equippable: bool,
    /// `equippingBlock.uniqueLabel` (`exotic_weapon`, `exotic_armor`).
    pub unique_label: Option<String>,
    /// `DamageType` enum value (0 none).
    pub damage_type: i32,
    /// `doesPostmasterPullHaveSideEffects`.
    pub pull_side_effects: bool,
    /// The icon path under `https://www.bungie.net`.
    pub icon: String,
}

impl ItemDef {
    /// Whether this is a weapon or a piece of armour (power counts toward light).
    pub fn counts_for_light(&self) -> bool {
        bucket::WEAPONS.contains(&self.bucket) || bucket::ARMOR.contains(&self.bucket)
    }
}

/// The `uniqueLabelHash` Bungie gives a unique label.
pub fn unique_label_hash(label: &str) -> u32 {
    match label {
        "exotic_weapon" => 4_017_842_899,
        "exotic_armor" => 761_097_285,
        other => fnv32(other.as_bytes()),
    }
}

/// A stable 32-bit FNV-1a hash, used for generated hashes and icon names.
pub fn fnv32(bytes: &[u8]) -> u32 {
    bytes.iter().fold(0x811c_9dc5_u32, |h, b| {
        (h ^ u32::from(*b)).wrapping_mul(0x0100_0193)
    })
}

/// A stable 64-bit FNV-1a hash.
pub fn fnv64(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// An icon path in Bungie's shape, derived from a seed text so it is stable.
pub fn icon_path(seed: &str) -> String {
    format!(
        "/common/destiny2_content/icons/{:016x}{:016x}.jpg",
        fnv64(seed.as_bytes()),
        fnv64(format!("{seed}#").as_bytes())
    )
}
