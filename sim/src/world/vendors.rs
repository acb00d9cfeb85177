//! GetVendors' `DestinyVendorsResponse` for one character: every wrapper present with privacy 2
//! (Private) as the real capture shows, `data` only for the components asked for. From the
//! simulator's own vendors (groups, vendors, categories, sales with costs, item components of
//! instanced offers keyed by vendor hash then `vendorItemIndex`) or, with a loaded capture, the
//! capture's parts unchanged; currency lookups are always the player's own.

use chrono::{DateTime, Utc};
use serde_json::{Map, Value, json};

use super::World;
use super::defs::ItemDef;
use super::error::SimError;
use super::model::{Character, Item, Place};
use super::profile::{date, stats_json};
use super::progress::{next_daily_reset, next_weekly_reset};
use super::shop::Offer;
use super::vendor_catalogue::{GROUPS, Refresh, VENDORS, VendorRow};

/// `ComponentPrivacySetting` Private: every vendor component is.
const PRIVATE: i32 = 2;
/// `VendorItemStatus` NoFunds.
const NO_FUNDS: i32 = 2;
/// `DestinyVendorItemState` Owned.
const OWNED: i32 = 128;
/// The item components a vendor call may ask for: number and `itemComponents` key.
const ITEM_COMPONENTS: [(u32, &str); 5] = [
    (300, "instances"),
    (302, "perks"),
    (304, "stats"),
    (305, "sockets"),
    (310, "reusablePlugs"),
];

/// A component wrapper: `data` when the component was asked for, `privacy` always.
fn part(requested: bool, data: impl FnOnce() -> Value) -> Value {
    if requested {
        json!({ "data": data(), "privacy": PRIVATE })
    } else {
        json!({ "privacy": PRIVATE })
    }
}

/// The GetVendors Response for `character_id` (1620 for a character the account lacks).
pub fn vendors_json(
    world: &World,
    character_id: i64,
    components: &[u32],
    now: DateTime<Utc>,
) -> Result<Value, SimError> {
    let character = world.character(character_id)?;
    let has = |c: u32| components.contains(&c);
    let mut out = match &world.shop.capture {
        Some(capture) => captured(capture, components),
        None => own(world, character, components, now),
    };
    out.insert(
        "currencyLookups".into(),
        part(has(600), || currency_lookups(world)),
    );
    if !out.contains_key("stringVariables") {
        out.insert("stringVariables".into(), json!({ "privacy": PRIVATE }));
    }
    Ok(Value::Object(out))
}

/// `DestinyCurrenciesComponent`: what the player holds of each currency and material.
pub fn currency_lookups(world: &World) -> Value {
    let mut quantities: Map<String, Value> = Map::new();
    for item in world.items.iter().filter(|i| i.place == Place::Account) {
        let key = item.hash.to_string();
        let before = quantities.get(&key).and_then(Value::as_u64).unwrap_or(0);
        quantities.insert(key, json!(before + u64::from(item.quantity)));
    }
    json!({ "itemQuantities": quantities, "materialRequirementSetStates": {} })
}

/// The capture's parts, unchanged, for the components asked for (wrappers without data for the
/// others).
fn captured(capture: &Value, components: &[u32]) -> Map<String, Value> {
    let has = |c: u32| components.contains(&c);
    let keep = |key: &str, requested: bool| -> Value {
        match capture.get(key) {
            Some(value) if requested => value.clone(),
            _ => json!({ "privacy": PRIVATE }),
        }
    };
    let mut out = Map::new();
    out.insert("vendorGroups".into(), keep("vendorGroups", has(400)));
    out.insert("vendors".into(), keep("vendors", has(400)));
    out.insert("categories".into(), keep("categories", has(401)));
    out.insert("sales".into(), keep("sales", has(402)));
    let items = ITEM_COMPONENTS.iter().any(|(c, _)| has(*c));
    let item_components = capture
        .get("itemComponents")
        .filter(|_| items)
        .cloned()
        .unwrap_or_else(|| json!({}));
    out.insert("itemComponents".into(), item_components);
    out.insert("stringVariables".into(), keep("stringVariables", has(1200)));
    out
}

/// When the vendor's stock next rotates.
fn refresh_date(row: &VendorRow, now: DateTime<Utc>) -> String {
    date(match row.refresh {
        Refresh::Daily => next_daily_reset(now),
        Refresh::Weekly => next_weekly_reset(now),
    })
}

/// The simulator's own vendors for `character`.
fn own(
    world: &World,
    character: &Character,
    components: &[u32],
    now: DateTime<Utc>,
) -> Map<String, Value> {
    let has = |c: u32| components.contains(&c);
    let stock: Vec<(&VendorRow, Vec<Offer>)> = VENDORS
        .iter()
        .map(|row| (row, world.own_offers(row)))
        .collect();
    let per_vendor = |f: &dyn Fn(&VendorRow, &[Offer]) -> Value| -> Value {
        let map: Map<String, Value> = stock
            .iter()
            .map(|(row, offers)| (row.hash.to_string(), f(row, offers)))
            .collect();
        Value::Object(map)
    };
    let mut out = Map::new();
    out.insert(
        "vendorGroups".into(),
        part(has(400), || {
            let groups: Vec<Value> = GROUPS
                .iter()
                .map(|(hash, _)| {
                    let vendors: Vec<u32> = VENDORS
                        .iter()
                        .filter(|v| v.group == *hash)
                        .map(|v| v.hash)
                        .collect();
                    json!({ "vendorGroupHash": hash, "vendorHashes": vendors })
                })
                .collect();
            json!({ "groups": groups })
        }),
    );
    out.insert(
        "vendors".into(),
        part(has(400), || {
            per_vendor(&|row, _| {
                json!({
                    "canPurchase": true, "vendorLocationIndex": 0, "vendorHash": row.hash,
                    "nextRefreshDate": refresh_date(row, now), "enabled": true,
                })
            })
        }),
    );
    out.insert(
        "categories".into(),
        part(has(401), || {
            per_vendor(&|row, offers| {
                let categories: Vec<Value> = (0..row.categories.len())
                    .map(|category| {
                        let indexes: Vec<u32> = offers
                            .iter()
                            .filter(|o| {
                                row.offers
                                    .get(o.index as usize)
                                    .is_some_and(|r| r.category == category)
                            })
                            .map(|o| o.index)
                            .collect();
                        json!({ "displayCategoryIndex": category, "itemIndexes": indexes })
                    })
                    .collect();
                json!({ "categories": categories })
            })
        }),
    );
    out.insert(
        "sales".into(),
        part(has(402), || {
            per_vendor(&|_, offers| {
                let sales: Map<String, Value> = offers
                    .iter()
                    .map(|o| (o.index.to_string(), sale_json(world, o)))
                    .collect();
                json!({ "saleItems": sales })
            })
        }),
    );
    let mut item_components = Map::new();
    if ITEM_COMPONENTS.iter().any(|(c, _)| has(*c)) {
        for (row, offers) in &stock {
            item_components.insert(
                row.hash.to_string(),
                offer_components(world, character, offers, components),
            );
        }
    }
    out.insert("itemComponents".into(), Value::Object(item_components));
    out
}

/// `DestinyVendorSaleItemComponent` of one offer: its costs, NoFunds when the player cannot pay,
/// Owned when its collectible is acquired.
fn sale_json(world: &World, offer: &Offer) -> Value {
    let costs: Vec<Value> = offer
        .costs
        .iter()
        .map(|(hash, quantity)| {
            json!({ "itemHash": hash, "quantity": quantity, "hasConditionalVisibility": false })
        })
        .collect();
    let owned = world.collectible_of(offer.item_hash).is_some() && world.acquired(offer.item_hash);
    json!({
        "saleStatus": if world.can_afford(offer) { 0 } else { NO_FUNDS },
        "failureIndexes": [],
        "augments": if owned { OWNED } else { 0 },
        "vendorItemIndex": offer.index,
        "itemHash": offer.item_hash,
        "quantity": offer.quantity,
        "costs": costs,
    })
}

/// `DestinyVendorItemComponentSetOfint32` of one vendor: the asked-for components of its
/// instanced offers (the roll the character would get), keyed by `vendorItemIndex`.
fn offer_components(
    world: &World,
    character: &Character,
    offers: &[Offer],
    components: &[u32],
) -> Value {
    let instanced: Vec<(&Offer, &ItemDef)> = offers
        .iter()
        .filter_map(|o| Some((o, world.catalogue.item(o.item_hash)?)))
        .filter(|(_, def)| def.instanced && def.counts_for_light())
        .collect();
    let power = world.light_of(character);
    let mut out = Map::new();
    for (number, key) in ITEM_COMPONENTS {
        if !components.contains(&number) {
            continue;
        }
        let data: Map<String, Value> = instanced
            .iter()
            .map(|(offer, def)| {
                let value = match number {
                    300 => {
                        let place = Place::Character(character.id);
                        let item = Item::instance(None, offer.item_hash, place, power);
                        world.instance_component(&item)
                    }
                    302 => json!({ "perks": [] }),
                    304 => stats_json(
                        super::defs::bucket::WEAPONS.contains(&def.bucket),
                        i64::from(offer.item_hash) + i64::from(offer.index),
                    ),
                    305 => json!({ "sockets": [] }),
                    _ => json!({ "plugs": {} }),
                };
                (offer.index.to_string(), value)
            })
            .collect();
        out.insert(key.into(), json!({ "data": data, "privacy": PRIVATE }));
    }
    Value::Object(out)
}
