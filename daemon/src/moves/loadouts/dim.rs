//! DIM's loadout format (`dim-api-types` `Loadout`): import, export, and the offline share link
//! `https://app.destinyitemmanager.com/loadouts?loadout=<url-encoded JSON>`.

use super::MAX_NAME_CHARS;
use crate::moves::error::{MoveError, Reason};
use crate::store::model::{CharacterId, Class, Inventory, ItemId, Loadout, LoadoutItem};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The address DIM opens a shared loadout from.
pub const SHARE_BASE: &str = "https://app.destinyitemmanager.com/loadouts";

/// A loadout as DIM writes it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DimLoadout {
    /// DIM's id (a fresh one is made on import).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The name (required, at most 120 characters).
    pub name: String,
    /// Notes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    /// DestinyClass: 0 Titan, 1 Hunter, 2 Warlock, 3 any.
    pub class_type: i64,
    /// Items to equip.
    #[serde(default)]
    pub equipped: Vec<DimLoadoutItem>,
    /// Items to bring along.
    #[serde(default)]
    pub unequipped: Vec<DimLoadoutItem>,
}

/// One item of a DIM loadout.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DimLoadoutItem {
    /// The instance id; absent or "0" for uninstanced items.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The item hash.
    pub hash: u32,
    /// For consumables: how many.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<u32>,
    /// Socket index → plug hash (kept for round trips; not applied).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub socket_overrides: Option<BTreeMap<String, u32>>,
    /// Crafted date (epoch seconds), to re-match reshaped crafted items.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub crafted_date: Option<u64>,
}

fn invalid(message: impl Into<String>) -> MoveError {
    MoveError::new(Reason::InvalidRequest, message)
}

/// Reads a DIM loadout from its JSON or from a `…/loadouts?loadout=<json>` link.
pub fn parse(text: &str) -> Result<DimLoadout, MoveError> {
    let text = text.trim();
    let json = if text.starts_with('{') {
        text.to_string()
    } else {
        loadout_from_link(text)?
    };
    let dim: DimLoadout = serde_json::from_str(&json)
        .map_err(|e| invalid(format!("This is not a DIM loadout: {e}.")))?;
    validate(&dim)?;
    Ok(dim)
}

/// Checks the limits DIM's own API enforces.
pub fn validate(dim: &DimLoadout) -> Result<(), MoveError> {
    let name_chars = dim.name.trim().chars().count();
    if name_chars == 0 || name_chars > MAX_NAME_CHARS {
        return Err(invalid(format!(
            "A DIM loadout needs a name of 1 to {MAX_NAME_CHARS} characters."
        )));
    }
    if !(0..=3).contains(&dim.class_type) {
        return Err(invalid(format!(
            "classType {} is not a Destiny class (0 Titan, 1 Hunter, 2 Warlock, 3 any).",
            dim.class_type
        )));
    }
    Ok(())
}

fn loadout_from_link(link: &str) -> Result<String, MoveError> {
    let with_scheme = if link.contains("://") {
        link.to_string()
    } else {
        format!("https://{link}")
    };
    let url = url::Url::parse(&with_scheme)
        .map_err(|_| invalid("This is neither DIM loadout JSON nor a DIM loadout link."))?;
    if !url.path().trim_end_matches('/').ends_with("/loadouts") {
        return Err(invalid(
            "Only app.destinyitemmanager.com/loadouts?loadout=… links carry the loadout itself; dim.gg share links need DIM's server.",
        ));
    }
    url.query_pairs()
        .find(|(k, _)| k == "loadout")
        .map(|(_, v)| v.into_owned())
        .ok_or_else(|| invalid("The link has no `loadout=` parameter."))
}

/// Our loadout from a DIM one, for `character_id` or else the most recently played character
/// of its class. `id` and `now` are the new loadout's id and timestamps.
pub fn import(
    dim: &DimLoadout,
    inventory: &Inventory,
    character_id: Option<CharacterId>,
    id: String,
    now: DateTime<Utc>,
) -> Result<Loadout, MoveError> {
    validate(dim)?;
    let class = Class::from_bungie(dim.class_type);
    let mut characters = inventory.characters.clone();
    characters.sort_by_key(|c| std::cmp::Reverse(c.last_played));
    let character = match character_id {
        Some(c) => characters
            .iter()
            .find(|ch| ch.id == c)
            .ok_or_else(|| MoveError::character_not_found(c))?,
        None => characters
            .iter()
            .find(|ch| class.is_none_or(|k| k == ch.class))
            .ok_or_else(|| {
                MoveError::new(
                    Reason::CharacterNotFound,
                    format!(
                        "This loadout is for a {}, and this account has none.",
                        class.map(|c| c.slug()).unwrap_or("character")
                    ),
                )
            })?,
    };
    let entry = |item: &DimLoadoutItem, equip: bool| LoadoutItem {
        id: match item.id.as_deref() {
            Some(n) if n != "0" && n.parse::<u64>().is_ok() => ItemId(n.to_string()),
            _ => ItemId(format!("hash:{}", item.hash)),
        },
        hash: item.hash,
        equip,
        quantity: item.amount.unwrap_or(1).max(1),
    };
    let items = dim
        .equipped
        .iter()
        .map(|i| entry(i, true))
        .chain(dim.unequipped.iter().map(|i| entry(i, false)))
        .collect();
    Ok(Loadout {
        id,
        name: dim.name.trim().to_string(),
        character_id: character.id,
        class: class.unwrap_or(character.class),
        items,
        created_at: super::stamp(now),
        updated_at: super::stamp(now),
    })
}

/// A DIM loadout from ours.
pub fn export(loadout: &Loadout) -> DimLoadout {
    let entry = |item: &LoadoutItem| DimLoadoutItem {
        id: Some(
            item.id
                .instance_id()
                .map(|n| n.to_string())
                .unwrap_or_else(|| "0".to_string()),
        ),
        hash: item.hash,
        amount: (item.id.instance_id().is_none()).then_some(item.quantity),
        socket_overrides: None,
        crafted_date: None,
    };
    DimLoadout {
        id: Some(loadout.id.clone()),
        name: loadout.name.clone(),
        notes: None,
        class_type: match loadout.class {
            Class::Titan => 0,
            Class::Hunter => 1,
            Class::Warlock => 2,
        },
        equipped: loadout
            .items
            .iter()
            .filter(|i| i.equip)
            .map(entry)
            .collect(),
        unequipped: loadout
            .items
            .iter()
            .filter(|i| !i.equip)
            .map(entry)
            .collect(),
    }
}

/// DIM's offline share link for a loadout.
pub fn share_link(dim: &DimLoadout) -> String {
    let json = serde_json::to_string(dim).unwrap_or_default();
    let encoded: String = url::form_urlencoded::byte_serialize(json.as_bytes()).collect();
    format!("{SHARE_BASE}?loadout={encoded}")
}
