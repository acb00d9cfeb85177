//! GetVendors (with the collectibles and currencies it is judged against) → what the player sees:
//! each open vendor with its offers as items, costed, with whether each was ever owned and can be
//! afforded now. And the collections (every collectible definition with its state).

use super::convert::{Definitions, add_instance_facts, named_currency, unknown_item};
use crate::bungie::manifest::ManifestStore;
use crate::bungie::manifest::defs::ItemDef;
use crate::bungie::manifest::vendor_defs::{CollectibleDef, DestinationDef, VendorDef};
use crate::bungie::wire::profile::{CollectiblesComponent, DestinyProfileResponse};
use crate::bungie::wire::vendors::{SaleItem, VendorsResponse};
use crate::store::model::{CharacterId, Currency, Item, ItemId, Location};
use chrono::{DateTime, Utc};
use std::collections::BTreeMap;

/// `DestinyCollectibleState` bit: not acquired.
const NOT_ACQUIRED: i32 = 1;
/// `DestinyCollectibleState` bit: obscured.
const OBSCURED: i32 = 2;
/// `DestinyCollectibleState` bit: invisible (not shown in collections).
const INVISIBLE: i32 = 4;
/// A refresh date this far ahead means "never".
const NEVER_YEAR: i32 = 9000;

/// The player's collectible states: profile-wide and the character's own.
#[derive(Debug, Clone, Default)]
pub struct Collectibles {
    /// Collectible hash → state flags.
    pub states: BTreeMap<u32, i32>,
}

impl Collectibles {
    /// The states in a GetProfile answer with component 800 (a character's states win over the
    /// profile's for that character).
    pub fn from_profile(profile: &DestinyProfileResponse, character_id: Option<i64>) -> Self {
        let mut states = BTreeMap::new();
        let mut add = |c: &CollectiblesComponent| {
            for (hash, c) in &c.collectibles {
                states.insert(*hash, c.state);
            }
        };
        if let Some(p) = profile
            .profile_collectibles
            .as_ref()
            .and_then(|p| p.data.as_ref())
        {
            add(p);
        }
        if let Some(chars) = profile
            .character_collectibles
            .as_ref()
            .and_then(|c| c.data.as_ref())
        {
            let chosen = character_id
                .and_then(|id| chars.get(&id))
                .or_else(|| chars.values().next());
            if let Some(c) = chosen {
                add(c);
            }
        }
        Collectibles { states }
    }

    /// Whether a collectible was ever acquired; `None` when the player has no state for it.
    pub fn owned(&self, hash: u32) -> Option<bool> {
        self.states.get(&hash).map(|s| s & NOT_ACQUIRED == 0)
    }
}

/// One offer.
#[derive(Debug, Clone, PartialEq)]
pub struct Offer {
    /// The offered item (id `vendor:<vendorHash>:<index>`, on the character).
    pub item: Item,
    /// Its index in the vendor's definition.
    pub index: u32,
    /// What one purchase costs.
    pub cost: Vec<Currency>,
    /// Ever owned, when it has a collectible.
    pub owned: Option<bool>,
    /// Enough of every cost held now.
    pub affordable: bool,
}

/// One open vendor with what it sells.
#[derive(Debug, Clone, PartialEq)]
pub struct VendorView {
    /// The vendor's hash.
    pub hash: u32,
    /// Its name.
    pub name: String,
    /// Its icon.
    pub icon: String,
    /// Where it stands.
    pub location: String,
    /// When its stock changes; `None`: never.
    pub refreshes_at: Option<DateTime<Utc>>,
    /// Its offers, by index.
    pub offers: Vec<Offer>,
}

/// The open vendors that sell something, by name, judged against `collectibles` and the
/// currencies the answer looked up (else `held`).
pub fn vendor_views(
    response: &VendorsResponse,
    character_id: CharacterId,
    collectibles: &Collectibles,
    held: &[Currency],
    manifest: &ManifestStore,
) -> Vec<VendorView> {
    let mut quantities: BTreeMap<u32, i64> = held.iter().map(|c| (c.hash, c.quantity)).collect();
    if let Some(lookups) = response
        .currency_lookups
        .as_ref()
        .and_then(|c| c.data.as_ref())
    {
        quantities.extend(lookups.item_quantities.iter().map(|(h, q)| (*h, *q)));
    }
    let vendors = response.vendors.as_ref().and_then(|v| v.data.as_ref());
    let sales = response.sales.as_ref().and_then(|s| s.data.as_ref());
    let mut out = Vec::new();
    for (hash, sale) in sales.into_iter().flatten() {
        let state = vendors.and_then(|v| v.get(hash));
        if state.is_some_and(|s| !s.enabled) || sale.sale_items.is_empty() {
            continue;
        }
        let def = manifest.find::<VendorDef>(*hash);
        let location = state
            .and_then(|s| usize::try_from(s.vendor_location_index).ok())
            .and_then(|i| def.as_ref().and_then(|d| d.locations.get(i)))
            .and_then(|l| manifest.find::<DestinationDef>(l.destination_hash))
            .map(|d| d.display_properties.name.clone())
            .unwrap_or_default();
        let offers = sale
            .sale_items
            .values()
            .map(|s| {
                offer(
                    *hash,
                    s,
                    response,
                    character_id,
                    collectibles,
                    &quantities,
                    manifest,
                )
            })
            .collect();
        out.push(VendorView {
            hash: *hash,
            name: def
                .as_ref()
                .map(|d| d.display_properties.name.clone())
                .filter(|n| !n.is_empty())
                .unwrap_or_else(|| format!("Vendor {hash}")),
            icon: def
                .as_ref()
                .map(|d| d.display_properties.icon.clone())
                .unwrap_or_default(),
            location,
            refreshes_at: state
                .and_then(|s| s.next_refresh_date)
                .filter(|d| chrono::Datelike::year(d) < NEVER_YEAR),
            offers,
        });
    }
    out.sort_by(|a, b| a.name.cmp(&b.name).then(a.hash.cmp(&b.hash)));
    out
}

fn offer(
    vendor: u32,
    sale: &SaleItem,
    response: &VendorsResponse,
    character_id: CharacterId,
    collectibles: &Collectibles,
    quantities: &BTreeMap<u32, i64>,
    manifest: &ManifestStore,
) -> Offer {
    let index = u32::try_from(sale.vendor_item_index).unwrap_or(0);
    let info = Definitions::item(manifest, sale.item_hash)
        .unwrap_or_else(|| unknown_item(sale.item_hash, 0));
    let mut item = Item {
        id: ItemId(format!("vendor:{vendor}:{index}")),
        hash: sale.item_hash,
        quantity: u32::try_from(sale.quantity).unwrap_or(1).max(1),
        location: Location::Character { character_id },
        bucket_hash: info.home_bucket_hash,
        equipped: false,
        locked: false,
        lockable: false,
        power: None,
        damage: None,
        can_equip: false,
        equip_required_level: 0,
        info,
        stats: Vec::new(),
        perks: Vec::new(),
    };
    if let Some(components) = response.item_components.get(&vendor) {
        add_instance_facts(
            &mut item,
            i64::from(sale.vendor_item_index),
            components,
            manifest,
        );
    }
    let cost: Vec<Currency> = sale
        .costs
        .iter()
        .map(|c| named_currency(manifest, c.item_hash, c.quantity))
        .collect();
    let affordable = cost
        .iter()
        .all(|c| quantities.get(&c.hash).copied().unwrap_or(0) >= c.quantity);
    let owned = manifest
        .find::<ItemDef>(sale.item_hash)
        .and_then(|d| d.collectible_hash)
        .and_then(|h| collectibles.owned(h));
    Offer {
        item,
        index,
        cost,
        owned,
        affordable,
    }
}

/// A collectible with the player's state of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CollectibleView {
    /// Its hash.
    pub hash: u32,
    /// Its name.
    pub name: String,
    /// Its icon.
    pub icon: String,
    /// How it is obtained.
    pub source: String,
    /// The item.
    pub item_hash: u32,
    /// `acquired`, `not_acquired` or `obscured`.
    pub state: CollectibleStateKind,
}

/// What the game shows of a collectible.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CollectibleStateKind {
    /// Owned at some point.
    Acquired,
    /// Never owned.
    NotAcquired,
    /// Never owned and hidden.
    Obscured,
}

/// What a collections query asks.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CollectionsQuery {
    /// Words every name must contain (lower case).
    pub words: Vec<String>,
    /// `is:owned` (true) or `-is:owned` (false).
    pub owned: Option<bool>,
}

/// Why a collections query was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CollectionsQueryError {
    /// A filter collections do not know (anything with a colon but `is:owned` and `-is:owned`).
    #[error("collections understand words of the name and is:owned or -is:owned, not {0}")]
    UnknownFilter(String),
}

impl CollectionsQuery {
    /// Parses `text`: words, `is:owned`, `-is:owned`; anything else with a colon is an error
    /// naming it.
    pub fn parse(text: &str) -> Result<CollectionsQuery, CollectionsQueryError> {
        let mut query = CollectionsQuery::default();
        for word in text.split_whitespace() {
            match word.to_lowercase().as_str() {
                "is:owned" => query.owned = Some(true),
                "-is:owned" | "not:owned" => query.owned = Some(false),
                w if w.contains(':') => {
                    return Err(CollectionsQueryError::UnknownFilter(word.to_string()));
                }
                w => query.words.push(w.trim_matches('"').to_string()),
            }
        }
        Ok(query)
    }
}

/// Every visible collectible matching `query`, by name, with the player's state.
pub fn collectible_views(
    defs: &[CollectibleDef],
    collectibles: &Collectibles,
    query: &CollectionsQuery,
) -> Vec<CollectibleView> {
    let mut out: Vec<CollectibleView> = defs
        .iter()
        .filter(|d| !d.redacted && !d.display_properties.name.is_empty())
        .filter_map(|d| {
            let flags = collectibles
                .states
                .get(&d.hash)
                .copied()
                .unwrap_or(NOT_ACQUIRED);
            if flags & INVISIBLE != 0 {
                return None;
            }
            let state = if flags & NOT_ACQUIRED == 0 {
                CollectibleStateKind::Acquired
            } else if flags & OBSCURED != 0 {
                CollectibleStateKind::Obscured
            } else {
                CollectibleStateKind::NotAcquired
            };
            let name = d.display_properties.name.to_lowercase();
            if !query.words.iter().all(|w| name.contains(w.as_str())) {
                return None;
            }
            if query
                .owned
                .is_some_and(|o| o != (state == CollectibleStateKind::Acquired))
            {
                return None;
            }
            Some(CollectibleView {
                hash: d.hash,
                name: d.display_properties.name.clone(),
                icon: d.display_properties.icon.clone(),
                source: d.source_string.clone(),
                item_hash: d.item_hash,
                state,
            })
        })
        .collect();
    out.sort_by(|a, b| a.name.cmp(&b.name).then(a.hash.cmp(&b.hash)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn def(hash: u32, name: &str) -> CollectibleDef {
        CollectibleDef {
            hash,
            display_properties: crate::bungie::manifest::defs::DisplayProperties {
                name: name.into(),
                ..Default::default()
            },
            source_string: "Source: Xûr".into(),
            item_hash: hash + 1,
            ..Default::default()
        }
    }

    #[test]
    fn collections_match_words_and_ownership_and_hide_invisible_ones() {
        let defs = vec![
            def(1, "Gjallarhorn"),
            def(2, "Ace of Spades"),
            def(3, "Hidden Thing"),
            def(4, "Obscured Horn"),
        ];
        let collectibles = Collectibles {
            states: [
                (1, 0),
                (2, NOT_ACQUIRED),
                (3, INVISIBLE),
                (4, NOT_ACQUIRED | OBSCURED),
            ]
            .into_iter()
            .collect(),
        };
        let all = collectible_views(&defs, &collectibles, &CollectionsQuery::default());
        assert_eq!(
            all.iter().map(|c| c.hash).collect::<Vec<_>>(),
            vec![2, 1, 4],
            "by name, invisible left out"
        );
        let horn = CollectionsQuery::parse("horn").unwrap();
        assert_eq!(collectible_views(&defs, &collectibles, &horn).len(), 2);
        let owned = CollectionsQuery::parse("is:owned").unwrap();
        let found = collectible_views(&defs, &collectibles, &owned);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].state, CollectibleStateKind::Acquired);
        let not_owned = CollectionsQuery::parse("-is:owned horn").unwrap();
        let found = collectible_views(&defs, &collectibles, &not_owned);
        assert_eq!(found[0].state, CollectibleStateKind::Obscured);
        assert_eq!(
            CollectionsQuery::parse("power:>1"),
            Err(CollectionsQueryError::UnknownFilter("power:>1".into()))
        );
    }
}
