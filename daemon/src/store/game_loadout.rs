//! An in-game loadout: one of a character's ten slots Bungie keeps (profile component 206), as
//! the store keeps it. Bungie's data: rebuilt by every sync, changed by the game's own actions.

use super::model::{CharacterId, Class, LoadoutItem};
use serde::{Deserialize, Serialize};

/// How many in-game loadout slots each character has
/// (`DestinyLoadoutConstantsDefinition.loadoutCountPerCharacter`).
pub const GAME_LOADOUT_SLOTS: u32 = 10;

/// One saved in-game loadout (an empty slot is not kept).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GameLoadout {
    /// The character it belongs to.
    pub character_id: CharacterId,
    /// Its slot, 0–9.
    pub index: u32,
    /// `DestinyLoadoutNameDefinition` hash.
    pub name_hash: u32,
    /// `DestinyLoadoutColorDefinition` hash.
    pub color_hash: u32,
    /// `DestinyLoadoutIconDefinition` hash.
    pub icon_hash: u32,
    /// Its name, from the manifest ("Loadout 3" when the manifest does not know it).
    pub name: String,
    /// Its colour swatch's image path ("" when unknown).
    pub color: String,
    /// Its icon's image path ("" when unknown).
    pub icon: String,
    /// The character's class.
    pub class: Class,
    /// Its items (each to equip), in Bungie's slot order; empty item slots are left out. An
    /// item the account no longer holds keeps hash 0.
    pub items: Vec<LoadoutItem>,
}

impl GameLoadout {
    /// The id clients use for it: `game:<characterId>:<index>`.
    pub fn id(&self) -> String {
        game_loadout_id(self.character_id, self.index)
    }

    /// The name of a slot the manifest cannot name.
    pub fn fallback_name(index: u32) -> String {
        format!("Loadout {}", index + 1)
    }
}

/// The client id of slot `index` of `character_id`.
pub fn game_loadout_id(character_id: CharacterId, index: u32) -> String {
    format!("game:{character_id}:{index}")
}

/// The character and slot a `game:<characterId>:<index>` id names.
pub fn parse_game_loadout_id(id: &str) -> Option<(CharacterId, u32)> {
    let rest = id.strip_prefix("game:")?;
    let (character, index) = rest.split_once(':')?;
    let index: u32 = index.parse().ok()?;
    (index < GAME_LOADOUT_SLOTS).then_some((character.parse().ok()?, index))
}

/// Names, colours and icons of loadout identifiers (the manifest's loadout tables).
pub trait LoadoutLabels {
    /// A `DestinyLoadoutNameDefinition`'s name.
    fn loadout_name(&self, _hash: u32) -> Option<String> {
        None
    }
    /// A `DestinyLoadoutColorDefinition`'s image path.
    fn loadout_color(&self, _hash: u32) -> Option<String> {
        None
    }
    /// A `DestinyLoadoutIconDefinition`'s image path.
    fn loadout_icon(&self, _hash: u32) -> Option<String> {
        None
    }
}

impl GameLoadout {
    /// Fills in the name, colour and icon of its hashes from `labels`.
    pub fn label<L: LoadoutLabels + ?Sized>(&mut self, labels: &L) {
        self.name = labels
            .loadout_name(self.name_hash)
            .filter(|n| !n.is_empty())
            .unwrap_or_else(|| GameLoadout::fallback_name(self.index));
        self.color = labels.loadout_color(self.color_hash).unwrap_or_default();
        self.icon = labels.loadout_icon(self.icon_hash).unwrap_or_default();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_and_bad_ones_are_refused() {
        assert_eq!(
            parse_game_loadout_id(&game_loadout_id(42, 3)),
            Some((42, 3))
        );
        for bad in ["game:42:10", "game:42", "game:x:1", "42:1", "game:42:-1"] {
            assert_eq!(parse_game_loadout_id(bad), None, "{bad}");
        }
    }
}
