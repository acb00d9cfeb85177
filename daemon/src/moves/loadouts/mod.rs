//! Loadouts: saving a character's gear (or a given list), the "Before …" undo snapshot, and
//! DIM's loadout format ([`dim`]).

pub mod class_fit;
pub mod dim;

use super::error::{MoveError, Reason};
use crate::store::model::{CharacterId, Inventory, ItemId, Loadout, LoadoutItem, Location};
use chrono::{DateTime, Timelike, Utc};

/// The longest loadout name accepted (DIM's limit).
pub const MAX_NAME_CHARS: usize = 120;

/// A loadout's time as it is kept: to the second, as the protocol shows it (and as backups and
/// the journal have always written it).
pub(crate) fn stamp(now: DateTime<Utc>) -> DateTime<Utc> {
    now.with_nanosecond(0).unwrap_or(now)
}

/// A new loadout named `name` for `character_id`: the given `items` (ids in the inventory, all
/// to equip when they are equippable), or with `None` the gear the character has equipped now.
pub fn save(
    inventory: &Inventory,
    name: &str,
    character_id: CharacterId,
    items: Option<&[ItemId]>,
    id: String,
    now: DateTime<Utc>,
) -> Result<Loadout, MoveError> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > MAX_NAME_CHARS {
        return Err(MoveError::new(
            Reason::InvalidRequest,
            format!("A loadout needs a name of 1 to {MAX_NAME_CHARS} characters."),
        ));
    }
    let character = inventory
        .characters
        .iter()
        .find(|c| c.id == character_id)
        .ok_or_else(|| MoveError::character_not_found(character_id))?;
    let here = Location::Character { character_id };
    let entries: Vec<LoadoutItem> = match items {
        None => inventory
            .items
            .iter()
            .filter(|i| i.equipped && i.location == here)
            .map(LoadoutItem::equipping)
            .collect(),
        Some(ids) => ids
            .iter()
            .map(|id| {
                let item = inventory
                    .items
                    .iter()
                    .find(|i| &i.id == id)
                    .ok_or_else(|| MoveError::item_not_found(id.as_str()))?;
                Ok(LoadoutItem {
                    id: item.id.clone(),
                    hash: item.hash,
                    equip: item.info.equippable,
                    quantity: item.quantity,
                })
            })
            .collect::<Result<_, MoveError>>()?,
    };
    Ok(Loadout {
        id,
        name: name.to_string(),
        character_id,
        class: character.class,
        items: entries,
        created_at: stamp(now),
        updated_at: stamp(now),
    })
}

/// The "Before <name>" undo loadout of what `character_id` wears now, reusing the id of an
/// earlier one of that name for that character so undo loadouts do not pile up. `None` when the
/// character is unknown.
pub fn before_snapshot(
    inventory: &Inventory,
    existing: &[Loadout],
    loadout_name: &str,
    character_id: CharacterId,
    now: DateTime<Utc>,
) -> Option<Loadout> {
    let name: String = format!("Before {loadout_name}")
        .chars()
        .take(MAX_NAME_CHARS)
        .collect();
    let earlier = existing
        .iter()
        .find(|l| l.name == name && l.character_id == character_id);
    let id = earlier
        .map(|l| l.id.clone())
        .unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
    let mut snapshot = save(inventory, &name, character_id, None, id, now)
        .inspect_err(|e| tracing::debug!("no undo loadout: {e}"))
        .ok()?;
    if let Some(earlier) = earlier {
        snapshot.created_at = earlier.created_at;
    }
    Some(snapshot)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_loadout_is_stamped_to_the_second() {
        let now: DateTime<Utc> = "2026-12-07T10:11:12.987654321Z".parse().expect("time");
        assert_eq!(
            stamp(now),
            "2026-12-07T10:11:12Z"
                .parse::<DateTime<Utc>>()
                .expect("time")
        );
    }
}
