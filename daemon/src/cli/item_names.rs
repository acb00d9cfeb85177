//! Items named the way a player names them: `vault-raider equip Gjallarhorn` finds the item by
//! name; an id still works, and several items of that name are listed so the player can choose.

use super::client::DaemonClient;
use super::places::Places;
use serde_json::Value;
use vault_raider_protocol::Method;
use vault_raider_protocol::inventory::SearchParams;

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
    let answer = client
        .call(
            Method::ItemsSearch,
            &SearchParams {
                query: format!("name:\"{}\"", text.trim()),
                limit: None,
            },
        )
        .await?;
    let found: Vec<Value> = answer["items"].as_array().cloned().unwrap_or_default();
    let wanted = text.trim().to_lowercase();
    let exact: Vec<&Value> = found
        .iter()
        .filter(|i| {
            i["name"]
                .as_str()
                .is_some_and(|n| n.to_lowercase() == wanted)
        })
        .collect();
    let candidates: Vec<&Value> = if exact.is_empty() {
        found.iter().collect()
    } else {
        exact
    };
    match candidates.as_slice() {
        [one] => Ok(one["id"].as_str().unwrap_or_default().to_string()),
        [] => anyhow::bail!(
            "No item is called \"{}\" (try `vault-raider items {}`)",
            text.trim(),
            text.trim()
        ),
        several => {
            let mut message = format!(
                "{} items match \"{}\"; give the id of the one you mean:",
                several.len(),
                text.trim()
            );
            for item in several.iter().take(20) {
                let power = item["power"]
                    .as_u64()
                    .map(|p| format!(", power {p}"))
                    .unwrap_or_default();
                message.push_str(&format!(
                    "\n  {}  {}{power}, in {}",
                    item["id"].as_str().unwrap_or_default(),
                    item["name"].as_str().unwrap_or_default(),
                    places.place(&item["location"]),
                ));
            }
            if several.len() > 20 {
                message.push_str(&format!("\n  … and {} more", several.len() - 20));
            }
            anyhow::bail!(message)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::is_id;

    #[test]
    fn ids_are_told_from_names() {
        assert!(is_id("6917529035440581369"));
        assert!(is_id("hash:1331482397"));
        assert!(!is_id("Gjallarhorn"));
        assert!(!is_id("1000 Voices"));
        assert!(!is_id(""));
    }
}
