//! An operation result in words: one line per step naming the item and the places ("✓ Moved
//! Gjallarhorn from Vault to Titan"), "would" for a dry run, and a summary that says whether
//! anything moved.

use super::places::Places;
use serde_json::Value;

/// How the operation was asked for.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Asked {
    /// A dry run: nothing was done.
    pub dry_run: bool,
    /// The command was `unlock` (a `lock` step then unlocks).
    pub unlocking: bool,
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The step's text without its mark: "Move Gjallarhorn from Vault to Titan".
fn what(step: &Value, places: &Places, asked: Asked, done: bool) -> String {
    let item = places.item(step["id"].as_str().unwrap_or_default());
    let from = step
        .get("from")
        .map(|l| places.place(l))
        .unwrap_or_default();
    let to = step.get("to").map(|l| places.place(l)).unwrap_or_default();
    let verb = |now: &str, past: &str| {
        if done {
            past.to_string()
        } else {
            now.to_string()
        }
    };
    match step["action"].as_str().unwrap_or_default() {
        "transfer" => format!("{} {item} from {from} to {to}", verb("move", "Moved")),
        "pull" => format!(
            "{} {item} from the postmaster to {to}",
            verb("pull", "Pulled")
        ),
        "equip" => format!("{} {item} on {to}", verb("equip", "Equipped")),
        "lock" if asked.unlocking => format!("{} {item}", verb("unlock", "Unlocked")),
        "lock" => format!("{} {item}", verb("lock", "Locked")),
        "skip" => format!("Skipped {item}: it stays in {from}, not for this character"),
        "refused" => item,
        other => format!("{other} {item}"),
    }
}

/// Capitalises the first letter ("move …" → "Move …").
fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// The whole result, steps then a summary.
pub fn render(result: &Value, places: &Places, asked: Asked) -> String {
    let steps = result["steps"].as_array().cloned().unwrap_or_default();
    let mut out = String::new();
    for step in &steps {
        let ok = step["ok"] == Value::Bool(true);
        let error = step
            .get("error")
            .and_then(|e| e.get("message").or(Some(e)))
            .and_then(Value::as_str)
            .map(|m| format!(": {m}"))
            .unwrap_or_default();
        let skip = step["action"] == "skip";
        let line = if asked.dry_run && !skip {
            let mark = if ok { "would" } else { "would NOT" };
            format!("{mark} {}{error}", what(step, places, asked, false))
        } else if ok {
            let mark = if skip { "–" } else { "✓" };
            format!("{mark} {}", what(step, places, asked, true))
        } else {
            format!(
                "✗ {}{error}",
                capitalised(&what(step, places, asked, false))
            )
        };
        out.push_str(&line);
        out.push('\n');
    }
    let counted = steps.iter().filter(|s| s["action"] != "skip");
    let total = counted.clone().count();
    let failed = counted.filter(|s| s["ok"] != Value::Bool(true)).count();
    let calls = result["bungieCalls"].as_u64().unwrap_or(0) as usize;
    let steps_text = plural(total, "step", "steps");
    let calls_text = plural(calls, "Bungie call", "Bungie calls");
    let summary = if asked.dry_run {
        let trouble = if failed > 0 {
            format!(" ({failed} would not go through)")
        } else {
            String::new()
        };
        format!("Would take {steps_text}, {calls_text}{trouble}; nothing moved.")
    } else if total == 0 {
        "Nothing to do.".to_string()
    } else if failed == 0 {
        format!("Done: {steps_text}, {calls_text}.")
    } else {
        format!("{failed} of {steps_text} did not go through ({calls_text}).")
    };
    out.push_str(&summary);
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn places() -> Places {
        Places::from_snapshot(
            &json!({"characters":[{"characterId":"2","class":"titan"}],
                    "items":[{"id":"1","name":"Gjallarhorn"}]}),
            false,
        )
    }

    #[test]
    fn steps_name_items_and_places() {
        let result = json!({"ok":false,"steps":[
            {"action":"transfer","id":"1","from":{"kind":"vault"},"to":{"kind":"character","characterId":"2"},"ok":true},
            {"action":"equip","id":"1","to":{"kind":"character","characterId":"2"},"ok":false,"error":{"message":"in an activity"}}],
            "bungieCalls":2});
        let text = render(&result, &places(), Asked::default());
        assert!(
            text.contains("✓ Moved Gjallarhorn from Vault to Titan"),
            "{text}"
        );
        assert!(
            text.contains("✗ Equip Gjallarhorn on Titan: in an activity"),
            "{text}"
        );
        assert!(
            text.contains("1 of 2 steps did not go through (2 Bungie calls)."),
            "{text}"
        );
        assert!(
            !text.contains("6917") && !text.contains("character 2"),
            "{text}"
        );
    }

    #[test]
    fn a_dry_run_says_would_and_that_nothing_moved() {
        let result = json!({"ok":true,"steps":[
            {"action":"transfer","id":"1","from":{"kind":"vault"},"to":{"kind":"character","characterId":"2"},"ok":true}],
            "bungieCalls":1});
        let asked = Asked {
            dry_run: true,
            unlocking: false,
        };
        let text = render(&result, &places(), asked);
        assert_eq!(
            text,
            "would move Gjallarhorn from Vault to Titan\nWould take 1 step, 1 Bungie call; nothing moved.\n"
        );
        assert!(!text.contains("Done"), "{text}");
    }
}
