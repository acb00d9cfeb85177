//! Profile component 206 → the characters' saved in-game loadouts. A slot whose items are all
//! empty (instance id 0, or no items) is an empty slot and is not kept; names, colours and icons
//! come from the manifest's loadout tables.

use crate::bungie::wire::profile::DestinyProfileResponse;
use crate::store::game_loadout::{GAME_LOADOUT_SLOTS, LoadoutLabels};
use crate::store::model::{Character, GameLoadout, Item, ItemId, LoadoutItem};
use std::collections::HashMap;

/// The saved in-game loadouts of every character `profile` lists, by character then slot
/// (none when Bungie withheld the component).
pub fn game_loadouts<L: LoadoutLabels + ?Sized>(
    profile: &DestinyProfileResponse,
    characters: &[Character],
    items: &[Item],
    labels: &L,
) -> Vec<GameLoadout> {
    let hashes: HashMap<&ItemId, u32> = items.iter().map(|i| (&i.id, i.hash)).collect();
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
                .map(|id| {
                    let id = ItemId::instance(id);
                    LoadoutItem {
                        hash: hashes.get(&id).copied().unwrap_or(0),
                        id,
                        equip: true,
                        quantity: 1,
                    }
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
