//! The simulator's own vendors: Xûr, Banshee-44, Ada-1 and Tess Everis with their real vendor
//! hashes, what each sells (items of the world's catalogue, some sold nowhere else), the price in
//! currencies and materials, and when each refreshes (the daily or the weekly reset).

use super::catalogue::{ANY, Catalogue, Row, gear_def, stack_def};
use super::defs::{ItemDef, bucket, icon_path};

/// When a vendor's stock rotates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refresh {
    /// At the daily reset (17:00 UTC).
    Daily,
    /// At the weekly reset (Tuesday 17:00 UTC).
    Weekly,
}

/// One offer of a vendor: the item (by catalogue name), how many, its display category and its
/// price as (currency or material name, quantity).
#[derive(Debug, Clone, Copy)]
pub struct OfferRow {
    /// The item's name in the catalogue.
    pub item: &'static str,
    /// How many one purchase gives.
    pub quantity: u32,
    /// Index into the vendor's display categories.
    pub category: usize,
    /// The price: (item name, quantity) pairs.
    pub costs: &'static [(&'static str, u32)],
}

/// One of the simulator's vendors.
#[derive(Debug, Clone, Copy)]
pub struct VendorRow {
    /// The real vendor hash.
    pub hash: u32,
    /// Display name.
    pub name: &'static str,
    /// Subtitle (`displayProperties.subtitle`).
    pub subtitle: &'static str,
    /// The vendor group it is listed under (`vendorGroups`).
    pub group: u32,
    /// Where the vendor stands (a destination of [`DESTINATIONS`]).
    pub destination: u32,
    /// When the stock rotates.
    pub refresh: Refresh,
    /// Display category names; offers point into this list.
    pub categories: &'static [&'static str],
    /// The stock; an offer's position is its `vendorItemIndex`.
    pub offers: &'static [OfferRow],
}

/// Xûr's vendor hash.
pub const XUR: u32 = 2_190_858_386;
/// Banshee-44's vendor hash.
pub const BANSHEE: u32 = 672_118_013;
/// Ada-1's vendor hash.
pub const ADA: u32 = 350_061_650;
/// Tess Everis's vendor hash.
pub const TESS: u32 = 3_361_454_721;

/// The vendor groups: hash, name (the capture's group hashes for these vendors).
pub const GROUPS: [(u32, &str); 2] = [(3_227_191_227, "Limited Time"), (679_769_104, "The Tower")];
/// The destination of vendors known only from a loaded capture.
pub const UNKNOWN_DESTINATION: u32 = 3_905_163_307;
/// The Tower, where the simulator's vendors stand.
pub const TOWER: u32 = 333_846_215;
/// The destinations the vendors stand in: hash, name.
pub const DESTINATIONS: [(u32, &str); 2] = [(TOWER, "The Tower"), (UNKNOWN_DESTINATION, "Unknown")];

/// The simulator's vendors and their stock.
#[rustfmt::skip]
pub const VENDORS: &[VendorRow] = &[
    VendorRow {
        hash: XUR, name: "Xûr", subtitle: "Agent of the Nine", group: 3_227_191_227,
        destination: TOWER, refresh: Refresh::Weekly, categories: &["Exotic Gear"],
        offers: &[
            OfferRow { item: "Hawkmoon", quantity: 1, category: 0, costs: &[("Strange Coin", 23)] },
            OfferRow { item: "One-Eyed Mask", quantity: 1, category: 0, costs: &[("Strange Coin", 23)] },
            OfferRow { item: "Celestial Nighthawk", quantity: 1, category: 0, costs: &[("Strange Coin", 23)] },
            OfferRow { item: "Sunbracers", quantity: 1, category: 0, costs: &[("Strange Coin", 23)] },
        ],
    },
    VendorRow {
        hash: BANSHEE, name: "Banshee-44", subtitle: "Gunsmith", group: 679_769_104,
        destination: TOWER, refresh: Refresh::Daily, categories: &["Weapons", "Materials"],
        offers: &[
            OfferRow { item: "Funnelweb", quantity: 1, category: 0, costs: &[("Glimmer", 10_000)] },
            OfferRow { item: "Stay Frosty", quantity: 1, category: 0, costs: &[("Glimmer", 10_000), ("Enhancement Core", 2)] },
            OfferRow { item: "Nameless Midnight", quantity: 1, category: 0, costs: &[("Glimmer", 7_500)] },
            OfferRow { item: "Enhancement Core", quantity: 1, category: 1, costs: &[("Glimmer", 2_500)] },
        ],
    },
    VendorRow {
        hash: ADA, name: "Ada-1", subtitle: "Armor Synthesis", group: 679_769_104,
        destination: TOWER, refresh: Refresh::Daily, categories: &["Armor"],
        offers: &[
            OfferRow { item: "Phoenix Strife Type 0", quantity: 1, category: 0, costs: &[("Glimmer", 10_000)] },
            OfferRow { item: "Wildwood Strides", quantity: 1, category: 0, costs: &[("Glimmer", 10_000)] },
            OfferRow { item: "Tesseract Grips", quantity: 1, category: 0, costs: &[("Glimmer", 10_000)] },
        ],
    },
    VendorRow {
        hash: TESS, name: "Tess Everis", subtitle: "Eververse", group: 679_769_104,
        destination: TOWER, refresh: Refresh::Weekly, categories: &["Bright Dust"],
        offers: &[
            OfferRow { item: "Cerulean Flash", quantity: 1, category: 0, costs: &[("Bright Dust", 1_500)] },
            OfferRow { item: "Sagittarius", quantity: 1, category: 0, costs: &[("Bright Dust", 2_000)] },
        ],
    },
];

/// The vendor row with this hash.
pub fn vendor(hash: u32) -> Option<&'static VendorRow> {
    VENDORS.iter().find(|v| v.hash == hash)
}

/// Items only vendors sell (never in the sample account's hands until bought), as catalogue rows.
#[rustfmt::skip]
const VENDOR_ONLY: &[Row] = &[
    ("Hawkmoon", 3_856_705_927, "Hand Cannon", bucket::KINETIC, 6, ANY, 3, 9, 1),
    ("Funnelweb", 0, "Submachine Gun", bucket::ENERGY, 5, ANY, 3, 24, 4),
    ("Stay Frosty", 0, "Pulse Rifle", bucket::ENERGY, 5, ANY, 3, 13, 6),
    ("Cerulean Flash", 0, "Ship", bucket::SHIPS, 5, ANY, 21, 0, 0),
];

/// Whether the item is one only vendors sell (drops never give it).
pub fn is_vendor_only(name: &str) -> bool {
    VENDOR_ONLY.iter().any(|row| row.0 == name)
}

/// Strange Coin: Xûr's currency (a material in the Consumables bucket).
pub const STRANGE_COIN: (&str, u32) = ("Strange Coin", 800_069_450);

/// Adds the vendor-only items and Strange Coin to the catalogue.
pub fn furnish(catalogue: &mut Catalogue) {
    for row in VENDOR_ONLY {
        catalogue.add(gear_def(row));
    }
    let (name, hash) = STRANGE_COIN;
    catalogue.add(ItemDef {
        item_type: 9,
        max_stack: 9999,
        non_transferrable: true,
        ..stack_def(name, hash, "Material", bucket::CONSUMABLES, 6)
    });
}

/// The vendor's icon path.
pub fn vendor_icon(hash: u32) -> String {
    icon_path(&format!("vendor:{hash}"))
}
