//! `DestinyManifest` (GetDestinyManifest): the content version and where the databases are.

use serde::Deserialize;
use std::collections::BTreeMap;

/// GetDestinyManifest's payload.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct DestinyManifest {
    /// The content version; a change means new definitions.
    pub version: String,
    /// The asset database.
    pub mobile_asset_content_path: String,
    /// Locale → path of the world SQLite database (a zip), relative to the site root.
    pub mobile_world_content_paths: BTreeMap<String, String>,
    /// Locale → path of one JSON file with every table.
    pub json_world_content_paths: BTreeMap<String, String>,
    /// Locale → table name → path of that table's JSON file.
    pub json_world_component_content_paths: BTreeMap<String, BTreeMap<String, String>>,
    /// The clan banner database.
    pub mobile_clan_banner_database_path: Option<String>,
    /// The gear asset databases.
    pub mobile_gear_asset_data_bases: Vec<GearAssetDatabase>,
}

impl DestinyManifest {
    /// The world database path for `locale`, falling back to English.
    pub fn world_content_path(&self, locale: &str) -> Option<&str> {
        self.mobile_world_content_paths
            .get(locale)
            .or_else(|| self.mobile_world_content_paths.get("en"))
            .map(String::as_str)
    }
}

/// One gear asset database.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct GearAssetDatabase {
    /// Its version.
    pub version: i32,
    /// Its path.
    pub path: String,
}
