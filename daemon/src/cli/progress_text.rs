//! `vault-raider progress`, `history` and `stats` as a player reads them: pursuits by character
//! with their objectives ("Defeat combatants 12/40"), activities with their post-game figures and
//! fireteams, lifetime figures per mode group.

use super::table::{View, columns};
use super::when::relative;
use vault_raider_protocol::events::ActivityCompleted;
use vault_raider_protocol::progress::{
    AccountStats, HistoryResult, Objective, ProgressItem, ProgressKind, ProgressListResult,
    TrackResult,
};

/// "12/40" with a ten-cell bar, or "done".
fn objective_line(objective: &Objective) -> String {
    let (progress, of) = (objective.progress, objective.completion_value);
    let what = match objective.description.as_str() {
        "" => "Progress",
        d => d,
    };
    if objective.complete {
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

fn pursuit_lines(entry: &ProgressItem, view: &View, out: &mut String) {
    let mut head = match &entry.step {
        Some(step) => format!(
            "    {} — {} (step {} of {})",
            step.line, entry.name, step.step, step.steps
        ),
        None => format!("    {}", entry.name),
    };
    // Pursuits are items: `--ids` shows their id, as for any item.
    let id = &entry.id;
    let milestone = entry.kind == ProgressKind::Milestone;
    if !milestone && view.places.item(id).ends_with(&format!("[{id}]")) {
        head.push_str(&format!(" [{id}]"));
    }
    if let Some(at) = entry.expires_at.as_deref() {
        let what = if milestone { "resets" } else { "expires" };
        head.push_str(&format!("  · {what} {}", relative(Some(at), view.now)));
    }
    if milestone && entry.reward_earned == Some(true) {
        head.push_str("  · reward earned");
    }
    if entry.complete {
        head.push_str("  · complete");
    }
    if entry.tracked {
        head.push_str("  · tracked");
    }
    out.push_str(&head);
    out.push('\n');
    for objective in &entry.objectives {
        out.push_str(&objective_line(objective));
        out.push('\n');
    }
}

/// `progress.list`: each character's quests, bounties and milestones.
pub fn progress(result: &ProgressListResult, view: &View) -> String {
    let lists = [
        (&result.quests, "Quests"),
        (&result.bounties, "Bounties"),
        (&result.milestones, "Milestones"),
    ];
    let mut characters: Vec<&str> = Vec::new();
    for (list, _) in lists {
        for entry in list {
            if !characters.contains(&entry.character_id.as_str()) {
                characters.push(&entry.character_id);
            }
        }
    }
    if characters.is_empty() {
        return "No quests, bounties or milestones.\n".to_string();
    }
    let mut out = String::new();
    for character in characters {
        out.push_str(&format!("{}\n", view.places.character(character)));
        for (list, title) in lists {
            let mut mine = list
                .iter()
                .filter(|e| e.character_id == character)
                .peekable();
            if mine.peek().is_none() {
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
pub fn tracked(result: &TrackResult, view: &View) -> String {
    let item = &result.item;
    let state = if item.tracked {
        "Tracking"
    } else {
        "Not tracking"
    };
    let calls = match result.bungie_calls {
        0 => " (it already was)",
        _ => "",
    };
    let mut out = format!(
        "{state} {} on {}{calls}\n",
        item.name,
        view.places.character(&item.character_id)
    );
    for objective in &item.objectives {
        out.push_str(objective_line(objective).trim_start());
        out.push('\n');
    }
    out
}

/// One activity's figures: kills, deaths, assists, score, standing, time played.
fn figures(a: &ActivityCompleted) -> String {
    let mut figures = format!("{} kills", a.kills);
    if let Some(p) = a.precision_kills.filter(|p| *p > 0) {
        figures.push_str(&format!(" ({p} precision)"));
    }
    figures.push_str(&format!(", {} deaths, {} assists", a.deaths, a.assists));
    if let Some(score) = a.score.filter(|s| *s > 0) {
        figures.push_str(&format!(" · score {score}"));
    }
    if let Some(standing) = &a.standing {
        figures.push_str(&format!(" · {standing}"));
    }
    figures.push_str(&format!(
        " · {}",
        crate::desktop::text::duration_words(a.time_played_seconds)
    ));
    figures
}

/// `activities.history`: newest first, with the report's figures and the fireteam.
pub fn history(result: &HistoryResult, view: &View) -> String {
    if result.activities.is_empty() {
        return "No activities yet.\n".to_string();
    }
    let mut out = String::new();
    for a in &result.activities {
        let title = if a.mode.is_empty() || a.mode == a.activity {
            a.activity.clone()
        } else {
            format!("{} — {}", a.activity, a.mode)
        };
        let outcome = if a.completed {
            "completed"
        } else {
            "not completed"
        };
        out.push_str(&format!(
            "{title}  · {}  · {}  · {outcome}\n",
            view.places.character(&a.character_id),
            relative(Some(&a.ended_at), view.now)
        ));
        out.push_str(&format!("  {}\n", figures(a)));
        let team: Vec<String> = a
            .fireteam
            .iter()
            .filter(|f| !f.is_self)
            .map(|f| {
                format!(
                    "{} ({} {}, {}/{})",
                    f.name, f.class, f.power, f.kills, f.deaths
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
pub fn stats(result: &AccountStats) -> String {
    if result.modes.is_empty() {
        return "No lifetime figures yet.\n".to_string();
    }
    let mut rows = vec![
        [
            "MODES", "KILLS", "DEATHS", "ASSISTS", "K/D", "CLEARED", "PLAYED",
        ]
        .map(String::from)
        .to_vec(),
    ];
    for m in &result.modes {
        rows.push(vec![
            m.group.clone(),
            m.kills.to_string(),
            m.deaths.to_string(),
            m.assists.to_string(),
            format!("{:.2}", m.kd),
            m.activities_cleared.to_string(),
            format!("{} h", m.seconds_played / 3600),
        ]);
    }
    columns(&rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::samples;
    use vault_raider_protocol::progress::{FireteamMember, ModeStats, QuestStep};

    fn view() -> View {
        View {
            now: samples::now(),
            ..View::default()
        }
    }

    fn objective(description: &str, progress: i64, of: i64) -> Objective {
        Objective {
            hash: 2,
            description: description.into(),
            progress,
            completion_value: of,
            complete: progress >= of,
        }
    }

    fn pursuit(
        id: &str,
        kind: ProgressKind,
        name: &str,
        objectives: Vec<Objective>,
    ) -> ProgressItem {
        ProgressItem {
            id: id.into(),
            character_id: "7".into(),
            kind,
            hash: 1,
            name: name.into(),
            icon: String::new(),
            complete: objectives.iter().all(|o| o.complete),
            objectives,
            step: None,
            expires_at: None,
            tracked: false,
            reward_earned: None,
        }
    }

    #[test]
    fn pursuits_show_their_step_expiry_and_objectives() {
        let quest = ProgressItem {
            step: Some(QuestStep {
                line: "The Lie".into(),
                step: 3,
                steps: 7,
            }),
            tracked: true,
            ..pursuit(
                "1",
                ProgressKind::Quest,
                "Communion",
                vec![objective("Defeat combatants", 12, 40)],
            )
        };
        let bounty = ProgressItem {
            expires_at: Some("2026-12-07T10:00:00Z".into()),
            ..pursuit(
                "2",
                ProgressKind::Bounty,
                "Gunsmith Bounty",
                vec![objective("Rapid kills", 5, 5)],
            )
        };
        let milestone = ProgressItem {
            expires_at: Some("2026-12-08T17:00:00Z".into()),
            reward_earned: Some(true),
            ..pursuit(
                "milestone:3",
                ProgressKind::Milestone,
                "Weekly Vanguard",
                vec![objective("", 0, 3)],
            )
        };
        let result = ProgressListResult {
            quests: vec![quest],
            bounties: vec![bounty],
            milestones: vec![milestone],
        };
        assert_eq!(
            progress(&result, &view()),
            "a character\n\
             \x20 Quests\n\
             \x20   The Lie — Communion (step 3 of 7)  · tracked\n\
             \x20     Defeat combatants  12/40  [###.......]\n\
             \x20 Bounties\n\
             \x20   Gunsmith Bounty  · expires in 2 days  · complete\n\
             \x20     Rapid kills  5/5  done\n\
             \x20 Milestones\n\
             \x20   Weekly Vanguard  · resets in 3 days  · reward earned\n\
             \x20     Progress  0/3  [..........]\n"
        );
        assert_eq!(
            progress(&ProgressListResult::default(), &view()),
            "No quests, bounties or milestones.\n"
        );
    }

    #[test]
    fn a_tracked_pursuit_says_so_and_whether_it_already_was() {
        let item = ProgressItem {
            tracked: true,
            ..pursuit(
                "2",
                ProgressKind::Bounty,
                "Gunsmith Bounty",
                vec![objective("Rapid kills", 2, 5)],
            )
        };
        let result = TrackResult {
            item,
            bungie_calls: 0,
        };
        assert_eq!(
            tracked(&result, &view()),
            "Tracking Gunsmith Bounty on a character (it already was)\nRapid kills  2/5  [####......]\n"
        );
    }

    fn member(
        name: &str,
        class: &str,
        power: u32,
        kills: u32,
        deaths: u32,
        is_self: bool,
    ) -> FireteamMember {
        FireteamMember {
            name: name.into(),
            class: class.into(),
            power,
            kills,
            deaths,
            is_self,
        }
    }

    #[test]
    fn history_shows_the_report_and_who_played() {
        let strike = ActivityCompleted {
            character_id: "7".into(),
            activity: "Savathûn's Song".into(),
            mode: "Strike".into(),
            completed: true,
            kills: 64,
            deaths: 5,
            assists: 12,
            duration_seconds: 1331,
            ended_at: "2026-12-05T09:40:00Z".into(),
            pgcr_id: "9".into(),
            precision_kills: Some(20),
            score: Some(3120),
            standing: None,
            time_played_seconds: 1331,
            fireteam: vec![
                member("Me#0001", "Warlock", 1810, 64, 5, true),
                member("Ada#1234", "Hunter", 1805, 40, 2, false),
            ],
        };
        let result = HistoryResult {
            activities: vec![strike],
        };
        assert_eq!(
            history(&result, &view()),
            "Savathûn's Song — Strike  · a character  · 20 min ago  · completed\n\
             \x20 64 kills (20 precision), 5 deaths, 12 assists · score 3120 · 22m 11s\n\
             \x20 With: Ada#1234 (Hunter 1805, 40/2)\n"
        );
        assert_eq!(
            history(
                &HistoryResult {
                    activities: Vec::new()
                },
                &view()
            ),
            "No activities yet.\n"
        );
    }

    #[test]
    fn lifetime_figures_are_a_table() {
        let result = AccountStats {
            modes: vec![ModeStats {
                group: "allPvE".into(),
                kills: 900,
                deaths: 300,
                assists: 10,
                kd: 3.0,
                activities_cleared: 12,
                seconds_played: 36000,
            }],
        };
        assert_eq!(
            stats(&result),
            "MODES   KILLS  DEATHS  ASSISTS  K/D   CLEARED  PLAYED\n\
             allPvE  900    300     10       3.00  12       10 h\n"
        );
    }
}
