//! The world's shop: where the vendors' stock comes from (the simulator's own catalogue or a
//! loaded GetVendors capture), one offer in a form purchases and sales share, and what the player
//! acquired by buying.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use serde_json::Value;

use super::World;
use super::error::SimError;
use super::vendor_catalogue::{self, VendorRow};

/// The vendors' source and the player's purchases.
#[derive(Debug, Clone, Default)]
pub struct Shop {
    /// A loaded GetVendors `Response` served back unchanged; `None`: the simulator's own vendors.
    pub capture: Option<Arc<Value>>,
    /// Item hashes the player acquired by buying (their collectibles stay acquired).
    pub acquired: BTreeSet<u32>,
    /// Collectible hashes acquired by buying, newest first.
    pub recent: Vec<u32>,
    /// Collectible states set through `/sim/collections/state`, by collectible hash: served in
    /// place of the state the world works out.
    pub set_states: BTreeMap<u32, i32>,
}

/// One offer: what a purchase gives and costs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Offer {
    /// The `vendorItemIndex`.
    pub index: u32,
    /// The item sold.
    pub item_hash: u32,
    /// How many one purchase gives.
    pub quantity: u32,
    /// The price: (item hash, quantity).
    pub costs: Vec<(u32, u32)>,
}

/// 1627 DestinyVendorNotFound.
pub fn vendor_not_found() -> SimError {
    SimError::new(1627, "DestinyVendorNotFound", "The vendor was not found.")
}

/// 1625 DestinyVendorItemNotFound.
pub fn vendor_item_not_found() -> SimError {
    SimError::new(
        1625,
        "DestinyVendorItemNotFound",
        "The vendor item was not found.",
    )
}

impl World {
    /// The offers of one of the simulator's own vendors, in `vendorItemIndex` order (offers whose
    /// item the catalogue does not know are left out).
    pub(super) fn own_offers(&self, row: &VendorRow) -> Vec<Offer> {
        let hash_of = |name: &str| self.catalogue.by_name(name).map(|d| d.hash);
        row.offers
            .iter()
            .enumerate()
            .filter_map(|(n, offer)| {
                let costs = offer
                    .costs
                    .iter()
                    .map(|(name, quantity)| hash_of(name).map(|h| (h, *quantity)))
                    .collect::<Option<Vec<_>>>()?;
                Some(Offer {
                    index: u32::try_from(n).ok()?,
                    item_hash: hash_of(offer.item)?,
                    quantity: offer.quantity,
                    costs,
                })
            })
            .collect()
    }

    /// The offer `index` of `vendor_hash` as served now: 1627 for a vendor that sells nothing
    /// here, 1625 for an index it does not sell.
    pub(super) fn offer(&self, vendor_hash: u32, index: u32) -> Result<Offer, SimError> {
        match &self.shop.capture {
            Some(capture) => {
                let sales = capture
                    .pointer(&format!("/sales/data/{vendor_hash}/saleItems"))
                    .ok_or_else(vendor_not_found)?;
                let sale = sales
                    .get(index.to_string())
                    .ok_or_else(vendor_item_not_found)?;
                super::vendor_capture::offer_of(sale).ok_or_else(vendor_item_not_found)
            }
            None => {
                let row = vendor_catalogue::vendor(vendor_hash).ok_or_else(vendor_not_found)?;
                self.own_offers(row)
                    .into_iter()
                    .find(|o| o.index == index)
                    .ok_or_else(vendor_item_not_found)
            }
        }
    }

    /// How much of `hash` the player can spend: the account-wide stacks (currencies and
    /// materials outside the vault).
    pub(super) fn spendable(&self, hash: u32) -> u64 {
        self.items
            .iter()
            .filter(|i| i.hash == hash && i.place == super::model::Place::Account)
            .map(|i| u64::from(i.quantity))
            .sum()
    }

    /// Whether the player can pay every cost of `offer` now.
    pub(super) fn can_afford(&self, offer: &Offer) -> bool {
        offer
            .costs
            .iter()
            .all(|(hash, quantity)| self.spendable(*hash) >= u64::from(*quantity))
    }
}
