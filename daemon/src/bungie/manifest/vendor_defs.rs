//! Definitions of what vendors and collections show: vendors (name, icon, where they stand) and
//! collectibles (the item, how it is obtained).

use super::defs::{Definition, DisplayProperties};
use serde::Deserialize;

/// `DestinyVendorDefinition` (the fields shown).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct VendorDef {
    /// The hash.
    pub hash: u32,
    /// Name, description, icon.
    pub display_properties: DisplayProperties,
    /// Where the vendor can stand (the vendor component picks one by index).
    pub locations: Vec<VendorLocation>,
    /// Shown in the game's UI.
    pub visible: bool,
}

impl Definition for VendorDef {
    const TABLE: &'static str = "DestinyVendorDefinition";
}

/// One of a vendor's locations.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct VendorLocation {
    /// The `DestinyDestinationDefinition`.
    pub destination_hash: u32,
}

/// `DestinyDestinationDefinition` (its name).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct DestinationDef {
    /// The hash.
    pub hash: u32,
    /// Name.
    pub display_properties: DisplayProperties,
}

impl Definition for DestinationDef {
    const TABLE: &'static str = "DestinyDestinationDefinition";
}

/// `DestinyCollectibleDefinition`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct CollectibleDef {
    /// The hash.
    pub hash: u32,
    /// Name, description, icon.
    pub display_properties: DisplayProperties,
    /// How it is obtained ("Source: Xûr").
    pub source_string: String,
    /// The item it is.
    pub item_hash: u32,
    /// 0 character-scoped (its state is per character), 1 profile.
    pub scope: i32,
    /// Bungie withholds it.
    pub redacted: bool,
}

impl Definition for CollectibleDef {
    const TABLE: &'static str = "DestinyCollectibleDefinition";
}
