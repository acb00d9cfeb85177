//! Names for what the protocol gives as ids, so the command line reads like the game: characters
//! by class ("Titan"), the vault as "Vault", items by name. Built from one `profile.snapshot`.

use serde_json::Value;
use std::collections::HashMap;

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

/// "titan" → "Titan".
pub fn class_name(class: &str) -> String {
    let mut chars = class.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

impl Places {
    /// The names in a `profile.snapshot` result.
    pub fn from_snapshot(snapshot: &Value, show_ids: bool) -> Places {
        let characters: Vec<&Value> = snapshot["characters"]
            .as_array()
            .map(|a| a.iter().collect())
            .unwrap_or_default();
        let class_of = |c: &Value| class_name(c["class"].as_str().unwrap_or("character"));
        let named = characters
            .iter()
            .map(|c| {
                let class = class_of(c);
                let shared = characters.iter().filter(|o| class_of(o) == class).count() > 1;
                let race = c["race"].as_str().unwrap_or_default();
                let name = if shared && !race.is_empty() {
                    format!("{class} ({race})")
                } else {
                    class
                };
                (
                    c["characterId"].as_str().unwrap_or_default().to_string(),
                    name,
                )
            })
            .collect();
        let items = snapshot["items"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|i| {
                (
                    i["id"].as_str().unwrap_or_default().to_string(),
                    i["name"].as_str().unwrap_or_default().to_string(),
                )
            })
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
    pub fn place(&self, location: &Value) -> String {
        let character = || self.character(location["characterId"].as_str().unwrap_or_default());
        match location["kind"].as_str() {
            Some("character") => character(),
            Some("postmaster") => format!("{}'s postmaster", character()),
            Some("vault") => "Vault".to_string(),
            Some("profile") => "Account".to_string(),
            Some(other) => other.to_string(),
            None => String::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn places_read_like_the_game() {
        let snapshot = json!({"characters":[
            {"characterId":"1","class":"titan","race":"Human"},
            {"characterId":"2","class":"warlock","race":"Awoken"},
            {"characterId":"3","class":"warlock","race":"Exo"}],
            "items":[{"id":"9","name":"Gjallarhorn"}]});
        let places = Places::from_snapshot(&snapshot, false);
        assert_eq!(
            places.place(&json!({"kind":"character","characterId":"1"})),
            "Titan"
        );
        assert_eq!(places.place(&json!({"kind":"vault"})), "Vault");
        assert_eq!(
            places.place(&json!({"kind":"postmaster","characterId":"1"})),
            "Titan's postmaster"
        );
        assert_eq!(places.character("3"), "Warlock (Exo)");
        assert_eq!(places.item("9"), "Gjallarhorn");
        let with_ids = Places::from_snapshot(&snapshot, true);
        assert_eq!(with_ids.character("1"), "Titan [1]");
    }
}
