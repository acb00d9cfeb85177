//! `vault-raider progress`, `history` and `stats` as a player reads them: pursuits by character
//! with their objectives ("Defeat combatants 12/40"), activities with their post-game figures and
//! fireteams, lifetime figures per mode group.

use super::table::{View, columns};
use super::when::relative;
use serde_json::Value;

fn s<'a>(value: &'a Value, key: &str) -> &'a str {
    value[key].as_str().unwrap_or_default()
}

fn n(value: &Value, key: &str) -> i64 {
    value[key].as_i64().unwrap_or(0)
}

/// "12/40" with a ten-cell bar, or "done".
fn objective_line(objective: &Value) -> String {
    let progress = n(objective, "progress");
    let of = n(objective, "completionValue");
    let what = match s(objective, "description") {
        "" => "Progress",
        d => d,
    };
    if objective["complete"] == Value::Bool(true) {
        return format!("      {what}  {progress}/{of}  done");
    }
    let filled = if of > 0 {
        usize::try_from((progress.clamp(0, of) * 10) / of).unwrap_or(0)
    } else {
        0
    };
    format!(
        "      {what}  {progress}/{of}  [{}{}]",
        "#".repeat(filled),
        ".".repeat(10 - filled)
    )
}

fn pursuit_lines(entry: &Value, view: &View, out: &mut String) {
    let mut head = format!("    {}", s(entry, "name"));
    if let Some(step) = entry["step"].as_object() {
        let line = step.get("line").and_then(Value::as_str).unwrap_or_default();
        let at = step.get("step").and_then(Value::as_u64).unwrap_or(0);
        let of = step.get("steps").and_then(Value::as_u64).unwrap_or(0);
        head = format!("    {line} — {} (step {at} of {of})", s(entry, "name"));
    }
    // Pursuits are items: `--ids` shows their id, as for any item.
    let id = s(entry, "id");
    if entry["kind"] != "milestone" && view.places.item(id).ends_with(&format!("[{id}]")) {
        head.push_str(&format!(" [{id}]"));
    }
    match s(entry, "kind") {
        "milestone" => {
            if let Some(at) = entry["expiresAt"].as_str() {
                head.push_str(&format!("  · resets {}", relative(Some(at), view.now)));
            }
            if entry["rewardEarned"] == Value::Bool(true) {
                head.push_str("  · reward earned");
            }
        }
        _ => {
            if let Some(at) = entry["expiresAt"].as_str() {
                head.push_str(&format!("  · expires {}", relative(Some(at), view.now)));
            }
        }
    }
    if entry["complete"] == Value::Bool(true) {
        head.push_str("  · complete");
    }
    if entry["tracked"] == Value::Bool(true) {
        head.push_str("  · tracked");
    }
    out.push_str(&head);
    out.push('\n');
    for objective in entry["objectives"].as_array().into_iter().flatten() {
        out.push_str(&objective_line(objective));
        out.push('\n');
    }
}

/// `progress.list`: each character's quests, bounties and milestones.
pub fn progress(result: &Value, view: &View) -> String {
    let lists = [
        ("quests", "Quests"),
        ("bounties", "Bounties"),
        ("milestones", "Milestones"),
    ];
    let mut characters: Vec<String> = Vec::new();
    for (key, _) in lists {
        for entry in result[key].as_array().into_iter().flatten() {
            let c = s(entry, "characterId").to_string();
            if !characters.contains(&c) {
                characters.push(c);
            }
        }
    }
    if characters.is_empty() {
        return "No quests, bounties or milestones.\n".to_string();
    }
    let mut out = String::new();
    for character in &characters {
        out.push_str(&format!("{}\n", view.places.character(character)));
        for (key, title) in lists {
            let mine: Vec<&Value> = result[key]
                .as_array()
                .into_iter()
                .flatten()
                .filter(|e| s(e, "characterId") == character)
                .collect();
            if mine.is_empty() {
                continue;
            }
            out.push_str(&format!("  {title}\n"));
            for entry in mine {
                pursuit_lines(entry, view, &mut out);
            }
        }
    }
    out
}

/// `progress.track`: the pursuit as it is now.
pub fn tracked(result: &Value, view: &View) -> String {
    let item = &result["item"];
    let state = if item["tracked"] == Value::Bool(true) {
        "Tracking"
    } else {
        "Not tracking"
    };
    let calls = match n(result, "bungieCalls") {
        0 => " (it already was)".to_string(),
        _ => String::new(),
    };
    let mut out = format!(
        "{state} {} on {}{calls}\n",
        s(item, "name"),
        view.places.character(s(item, "characterId"))
    );
    for objective in item["objectives"].as_array().into_iter().flatten() {
        out.push_str(objective_line(objective).trim_start());
        out.push('\n');
    }
    out
}

/// `activities.history`: newest first, with the report's figures and the fireteam.
pub fn history(result: &Value, view: &View) -> String {
    let activities = result["activities"]
        .as_array()
        .map_or(&[][..], Vec::as_slice);
    if activities.is_empty() {
        return "No activities yet.\n".to_string();
    }
    let mut out = String::new();
    for a in activities {
        let title = match (s(a, "activity"), s(a, "mode")) {
            (name, mode) if mode.is_empty() || mode == name => name.to_string(),
            (name, mode) => format!("{name} — {mode}"),
        };
        let outcome = if a["completed"] == Value::Bool(true) {
            "completed"
        } else {
            "not completed"
        };
        out.push_str(&format!(
            "{title}  · {}  · {}  · {outcome}\n",
            view.places.character(s(a, "characterId")),
            relative(a["endedAt"].as_str(), view.now)
        ));
        let mut figures = format!("{} kills", n(a, "kills"));
        if let Some(p) = a["precisionKills"].as_i64().filter(|p| *p > 0) {
            figures.push_str(&format!(" ({p} precision)"));
        }
        figures.push_str(&format!(
            ", {} deaths, {} assists",
            n(a, "deaths"),
            n(a, "assists")
        ));
        if let Some(score) = a["score"].as_i64().filter(|s| *s > 0) {
            figures.push_str(&format!(" · score {score}"));
        }
        if let Some(standing) = a["standing"].as_str() {
            figures.push_str(&format!(" · {standing}"));
        }
        let seconds = u64::try_from(n(a, "timePlayedSeconds")).unwrap_or(0);
        figures.push_str(&format!(
            " · {}",
            crate::desktop::text::duration_words(seconds)
        ));
        out.push_str(&format!("  {figures}\n"));
        let team: Vec<String> = a["fireteam"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|f| f["isSelf"] != Value::Bool(true))
            .map(|f| {
                format!(
                    "{} ({} {}, {}/{})",
                    s(f, "name"),
                    s(f, "class"),
                    n(f, "power"),
                    n(f, "kills"),
                    n(f, "deaths")
                )
            })
            .collect();
        if !team.is_empty() {
            out.push_str(&format!("  With: {}\n", team.join(", ")));
        }
    }
    out
}

/// `stats.account`: one row per mode group.
pub fn stats(result: &Value) -> String {
    let modes = result["modes"].as_array().map_or(&[][..], Vec::as_slice);
    if modes.is_empty() {
        return "No lifetime figures yet.\n".to_string();
    }
    let mut rows = vec![
        [
            "MODES", "KILLS", "DEATHS", "ASSISTS", "K/D", "CLEARED", "PLAYED",
        ]
        .map(String::from)
        .to_vec(),
    ];
    for m in modes {
        let hours = u64::try_from(n(m, "secondsPlayed")).unwrap_or(0) / 3600;
        rows.push(vec![
            s(m, "group").to_string(),
            n(m, "kills").to_string(),
            n(m, "deaths").to_string(),
            n(m, "assists").to_string(),
            format!("{:.2}", m["kd"].as_f64().unwrap_or(0.0)),
            n(m, "activitiesCleared").to_string(),
            format!("{hours} h"),
        ]);
    }
    columns(&rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn view() -> View {
        View {
            now: chrono::DateTime::parse_from_rfc3339("2026-12-05T10:00:00Z")
                .map(|t| t.with_timezone(&chrono::Utc))
                .unwrap_or_default(),
            ..View::default()
        }
    }

    #[test]
    fn pursuits_show_their_step_expiry_and_objectives() {
        let result = json!({
            "quests": [{"id": "1", "characterId": "7", "kind": "quest", "hash": 1, "name": "Communion", "icon": "",
                "objectives": [{"hash": 2, "description": "Defeat combatants", "progress": 12, "completionValue": 40, "complete": false}],
                "complete": false, "step": {"line": "The Lie", "step": 3, "steps": 7}, "tracked": true}],
            "bounties": [{"id": "2", "characterId": "7", "kind": "bounty", "hash": 3, "name": "Gunsmith Bounty", "icon": "",
                "objectives": [{"hash": 4, "description": "Rapid kills", "progress": 5, "completionValue": 5, "complete": true}],
                "complete": true, "expiresAt": "2026-12-07T10:00:00Z", "tracked": false}],
            "milestones": [],
        });
        let text = progress(&result, &view());
        assert!(text.contains("The Lie — Communion (step 3 of 7)"), "{text}");
        assert!(text.contains("· tracked"), "{text}");
        assert!(
            text.contains("Defeat combatants  12/40  [###.......]"),
            "{text}"
        );
        assert!(
            text.contains("Gunsmith Bounty  · expires in 2 days  · complete"),
            "{text}"
        );
        assert!(text.contains("Rapid kills  5/5  done"), "{text}");
        assert!(!text.contains("null"), "{text}");
        assert_eq!(
            progress(
                &json!({"quests": [], "bounties": [], "milestones": []}),
                &view()
            ),
            "No quests, bounties or milestones.\n"
        );
    }

    #[test]
    fn history_shows_the_report_and_who_played() {
        let result = json!({"activities": [{
        "characterId": "7", "activity": "Savathûn's Song", "mode": "Strike", "completed": true,
        "kills": 64, "deaths": 5, "assists": 12, "durationSeconds": 1331, "endedAt": "2026-12-05T09:40:00Z",
        "pgcrId": "9", "precisionKills": 20, "score": 3120, "timePlayedSeconds": 1331,
        "fireteam": [
            {"name": "Me#0001", "class": "Warlock", "power": 1810, "kills": 64, "deaths": 5, "isSelf": true},
            {"name": "Ada#1234", "class": "Hunter", "power": 1805, "kills": 40, "deaths": 2, "isSelf": false}
        ]}]});
        let text = history(&result, &view());
        assert!(text.contains("Savathûn's Song — Strike"), "{text}");
        assert!(
            text.contains("64 kills (20 precision), 5 deaths, 12 assists · score 3120 · 22m 11s"),
            "{text}"
        );
        assert!(
            text.contains("With: Ada#1234 (Hunter 1805, 40/2)"),
            "{text}"
        );
        assert!(!text.contains("Me#0001"), "{text}");
    }

    #[test]
    fn lifetime_figures_are_a_table() {
        let text = stats(
            &json!({"modes": [{"group": "allPvE", "kills": 900, "deaths": 300, "assists": 10,
            "kd": 3.0, "activitiesCleared": 12, "secondsPlayed": 36000}]}),
        );
        assert!(text.starts_with("MODES"), "{text}");
        assert!(text.contains("allPvE  900"), "{text}");
        assert!(text.contains("3.00"), "{text}");
        assert!(text.contains("10 h"), "{text}");
    }
}
