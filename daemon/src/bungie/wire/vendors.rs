//! GetVendors (`DestinyVendorsResponse`) with the components the daemon reads: 400 vendors, 402
//! sales, the currency quantities Bungie looks up for them, and the item components of instanced
//! offers (300, 304, 305).

use super::convert::opt_date;
use super::profile::{ItemComponents, Single};
use chrono::{DateTime, Utc};
use serde::Deserialize;
use std::collections::BTreeMap;

/// Component numbers of a vendors request.
pub mod components {
    /// 400 Vendors, 402 VendorSales, 600 CurrencyLookups (what the player holds of every
    /// cost), 300 instances, 304 stats, 305 sockets of the offers.
    pub const VENDORS: [u32; 6] = [400, 402, 600, 300, 304, 305];
}

/// GetVendors' payload.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct VendorsResponse {
    /// 400: vendor hash → the vendor's state.
    pub vendors: Option<Single<BTreeMap<u32, VendorComponent>>>,
    /// 402: vendor hash → what it sells.
    pub sales: Option<Single<BTreeMap<u32, VendorSales>>>,
    /// Vendor hash → the item components of its instanced offers.
    pub item_components: BTreeMap<u32, ItemComponents>,
    /// The quantities of every currency any offer costs, as the player holds them.
    pub currency_lookups: Option<Single<CurrencyLookups>>,
}

/// `DestinyVendorComponent`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct VendorComponent {
    /// The vendor.
    pub vendor_hash: u32,
    /// When its stock changes next (far in the future: never).
    #[serde(deserialize_with = "opt_date")]
    pub next_refresh_date: Option<DateTime<Utc>>,
    /// Whether it is open.
    pub enabled: bool,
    /// Whether the player may buy from it now.
    pub can_purchase: bool,
    /// Where it stands: an index into its definition's `locations`.
    pub vendor_location_index: i32,
}

/// `DestinyVendorSaleItemSetComponent`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct VendorSales {
    /// Vendor item index → the offer.
    pub sale_items: BTreeMap<i32, SaleItem>,
}

/// `DestinyVendorSaleItemComponent`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct SaleItem {
    /// The offer's index in the vendor's definition.
    pub vendor_item_index: i32,
    /// The item sold.
    pub item_hash: u32,
    /// How many come with one purchase.
    pub quantity: i32,
    /// What it costs.
    pub costs: Vec<Cost>,
    /// `VendorItemStatus` flags (0: can buy).
    pub sale_status: i32,
    /// When this offer alone changes.
    #[serde(deserialize_with = "opt_date")]
    pub override_next_refresh_date: Option<DateTime<Utc>>,
}

/// `DestinyItemQuantity`: a cost.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(default, rename_all = "camelCase")]
pub struct Cost {
    /// The currency (or material) item.
    pub item_hash: u32,
    /// How many.
    pub quantity: i64,
}

/// `DestinyCurrenciesComponent`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct CurrencyLookups {
    /// Currency item hash → how many the player holds.
    pub item_quantities: BTreeMap<u32, i64>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_real_2026_response_reads_with_every_vendor_and_offer() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../shared/bungie/data/responses/GetVendors-2026-06-29.json"
        );
        let Ok(bytes) = std::fs::read(path) else {
            assert!(
                std::env::var_os("CI").is_none() || cfg!(windows),
                "{path} is missing in CI"
            );
            eprintln!("skipping: {path} is absent");
            return;
        };
        let envelope: serde_json::Value = serde_json::from_slice(&bytes).expect("JSON");
        let response: VendorsResponse =
            serde_json::from_value(envelope["Response"].clone()).expect("the capture decodes");
        let vendors = response.vendors.and_then(|v| v.data).expect("vendors");
        assert_eq!(vendors.len(), 231);
        let sales = response.sales.and_then(|s| s.data).expect("sales");
        let offers: usize = sales.values().map(|s| s.sale_items.len()).sum();
        assert_eq!(offers, 2938);
        let first = &sales[&537_912_098].sale_items[&4];
        assert_eq!(first.item_hash, 4_257_549_985);
        assert_eq!(
            first.costs,
            vec![Cost {
                item_hash: 800_069_450,
                quantity: 41
            }]
        );
        let currencies = response
            .currency_lookups
            .and_then(|c| c.data)
            .expect("currencies");
        assert_eq!(currencies.item_quantities[&800_069_450], 133);
        assert!(vendors[&537_912_098].next_refresh_date.is_some());
    }
}
