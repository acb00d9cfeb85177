//! Human-readable output for protocol results: aligned tables and short summaries.

use super::commands::Output;
use serde_json::Value;

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

fn text(value: &Value, key: &str) -> String {
    match value.get(key) {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Null) | None => String::new(),
        Some(other) => other.to_string(),
    }
}

fn location(item: &Value) -> String {
    let loc = &item["location"];
    match loc.get("kind").and_then(Value::as_str) {
        Some("character") => format!("character {}", text(loc, "characterId")),
        Some("postmaster") => format!("postmaster {}", text(loc, "characterId")),
        Some(kind) => kind.to_string(),
        None => String::new(),
    }
}

fn items_table(items: &[Value]) -> String {
    let mut rows = vec![
        [
            "ID", "NAME", "TYPE", "TIER", "POWER", "BUCKET", "WHERE", "FLAGS",
        ]
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
            text(item, "id"),
            name,
            text(item, "type"),
            text(item, "tier"),
            text(item, "power"),
            text(item, "bucket"),
            location(item),
            flags.join(","),
        ]);
    }
    columns(&rows)
}

fn operation(result: &Value) -> String {
    let mut out = String::new();
    let steps = result["steps"].as_array().cloned().unwrap_or_default();
    for step in &steps {
        let mark = if step["ok"] == Value::Bool(true) {
            "ok "
        } else {
            "ERR"
        };
        let error = step
            .get("error")
            .and_then(|e| e.get("message").or(Some(e)))
            .and_then(Value::as_str)
            .map(|m| format!(": {m}"))
            .unwrap_or_default();
        out.push_str(&format!(
            "{mark} {} {} → {}{error}\n",
            text(step, "action"),
            text(step, "id"),
            step.get("to")
                .map(|t| t
                    .get("kind")
                    .and_then(Value::as_str)
                    .map(str::to_string)
                    .unwrap_or_else(|| t.to_string()))
                .unwrap_or_default()
        ));
    }
    let ok = result["ok"] == Value::Bool(true);
    out.push_str(&format!(
        "{} in {} step(s), {} Bungie call(s)\n",
        if ok { "Done" } else { "Failed" },
        steps.len(),
        text(result, "bungieCalls")
    ));
    out
}

/// Renders a result for people.
pub fn render(kind: Output, result: &Value) -> String {
    match kind {
        Output::Items => items_table(result["items"].as_array().map_or(&[][..], Vec::as_slice)),
        Output::Item => {
            let mut out = items_table(std::slice::from_ref(result));
            if let Some(d) = result
                .get("description")
                .and_then(Value::as_str)
                .filter(|d| !d.is_empty())
            {
                out.push_str(&format!("\n{d}\n"));
            }
            if let Some(stats) = result.get("stats").and_then(Value::as_object) {
                for (name, value) in stats {
                    out.push_str(&format!("  {name}: {value}\n"));
                }
            }
            if let Some(perks) = result
                .get("perks")
                .and_then(Value::as_array)
                .filter(|p| !p.is_empty())
            {
                let names: Vec<String> = perks
                    .iter()
                    .map(|p| {
                        p.as_str()
                            .map(str::to_string)
                            .unwrap_or_else(|| text(p, "name"))
                    })
                    .collect();
                out.push_str(&format!("  perks: {}\n", names.join(", ")));
            }
            out
        }
        Output::Operation => operation(result),
        Output::Status => {
            let account = &result["account"];
            let session = match result["reason"].as_str() {
                Some(reason) => format!("{} ({reason})", text(result, "state")),
                None => text(result, "state"),
            };
            let account_line = if account.is_object() {
                format!(
                    "{} ({} {})",
                    text(account, "displayName"),
                    text(account, "membershipType"),
                    text(account, "membershipId"),
                )
            } else {
                "none yet".to_string()
            };
            let mut out = format!(
                "Session: {session}\nAccount: {account_line}\nLast sync: {}\nNext sync: {}\n",
                text(result, "lastSync"),
                text(result, "nextSync"),
            );
            if result["state"] != "signed_in"
                && let Some(message) = result["message"].as_str()
            {
                out.push_str(message);
                out.push('\n');
            }
            out
        }
        Output::OverlayUrl => format!("{}\n", text(result, "url")),
        Output::Sync => format!(
            "Synced: {} change(s) in {} ms (rev {})\n",
            text(result, "changed"),
            text(result, "tookMs"),
            text(result, "rev")
        ),
        Output::Loadouts => {
            let mut rows = vec![
                ["ID", "NAME", "CLASS", "CHARACTER", "ITEMS"]
                    .map(String::from)
                    .to_vec(),
            ];
            for l in result["loadouts"].as_array().into_iter().flatten() {
                rows.push(vec![
                    text(l, "id"),
                    text(l, "name"),
                    text(l, "class"),
                    text(l, "characterId"),
                    l["items"].as_array().map_or(0, Vec::len).to_string(),
                ]);
            }
            columns(&rows)
        }
        Output::Loadout => {
            let l = result.get("loadout").unwrap_or(result);
            format!(
                "Loadout {} \"{}\" ({} items)\n",
                text(l, "id"),
                text(l, "name"),
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
        Output::Clients | Output::Accounts => {
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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn columns_align() {
        let rows = vec![
            vec!["A".into(), "BB".into()],
            vec!["ccc".into(), "d".into()],
        ];
        assert_eq!(columns(&rows), "A    BB\nccc  d\n");
    }

    #[test]
    fn an_operation_lists_its_steps_and_calls() {
        let result = json!({"operationId":"o1","ok":false,"steps":[
            {"action":"transfer","id":"1","from":{"kind":"vault"},"to":{"kind":"character","characterId":"2"},"ok":true},
            {"action":"equip","id":"1","ok":false,"error":{"message":"in an activity"}}],"rev":3,"bungieCalls":2});
        let text = render(Output::Operation, &result);
        assert!(text.contains("ok  transfer 1 → character"), "{text}");
        assert!(text.contains("ERR equip 1"), "{text}");
        assert!(text.contains("in an activity"), "{text}");
        assert!(
            text.contains("Failed in 2 step(s), 2 Bungie call(s)"),
            "{text}"
        );
    }

    #[test]
    fn items_show_flags_and_place() {
        let result = json!({"items":[{"id":"6917529035440581369","name":"MIDA Multi-Tool","type":"Scout Rifle","tier":"Exotic",
            "power":1810,"bucket":"kinetic","location":{"kind":"character","characterId":"2305843009260000001"},"equipped":true,"locked":true,"quantity":1}]});
        let text = render(Output::Items, &result);
        assert!(text.contains("MIDA Multi-Tool"));
        assert!(text.contains("character 2305843009260000001"));
        assert!(text.contains("equipped,locked"));
    }
}
