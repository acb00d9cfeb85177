//! Names for what the protocol gives as ids, so the command line reads like the game: characters
//! by class ("Titan"), the vault as "Vault", items by name. Built from one `profile.snapshot`.

use std::collections::HashMap;
use vault_raider_protocol::inventory::Snapshot;
use vault_raider_protocol::model::{Class, Location};

/// Characters and items of one snapshot, by id.
#[derive(Debug, Clone, Default)]
pub struct Places {
    /// Character id → "Titan" (or "Titan (Awoken)" when two characters share a class).
    characters: HashMap<String, String>,
    /// Item id → its name.
    items: HashMap<String, String>,
    /// Print ids next to names (`--ids`).
    pub show_ids: bool,
}

/// The class's name with a capital ("Titan").
pub fn class_name(class: Class) -> &'static str {
    match class {
        Class::Titan => "Titan",
        Class::Hunter => "Hunter",
        Class::Warlock => "Warlock",
    }
}

impl Places {
    /// The names in a `profile.snapshot` result.
    pub fn from_snapshot(snapshot: &Snapshot, show_ids: bool) -> Places {
        let characters = &snapshot.characters;
        let named = characters
            .iter()
            .map(|c| {
                let class = class_name(c.class);
                let shared = characters.iter().filter(|o| o.class == c.class).count() > 1;
                let name = if shared && !c.race.is_empty() {
                    format!("{class} ({})", c.race)
                } else {
                    class.to_string()
                };
                (c.character_id.clone(), name)
            })
            .collect();
        let items = snapshot
            .items
            .iter()
            .map(|i| (i.id.clone(), i.name.clone()))
            .collect();
        Places {
            characters: named,
            items,
            show_ids,
        }
    }

    /// No names known (a command whose output names no place); `show_ids` as `--ids` says.
    pub fn without_names(show_ids: bool) -> Places {
        Places {
            show_ids,
            ..Places::default()
        }
    }

    /// A character by class ("Titan"), with its id under `--ids`.
    pub fn character(&self, id: &str) -> String {
        let name = self
            .characters
            .get(id)
            .cloned()
            .unwrap_or_else(|| "a character".to_string());
        if self.show_ids {
            format!("{name} [{id}]")
        } else {
            name
        }
    }

    /// An item by name, with its id under `--ids`.
    pub fn item(&self, id: &str) -> String {
        let name = self
            .items
            .get(id)
            .filter(|n| !n.is_empty())
            .cloned()
            .unwrap_or_else(|| format!("item {id}"));
        if self.show_ids {
            format!("{name} [{id}]")
        } else {
            name
        }
    }

    /// A protocol location in words: "Titan", "Vault", "Titan's postmaster", "Account".
    pub fn place(&self, location: &Location) -> String {
        match location {
            Location::Character { character_id } => self.character(character_id),
            Location::Postmaster { character_id } => {
                format!("{}'s postmaster", self.character(character_id))
            }
            Location::Vault => "Vault".to_string(),
            Location::Profile => "Account".to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::samples;

    #[test]
    fn places_read_like_the_game() {
        let snapshot = samples::snapshot(
            vec![
                samples::character("1", Class::Titan, "Human"),
                samples::character("2", Class::Warlock, "Awoken"),
                samples::character("3", Class::Warlock, "Exo"),
            ],
            vec![samples::item("9", "Gjallarhorn")],
        );
        let places = Places::from_snapshot(&snapshot, false);
        assert_eq!(places.place(&samples::on("1")), "Titan");
        assert_eq!(places.place(&Location::Vault), "Vault");
        assert_eq!(
            places.place(&Location::Postmaster {
                character_id: "1".into()
            }),
            "Titan's postmaster"
        );
        assert_eq!(places.place(&Location::Profile), "Account");
        assert_eq!(places.character("3"), "Warlock (Exo)");
        assert_eq!(places.character("4"), "a character");
        assert_eq!(places.item("9"), "Gjallarhorn");
        assert_eq!(places.item("8"), "item 8");
        let with_ids = Places::from_snapshot(&snapshot, true);
        assert_eq!(with_ids.character("1"), "Titan [1]");
    }
}
