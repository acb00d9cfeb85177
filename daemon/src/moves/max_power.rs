//! "Maximum Power": the highest-power item per weapon and armour slot a character can equip,
//! with at most one exotic weapon and one exotic armour piece, chosen to maximise the average.
//! Pure: an inventory in, the chosen items and the power before and after out.

use super::error::{MoveError, Reason};
use super::rank::usable_by;
use crate::store::model::{
    Character, CharacterId, Inventory, Item, ItemId, Loadout, LoadoutItem, Location, Tier,
};

/// The name of the loadout maximum power equips (never saved).
pub const MAX_POWER_NAME: &str = "Maximum Power";

/// The weapon slots, by bucket hash: kinetic, energy, power.
pub const WEAPON_BUCKETS: [u32; 3] = [1_498_876_634, 2_465_295_065, 953_998_645];
/// The armour slots, by bucket hash: helmet, gauntlets, chest, legs, class item.
pub const ARMOR_BUCKETS: [u32; 5] = [
    3_448_274_439,
    3_551_918_588,
    14_239_492,
    20_886_954,
    1_585_787_867,
];

/// What maximum power would equip.
#[derive(Debug, Clone, PartialEq)]
pub struct MaxPower {
    /// One item per slot (weapons, then armour), in slot order.
    pub items: Vec<ItemId>,
    /// The average power of what the character has equipped now.
    pub power_before: f64,
    /// The average power after.
    pub power_after: f64,
}

/// The best gear for `character_id`: per slot the highest power among the items it may equip
/// (on it, in the vault, or on another character where the game lets them move; never in a
/// postmaster), with at most one exotic among the weapons and one among the armour. On equal
/// power the item needing fewer calls wins (equipped, on the character, in the vault).
pub fn max_power(inventory: &Inventory, character_id: CharacterId) -> Result<MaxPower, MoveError> {
    let character = inventory
        .characters
        .iter()
        .find(|c| c.id == character_id)
        .ok_or_else(|| MoveError::character_not_found(character_id))?;
    let weapons = best_group(inventory, character, &WEAPON_BUCKETS)?;
    let armor = best_group(inventory, character, &ARMOR_BUCKETS)?;
    let chosen: Vec<&Item> = weapons.into_iter().chain(armor).collect();
    let equipped: Vec<u32> = WEAPON_BUCKETS
        .iter()
        .chain(&ARMOR_BUCKETS)
        .map(|bucket| {
            inventory
                .items
                .iter()
                .find(|i| {
                    i.equipped
                        && i.info.home_bucket_hash == *bucket
                        && i.location == Location::Character { character_id }
                })
                .and_then(|i| i.power)
                .unwrap_or(0)
        })
        .collect();
    Ok(MaxPower {
        power_before: average(&equipped),
        power_after: average(&chosen.iter().map(|i| power(i)).collect::<Vec<_>>()),
        items: chosen.into_iter().map(|i| i.id.clone()).collect(),
    })
}

impl MaxPower {
    /// The chosen items as a loadout (not saved) that equips every one on `character_id`.
    pub fn loadout(&self, inventory: &Inventory, character_id: CharacterId) -> Option<Loadout> {
        let character = inventory.characters.iter().find(|c| c.id == character_id)?;
        Some(Loadout {
            id: format!("max-power-{character_id}"),
            name: MAX_POWER_NAME.to_string(),
            character_id,
            class: character.class,
            items: self
                .items
                .iter()
                .filter_map(|id| inventory.items.iter().find(|i| &i.id == id))
                .map(LoadoutItem::equipping)
                .collect(),
            created_at: Loadout::NEVER_SAVED,
            updated_at: Loadout::NEVER_SAVED,
        })
    }
}

fn average(powers: &[u32]) -> f64 {
    if powers.is_empty() {
        return 0.0;
    }
    powers.iter().map(|p| f64::from(*p)).sum::<f64>() / powers.len() as f64
}

fn power(item: &Item) -> u32 {
    item.power.unwrap_or(0)
}

/// The best item of each of `buckets` with at most one exotic among them.
fn best_group<'a>(
    inventory: &'a Inventory,
    character: &Character,
    buckets: &[u32],
) -> Result<Vec<&'a Item>, MoveError> {
    let best = |bucket: u32, exotic: bool| -> Option<&'a Item> {
        inventory
            .items
            .iter()
            .filter(|i| {
                i.info.home_bucket_hash == bucket
                    && (i.info.tier == Tier::Exotic) == exotic
                    && usable_by(i, character)
                    && reachable(i, character.id)
            })
            .max_by_key(|i| {
                (
                    power(i),
                    nearness(i, character.id),
                    std::cmp::Reverse(i.id.clone()),
                )
            })
    };
    let plain: Vec<Option<&Item>> = buckets.iter().map(|b| best(*b, false)).collect();
    let exotic: Vec<Option<&Item>> = buckets.iter().map(|b| best(*b, true)).collect();
    // Every choice of the one slot (or none) that takes an exotic; the highest total wins,
    // and on a tie the choice with no exotic, then the earlier slot.
    let mut winner: Option<(u64, Vec<&Item>)> = None;
    for exotic_slot in std::iter::once(None).chain((0..buckets.len()).map(Some)) {
        let picks: Option<Vec<&Item>> = (0..buckets.len())
            .map(|n| {
                if Some(n) == exotic_slot {
                    exotic[n]
                } else {
                    plain[n]
                }
            })
            .collect();
        let Some(picks) = picks else { continue };
        let total: u64 = picks.iter().map(|i| u64::from(power(i))).sum();
        if winner.as_ref().is_none_or(|(best, _)| total > *best) {
            winner = Some((total, picks));
        }
    }
    winner.map(|(_, picks)| picks).ok_or_else(|| {
        MoveError::new(
            Reason::CannotEquip,
            "Some slot has nothing this character can equip (or only exotics, and one exotic is the limit).",
        )
    })
}

/// How few calls bring the item into use (higher is fewer): equipped on the character, on it,
/// in the vault (one transfer), on another character (two).
fn nearness(item: &Item, character_id: CharacterId) -> u8 {
    match item.location {
        Location::Character { character_id: c } if c == character_id && item.equipped => 3,
        Location::Character { character_id: c } if c == character_id => 2,
        Location::Vault => 1,
        _ => 0,
    }
}

/// Whether the item can reach the character: already on it, or movable from the vault or
/// another character.
fn reachable(item: &Item, character_id: CharacterId) -> bool {
    match item.location {
        Location::Character { character_id: c } if c == character_id => true,
        Location::Character { .. } | Location::Vault => item.transferable(),
        Location::Postmaster { .. } | Location::Profile => false,
    }
}
