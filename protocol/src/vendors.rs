//! Vendors, collections and the clan: `vendors.list`, `collections.search`, `clan.get`, and the
//! account's currencies that snapshots carry.

use crate::model::Item;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A currency (or material) and a quantity: what the account holds, or what an offer costs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(rename_all = "camelCase")]
pub struct Currency {
    /// Its item hash.
    pub hash: u32,
    /// Its name ("Glimmer").
    pub name: String,
    /// Its icon path on bungie.net (empty when none).
    pub icon: String,
    /// How many.
    #[ts(type = "number")]
    pub quantity: i64,
}

/// `vendors.list` params.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[ts(optional_fields)]
pub struct VendorsParams {
    /// Whose vendors (what they sell and what is affordable depend on the character).
    pub character_id: String,
    /// Ask Bungie again even when the stored answer is still current.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refresh: Option<bool>,
}

/// One offer of a vendor.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(rename_all = "camelCase")]
#[ts(optional_fields)]
pub struct VendorItem {
    /// The offered item in the protocol's item shape (its `id` is `vendor:<vendorHash>:<index>`,
    /// its location the character's).
    pub item: Item,
    /// The offer's index in the vendor's definition.
    pub vendor_item_index: u32,
    /// What one purchase costs.
    pub cost: Vec<Currency>,
    /// The offered roll's perks (instanced offers), empty otherwise.
    pub perks: Vec<String>,
    /// The offered roll's stats (instanced offers), empty otherwise.
    pub stats: Vec<crate::model::Stat>,
    /// Whether the player ever owned it (its collectible is acquired); absent when the item has
    /// no collectible.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owned: Option<bool>,
    /// The player holds enough of every currency it costs now.
    pub affordable: bool,
}

/// A vendor that sells something now.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(rename_all = "camelCase")]
#[ts(optional_fields)]
pub struct Vendor {
    /// The vendor's hash.
    pub hash: u32,
    /// Its name ("Xûr").
    pub name: String,
    /// Its icon path (empty when none).
    pub icon: String,
    /// Where it stands ("Tower"), empty when unknown.
    pub location: String,
    /// When its stock changes next (RFC 3339, UTC); absent when never.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refreshes_at: Option<String>,
    /// What it sells.
    pub items: Vec<VendorItem>,
}

/// `vendors.list` result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(rename_all = "camelCase")]
pub struct VendorsResult {
    /// The vendors selling something now, by name.
    pub vendors: Vec<Vendor>,
    /// The currencies the account holds.
    pub currencies: Vec<Currency>,
    /// When Bungie's answer was read (RFC 3339, UTC): it is kept until a vendor refreshes.
    pub read_at: String,
}

/// A collectible's state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema, TS)]
#[serde(rename_all = "snake_case")]
#[ts(rename_all = "snake_case")]
pub enum CollectibleState {
    /// Owned at some point.
    Acquired,
    /// Never owned.
    NotAcquired,
    /// Never owned, and the game hides what it is.
    Obscured,
}

/// `collections.search` params.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[ts(optional_fields)]
pub struct CollectionsParams {
    /// Words of the name, and `is:owned` / `-is:owned`.
    pub query: String,
    /// At most this many (default 100, at most 1,000).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
}

/// One collectible.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(rename_all = "camelCase")]
pub struct Collectible {
    /// The collectible's hash.
    pub hash: u32,
    /// Its name.
    pub name: String,
    /// Its icon path.
    pub icon: String,
    /// How it is obtained ("Source: Xûr").
    pub source: String,
    /// The item it is.
    pub item_hash: u32,
    /// Its state for the player.
    pub state: CollectibleState,
}

/// `collections.search` result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(rename_all = "camelCase")]
pub struct CollectionsResult {
    /// The matches, by name.
    pub collectibles: Vec<Collectible>,
    /// Matches in all (more than listed when `limit` cut them).
    pub total: u32,
}

/// One member of the clan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(rename_all = "camelCase")]
#[ts(optional_fields)]
pub struct ClanMember {
    /// The Bungie name ("Name#0123").
    pub name: String,
    /// The Destiny membership id.
    pub membership_id: String,
    /// Online in Destiny now.
    pub online: bool,
    /// When the online state last changed (RFC 3339, UTC).
    pub last_online: String,
    /// When they joined the clan (RFC 3339, UTC).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub joined_at: Option<String>,
    /// The member's rank: `beginner`, `member`, `admin`, `acting_founder`, `founder`.
    pub rank: String,
    /// For a member playing now, the activity ("Savathûn's Song — Strike") when their profile
    /// shows it publicly.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub activity: Option<String>,
}

/// The player's clan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(rename_all = "camelCase")]
pub struct Clan {
    /// The group's id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its motto.
    pub motto: String,
    /// How many members it has.
    pub member_count: u32,
    /// The roster, most recently online first (online members first of all).
    pub members: Vec<ClanMember>,
}

/// `clan.get` result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(rename_all = "camelCase")]
pub struct ClanResult {
    /// The clan; null when the player is in none.
    pub clan: Option<Clan>,
    /// When Bungie's answer was read (RFC 3339, UTC).
    pub read_at: String,
}
