//! One item in full (`vault-raider item`): what it is, where, its power, description, stats as
//! bars and perks.

use super::places::Places;
use serde_json::Value;

fn text(value: &Value, key: &str) -> String {
    value[key].as_str().unwrap_or_default().to_string()
}

/// A stat bar of 20 cells for a 0–100 value.
fn bar(value: i64) -> String {
    let filled = (value.clamp(0, 100) as usize).div_ceil(5);
    format!("{}{}", "█".repeat(filled), "·".repeat(20 - filled))
}

/// The item (an `items.get` result) for a person.
pub fn render(item: &Value, places: &Places) -> String {
    let mut out = format!("{}\n", text(item, "name"));
    let power = item["power"]
        .as_u64()
        .map(|p| format!(" · Power {p}"))
        .unwrap_or_default();
    out.push_str(&format!(
        "{} {}{power}\n",
        text(item, "tier"),
        text(item, "type")
    ));
    let here = places.place(&item["location"]);
    let mut flags = Vec::new();
    if item["locked"] == Value::Bool(true) {
        flags.push("locked");
    }
    if item["transferable"] == Value::Bool(false) {
        flags.push("cannot leave this character");
    }
    let state = if item["equipped"] == Value::Bool(true) {
        format!("Equipped on {here}")
    } else {
        format!("In {here}")
    };
    let flags = if flags.is_empty() {
        String::new()
    } else {
        format!(" · {}", flags.join(" · "))
    };
    out.push_str(&format!("{state}{flags}\n"));
    if places.show_ids {
        out.push_str(&format!("Id: {}\n", text(item, "id")));
    }
    if let Some(tag) = item["tag"].as_str() {
        out.push_str(&format!("Tag: {tag}\n"));
    }
    if let Some(note) = item["note"].as_str() {
        out.push_str(&format!("Note: {note}\n"));
    }
    let description = text(item, "description");
    if !description.is_empty() {
        out.push_str(&format!("\n{description}\n"));
    }
    let stats: Vec<(String, i64)> = item["stats"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|s| Some((s["name"].as_str()?.to_string(), s["value"].as_i64()?)))
        .collect();
    if !stats.is_empty() {
        out.push_str("\nStats\n");
        let width = stats
            .iter()
            .map(|(n, _)| n.chars().count())
            .max()
            .unwrap_or(0);
        for (name, value) in &stats {
            out.push_str(&format!("  {name:<width$}  {value:>3}  {}\n", bar(*value)));
        }
    }
    let perks: Vec<&str> = item["perks"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|p| p.as_str().or_else(|| p["name"].as_str()))
        .collect();
    if !perks.is_empty() {
        out.push_str("\nPerks\n");
        for perk in perks {
            out.push_str(&format!("  • {perk}\n"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn an_item_shows_its_stats_and_perks() {
        let item = json!({"id":"1","name":"Ace of Spades","type":"Hand Cannon","tier":"Exotic","power":1810,
            "location":{"kind":"vault"},"equipped":false,"locked":true,"transferable":true,
            "description":"Cayde's own.","stats":[{"name":"Range","value":55},{"name":"Stability","value":40}],
            "perks":["Memento Mori","Firefly"]});
        let text = render(&item, &Places::default());
        assert!(
            text.starts_with("Ace of Spades\nExotic Hand Cannon · Power 1810\nIn Vault · locked\n"),
            "{text}"
        );
        assert!(
            text.contains("  Range       55  ███████████·········"),
            "{text}"
        );
        assert!(text.contains("  • Memento Mori\n  • Firefly\n"), "{text}");
        assert!(!text.contains("null"), "{text}");
    }
}
