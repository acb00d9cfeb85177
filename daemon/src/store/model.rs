//! The daemon's own model of a Destiny account: what the store keeps, what sync produces, what
//! the planner reasons about and what the server turns into protocol types.
//!
//! These types are internal. They derive `Serialize`/`Deserialize` only so the store can persist
//! them (postcard inside redb); they never go onto the wire. The server converts them into
//! `vault_raider_protocol` types at the boundary.
//!
//! Definition-derived facts (name, tier, class, bucket, unique-equip label…) are copied onto each
//! [`Item`] at sync time, so reads, search and planning never touch the manifest.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

pub use super::currencies::Currency;
pub use super::game_loadout::GameLoadout;
pub use super::progress_entry::{Objective, ProgressEntry, ProgressKind, QuestStep};

/// The hash of Bungie's vault bucket ("General"); every vault item reports it as its bucket.
pub const VAULT_BUCKET_HASH: u32 = 138_197_802;
/// The hash of a character's postmaster bucket ("Lost Items").
pub const POSTMASTER_BUCKET_HASH: u32 = 215_593_132;
/// How many items one character's postmaster holds before the oldest are lost.
pub const POSTMASTER_CAPACITY: u32 = 21;

/// A Destiny character id (an int64 on Bungie's wire, carried as a string there).
pub type CharacterId = u64;

/// A stable item id: the decimal instance id for instanced items, or for an uninstanced stack
/// `hash:<itemHash>@<place>` where place is `vault`, `profile`, a character id, or `pm<characterId>`
/// for a postmaster, with `#<n>` appended for the n-th further stack of the same item in that place.
/// The protocol's `id` is this string.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct ItemId(pub String);

impl ItemId {
    /// The id of an instanced item.
    pub fn instance(instance_id: u64) -> Self {
        ItemId(instance_id.to_string())
    }

    /// The id of the `nth` (0-based) uninstanced stack of `hash` at `location`.
    pub fn stack(hash: u32, location: &Location, nth: u32) -> Self {
        let place = match location {
            Location::Vault => "vault".to_string(),
            Location::Profile => "profile".to_string(),
            Location::Character { character_id } => character_id.to_string(),
            Location::Postmaster { character_id } => format!("pm{character_id}"),
        };
        if nth == 0 {
            ItemId(format!("hash:{hash}@{place}"))
        } else {
            ItemId(format!("hash:{hash}@{place}#{nth}"))
        }
    }

    /// The instance id when this is an instanced item.
    pub fn instance_id(&self) -> Option<u64> {
        self.0.parse().ok()
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for ItemId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Where an item is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Location {
    /// On a character (equipped or in its inventory).
    Character {
        /// The character holding it.
        character_id: CharacterId,
    },
    /// In the account's vault.
    Vault,
    /// In a character's postmaster ("Lost Items").
    Postmaster {
        /// The character whose postmaster holds it.
        character_id: CharacterId,
    },
    /// In an account-wide bucket that is not the vault (consumables, mods, currencies).
    Profile,
}

impl Location {
    /// The character this location belongs to, if any.
    pub fn character_id(&self) -> Option<CharacterId> {
        match self {
            Location::Character { character_id } | Location::Postmaster { character_id } => {
                Some(*character_id)
            }
            Location::Vault | Location::Profile => None,
        }
    }
}

/// A class of guardian.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Class {
    /// Bungie's DestinyClass 0.
    Titan,
    /// Bungie's DestinyClass 1.
    Hunter,
    /// Bungie's DestinyClass 2.
    Warlock,
}

impl Class {
    /// From Bungie's DestinyClass enum value; `None` for 3 (unknown / any) and anything else.
    pub fn from_bungie(class_type: i64) -> Option<Class> {
        match class_type {
            0 => Some(Class::Titan),
            1 => Some(Class::Hunter),
            2 => Some(Class::Warlock),
            _ => None,
        }
    }

    /// The lowercase name the protocol uses (`titan`, `hunter`, `warlock`).
    pub fn slug(&self) -> &'static str {
        match self {
            Class::Titan => "titan",
            Class::Hunter => "hunter",
            Class::Warlock => "warlock",
        }
    }
}

/// An item's rarity, by Bungie's TierType (named as players know them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Tier {
    /// TierType 0.
    Unknown,
    /// TierType 1 (displayed "Basic", used by currencies).
    Currency,
    /// TierType 2, displayed "Common".
    Common,
    /// TierType 3, displayed "Uncommon".
    Uncommon,
    /// TierType 4, displayed "Rare".
    Rare,
    /// TierType 5, displayed "Legendary".
    Legendary,
    /// TierType 6, displayed "Exotic".
    Exotic,
}

impl Tier {
    /// From Bungie's TierType enum value.
    pub fn from_bungie(tier_type: i64) -> Tier {
        match tier_type {
            1 => Tier::Currency,
            2 => Tier::Common,
            3 => Tier::Uncommon,
            4 => Tier::Rare,
            5 => Tier::Legendary,
            6 => Tier::Exotic,
            _ => Tier::Unknown,
        }
    }

    /// The name players see ("Legendary", "Exotic"…).
    pub fn display_name(&self) -> &'static str {
        match self {
            Tier::Unknown => "Unknown",
            Tier::Currency => "Basic",
            Tier::Common => "Common",
            Tier::Uncommon => "Uncommon",
            Tier::Rare => "Rare",
            Tier::Legendary => "Legendary",
            Tier::Exotic => "Exotic",
        }
    }
}

/// What kind of thing an item is, as far as moving and searching care.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ItemKind {
    /// DestinyItemType 3.
    Weapon,
    /// DestinyItemType 2.
    Armor,
    /// Ghosts, ships, sparrows, emblems, subclasses and other equippables.
    OtherEquippable,
    /// Consumables, mods, engrams, materials, currencies.
    Other,
}

/// Facts about an item that come from its definition (the manifest), copied onto the item at
/// sync time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ItemInfo {
    /// The display name ("MIDA Multi-Tool").
    pub name: String,
    /// The type's display name ("Scout Rifle").
    pub type_name: String,
    /// The description shown in game.
    pub description: String,
    /// The icon path relative to bungie.net (`/common/destiny2_content/icons/…`), empty if none.
    pub icon: String,
    /// Rarity.
    pub tier: Tier,
    /// The class that may equip it; `None` when any class may.
    pub class: Option<Class>,
    /// Weapon, armour, other.
    pub kind: ItemKind,
    /// The bucket the item belongs in on a character (its def's `inventory.bucketTypeHash`).
    pub home_bucket_hash: u32,
    /// The unique-equip label (`exotic_weapon`, `exotic_armor`) when at most one may be equipped.
    pub unique_label: Option<String>,
    /// How many fit in one stack (1 for instanced gear).
    pub max_stack: u32,
    /// The game forbids transferring it (subclasses, emblems, quest items).
    pub non_transferable: bool,
    /// It can be equipped at all.
    pub equippable: bool,
    /// Pulling it from the postmaster has side effects, so the API refuses.
    pub pull_has_side_effects: bool,
}

/// The stable slug of a bucket, as the protocol names it (`kinetic`, `helmet`, …). Unknown buckets
/// get `bucket_<hash>`.
pub fn bucket_slug(bucket_hash: u32) -> String {
    let known = match bucket_hash {
        1_498_876_634 => "kinetic",
        2_465_295_065 => "energy",
        953_998_645 => "power",
        3_448_274_439 => "helmet",
        3_551_918_588 => "gauntlets",
        14_239_492 => "chest",
        20_886_954 => "legs",
        1_585_787_867 => "class_item",
        4_023_194_814 => "ghost",
        3_284_755_031 => "subclass",
        4_274_335_291 => "emblems",
        284_967_655 => "ships",
        2_025_709_351 => "vehicle",
        3_683_254_069 => "finishers",
        1_506_418_338 => "artifact",
        375_726_501 => "engrams",
        215_593_132 => "postmaster",
        1_469_714_392 => "consumables",
        3_313_201_758 => "modifications",
        138_197_802 => "vault",
        1_345_459_588 => "quests",
        _ => return format!("bucket_{bucket_hash}"),
    };
    known.to_string()
}

/// One item in the account: a piece of gear or a stack.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Item {
    /// The stable id (see [`ItemId`]).
    pub id: ItemId,
    /// The item's definition hash.
    pub hash: u32,
    /// How many (1 for instanced gear).
    pub quantity: u32,
    /// Where it is.
    pub location: Location,
    /// The bucket it is in now (vault items say [`VAULT_BUCKET_HASH`]).
    pub bucket_hash: u32,
    /// Equipped on its character.
    pub equipped: bool,
    /// Locked against dismantling.
    pub locked: bool,
    /// The lock can be toggled.
    pub lockable: bool,
    /// Power (the instance's primary stat), for gear.
    pub power: Option<u32>,
    /// The damage type's protocol slug (`kinetic`, `arc`, `solar`, `void`, `stasis`, `strand`).
    pub damage: Option<String>,
    /// Bungie says this instance can be equipped by its holder now (`canEquip`).
    pub can_equip: bool,
    /// The level required to equip it (0 when none).
    pub equip_required_level: u32,
    /// Facts from the definition.
    pub info: ItemInfo,
    /// Instance stats (stat name → value), when known.
    pub stats: Vec<(String, i64)>,
    /// Names of the perks/plugs in its sockets, when known.
    pub perks: Vec<String>,
}

impl Item {
    /// The bucket slug of the item's home bucket.
    pub fn bucket_slug(&self) -> String {
        bucket_slug(self.info.home_bucket_hash)
    }

    /// Whether the game lets this item move between character and vault.
    pub fn transferable(&self) -> bool {
        !self.info.non_transferable
    }
}

/// What a character is doing now.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CurrentActivity {
    /// The activity's definition hash.
    pub hash: u32,
    /// The activity's name ("Savathûn's Song").
    pub name: String,
    /// The mode's name ("Strike").
    pub mode: String,
    /// When it started, when Bungie said.
    pub started_at: Option<DateTime<Utc>>,
}

/// A character.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Character {
    /// The character id.
    pub id: CharacterId,
    /// Its class.
    pub class: Class,
    /// Its race's name ("Awoken").
    pub race: String,
    /// Its power (`light`).
    pub power: u32,
    /// Its level, for equip level checks.
    pub level: u32,
    /// The emblem icon path.
    pub emblem: String,
    /// The emblem colour as `#rrggbb`.
    pub emblem_color: String,
    /// When it was last played, when Bungie said.
    pub last_played: Option<DateTime<Utc>>,
    /// The current activity, `None` outside one (orbit counts as outside).
    pub activity: Option<CurrentActivity>,
}

/// The Destiny account the daemon manages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Account {
    /// Bungie's membership type (3 = Steam…).
    pub membership_type: i32,
    /// The Destiny membership id.
    pub membership_id: u64,
    /// "Guardian#1234".
    pub display_name: String,
}

/// One item of a loadout.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoadoutItem {
    /// The item's id (its instance id for gear).
    pub id: ItemId,
    /// Its definition hash (to find a replacement when the instance is gone).
    pub hash: u32,
    /// Equip it (true) or only bring it along (false).
    pub equip: bool,
    /// For stacks: how many to bring.
    pub quantity: u32,
}

impl LoadoutItem {
    /// `item`, to be equipped (one of it).
    pub fn equipping(item: &Item) -> LoadoutItem {
        LoadoutItem {
            id: item.id.clone(),
            hash: item.hash,
            equip: true,
            quantity: 1,
        }
    }
}

/// A saved loadout.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Loadout {
    /// A random id (UUID text).
    pub id: String,
    /// The player's name for it.
    pub name: String,
    /// The character it was saved for.
    pub character_id: CharacterId,
    /// The class it is for.
    pub class: Class,
    /// Its items.
    pub items: Vec<LoadoutItem>,
    /// When it was created (the Unix epoch for a loadout never saved: an in-game slot or a
    /// plan's working loadout).
    pub created_at: DateTime<Utc>,
    /// When it was last changed (as `created_at` for one never saved).
    pub updated_at: DateTime<Utc>,
}

impl Loadout {
    /// The `created_at` and `updated_at` of a loadout never saved (an in-game slot seen as a
    /// loadout, a plan's working loadout): the Unix epoch. Never written to the store or the wire.
    pub const NEVER_SAVED: DateTime<Utc> = DateTime::UNIX_EPOCH;
}

/// Fields of an item that an `updated` change reports.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ItemFieldChanges {
    /// The new lock state.
    pub locked: Option<bool>,
    /// The new quantity.
    pub quantity: Option<u32>,
    /// The new power.
    pub power: Option<u32>,
    /// The new equipped flag (when not reported as an `equipped` change).
    pub equipped: Option<bool>,
}

/// One change to the store, as recorded in the change log and pushed to clients.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Change {
    /// An item moved.
    Moved {
        /// The item.
        id: ItemId,
        /// Where it was.
        from: Location,
        /// Where it is now.
        to: Location,
    },
    /// An item was equipped on a character, replacing another.
    Equipped {
        /// The item now equipped.
        id: ItemId,
        /// The character.
        character_id: CharacterId,
        /// The item that was equipped in that slot before, if any.
        unequipped: Option<ItemId>,
    },
    /// A new item appeared.
    Added {
        /// The whole item.
        item: Box<Item>,
    },
    /// An item went away (dismantled, consumed, deleted from a full postmaster).
    Removed {
        /// The item.
        id: ItemId,
    },
    /// Some fields of an item changed.
    Updated {
        /// The item.
        id: ItemId,
        /// What changed.
        fields: ItemFieldChanges,
    },
    /// A character's facts changed (power, last played, activity…).
    Character {
        /// The character as it is now.
        character: Box<Character>,
    },
    /// The facts an item's definition gives changed while the item stayed the same (same
    /// instance, same hash): a newly installed manifest named an item it did not know, or
    /// re-described one. Pushed to clients as `updated` with the definition's fields. Last, so
    /// change-log records written before it existed still decode.
    Redefined {
        /// The item.
        id: ItemId,
        /// The facts from the new definition.
        info: Box<ItemInfo>,
    },
    /// The player changed an item's tag or note (their own data, kept apart from Bungie's).
    /// Pushed to clients as `updated` with `tag` and `note`. After `Redefined`, for the same
    /// reason.
    Annotated {
        /// The item.
        id: ItemId,
        /// Its tag and note as they are now.
        annotation: Annotation,
    },
    /// An in-game loadout slot changed: saved, renamed, re-coloured, or (`loadout` none)
    /// cleared. After `Annotated`, for the same reason.
    GameLoadout {
        /// The character.
        character_id: CharacterId,
        /// The slot.
        index: u32,
        /// What the slot holds now.
        loadout: Option<Box<GameLoadout>>,
    },
    /// A pursuit's or milestone's progress appeared, moved or went away (its own table).
    Progress {
        /// The character.
        character_id: CharacterId,
        /// The entry's id (an item id, or `milestone:<hash>`).
        id: String,
        /// The entry now; `None` when it is gone.
        entry: Option<Box<ProgressEntry>>,
    },
}

/// DIM's item tags.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Tag {
    /// Never moved aside.
    Favorite,
    /// Never moved aside.
    Keep,
    /// Moved aside first.
    Junk,
    /// For infusion.
    Infuse,
    /// For the vault.
    Archive,
}

impl Tag {
    /// Every tag.
    pub const ALL: [Tag; 5] = [
        Tag::Favorite,
        Tag::Keep,
        Tag::Junk,
        Tag::Infuse,
        Tag::Archive,
    ];

    /// The lowercase name DIM and the protocol use.
    pub fn slug(&self) -> &'static str {
        match self {
            Tag::Favorite => "favorite",
            Tag::Keep => "keep",
            Tag::Junk => "junk",
            Tag::Infuse => "infuse",
            Tag::Archive => "archive",
        }
    }

    /// The tag named `slug`.
    pub fn from_slug(slug: &str) -> Option<Tag> {
        Tag::ALL.into_iter().find(|t| t.slug() == slug)
    }

    /// Whether make-room, farming and the postmaster guard must leave the item where it is.
    pub fn protects(&self) -> bool {
        matches!(self, Tag::Favorite | Tag::Keep)
    }
}

/// The player's own marks on one item.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Annotation {
    /// The tag, if any.
    pub tag: Option<Tag>,
    /// The note, if any (never empty).
    pub note: Option<String>,
}

impl Annotation {
    /// Whether it marks nothing (and so is not kept).
    pub fn is_empty(&self) -> bool {
        self.tag.is_none() && self.note.is_none()
    }
}

/// Every item's marks, by item id.
pub type Annotations = std::collections::BTreeMap<ItemId, Annotation>;

/// A change with the revision that committed it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RevisedChange {
    /// The store revision this change produced.
    pub rev: u64,
    /// The change.
    pub change: Change,
}

/// The whole inventory as one value: what a snapshot returns and what the planner reads.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Inventory {
    /// The store revision this inventory is at.
    pub rev: u64,
    /// The characters, most recently played first.
    pub characters: Vec<Character>,
    /// Every item.
    pub items: Vec<Item>,
    /// The vault's capacity (from the manifest's vault bucket `itemCount`).
    pub vault_capacity: u32,
    /// Per character-bucket capacity, by bucket hash (the bucket's `itemCount`, equipped included).
    pub bucket_capacity: Vec<(u32, u32)>,
    /// The player's tags and notes, by item id (items that are gone may keep theirs).
    pub annotations: Annotations,
    /// The characters' saved in-game loadouts, by character then slot.
    pub game_loadouts: Vec<GameLoadout>,
    /// The characters' pursuits and milestones, by character then id.
    pub progress: Vec<ProgressEntry>,
    /// The account's currencies (component 103), in Bungie's order.
    pub currencies: Vec<Currency>,
}
