//! What clients see of an account: items, characters, loadouts, where things are, and the
//! changes that move them. Ids are strings (instance ids do not fit a JSON number).

use crate::tags::ItemTag;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The Destiny account the daemon manages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(rename_all = "camelCase")]
pub struct Account {
    /// Bungie's membership type (3 = Steam…).
    pub membership_type: i32,
    /// The Destiny membership id.
    pub membership_id: String,
    /// The Bungie name ("Guardian#1234").
    pub display_name: String,
    /// Bungie no longer serves this membership's game (a legacy platform, error 1670): listed
    /// in `accounts.list` with `true`, never selectable. Absent otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub unavailable: Option<bool>,
}

/// Where an item is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(tag = "kind", rename_all = "snake_case")]
pub enum Location {
    /// On a character (equipped or in its inventory).
    Character {
        /// The character holding it.
        #[serde(rename = "characterId")]
        #[ts(rename = "characterId")]
        character_id: String,
    },
    /// In the account's vault.
    Vault,
    /// In a character's postmaster.
    Postmaster {
        /// The character whose postmaster holds it.
        #[serde(rename = "characterId")]
        #[ts(rename = "characterId")]
        character_id: String,
    },
    /// In an account-wide bucket that is not the vault (consumables, mods, currencies).
    Profile,
}

/// A guardian class.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema, TS)]
#[serde(rename_all = "snake_case")]
#[ts(rename_all = "snake_case")]
pub enum Class {
    /// Titan.
    Titan,
    /// Hunter.
    Hunter,
    /// Warlock.
    Warlock,
}

/// The class an item is for: one class or any.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema, TS)]
#[serde(rename_all = "snake_case")]
#[ts(rename_all = "snake_case")]
pub enum ItemClass {
    /// Titans only.
    Titan,
    /// Hunters only.
    Hunter,
    /// Warlocks only.
    Warlock,
    /// Any class.
    Any,
}

/// An item's rarity, named as players see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema, TS)]
pub enum Tier {
    /// Unknown rarity.
    Unknown,
    /// Basic (currencies).
    Basic,
    /// Common (white).
    Common,
    /// Uncommon (green).
    Uncommon,
    /// Rare (blue).
    Rare,
    /// Legendary (purple).
    Legendary,
    /// Exotic (gold).
    Exotic,
}

/// An item in a result or an event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(rename_all = "camelCase")]
#[ts(optional_fields)]
pub struct Item {
    /// The instance id, or `hash:<itemHash>…` for a stack without an instance.
    pub id: String,
    /// The item's definition hash.
    pub hash: u32,
    /// Its name ("MIDA Multi-Tool").
    pub name: String,
    /// Its type's name ("Scout Rifle").
    #[serde(rename = "type")]
    #[ts(rename = "type")]
    pub item_type: String,
    /// Its rarity.
    pub tier: Tier,
    /// The stable slug of its bucket (`kinetic`, `helmet`, `consumables`…).
    pub bucket: String,
    /// The class that may use it.
    pub class: ItemClass,
    /// Its power, for gear.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub power: Option<u32>,
    /// Its damage type (`kinetic`, `arc`, `solar`, `void`, `stasis`, `strand`), for weapons.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub damage: Option<String>,
    /// Its icon, a path on bungie.net.
    pub icon: String,
    /// Where it is.
    pub location: Location,
    /// Equipped on its character.
    pub equipped: bool,
    /// How many (1 for gear).
    pub quantity: u32,
    /// Locked against dismantling.
    pub locked: bool,
    /// The game lets it move between characters and the vault.
    pub transferable: bool,
    /// It can be equipped at all.
    pub equippable: bool,
    /// The game lets its lock be toggled (false for ships, emblems, shaders…); absent from older
    /// daemons, read as true.
    #[serde(default = "lockable_default")]
    pub lockable: bool,
    /// The player's tag (`items.tag`); absent when untagged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tag: Option<ItemTag>,
    /// The player's note (`items.note`); absent when none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

fn lockable_default() -> bool {
    true
}

/// One stat of an item (`items.get`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TS)]
pub struct Stat {
    /// The stat's name ("Range").
    pub name: String,
    /// Its value.
    pub value: i64,
}

/// An item with its details, as `items.get` answers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, TS)]
pub struct ItemDetail {
    /// The item.
    #[serde(flatten)]
    #[ts(flatten)]
    pub item: Item,
    /// Its stats.
    pub stats: Vec<Stat>,
    /// The names of its perks.
    pub perks: Vec<String>,
    /// Its in-game description.
    pub description: String,
    /// A bounty's or quest step's objectives with their progress (empty for other items).
    #[serde(default)]
    pub objectives: Vec<crate::progress::Objective>,
}

/// The activity a character is in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(rename_all = "camelCase")]
pub struct CharacterActivity {
    /// The activity's name ("Savathûn's Song").
    pub name: String,
    /// The mode's name ("Strike").
    pub mode: String,
    /// When it started (RFC 3339, UTC).
    pub started_at: String,
}

/// A character.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(rename_all = "camelCase")]
pub struct Character {
    /// The character id.
    pub character_id: String,
    /// Its class.
    pub class: Class,
    /// Its race's name.
    pub race: String,
    /// Its power.
    pub power: u32,
    /// The emblem icon, a path on bungie.net.
    pub emblem: String,
    /// The emblem colour, `#rrggbb`.
    pub emblem_color: String,
    /// When it was last played (RFC 3339, UTC).
    pub last_played: String,
    /// The activity it is in; null outside one.
    #[serde(default)]
    pub activity: Option<CharacterActivity>,
}

/// One item of a loadout.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(rename_all = "camelCase")]
#[ts(optional_fields)]
pub struct LoadoutItem {
    /// The item's id.
    pub id: String,
    /// Its definition hash (to find a replacement when the instance is gone).
    pub hash: u32,
    /// Equip it (true) or only bring it along (false).
    pub equip: bool,
    /// For stacks: how many to bring.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quantity: Option<u32>,
}

/// Who keeps a loadout.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema, TS)]
#[serde(rename_all = "snake_case")]
#[ts(rename_all = "snake_case")]
pub enum LoadoutSource {
    /// Saved by the daemon (the player's own data).
    #[default]
    Daemon,
    /// One of the character's ten in-game slots Bungie keeps.
    Game,
}

/// A saved loadout: the daemon's own, or an in-game one (`source: "game"`, id
/// `game:<characterId>:<index>`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(rename_all = "camelCase")]
#[ts(optional_fields)]
pub struct Loadout {
    /// Its id.
    pub id: String,
    /// The player's name for it.
    pub name: String,
    /// The character it was saved for.
    pub character_id: String,
    /// The class it is for.
    pub class: Class,
    /// Its items.
    pub items: Vec<LoadoutItem>,
    /// When it was created (RFC 3339, UTC); empty for an in-game loadout.
    pub created_at: String,
    /// When it was last changed (RFC 3339, UTC); empty for an in-game loadout.
    pub updated_at: String,
    /// Who keeps it (absent from older daemons: `daemon`).
    #[serde(default)]
    pub source: LoadoutSource,
    /// An in-game loadout's slot, 0–9.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub index: Option<u32>,
    /// An in-game loadout's `DestinyLoadoutNameDefinition` hash.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_hash: Option<u32>,
    /// An in-game loadout's `DestinyLoadoutColorDefinition` hash.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub color_hash: Option<u32>,
    /// An in-game loadout's `DestinyLoadoutIconDefinition` hash.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub icon_hash: Option<u32>,
    /// An in-game loadout's colour swatch (a path on bungie.net).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub color: Option<String>,
    /// An in-game loadout's icon (a path on bungie.net).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub icon: Option<String>,
}

/// The fields of an item an `updated` change reports; only those that changed are present.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema, TS)]
#[serde(rename_all = "camelCase")]
#[ts(optional_fields)]
pub struct ItemFields {
    /// The new lock state.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locked: Option<bool>,
    /// The new quantity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quantity: Option<u32>,
    /// The new power.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub power: Option<u32>,
    /// The new equipped flag.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub equipped: Option<bool>,
    /// The new name: with the fields below, sent together when a newly installed manifest
    /// re-resolved the item (a new season's gear the daemon did not know).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The new type name.
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    #[ts(rename = "type")]
    pub item_type: Option<String>,
    /// The new rarity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tier: Option<Tier>,
    /// The new bucket slug.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bucket: Option<String>,
    /// The new class that may use it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub class: Option<ItemClass>,
    /// The new icon.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub icon: Option<String>,
    /// Whether the game now lets it move.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transferable: Option<bool>,
    /// Whether it can now be equipped.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub equippable: Option<bool>,
    /// The player's new tag; null when it was cleared.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::tags::double_option"
    )]
    pub tag: Option<Option<ItemTag>>,
    /// The player's new note; null when it was cleared.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::tags::double_option"
    )]
    pub note: Option<Option<String>>,
    /// A bounty's or quest step's objectives as they are now (empty: it has none any more).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub objectives: Option<Vec<crate::progress::Objective>>,
}

/// What one change did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(tag = "kind", rename_all = "snake_case")]
pub enum ChangeKind {
    /// An item moved.
    Moved {
        /// The item.
        id: String,
        /// Where it was.
        from: Location,
        /// Where it is now.
        to: Location,
    },
    /// An item was equipped, replacing another.
    Equipped {
        /// The item now equipped.
        id: String,
        /// The character.
        #[serde(rename = "characterId")]
        #[ts(rename = "characterId")]
        character_id: String,
        /// The item equipped in that slot before, if any.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[ts(optional)]
        unequipped: Option<String>,
    },
    /// A new item appeared.
    Added {
        /// The whole item.
        item: Item,
    },
    /// An item went away.
    Removed {
        /// The item.
        id: String,
    },
    /// Some fields of an item changed.
    Updated {
        /// The item.
        id: String,
        /// The fields that changed, with their new values.
        fields: ItemFields,
    },
    /// A character's facts changed.
    Character {
        /// The character as it is now.
        character: Character,
    },
    /// A weekly milestone's progress changed (`milestone` null: it went away).
    Milestone {
        /// The character.
        #[serde(rename = "characterId")]
        #[ts(rename = "characterId")]
        character_id: String,
        /// The milestone's id (`milestone:<hash>`).
        id: String,
        /// The milestone as it is now; null when gone.
        milestone: Option<crate::progress::ProgressItem>,
    },
    /// An in-game loadout slot was saved, changed or cleared (`loadout` null).
    Loadout {
        /// The character.
        #[serde(rename = "characterId")]
        #[ts(rename = "characterId")]
        character_id: String,
        /// The slot, 0–9.
        index: u32,
        /// What the slot holds now; null when cleared.
        loadout: Option<Loadout>,
    },
}

/// One committed change with the revision it produced.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, TS)]
pub struct Change {
    /// The store revision this change produced.
    #[ts(type = "number")]
    pub rev: u64,
    /// What changed.
    #[serde(flatten)]
    #[ts(flatten)]
    pub kind: ChangeKind,
}
