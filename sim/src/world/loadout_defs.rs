//! The in-game loadouts' definitions (Lightfall): the colours, icons and names a loadout slot may
//! carry, and `DestinyLoadoutConstantsDefinition` (ten slots per character). The loadout actions
//! accept only hashes these tables hold; the manifest serves them.

use serde_json::{Value, json};

use super::defs::{fnv32, icon_path};
use crate::manifest_db::ManifestTable;

/// How many loadout slots each character has (`loadoutCountPerCharacter`).
pub const LOADOUT_COUNT: usize = 10;
/// The colour of an empty slot (the first colour row).
pub const EMPTY_COLOR: u32 = 3_871_954_967;
/// The icon of an empty slot (the first icon row).
pub const EMPTY_ICON: u32 = 797_343_014;
/// The name of an empty slot ("Loadout", the first name row).
pub const EMPTY_NAME: u32 = 1_797_558_498;
/// The hash of the single `DestinyLoadoutConstantsDefinition` row.
pub const CONSTANTS_HASH: u32 = 1;

/// The colours besides the default one, by the seed their hash and swatch come from.
const COLORS: [&str; 9] = [
    "crimson", "amber", "gold", "lime", "teal", "azure", "violet", "rose", "slate",
];

/// The icons besides the default one.
const ICONS: [&str; 9] = [
    "helmet",
    "sword",
    "skull",
    "crown",
    "ghost",
    "sparrow",
    "shield",
    "crosshair",
    "flame",
];

/// The names a loadout can take besides the default "Loadout".
pub const NAMES: [&str; 19] = [
    "Raid",
    "Dungeon",
    "Nightfall",
    "Crucible",
    "Trials",
    "Iron Banner",
    "Gambit",
    "PvE",
    "PvP",
    "Speed",
    "Support",
    "Boss DPS",
    "Add Clear",
    "Solo",
    "Grandmaster",
    "Champions",
    "Farming",
    "Seasonal",
    "Fashion",
];

/// A generated hash for a row of `table` seeded by `seed` (stable across runs).
fn row_hash(table: &str, seed: &str) -> u32 {
    fnv32(format!("{table}:{seed}").as_bytes())
}

/// The colour hashes in manifest order, the default first.
pub fn color_hashes() -> Vec<u32> {
    std::iter::once(EMPTY_COLOR)
        .chain(COLORS.iter().map(|c| row_hash("loadout-color", c)))
        .collect()
}

/// The icon hashes in manifest order, the default first.
pub fn icon_hashes() -> Vec<u32> {
    std::iter::once(EMPTY_ICON)
        .chain(ICONS.iter().map(|i| row_hash("loadout-icon", i)))
        .collect()
}

/// The name hashes in manifest order, the default first.
pub fn name_hashes() -> Vec<u32> {
    std::iter::once(EMPTY_NAME)
        .chain(NAMES.iter().map(|n| row_hash("loadout-name", n)))
        .collect()
}

/// The hash of the loadout name `name` ("Raid"), if it is one of the rows.
pub fn name_hash(name: &str) -> Option<u32> {
    if name == "Loadout" {
        return Some(EMPTY_NAME);
    }
    NAMES
        .contains(&name)
        .then(|| row_hash("loadout-name", name))
}

/// Every colour row's seed (`"default"` first), for image paths.
fn color_seeds() -> impl Iterator<Item = &'static str> {
    std::iter::once("default").chain(COLORS)
}

/// Every icon row's seed (`"default"` first), for image paths.
fn icon_seeds() -> impl Iterator<Item = &'static str> {
    std::iter::once("default").chain(ICONS)
}

/// The swatch image of a colour row.
fn color_image(seed: &str) -> String {
    icon_path(&format!("loadout-color:{seed}"))
}

/// The image of an icon row.
fn icon_image(seed: &str) -> String {
    icon_path(&format!("loadout-icon:{seed}"))
}

/// The white and black variants of the loadouts icon the constants name.
fn constants_images() -> (String, String) {
    (
        icon_path("loadout-constants:white"),
        icon_path("loadout-constants:black"),
    )
}

/// The common tail of every definition row.
fn row(mut fields: Value, hash: u32, index: usize) -> Value {
    fields["hash"] = json!(hash);
    fields["index"] = json!(index);
    fields["redacted"] = json!(false);
    fields["blacklisted"] = json!(false);
    fields
}

/// The four loadout tables: colours, icons, names and the constants.
pub fn tables() -> Vec<ManifestTable> {
    let colors = color_hashes()
        .into_iter()
        .zip(color_seeds())
        .enumerate()
        .map(|(n, (hash, seed))| {
            let fields = json!({ "colorImagePath": color_image(seed) });
            (hash, row(fields, hash, n))
        })
        .collect();
    let icons = icon_hashes()
        .into_iter()
        .zip(icon_seeds())
        .enumerate()
        .map(|(n, (hash, seed))| {
            let fields = json!({ "iconImagePath": icon_image(seed) });
            (hash, row(fields, hash, n))
        })
        .collect();
    let names = name_hashes()
        .into_iter()
        .zip(std::iter::once("Loadout").chain(NAMES))
        .enumerate()
        .map(|(n, (hash, name))| (hash, row(json!({ "name": name }), hash, n)))
        .collect();
    let (white, black) = constants_images();
    let constants = json!({
        "displayProperties": {
            "description": "Save and equip sets of gear in game.",
            "name": "Loadouts",
            "icon": white,
            "hasIcon": true,
        },
        "whiteIconImagePath": white,
        "blackIconImagePath": black,
        "loadoutCountPerCharacter": LOADOUT_COUNT,
        "loadoutPreviewFilterOutSocketCategoryHashes": [],
        "loadoutPreviewFilterOutSocketTypeHashes": [],
        "loadoutNameHashes": name_hashes(),
        "loadoutIconHashes": icon_hashes(),
        "loadoutColorHashes": color_hashes(),
    });
    vec![
        table("DestinyLoadoutColorDefinition", colors),
        table("DestinyLoadoutIconDefinition", icons),
        table("DestinyLoadoutNameDefinition", names),
        table(
            "DestinyLoadoutConstantsDefinition",
            vec![(CONSTANTS_HASH, row(constants, CONSTANTS_HASH, 0))],
        ),
    ]
}

fn table(name: &str, rows: Vec<(u32, Value)>) -> ManifestTable {
    ManifestTable {
        name: name.to_owned(),
        rows,
    }
}

/// Every image path the loadout tables name (served as icons).
pub fn image_paths() -> Vec<String> {
    let (white, black) = constants_images();
    color_seeds()
        .map(color_image)
        .chain(icon_seeds().map(icon_image))
        .chain([white, black])
        .collect()
}
