//! Activity reports: the post-game carnage report read for a finished activity (patiently: the
//! stats host serves it only a while after the end, answering `DestinyPGCRNotFound` until then),
//! turned into the figures `activity.completed` carries; and the account's lifetime figures.

use crate::bungie::wire::stats::{AccountStats, CarnageEntry, CarnageReport};
use crate::bungie::{BungieError, Client};
use crate::events::{CarnageFigures, Teammate};
use std::sync::Arc;
use std::time::Duration;

/// `DestinyPGCRNotFound`: the report does not exist (yet).
const PGCR_NOT_FOUND: i32 = 1653;
/// How long after an activity is reported to keep asking for its carnage report.
pub const PGCR_PATIENCE: Duration = Duration::from_secs(5 * 60);
/// The waits between tries (the last repeats).
const PGCR_RETRY: [Duration; 5] = [
    Duration::from_secs(2),
    Duration::from_secs(4),
    Duration::from_secs(8),
    Duration::from_secs(15),
    Duration::from_secs(30),
];

/// Whether `error` says the report does not exist yet (worth asking again later).
pub fn is_not_yet(error: &BungieError) -> bool {
    match error {
        BungieError::NotFound(p) | BungieError::Platform(p) => p.code == PGCR_NOT_FOUND,
        other => other.is_transient(),
    }
}

/// Reads the carnage report of `instance_id`, asking again while it does not exist yet, for at
/// most `patience`. `None` when it never came (or another error said it will not).
pub async fn carnage_patiently(
    client: &Arc<Client>,
    instance_id: i64,
    character_id: i64,
    patience: Duration,
) -> Option<CarnageFigures> {
    let started = tokio::time::Instant::now();
    let mut attempt = 0usize;
    loop {
        match client.get_post_game_carnage_report(instance_id).await {
            Ok(report) => return Some(figures(&report, character_id)),
            Err(e) if is_not_yet(&e) => {
                let wait = PGCR_RETRY[attempt.min(PGCR_RETRY.len() - 1)];
                attempt += 1;
                if started.elapsed() + wait > patience {
                    tracing::info!(
                        instance_id,
                        "no carnage report after waiting; reporting without it"
                    );
                    return None;
                }
                tracing::debug!(instance_id, ?wait, "carnage report not there yet");
                tokio::time::sleep(wait).await;
            }
            Err(e) => {
                tracing::info!(instance_id, error = %e, "carnage report not read");
                return None;
            }
        }
    }
}

/// The figures of `character_id`'s entry in `report`, with every player met (the player first).
pub fn figures(report: &CarnageReport, character_id: i64) -> CarnageFigures {
    let own = report
        .entries
        .iter()
        .find(|e| e.character_id == character_id);
    let team_mode = !report.teams.is_empty();
    let standing = own.and_then(|e| standing(e, team_mode, report));
    let mut fireteam: Vec<Teammate> = report
        .entries
        .iter()
        .map(|e| teammate(e, e.character_id == character_id))
        .collect();
    fireteam.sort_by_key(|t| !t.is_self);
    CarnageFigures {
        precision_kills: own.map_or(0, |e| count(e.extended_value("precisionKills"))),
        score: own
            .and_then(|e| e.score.as_ref().or(e.values.get("score")))
            .map_or(0, |s| s.basic.value.round() as i64),
        standing,
        time_played_seconds: own.map_or(0, |e| u64::from(count(e.value("timePlayedSeconds")))),
        fireteam,
    }
}

fn count(value: Option<f64>) -> u32 {
    value.unwrap_or(0.0).clamp(0.0, f64::from(u32::MAX)) as u32
}

fn teammate(entry: &CarnageEntry, is_self: bool) -> Teammate {
    Teammate {
        name: entry.player.destiny_user_info.bungie_name(),
        class: entry.player.character_class.clone().unwrap_or_default(),
        power: u32::try_from(entry.player.light_level).unwrap_or(0),
        kills: count(entry.value("kills")),
        deaths: count(entry.value("deaths")),
        is_self,
    }
}

/// `victory`/`defeat` in a team mode, the place in a free-for-all PvP mode, none in PvE.
fn standing(entry: &CarnageEntry, team_mode: bool, report: &CarnageReport) -> Option<String> {
    if team_mode {
        return Some(
            if entry.standing == 0 {
                "victory"
            } else {
                "defeat"
            }
            .to_string(),
        );
    }
    let pvp = [5, 10, 12, 37, 84].contains(&report.activity_details.mode)
        || report.activity_details.modes.contains(&5);
    pvp.then(|| ordinal(entry.standing.saturating_add(1)))
}

fn ordinal(place: i32) -> String {
    let suffix = match (place % 10, place % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{place}{suffix}")
}

/// One mode group's lifetime figures.
#[derive(Debug, Clone, PartialEq)]
pub struct ModeFigures {
    /// Bungie's group name (`allPvE`…).
    pub group: String,
    /// Kills.
    pub kills: u64,
    /// Deaths.
    pub deaths: u64,
    /// Assists.
    pub assists: u64,
    /// Kills per death.
    pub kd: f64,
    /// Activities cleared.
    pub activities_cleared: u64,
    /// Seconds played.
    pub seconds_played: u64,
}

/// Each played mode group's lifetime figures over every character, most time played first.
pub fn account_figures(stats: &AccountStats) -> Vec<ModeFigures> {
    let Some(all) = &stats.merged_all_characters else {
        return Vec::new();
    };
    let mut out: Vec<ModeFigures> = all
        .results
        .iter()
        .filter_map(|(group, period)| {
            let values = period.all_time.as_ref()?;
            let get = |k: &str| values.get(k).map_or(0.0, |s| s.basic.value).max(0.0);
            let kills = get("kills") as u64;
            let deaths = get("deaths") as u64;
            Some(ModeFigures {
                group: group.clone(),
                kills,
                deaths,
                assists: get("assists") as u64,
                kd: if deaths == 0 {
                    kills as f64
                } else {
                    (kills as f64 / deaths as f64 * 100.0).round() / 100.0
                },
                activities_cleared: get("activitiesCleared") as u64,
                seconds_played: get("secondsPlayed") as u64,
            })
        })
        .collect();
    out.sort_by(|a, b| {
        b.seconds_played
            .cmp(&a.seconds_played)
            .then_with(|| a.group.cmp(&b.group))
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn report(teams: bool) -> CarnageReport {
        let stat = |v: f64| json!({ "basic": { "value": v, "displayValue": v.to_string() } });
        let entry = |cid: &str, name: &str, code: u32, standing: i32, kills: f64| {
            json!({
                "standing": standing,
                "score": stat(kills * 100.0),
                "characterId": cid,
                "player": {
                    "destinyUserInfo": {
                        "membershipId": "4611686018400000001", "membershipType": 3,
                        "displayName": name, "bungieGlobalDisplayName": name,
                        "bungieGlobalDisplayNameCode": code,
                    },
                    "characterClass": "Hunter", "lightLevel": 1810, "classHash": 1,
                },
                "values": { "kills": stat(kills), "deaths": stat(2.0), "timePlayedSeconds": stat(600.0) },
                "extended": { "values": { "precisionKills": stat(kills / 2.0) } },
            })
        };
        serde_json::from_value(json!({
            "period": "2026-12-01T10:00:00Z",
            "activityDetails": { "referenceId": 1, "instanceId": "99", "mode": if teams { 5 } else { 46 }, "modes": [] },
            "entries": [entry("22", "Other", 7, 1, 10.0), entry("11", "Me", 42, 0, 30.0)],
            "teams": if teams { json!([{ "teamId": 17, "standing": stat(0.0), "score": stat(50.0) }]) } else { json!([]) },
        }))
        .unwrap()
    }

    #[test]
    fn the_players_own_entry_gives_the_figures_and_comes_first() {
        let f = figures(&report(false), 11);
        assert_eq!(f.precision_kills, 15);
        assert_eq!(f.score, 3000);
        assert_eq!(f.time_played_seconds, 600);
        assert_eq!(f.standing, None, "PvE has no standing");
        assert_eq!(f.fireteam.len(), 2);
        assert!(f.fireteam[0].is_self);
        assert_eq!(f.fireteam[0].name, "Me#0042");
        assert_eq!(f.fireteam[1].name, "Other#0007");
        assert_eq!(f.fireteam[1].kills, 10);
    }

    #[test]
    fn team_modes_say_victory_or_defeat() {
        assert_eq!(
            figures(&report(true), 11).standing.as_deref(),
            Some("victory")
        );
        assert_eq!(
            figures(&report(true), 22).standing.as_deref(),
            Some("defeat")
        );
        assert_eq!(ordinal(1), "1st");
        assert_eq!(ordinal(12), "12th");
        assert_eq!(ordinal(23), "23rd");
    }

    #[test]
    fn not_found_and_outages_are_worth_waiting_for_other_errors_are_not() {
        let platform = |code: i32| crate::bungie::error::PlatformError {
            code,
            status: String::new(),
            message: String::new(),
            throttle_seconds: 0,
            http_status: 404,
            message_data: Default::default(),
        };
        assert!(is_not_yet(&BungieError::NotFound(platform(1653))));
        assert!(!is_not_yet(&BungieError::NotFound(platform(1601))));
        assert!(is_not_yet(&BungieError::Transport {
            message: "reset".into(),
            timeout: true
        }));
    }

    #[test]
    fn lifetime_figures_sort_by_time_played() {
        let stat = |v: f64| json!({ "basic": { "value": v, "displayValue": "" } });
        let stats: AccountStats = serde_json::from_value(json!({
            "mergedAllCharacters": { "results": {
                "allPvE": { "allTime": { "kills": stat(900.0), "deaths": stat(300.0), "assists": stat(10.0), "activitiesCleared": stat(12.0), "secondsPlayed": stat(9000.0) } },
                "allPvP": { "allTime": { "kills": stat(10.0), "deaths": stat(0.0), "secondsPlayed": stat(100.0) } },
                "raid": {},
            }, "merged": {} },
        }))
        .unwrap();
        let modes = account_figures(&stats);
        assert_eq!(modes.len(), 2, "a group never played is left out");
        assert_eq!(modes[0].group, "allPvE");
        assert_eq!(modes[0].kd, 3.0);
        assert_eq!(modes[1].kd, 10.0);
    }
}
