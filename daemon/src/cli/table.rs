//! Human-readable output for protocol results: aligned tables and short summaries, with places
//! named as in the game ("Titan", "Vault") and times relative to now.

use super::commands::Output;
use super::item_text;
use super::operation_text::{self, Asked};
use super::places::Places;
use super::when::relative;
use serde_json::Value;
use vault_raider_protocol::game_loadouts::GameIdentifiers;
use vault_raider_protocol::inventory::SyncResult;
use vault_raider_protocol::overlay::OverlayUrlResult;
use vault_raider_protocol::tags::ImportTagsResult;

/// Aligns rows into columns, the first row being the header.
pub fn columns(rows: &[Vec<String>]) -> String {
    let widths: Vec<usize> = (0..rows.first().map_or(0, Vec::len))
        .map(|i| {
            rows.iter()
                .map(|r| r.get(i).map_or(0, |c| c.chars().count()))
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for row in rows {
        let line: Vec<String> = row
            .iter()
            .zip(&widths)
            .map(|(cell, width)| format!("{cell:<width$}"))
            .collect();
        out.push_str(line.join("  ").trim_end());
        out.push('\n');
    }
    out
}

/// `result` read as the method's result type `T` and shown by `show`; pretty JSON when it does
/// not read as one.
fn typed<T: serde::de::DeserializeOwned>(result: &Value, show: impl FnOnce(T) -> String) -> String {
    match T::deserialize(result) {
        Ok(typed) => show(typed),
        Err(_) => format!(
            "{}\n",
            serde_json::to_string_pretty(result).unwrap_or_default()
        ),
    }
}

/// `tags.import`'s counts.
fn tags_imported(imported: ImportTagsResult) -> String {
    let n = imported.imported;
    let mut out = format!(
        "Imported the marks of {n} {}.\n",
        if n == 1 { "item" } else { "items" }
    );
    if imported.unknown > 0 {
        out.push_str(&format!(
            "{} entries name items this account does not hold (another account's, or gone).\n",
            imported.unknown
        ));
    }
    if imported.truncated > 0 {
        out.push_str(&format!(
            "{} notes were cut to 120 characters.\n",
            imported.truncated
        ));
    }
    out
}

/// The names an in-game loadout may take.
fn loadout_names(identifiers: GameIdentifiers) -> String {
    let names: Vec<&str> = identifiers.names.iter().map(|n| n.name.as_str()).collect();
    if names.is_empty() {
        "The manifest names no in-game loadouts yet.\n".to_string()
    } else {
        format!("In-game loadout names: {}\n", names.join(", "))
    }
}

fn text(value: &Value, key: &str) -> String {
    match value.get(key) {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Null) | None => String::new(),
        Some(other) => other.to_string(),
    }
}

/// Everything besides the result that shapes its text.
#[derive(Debug, Clone, Default)]
pub struct View {
    /// Names for ids.
    pub places: Places,
    /// How an operation was asked for.
    pub asked: Asked,
    /// "Now", for relative times.
    pub now: chrono::DateTime<chrono::Utc>,
}

fn items_table(items: &[Value], places: &Places) -> String {
    if items.is_empty() {
        return "No items match.\n".to_string();
    }
    let mut rows = vec![
        ["NAME", "TYPE", "TIER", "POWER", "WHERE", "FLAGS", "ID"]
            .map(String::from)
            .to_vec(),
    ];
    for item in items {
        let mut flags = Vec::new();
        if item["equipped"] == Value::Bool(true) {
            flags.push("equipped");
        }
        if item["locked"] == Value::Bool(true) {
            flags.push("locked");
        }
        let quantity = item["quantity"].as_u64().unwrap_or(1);
        let name = if quantity > 1 {
            format!("{} ×{quantity}", text(item, "name"))
        } else {
            text(item, "name")
        };
        rows.push(vec![
            name,
            text(item, "type"),
            text(item, "tier"),
            text(item, "power"),
            places.place(&item["location"]),
            flags.join(","),
            text(item, "id"),
        ]);
    }
    columns(&rows)
}

/// A session state as a player reads it.
fn session_words(state: &str) -> &str {
    match state {
        "signed_in" => "Signed in",
        "signed_out" => "Signed out: run `vault-raider login`",
        "not_configured" => "Not set up: no Bungie.net application is configured (see the README)",
        "offline" => "Bungie.net cannot be reached; showing the last sync",
        "maintenance" => "Bungie.net is down for maintenance; showing the last sync",
        "app_rejected" => "Bungie.net refused this app",
        other => other,
    }
}

/// A membership type as a platform name.
fn platform(membership_type: &Value) -> &'static str {
    match membership_type.as_i64() {
        Some(1) => "Xbox",
        Some(2) => "PlayStation",
        Some(3) => "Steam",
        Some(4) => "Blizzard",
        Some(5) => "Stadia",
        Some(6) => "Epic Games",
        Some(10) => "Demon",
        Some(254) => "Bungie.net",
        _ => "an unknown platform",
    }
}

/// The accounts table: the Bungie name, the platform, the membership id, and whether Bungie
/// still serves it.
fn accounts(result: &Value) -> String {
    let list = result.as_array().cloned().unwrap_or_default();
    if list.is_empty() {
        return "No Destiny accounts (sign in first).\n".to_string();
    }
    let mut rows = vec![
        ["ACCOUNT", "PLATFORM", "MEMBERSHIP ID", "NOTE"]
            .map(String::from)
            .to_vec(),
    ];
    for account in &list {
        rows.push(vec![
            text(account, "displayName"),
            platform(&account["membershipType"]).to_string(),
            text(account, "membershipId"),
            if account["unavailable"] == true {
                "unavailable: Bungie no longer serves this platform".to_string()
            } else {
                String::new()
            },
        ]);
    }
    columns(&rows)
}

fn status(result: &Value, view: &View) -> String {
    let account = &result["account"];
    let mut out = match result["reason"].as_str() {
        Some(reason) => format!(
            "Session:   {} ({})\n",
            session_words(&text(result, "state")),
            reason.replace('_', " ")
        ),
        None => format!("Session:   {}\n", session_words(&text(result, "state"))),
    };
    if let Some(message) = result["message"].as_str().filter(|m| !m.is_empty()) {
        out.push_str(&format!("           {message}\n"));
    }
    if account.is_object() {
        let ids = if view.places.show_ids {
            format!(
                " [{} {}]",
                text(account, "membershipType"),
                text(account, "membershipId")
            )
        } else {
            String::new()
        };
        out.push_str(&format!(
            "Account:   {} on {}{ids}\n",
            text(account, "displayName"),
            platform(&account["membershipType"])
        ));
    }
    out.push_str(&format!(
        "Last sync: {}\nNext sync: {}\n",
        relative(result["lastSync"].as_str(), view.now),
        relative(result["nextSync"].as_str(), view.now)
    ));
    if let Some(until) = result["bungie"]["throttledUntil"].as_str() {
        out.push_str(&format!(
            "Bungie.net asked us to wait; moves resume {}\n",
            relative(Some(until), view.now)
        ));
    }
    out
}

/// "Before Raid" undo snapshots read as what they are.
fn loadout_name(l: &Value) -> String {
    let name = text(l, "name");
    match name.strip_prefix("Before ") {
        Some(rest) => format!("Undo: gear before {rest}"),
        None => name,
    }
}

fn loadouts(result: &Value, places: &Places) -> String {
    let list = result["loadouts"].as_array().cloned().unwrap_or_default();
    if list.is_empty() {
        return "No loadouts yet: save one with `vault-raider loadout save NAME --character CLASS`.\n"
            .to_string();
    }
    let mut header = vec!["NAME", "FOR", "ITEMS", "KEPT BY"];
    if places.show_ids {
        header.push("ID");
    }
    let mut rows = vec![header.into_iter().map(String::from).collect::<Vec<_>>()];
    for l in &list {
        let kept_by = match l["index"].as_u64() {
            Some(index) if l["source"] == "game" => format!("in game, slot {}", index + 1),
            _ => "Vault Raider".to_string(),
        };
        let mut row = vec![
            loadout_name(l),
            places.character(&text(l, "characterId")),
            l["items"].as_array().map_or(0, Vec::len).to_string(),
            kept_by,
        ];
        if places.show_ids {
            row.push(text(l, "id"));
        }
        rows.push(row);
    }
    columns(&rows)
}

/// Renders a result for people.
pub fn render(kind: Output, result: &Value, view: &View) -> String {
    match kind {
        Output::Items => items_table(
            result["items"].as_array().map_or(&[][..], Vec::as_slice),
            &view.places,
        ),
        Output::Item => item_text::render(result, &view.places),
        Output::Operation => {
            let mut out = operation_text::render(result, &view.places, view.asked);
            if let (Some(before), Some(after)) = (
                result["powerBefore"].as_f64(),
                result["powerAfter"].as_f64(),
            ) {
                out.push_str(&format!("Power {before:.1} → {after:.1}\n"));
            }
            out
        }
        Output::Marks => item_text::render(&result["item"], &view.places),
        Output::TagsImported => typed(result, tags_imported),
        Output::Automation => automation(result, &view.places),
        Output::Progress => super::progress_text::progress(result, view),
        Output::Tracked => super::progress_text::tracked(result, view),
        Output::History => super::progress_text::history(result, view),
        Output::Stats => super::progress_text::stats(result),
        Output::Vendors => super::vendor_text::vendors(result, view, false),
        Output::VendorsNotOwned => super::vendor_text::vendors(result, view, true),
        Output::Collections => super::vendor_text::collections(result),
        Output::Clan => super::vendor_text::clan(result, view),
        Output::LoadoutNames => typed(result, loadout_names),
        Output::Status => status(result, view),
        Output::Loadouts => loadouts(result, &view.places),
        Output::OverlayUrl => typed(result, |overlay: OverlayUrlResult| {
            format!("{}\n", overlay.url)
        }),
        Output::Sync => typed(result, |sync: SyncResult| {
            format!(
                "Synced: {} change(s) in {} ms (rev {})\n",
                sync.changed, sync.took_ms, sync.rev
            )
        }),
        Output::Loadout => {
            let l = result.get("loadout").unwrap_or(result);
            let ids = if view.places.show_ids {
                format!(" [{}]", text(l, "id"))
            } else {
                String::new()
            };
            format!(
                "Loadout \"{}\" for {}: {} items{ids}\n",
                text(l, "name"),
                view.places.character(&text(l, "characterId")),
                l["items"].as_array().map_or(0, Vec::len)
            )
        }
        Output::Pairings => {
            let list = result.as_array().cloned().unwrap_or_default();
            if list.is_empty() {
                return "No pairing requests.\n".to_string();
            }
            let mut rows = vec![
                ["CODE", "CLIENT", "EXPIRES IN", "PAIRING"]
                    .map(String::from)
                    .to_vec(),
            ];
            for p in &list {
                let client = p["client"].get("name").map_or_else(
                    || text(p, "client"),
                    |n| n.as_str().unwrap_or_default().to_string(),
                );
                rows.push(vec![
                    text(p, "code"),
                    client,
                    format!("{} s", text(p, "expiresIn")),
                    text(p, "pairingId"),
                ]);
            }
            columns(&rows)
        }
        Output::Accounts => accounts(result),
        Output::AccountSelected => format!(
            "Now managing {} on {}.\n",
            text(&result["account"], "displayName"),
            platform(&result["account"]["membershipType"])
        ),
        Output::Clients => {
            let list = result
                .as_array()
                .or_else(|| result.get("clients").and_then(Value::as_array))
                .or_else(|| result.get("accounts").and_then(Value::as_array));
            let list = list.cloned().unwrap_or_default();
            let keys: Vec<String> = list
                .first()
                .and_then(Value::as_object)
                .map(|o| o.keys().cloned().collect())
                .unwrap_or_default();
            let mut rows = vec![keys.iter().map(|k| k.to_uppercase()).collect::<Vec<_>>()];
            for entry in &list {
                rows.push(keys.iter().map(|k| text(entry, k)).collect());
            }
            if list.is_empty() {
                "None.\n".to_string()
            } else {
                columns(&rows)
            }
        }
        Output::Raw => format!(
            "{}\n",
            serde_json::to_string_pretty(result).unwrap_or_default()
        ),
    }
}

/// Farming mode and each character's postmaster guard, in words.
fn automation(result: &Value, places: &super::places::Places) -> String {
    let mut out = match result["farming"].as_str() {
        Some(c) => format!("Farming mode: on for {}\n", places.character(c)),
        None => "Farming mode: off\n".to_string(),
    };
    for guard in result["guards"].as_array().into_iter().flatten() {
        let who = places.character(guard["characterId"].as_str().unwrap_or_default());
        if guard["enabled"] == Value::Bool(true) {
            out.push_str(&format!(
                "Postmaster guard for {who}: on, at {} of 21\n",
                text(guard, "threshold")
            ));
        } else {
            out.push_str(&format!("Postmaster guard for {who}: off\n"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn accounts_name_their_platform_and_say_which_bungie_no_longer_serves() {
        let result = json!([
            {"membershipType": 3, "membershipId": "4611686018469123560", "displayName": "Guardian#2947"},
            {"membershipType": 5, "membershipId": "4611686018542797478", "displayName": "Guardian#2947", "unavailable": true}
        ]);
        let out = render(Output::Accounts, &result, &View::default());
        let lines: Vec<&str> = out.lines().collect();
        assert!(lines[0].starts_with("ACCOUNT"), "{out}");
        assert!(
            lines[1].contains("Steam") && !lines[1].contains("unavailable"),
            "{out}"
        );
        assert!(
            lines[2].contains("Stadia") && lines[2].contains("unavailable"),
            "{out}"
        );
        assert_eq!(
            render(Output::Accounts, &json!([]), &View::default()),
            "No Destiny accounts (sign in first).\n"
        );
    }

    #[test]
    fn columns_align() {
        let rows = vec![
            vec!["A".into(), "BB".into()],
            vec!["ccc".into(), "d".into()],
        ];
        assert_eq!(columns(&rows), "A    BB\nccc  d\n");
    }

    #[test]
    fn items_show_flags_and_place() {
        let result = json!({"items":[{"id":"6917529035440581369","name":"MIDA Multi-Tool","type":"Scout Rifle","tier":"Exotic",
            "power":1810,"bucket":"kinetic","location":{"kind":"character","characterId":"2305843009260000001"},"equipped":true,"locked":true,"quantity":1}]});
        let view = View {
            places: Places::from_snapshot(
                &json!({"characters":[{"characterId":"2305843009260000001","class":"warlock"}]}),
                false,
            ),
            ..View::default()
        };
        let text = render(Output::Items, &result, &view);
        assert!(text.contains("MIDA Multi-Tool"));
        assert!(text.contains("Warlock"), "{text}");
        assert!(!text.contains("2305843009260000001"), "{text}");
        assert!(text.contains("equipped,locked"));
    }
}
