//! The manifest's vendor tables: `DestinyVendorDefinition` (the simulator's vendors in full; a
//! loaded capture's other vendors with generated names and an `itemList` from their sales),
//! `DestinyVendorGroupDefinition` and the `DestinyDestinationDefinition` rows vendors stand in.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use super::World;
use super::defs::icon_path;
use super::shop::Offer;
use super::vendor_capture;
use super::vendor_catalogue::{
    self, DESTINATIONS, GROUPS, Refresh, UNKNOWN_DESTINATION, VENDORS, VendorRow,
};

/// Minutes between daily and weekly resets.
const DAY_MINUTES: i32 = 1440;
/// Minutes in a week.
const WEEK_MINUTES: i32 = 10_080;

/// One `DestinyVendorItemDefinition` (`vendorItemIndex` = its position in `itemList`).
fn item_entry(index: u32, offer: Option<&Offer>, category: i32) -> Value {
    let (hash, quantity, costs) = offer.map_or((0, 0, Vec::new()), |o| {
        let costs: Vec<Value> = o
            .costs
            .iter()
            .map(
                |(h, q)| json!({ "itemHash": h, "quantity": q, "hasConditionalVisibility": false }),
            )
            .collect();
        (o.item_hash, o.quantity, costs)
    });
    json!({
        "vendorItemIndex": index, "itemHash": hash, "quantity": quantity, "failureIndexes": [],
        "currencies": costs, "refundPolicy": 0, "refundTimeLimit": 0, "creationLevels": [],
        "displayCategoryIndex": category, "categoryIndex": category.max(0),
        "originalCategoryIndex": category.max(0), "minimumLevel": 0, "maximumLevel": 0,
        "displayCategory": "", "inventoryBucketHash": 0, "visibilityScope": 0,
        "purchasableScope": 0, "exclusivity": 0, "isOffer": false, "isCrm": false,
        "sortValue": index, "expirationTooltip": "", "redirectToSaleIndexes": [],
        "socketOverrides": [], "unpurchasable": offer.is_none(),
    })
}

/// A vendor definition from its parts.
#[allow(clippy::too_many_arguments)]
fn vendor_json(
    hash: u32,
    index: usize,
    name: &str,
    subtitle: &str,
    reset_minutes: i32,
    categories: &[&str],
    items: Vec<Value>,
    destination: u32,
    group: Option<u32>,
) -> Value {
    let icon = vendor_catalogue::vendor_icon(hash);
    let display_categories: Vec<Value> = categories
        .iter()
        .enumerate()
        .map(|(n, c)| {
            json!({
                "index": n, "identifier": format!("category.{n}"), "displayCategoryHash": super::defs::fnv32(c.as_bytes()),
                "displayProperties": { "name": c, "description": "", "hasIcon": false },
                "displayInBanner": false, "sortOrder": 0,
            })
        })
        .collect();
    let groups: Vec<Value> = group
        .into_iter()
        .map(|g| json!({ "vendorGroupHash": g }))
        .collect();
    json!({
        "displayProperties": {
            "name": name, "description": subtitle, "subtitle": subtitle, "icon": icon,
            "largeIcon": icon, "originalIcon": icon, "smallTransparentIcon": icon, "hasIcon": true,
        },
        "vendorProgressionType": 0, "buyString": "Purchase", "sellString": "", "displayItemHash": 0,
        "inhibitBuying": false, "inhibitSelling": true, "factionHash": 0,
        "resetIntervalMinutes": reset_minutes, "resetOffsetMinutes": 1020,
        "failureStrings": ["You cannot afford this item."], "unlockRanges": [],
        "vendorIdentifier": format!("VENDOR_{hash}"), "vendorPortrait": icon_path(&format!("portrait:{hash}")),
        "vendorBanner": icon_path(&format!("banner:{hash}")), "enabled": true, "visible": true,
        "vendorSubcategoryIdentifier": "", "consolidateCategories": false, "actions": [],
        "categories": [], "originalCategories": [], "displayCategories": display_categories,
        "interactions": [], "inventoryFlyouts": [], "itemList": items, "services": [],
        "acceptedItems": [], "returnWithVendorRequest": true,
        "locations": [{ "destinationHash": destination, "backgroundImagePath": "" }],
        "groups": groups, "ignoreSaleItemHashes": [],
        "hash": hash, "index": index, "redacted": false, "blacklisted": false,
    })
}

/// The definition of one of the simulator's own vendors.
fn own_vendor(world: &World, row: &VendorRow, index: usize) -> Value {
    let offers = world.own_offers(row);
    let items: Vec<Value> = offers
        .iter()
        .map(|o| {
            let category = row
                .offers
                .get(o.index as usize)
                .map_or(0, |r| i32::try_from(r.category).unwrap_or(0));
            item_entry(o.index, Some(o), category)
        })
        .collect();
    let reset = match row.refresh {
        Refresh::Daily => DAY_MINUTES,
        Refresh::Weekly => WEEK_MINUTES,
    };
    let categories: Vec<Value> = row
        .categories
        .iter()
        .enumerate()
        .map(|(n, name)| {
            let indexes: Vec<u32> = offers
                .iter()
                .filter(|o| row.offers.get(o.index as usize).is_some_and(|r| r.category == n))
                .map(|o| o.index)
                .collect();
            json!({
                "categoryIndex": n, "sortValue": n, "categoryHash": super::defs::fnv32(name.as_bytes()),
                "quantityAvailable": 0, "showUnavailableItems": true, "hideIfNoCurrency": false,
                "hideFromRegularPurchase": false, "buyStringOverride": "", "disabledDescription": "",
                "displayTitle": name, "vendorItemIndexes": indexes, "isPreview": false,
                "isDisplayOnly": false, "resetIntervalMinutesOverride": 0, "resetOffsetMinutesOverride": 0,
            })
        })
        .collect();
    let mut def = vendor_json(
        row.hash,
        index,
        row.name,
        row.subtitle,
        reset,
        row.categories,
        items,
        row.destination,
        Some(row.group),
    );
    def["categories"] = json!(categories);
    def
}

/// The `DestinyVendorDefinition` rows.
pub fn vendor_rows(world: &World) -> Vec<(u32, Value)> {
    let Some(capture) = &world.shop.capture else {
        return VENDORS
            .iter()
            .enumerate()
            .map(|(n, row)| (row.hash, own_vendor(world, row, n)))
            .collect();
    };
    let mut sales: BTreeMap<u32, Vec<Offer>> = BTreeMap::new();
    for (vendor, offer) in vendor_capture::offers(capture) {
        sales.entry(vendor).or_default().push(offer);
    }
    vendor_capture::vendor_hashes(capture)
        .into_iter()
        .enumerate()
        .map(|(n, hash)| {
            if let Some(row) = vendor_catalogue::vendor(hash) {
                let mut def = own_vendor(world, row, n);
                def["itemList"] = json!(capture_items(sales.get(&hash)));
                return (hash, def);
            }
            let name = format!("Vendor {hash}");
            let items = capture_items(sales.get(&hash));
            let def = vendor_json(
                hash,
                n,
                &name,
                "",
                DAY_MINUTES,
                &[],
                items,
                UNKNOWN_DESTINATION,
                None,
            );
            (hash, def)
        })
        .collect()
}

/// A capture vendor's `itemList`: its sales at their indexes, the gaps filled with unsold entries.
fn capture_items(offers: Option<&Vec<Offer>>) -> Vec<Value> {
    let offers = offers.map_or(&[][..], Vec::as_slice);
    let by_index: BTreeMap<u32, &Offer> = offers.iter().map(|o| (o.index, o)).collect();
    let len = by_index.keys().next_back().map_or(0, |last| last + 1);
    (0..len)
        .map(|i| item_entry(i, by_index.get(&i).copied(), -1))
        .collect()
}

/// The `DestinyVendorGroupDefinition` rows.
pub fn group_rows() -> Vec<(u32, Value)> {
    GROUPS
        .iter()
        .enumerate()
        .map(|(n, (hash, name))| {
            (*hash, json!({ "order": n, "categoryName": name, "hash": hash, "index": n, "redacted": false, "blacklisted": false }))
        })
        .collect()
}

/// The `DestinyDestinationDefinition` rows vendors stand in.
pub fn destination_rows() -> Vec<(u32, Value)> {
    DESTINATIONS
        .iter()
        .enumerate()
        .map(|(n, (hash, name))| {
            (*hash, json!({
                "displayProperties": { "name": name, "description": "", "hasIcon": false },
                "placeHash": 0, "defaultFreeroamActivityHash": 0, "activityGraphEntries": [],
                "bubbleSettings": [], "bubbles": [], "hash": hash, "index": n, "redacted": false, "blacklisted": false,
            }))
        })
        .collect()
}

/// The icon paths the vendor definitions name.
pub fn vendor_icon_paths(world: &World) -> Vec<String> {
    let hashes: Vec<u32> = match &world.shop.capture {
        Some(capture) => vendor_capture::vendor_hashes(capture).into_iter().collect(),
        None => VENDORS.iter().map(|v| v.hash).collect(),
    };
    hashes
        .into_iter()
        .flat_map(|h| {
            [
                vendor_catalogue::vendor_icon(h),
                icon_path(&format!("portrait:{h}")),
                icon_path(&format!("banner:{h}")),
            ]
        })
        .collect()
}
