//! Profile component 206 → the characters' saved in-game loadouts. A slot whose items are all
//! empty (instance id 0, or no items) is an empty slot and is not kept; names, colours and icons
//! come from the manifest's loadout tables.

use crate::bungie::wire::profile::DestinyProfileResponse;
use crate::store::game_loadout::{GAME_LOADOUT_SLOTS, LoadoutLabels};
use crate::store::model::{Character, GameLoadout, ItemId, LoadoutItem};

/// The saved in-game loadouts of every character `profile` lists, by character then slot
/// (none when Bungie withheld the component). `instances` holds (instance id, item hash) of
/// the profile's instanced items, sorted by instance id.
pub fn game_loadouts<L: LoadoutLabels + ?Sized>(
    profile: &DestinyProfileResponse,
    characters: &[Character],
    instances: &[(u64, u32)],
    labels: &L,
) -> Vec<GameLoadout> {
    let hash_of = |id: u64| {
        instances
            .binary_search_by_key(&id, |(instance, _)| *instance)
            .map_or(0, |at| instances[at].1)
    };
    let Some(per_character) = profile
        .character_loadouts
        .as_ref()
        .and_then(|c| c.data.as_ref())
    else {
        return Vec::new();
    };
    let mut found = Vec::new();
    for (character_id, component) in per_character {
        let Ok(character_id) = u64::try_from(*character_id) else {
            continue;
        };
        let Some(class) = characters
            .iter()
            .find(|c| c.id == character_id)
            .map(|c| c.class)
        else {
            continue;
        };
        for (index, slot) in (0..GAME_LOADOUT_SLOTS).zip(&component.loadouts) {
            let items: Vec<LoadoutItem> = slot
                .items
                .iter()
                .filter_map(|i| u64::try_from(i.item_instance_id).ok())
                .filter(|id| *id != 0)
                .map(|id| LoadoutItem {
                    hash: hash_of(id),
                    id: ItemId::instance(id),
                    equip: true,
                    quantity: 1,
                })
                .collect();
            if items.is_empty() {
                continue;
            }
            let mut loadout = GameLoadout {
                character_id,
                index,
                name_hash: slot.name_hash,
                color_hash: slot.color_hash,
                icon_hash: slot.icon_hash,
                name: String::new(),
                color: String::new(),
                icon: String::new(),
                class,
                items,
            };
            loadout.label(labels);
            found.push(loadout);
        }
    }
    found.sort_by_key(|l| (l.character_id, l.index));
    found
}
