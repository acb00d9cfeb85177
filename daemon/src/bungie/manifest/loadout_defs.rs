//! The definitions of an in-game loadout's identifiers: its name, colour and icon, chosen from
//! Bungie's fixed lists (`DestinyLoadoutNameDefinition`, `…ColorDefinition`, `…IconDefinition`).

use super::defs::Definition;
use serde::Deserialize;

/// `DestinyLoadoutNameDefinition`: one of the names a loadout may take.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct LoadoutNameDef {
    /// The hash.
    pub hash: u32,
    /// The name ("Raid").
    pub name: String,
}

impl Definition for LoadoutNameDef {
    const TABLE: &'static str = "DestinyLoadoutNameDefinition";
}

/// `DestinyLoadoutColorDefinition`: one of the colours a loadout may take.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct LoadoutColorDef {
    /// The hash.
    pub hash: u32,
    /// The colour swatch's image, relative to bungie.net.
    pub color_image_path: String,
}

impl Definition for LoadoutColorDef {
    const TABLE: &'static str = "DestinyLoadoutColorDefinition";
}

/// `DestinyLoadoutIconDefinition`: one of the icons a loadout may take.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct LoadoutIconDef {
    /// The hash.
    pub hash: u32,
    /// The icon's image, relative to bungie.net.
    pub icon_image_path: String,
}

impl Definition for LoadoutIconDef {
    const TABLE: &'static str = "DestinyLoadoutIconDefinition";
}
