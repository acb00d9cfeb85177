//! Typed definitions: the fields of Bungie's definition JSON the daemon reads, one struct per
//! table. Unknown fields are ignored and absent ones take their default, so both the 2017 and
//! today's field sets parse.

use serde::Deserialize;
use serde::de::DeserializeOwned;

/// A definition type stored in one manifest table.
pub trait Definition: DeserializeOwned + Send + Sync + 'static {
    /// The SQLite table (named like the type) that holds it.
    const TABLE: &'static str;
}

/// Bungie's DestinyClass value meaning "any class".
const ANY_CLASS: i32 = 3;

/// Name, description and icon, as every definition carries them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct DisplayProperties {
    /// The display name.
    pub name: String,
    /// The description.
    pub description: String,
    /// The icon path relative to bungie.net; empty when there is none.
    pub icon: String,
    /// Whether `icon` is meaningful.
    pub has_icon: bool,
}

/// `DestinyInventoryItemDefinition`: what an item is.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ItemDef {
    /// The item hash.
    #[serde(default)]
    pub hash: u32,
    /// Name, description, icon.
    #[serde(default)]
    pub display_properties: DisplayProperties,
    /// The type's display name ("Hand Cannon").
    #[serde(default)]
    pub item_type_display_name: String,
    /// Where it goes, its rarity and stack size.
    #[serde(default)]
    pub inventory: ItemInventoryBlock,
    /// The class that may use it (DestinyClass; 3 = any).
    #[serde(default = "any_class")]
    pub class_type: i32,
    /// Present on equippable items: slot and unique-equip label.
    #[serde(default)]
    pub equipping_block: Option<EquippingBlock>,
    /// It can be equipped.
    #[serde(default)]
    pub equippable: bool,
    /// The game refuses to transfer it.
    #[serde(default)]
    pub non_transferrable: bool,
    /// Pulling it from the postmaster has side effects, so the API refuses to.
    #[serde(default)]
    pub does_postmaster_pull_have_side_effects: bool,
    /// DestinyItemType (2 armour, 3 weapon…).
    #[serde(default)]
    pub item_type: i32,
    /// DestinyItemSubType.
    #[serde(default)]
    pub item_sub_type: i32,
    /// DamageType of a weapon (0 none, 1 kinetic, 2 arc, 3 solar, 4 void, 6 stasis, 7 strand).
    #[serde(default)]
    pub default_damage_type: i32,
    /// Bungie withholds this definition's content.
    #[serde(default)]
    pub redacted: bool,
    /// The objectives of a bounty or quest step.
    #[serde(default)]
    pub objectives: Option<super::objective_defs::ObjectivesBlock>,
    /// The quest line a step belongs to, with every step.
    #[serde(default)]
    pub set_data: Option<super::objective_defs::SetDataBlock>,
    /// The collectible that says whether the player ever owned it.
    #[serde(default)]
    pub collectible_hash: Option<u32>,
}

/// Bungie's default for a missing `classType`: any class.
fn any_class() -> i32 {
    ANY_CLASS
}

impl ItemDef {
    /// The unique-equip label (`exotic_weapon`, `exotic_armor`) when it has a non-empty one.
    pub fn unique_label(&self) -> Option<&str> {
        self.equipping_block
            .as_ref()?
            .unique_label
            .as_deref()
            .filter(|l| !l.is_empty())
    }
}

impl Definition for ItemDef {
    const TABLE: &'static str = "DestinyInventoryItemDefinition";
}

/// The `inventory` block of an item definition.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ItemInventoryBlock {
    /// The bucket the item lives in on a character.
    pub bucket_type_hash: u32,
    /// TierType (5 legendary, 6 exotic…).
    pub tier_type: i32,
    /// The tier's definition hash.
    pub tier_type_hash: u32,
    /// The tier's name ("Exotic"); may be absent.
    pub tier_type_name: String,
    /// How many fit in one stack.
    pub max_stack_size: i32,
    /// Each copy is its own instance.
    pub is_instance_item: bool,
}

/// The `equippingBlock` of an item definition.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct EquippingBlock {
    /// At most one item with this label may be equipped (`exotic_weapon`); often absent.
    pub unique_label: Option<String>,
    /// The hash of `unique_label`.
    pub unique_label_hash: u32,
    /// The equipment slot.
    pub equipment_slot_type_hash: u32,
}

/// `DestinyInventoryBucketDefinition`: an inventory bucket and its capacity.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct BucketDef {
    /// The bucket hash.
    pub hash: u32,
    /// Name, description.
    pub display_properties: DisplayProperties,
    /// BucketScope: 0 character, 1 account.
    pub scope: i32,
    /// BucketCategory: 0 invisible, 1 item, 2 currency, 3 equippable, 4 ignored.
    pub category: i32,
    /// Sort order in the game's UI.
    pub bucket_order: i32,
    /// How many items fit (the equipped one included on characters).
    pub item_count: i32,
    /// ItemLocation: 1 inventory, 2 vault, 4 postmaster.
    pub location: i32,
    /// Items in it can be transferred.
    pub has_transfer_destination: bool,
    /// The bucket is in use.
    pub enabled: bool,
}

impl Definition for BucketDef {
    const TABLE: &'static str = "DestinyInventoryBucketDefinition";
}

/// `DestinyClassDefinition`: a guardian class.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ClassDef {
    /// The class hash.
    pub hash: u32,
    /// DestinyClass (0 Titan, 1 Hunter, 2 Warlock).
    pub class_type: i32,
    /// Its name.
    pub display_properties: DisplayProperties,
}

impl Definition for ClassDef {
    const TABLE: &'static str = "DestinyClassDefinition";
}

/// `DestinyDamageTypeDefinition`: a damage type.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct DamageTypeDef {
    /// The damage type hash.
    pub hash: u32,
    /// Name and icon.
    pub display_properties: DisplayProperties,
    /// The DamageType enum value it stands for.
    pub enum_value: i32,
    /// An icon without background.
    pub transparent_icon_path: String,
}

impl Definition for DamageTypeDef {
    const TABLE: &'static str = "DestinyDamageTypeDefinition";
}

/// `DestinyStatDefinition`: a stat.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct StatDef {
    /// The stat hash.
    pub hash: u32,
    /// Its name ("Impact").
    pub display_properties: DisplayProperties,
    /// StatAggregationType.
    pub aggregation_type: i32,
    /// StatCategory.
    pub stat_category: i32,
}

impl Definition for StatDef {
    const TABLE: &'static str = "DestinyStatDefinition";
}

/// `DestinyItemTierTypeDefinition`: a rarity tier.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct TierDef {
    /// The tier hash.
    pub hash: u32,
    /// Its name ("Legendary").
    pub display_properties: DisplayProperties,
}

impl Definition for TierDef {
    const TABLE: &'static str = "DestinyItemTierTypeDefinition";
}

/// `DestinyActivityDefinition`: an activity.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ActivityDef {
    /// The activity hash.
    pub hash: u32,
    /// Its name.
    pub display_properties: DisplayProperties,
    /// Its activity type.
    pub activity_type_hash: u32,
    /// The mode it is played in, when it has one.
    pub direct_activity_mode_hash: Option<u32>,
    /// DestinyActivityModeType of that mode.
    pub direct_activity_mode_type: Option<i32>,
    /// Every DestinyActivityModeType it counts toward.
    pub activity_mode_types: Vec<i32>,
    /// Its recommended light.
    pub activity_light_level: i32,
    /// A PvP activity.
    #[serde(rename = "isPvP")]
    pub is_pvp: bool,
}

impl Definition for ActivityDef {
    const TABLE: &'static str = "DestinyActivityDefinition";
}

/// `DestinyActivityModeDefinition`: an activity mode ("Strike", "Crucible").
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ActivityModeDef {
    /// The mode hash.
    pub hash: u32,
    /// Its name.
    pub display_properties: DisplayProperties,
    /// A short identifier ("AllStrikes").
    pub friendly_name: String,
    /// DestinyActivityModeType.
    pub mode_type: i32,
    /// The modes this one belongs to.
    pub parent_hashes: Vec<u32>,
}

impl ActivityModeDef {
    /// The name to show: the display name, or the friendly name when that is empty.
    pub fn name(&self) -> &str {
        if self.display_properties.name.is_empty() {
            &self.friendly_name
        } else {
            &self.display_properties.name
        }
    }
}

impl Definition for ActivityModeDef {
    const TABLE: &'static str = "DestinyActivityModeDefinition";
}
