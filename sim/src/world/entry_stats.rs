//! The statistics of one finished activity, written once for GetActivityHistory, the PGCR's own
//! entry and the account's totals, so the three always agree.

use serde_json::{Map, Value, json};

use super::activities::modes_of;
use super::model::HistoryEntry;
use super::pgcr;

/// A `DestinyHistoricalStatsValue`: `statId` and `basic` {value, displayValue}.
pub fn stat(id: &str, value: f64, display: String) -> Value {
    json!({ "statId": id, "basic": { "value": value, "displayValue": display } })
}

/// Bungie's duration display: `12m 34s`.
pub fn minutes_seconds(seconds: u32) -> String {
    format!("{}m {}s", seconds / 60, seconds % 60)
}

/// Whether the activity is player-versus-player (its modes include AllPvP).
pub fn is_pvp(entry: &HistoryEntry) -> bool {
    modes_of(entry.activity_hash).contains(&5)
}

/// Kills by precision damage: a share of the kills fixed by the instance id.
pub fn precision_kills(entry: &HistoryEntry) -> u32 {
    let share = 15 + entry.instance_id.unsigned_abs() % 40;
    u32::try_from(u64::from(entry.kills) * share / 100).unwrap_or(0)
}

/// A player's score: PvP scores kills and assists, PvE activities score nothing.
pub fn score(pvp: bool, kills: u32, assists: u32) -> u32 {
    if pvp {
        kills
            .saturating_mul(100)
            .saturating_add(assists.saturating_mul(50))
    } else {
        0
    }
}

/// Kills per death (the kills themselves without a death).
pub fn ratio(kills: f64, deaths: f64) -> f64 {
    if deaths == 0.0 { kills } else { kills / deaths }
}

/// The team names of PvP activities by team id.
pub fn team_name(team: i32) -> &'static str {
    if team == pgcr::ALPHA {
        "Alpha"
    } else {
        "Bravo"
    }
}

/// `standing`'s display: 0 Victory, otherwise Defeat.
pub fn standing_name(standing: i32) -> &'static str {
    if standing == 0 { "Victory" } else { "Defeat" }
}

/// Every value GetActivityHistory (and the PGCR's own entry) gives for the entry, by stat id.
pub fn values(entry: &HistoryEntry) -> Map<String, Value> {
    let kills = f64::from(entry.kills);
    let deaths = f64::from(entry.deaths);
    let assists = f64::from(entry.assists);
    let kda = if entry.deaths == 0 {
        kills + assists / 2.0
    } else {
        (kills + assists / 2.0) / deaths
    };
    let efficiency = ratio(kills + assists, deaths);
    let kd = ratio(kills, deaths);
    let duration = f64::from(entry.duration_seconds);
    let pvp = is_pvp(entry);
    let score = score(pvp, entry.kills, entry.assists);
    let players = pgcr::player_count(entry);
    let mut values = Map::new();
    let mut put = |id: &str, value: f64, display: String| {
        values.insert(id.to_owned(), stat(id, value, display));
    };
    put("assists", assists, entry.assists.to_string());
    put(
        "completed",
        if entry.completed { 1.0 } else { 0.0 },
        if entry.completed { "Yes" } else { "No" }.to_owned(),
    );
    put("deaths", deaths, entry.deaths.to_string());
    put("kills", kills, entry.kills.to_string());
    put(
        "opponentsDefeated",
        kills + assists,
        (entry.kills + entry.assists).to_string(),
    );
    put("efficiency", efficiency, format!("{efficiency:.2}"));
    put("killsDeathsRatio", kd, format!("{kd:.2}"));
    put("killsDeathsAssists", kda, format!("{kda:.2}"));
    put("score", f64::from(score), score.to_string());
    put(
        "activityDurationSeconds",
        duration,
        minutes_seconds(entry.duration_seconds),
    );
    put(
        "completionReason",
        if entry.completed { 0.0 } else { 255.0 },
        if entry.completed {
            "Objective Completed"
        } else {
            "Unknown"
        }
        .to_owned(),
    );
    put(
        "fireteamId",
        (entry.instance_id % 1_000_000) as f64,
        (entry.instance_id % 1_000_000).to_string(),
    );
    put("startSeconds", 0.0, "0s".to_owned());
    put(
        "timePlayedSeconds",
        duration,
        minutes_seconds(entry.duration_seconds),
    );
    put("playerCount", players as f64, players.to_string());
    match pgcr::team_scores(entry) {
        Some((own, _)) => {
            let standing = pgcr::own_standing(entry);
            put("teamScore", f64::from(own), own.to_string());
            put(
                "team",
                f64::from(pgcr::ALPHA),
                team_name(pgcr::ALPHA).to_owned(),
            );
            put(
                "standing",
                f64::from(standing),
                standing_name(standing).to_owned(),
            );
        }
        None => put("teamScore", 0.0, "0".to_owned()),
    }
    values
}
