//! Items named the way a player names them: `vault-raider equip Gjallarhorn` finds the item by
//! name; an id still works, and several items of that name are listed so the player can choose.

use super::client::DaemonClient;
use super::places::Places;
use vault_raider_protocol::Method;
use vault_raider_protocol::inventory::{SearchParams, SearchResult};
use vault_raider_protocol::model::Item;

/// Whether `text` is already an item id (an instance id, or `hash:…` for a stack).
fn is_id(text: &str) -> bool {
    (!text.is_empty() && text.chars().all(|c| c.is_ascii_digit())) || text.starts_with("hash:")
}

/// The id of the one item `text` names: the id itself, the one item whose name is `text`
/// (ignoring case), or the one whose name contains it. Several candidates are an error that
/// lists them with where they are and their ids.
pub async fn resolve(
    client: &mut DaemonClient,
    text: &str,
    places: &Places,
) -> anyhow::Result<String> {
    if is_id(text) {
        return Ok(text.to_string());
    }
    if text.contains('"') || text.trim().is_empty() {
        anyhow::bail!("{text:?} is neither an item id nor an item name");
    }
    let found: SearchResult = client
        .request(
            Method::ItemsSearch,
            &SearchParams {
                query: format!("name:\"{}\"", text.trim()),
                limit: None,
            },
        )
        .await?;
    let wanted = text.trim().to_lowercase();
    let exact: Vec<&Item> = found
        .items
        .iter()
        .filter(|i| i.name.to_lowercase() == wanted)
        .collect();
    let candidates: Vec<&Item> = if exact.is_empty() {
        found.items.iter().collect()
    } else {
        exact
    };
    match candidates.as_slice() {
        [one] => Ok(one.id.clone()),
        [] => anyhow::bail!(
            "No item is called \"{}\" (try `vault-raider items {}`)",
            text.trim(),
            text.trim()
        ),
        several => anyhow::bail!(several_match(several, text.trim(), places)),
    }
}

/// The error for several items named `text`: each with its id, power and place (20 at most).
fn several_match(several: &[&Item], text: &str, places: &Places) -> String {
    let mut message = format!(
        "{} items match \"{text}\"; give the id of the one you mean:",
        several.len()
    );
    for item in several.iter().take(20) {
        let power = item
            .power
            .map(|p| format!(", power {p}"))
            .unwrap_or_default();
        message.push_str(&format!(
            "\n  {}  {}{power}, in {}",
            item.id,
            item.name,
            places.place(&item.location),
        ));
    }
    if several.len() > 20 {
        message.push_str(&format!("\n  … and {} more", several.len() - 20));
    }
    message
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::samples;

    #[test]
    fn ids_are_told_from_names() {
        assert!(is_id("6917529035440581369"));
        assert!(is_id("hash:1331482397"));
        assert!(!is_id("Gjallarhorn"));
        assert!(!is_id("1000 Voices"));
        assert!(!is_id(""));
    }

    #[test]
    fn several_matches_are_listed_with_their_ids_power_and_place() {
        let first = Item {
            power: Some(1810),
            ..samples::item("1", "Rat King")
        };
        let second = Item {
            location: samples::on("7"),
            ..samples::item("2", "Rat King")
        };
        assert_eq!(
            several_match(&[&first, &second], "rat", &Places::default()),
            "2 items match \"rat\"; give the id of the one you mean:\n\
             \x20 1  Rat King, power 1810, in Vault\n\
             \x20 2  Rat King, in a character"
        );
    }
}
