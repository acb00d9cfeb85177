//! The stats host's answers: the post-game carnage report (`DestinyPostGameCarnageReportData`)
//! and an account's lifetime figures (`DestinyHistoricalStatsAccountResult`).

use super::convert::{int, opt_date};
use super::history::{ActivityDetails, HistoricalStat};
use super::user::GroupUserInfoCard;
use chrono::{DateTime, Utc};
use serde::Deserialize;
use std::collections::BTreeMap;

/// GetPostGameCarnageReport's payload.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct CarnageReport {
    /// When the activity started.
    #[serde(deserialize_with = "opt_date")]
    pub period: Option<DateTime<Utc>>,
    /// Seconds from the activity's start to when this player's fireteam joined.
    pub activity_was_started_from_beginning: Option<bool>,
    /// What it was.
    pub activity_details: ActivityDetails,
    /// Every player who took part.
    pub entries: Vec<CarnageEntry>,
    /// The teams, in team modes.
    pub teams: Vec<CarnageTeam>,
}

/// `DestinyPostGameCarnageReportEntry`: one player.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct CarnageEntry {
    /// Standing (0 victory / 1 defeat in team modes, place in free-for-all).
    pub standing: i32,
    /// The score.
    pub score: Option<HistoricalStat>,
    /// Who.
    pub player: CarnagePlayer,
    /// The player's character.
    #[serde(deserialize_with = "int")]
    pub character_id: i64,
    /// Stat id → value (`kills`, `deaths`, `precisionKills` is under `extended`…).
    pub values: BTreeMap<String, HistoricalStat>,
    /// Weapon and extra stats.
    pub extended: Option<CarnageExtended>,
}

impl CarnageEntry {
    /// A basic stat's value, if present.
    pub fn value(&self, stat: &str) -> Option<f64> {
        self.values.get(stat).map(|s| s.basic.value)
    }

    /// An extended stat's value (`precisionKills`), if present.
    pub fn extended_value(&self, stat: &str) -> Option<f64> {
        self.extended
            .as_ref()
            .and_then(|e| e.values.get(stat))
            .map(|s| s.basic.value)
    }
}

/// `DestinyPlayer`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct CarnagePlayer {
    /// The player's membership.
    pub destiny_user_info: GroupUserInfoCard,
    /// The class's name ("Hunter").
    pub character_class: Option<String>,
    /// `DestinyClass`.
    pub class_hash: u32,
    /// The character's power when the activity ended.
    pub light_level: i32,
    /// Whether the player finished the activity.
    pub completed: bool,
}

/// `DestinyPostGameCarnageReportExtendedData`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct CarnageExtended {
    /// Extra stats by id.
    pub values: BTreeMap<String, HistoricalStat>,
}

/// `DestinyPostGameCarnageReportTeamEntry`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct CarnageTeam {
    /// The team.
    pub team_id: i32,
    /// 0 victory, 1 defeat.
    pub standing: Option<HistoricalStat>,
    /// The team's score.
    pub score: Option<HistoricalStat>,
}

/// GetHistoricalStatsForAccount's payload.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct AccountStats {
    /// Every character together.
    pub merged_all_characters: Option<StatsGroups>,
    /// Characters deleted since.
    pub merged_deleted_characters: Option<StatsGroups>,
}

/// `DestinyHistoricalStatsWithMerged`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct StatsGroups {
    /// Per mode group.
    pub results: BTreeMap<String, StatsByPeriod>,
    /// All of them merged.
    pub merged: Option<StatsByPeriod>,
}

/// `DestinyHistoricalStatsByPeriod`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct StatsByPeriod {
    /// Lifetime figures by stat id; absent for a group never played.
    pub all_time: Option<BTreeMap<String, HistoricalStat>>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_player_with_a_null_display_name_is_read_by_bungie_name() {
        let entry: CarnageEntry = serde_json::from_value(serde_json::json!({
            "characterId": "1",
            "player": {"destinyUserInfo": {
                "membershipId": "4611686018400000001", "membershipType": 3,
                "displayName": null, "bungieGlobalDisplayName": "Ada", "bungieGlobalDisplayNameCode": 7,
            }},
        }))
        .expect("a null display name reads");
        assert_eq!(entry.player.destiny_user_info.bungie_name(), "Ada#0007");
    }
}
