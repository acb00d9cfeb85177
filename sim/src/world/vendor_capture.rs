//! A real GetVendors response loaded as the world's vendors (`--vendors FILE`): checked, kept as
//! it is to be served back unchanged, with generated definitions for every item it sells or
//! charges that the world does not know, so a client can name and cost every sale.

use std::collections::BTreeSet;
use std::sync::Arc;

use serde_json::Value;

use super::World;
use super::defs::{ItemDef, bucket, icon_path};
use super::error::SimError;
use super::shop::Offer;

/// A capture the world cannot use: what is wrong and where.
fn rejected(at: &str, what: &str) -> SimError {
    SimError::new(
        18,
        "InvalidParameters",
        format!("not a GetVendors response: {at}: {what}"),
    )
}

/// A `u32` field of a JSON object.
fn u32_of(value: &Value, name: &str) -> Option<u32> {
    value
        .get(name)
        .and_then(Value::as_u64)
        .and_then(|n| u32::try_from(n).ok())
}

/// One sale item of the capture as an [`Offer`]; `None` when a field is missing or mistyped.
pub fn offer_of(sale: &Value) -> Option<Offer> {
    let costs = match sale.get("costs") {
        None => Vec::new(),
        Some(costs) => costs
            .as_array()?
            .iter()
            .map(|c| Some((u32_of(c, "itemHash")?, u32_of(c, "quantity")?)))
            .collect::<Option<Vec<_>>>()?,
    };
    Some(Offer {
        index: u32_of(sale, "vendorItemIndex")?,
        item_hash: u32_of(sale, "itemHash")?,
        quantity: u32_of(sale, "quantity").unwrap_or(1),
        costs,
    })
}

/// The vendor hashes a capture names (in `vendors` or in `sales`), in order.
pub fn vendor_hashes(capture: &Value) -> BTreeSet<u32> {
    ["/vendors/data", "/sales/data"]
        .iter()
        .filter_map(|p| capture.pointer(p).and_then(Value::as_object))
        .flat_map(|map| map.keys().filter_map(|k| k.parse().ok()))
        .collect()
}

/// Every offer of the capture: (vendor hash, offer).
pub fn offers(capture: &Value) -> Vec<(u32, Offer)> {
    let Some(sales) = capture.pointer("/sales/data").and_then(Value::as_object) else {
        return Vec::new();
    };
    sales
        .iter()
        .filter_map(|(vendor, set)| {
            Some((vendor.parse().ok()?, set.get("saleItems")?.as_object()?))
        })
        .flat_map(|(vendor, items)| {
            items
                .values()
                .filter_map(move |s| Some((vendor, offer_of(s)?)))
        })
        .collect()
}

/// Checks the capture's shape: `vendors.data` and `sales.data` keyed by vendor hash, each sale
/// keyed by its index with an item hash, an index and well-formed costs.
fn check(response: &Value) -> Result<(), SimError> {
    let vendors = response
        .pointer("/vendors/data")
        .and_then(Value::as_object)
        .ok_or_else(|| rejected("vendors.data", "missing or not an object"))?;
    for (key, vendor) in vendors {
        key.parse::<u32>()
            .map_err(|_| rejected(&format!("vendors.data.{key}"), "key is not a vendor hash"))?;
        u32_of(vendor, "vendorHash")
            .ok_or_else(|| rejected(&format!("vendors.data.{key}"), "no vendorHash"))?;
    }
    let sales = response
        .pointer("/sales/data")
        .and_then(Value::as_object)
        .ok_or_else(|| rejected("sales.data", "missing or not an object"))?;
    for (vendor, set) in sales {
        let at = format!("sales.data.{vendor}");
        vendor
            .parse::<u32>()
            .map_err(|_| rejected(&at, "key is not a vendor hash"))?;
        let items = set
            .get("saleItems")
            .and_then(Value::as_object)
            .ok_or_else(|| rejected(&at, "no saleItems object"))?;
        for (index, sale) in items {
            let offer = offer_of(sale)
                .ok_or_else(|| rejected(&format!("{at}.saleItems.{index}"), "malformed sale"))?;
            if index.parse::<u32>().ok() != Some(offer.index) {
                return Err(rejected(
                    &format!("{at}.saleItems.{index}"),
                    "key differs from vendorItemIndex",
                ));
            }
        }
    }
    Ok(())
}

/// A definition for an item the capture sells or charges that the world does not know: a named
/// stackable account-wide item, so it can be shown, costed and bought.
fn generated_def(hash: u32) -> ItemDef {
    let name = format!("Vendor Item {hash}");
    ItemDef {
        hash,
        icon: icon_path(&name),
        name,
        type_name: "Vendor Item".to_owned(),
        bucket: bucket::CONSUMABLES,
        tier: 3,
        class_type: 3,
        item_type: 0,
        item_sub_type: 0,
        instanced: false,
        max_stack: 9999,
        non_transferrable: false,
        equippable: false,
        unique_label: None,
        damage_type: 0,
        pull_side_effects: false,
    }
}

/// Loads `json` (a GetVendors response with or without the envelope) as the world's vendors.
pub fn load(world: &mut World, json: &Value) -> Result<(), SimError> {
    let response = json.get("Response").unwrap_or(json);
    if !response.is_object() {
        return Err(rejected("Response", "not an object"));
    }
    check(response)?;
    let mut unknown = BTreeSet::new();
    for (_, offer) in offers(response) {
        unknown.insert(offer.item_hash);
        unknown.extend(offer.costs.iter().map(|(hash, _)| *hash));
    }
    for hash in unknown {
        if world.catalogue.item(hash).is_none() {
            world.catalogue.add(generated_def(hash));
        }
    }
    world.shop.capture = Some(Arc::new(response.clone()));
    Ok(())
}
