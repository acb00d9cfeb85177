//! Protocol values for the command line's unit tests: an item, a character, a snapshot, built
//! with every field the daemon sends so the formatters are tested on what they really read.

use vault_raider_protocol::inventory::{Snapshot, VaultUsage};
use vault_raider_protocol::model::{Character, Class, Item, ItemClass, Location, Tier};

/// An item of the vault, named `name`: a legendary kinetic weapon, unlocked, not equipped.
pub fn item(id: &str, name: &str) -> Item {
    Item {
        id: id.to_string(),
        hash: 1,
        name: name.to_string(),
        item_type: "Scout Rifle".to_string(),
        tier: Tier::Legendary,
        bucket: "kinetic".to_string(),
        class: ItemClass::Any,
        power: None,
        damage: None,
        icon: String::new(),
        location: Location::Vault,
        equipped: false,
        quantity: 1,
        locked: false,
        transferable: true,
        equippable: true,
        lockable: true,
        tag: None,
        note: None,
    }
}

/// A character of `class` and `race`.
pub fn character(id: &str, class: Class, race: &str) -> Character {
    Character {
        character_id: id.to_string(),
        class,
        race: race.to_string(),
        power: 1810,
        emblem: String::new(),
        emblem_color: "#000000".to_string(),
        last_played: "2026-12-05T09:00:00Z".to_string(),
        activity: None,
    }
}

/// On the character `id`.
pub fn on(id: &str) -> Location {
    Location::Character {
        character_id: id.to_string(),
    }
}

/// A snapshot holding `characters` and `items`.
pub fn snapshot(characters: Vec<Character>, items: Vec<Item>) -> Snapshot {
    Snapshot {
        rev: 1,
        account: None,
        characters,
        items,
        vault: VaultUsage {
            used: 0,
            capacity: 600,
        },
        postmaster: Default::default(),
        currencies: Vec::new(),
    }
}

/// "Now" for the tests' relative times: 2026-12-05 10:00 UTC.
pub fn now() -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::parse_from_rfc3339("2026-12-05T10:00:00Z")
        .map(|t| t.with_timezone(&chrono::Utc))
        .unwrap_or_default()
}
