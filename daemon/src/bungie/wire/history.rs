//! `DestinyActivityHistoryResults` (GetActivityHistory): finished activities, newest first.

use super::convert::{int, opt_date};
use chrono::{DateTime, Utc};
use serde::Deserialize;
use std::collections::BTreeMap;

/// GetActivityHistory's payload (`activities` is absent when there are none).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ActivityHistoryResults {
    /// Newest first.
    pub activities: Vec<HistoricalActivity>,
}

/// `DestinyHistoricalStatsPeriodGroup`: one activity played.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct HistoricalActivity {
    /// When it started.
    #[serde(deserialize_with = "opt_date")]
    pub period: Option<DateTime<Utc>>,
    /// What it was.
    pub activity_details: ActivityDetails,
    /// Stat id (`completed`, `kills`, `activityDurationSeconds`…) → value.
    pub values: BTreeMap<String, HistoricalStat>,
}

impl HistoricalActivity {
    /// A stat's value, if present.
    pub fn value(&self, stat: &str) -> Option<f64> {
        self.values.get(stat).map(|s| s.basic.value)
    }
}

/// `DestinyHistoricalStatsActivity`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct ActivityDetails {
    /// The activity definition.
    pub reference_id: u32,
    /// The director activity (playlist) definition.
    pub director_activity_hash: u32,
    /// The instance (its PGCR id).
    #[serde(deserialize_with = "int")]
    pub instance_id: i64,
    /// `DestinyActivityModeType`.
    pub mode: i32,
    /// Every mode type.
    pub modes: Vec<i32>,
    /// Whether it was private.
    pub is_private: bool,
    /// `BungieMembershipType`.
    pub membership_type: i32,
}

/// `DestinyHistoricalStatsValue`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct HistoricalStat {
    /// The stat id.
    pub stat_id: String,
    /// Its value.
    pub basic: StatBasic,
}

/// `DestinyHistoricalStatsValuePair`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct StatBasic {
    /// The number.
    pub value: f64,
    /// How the game shows it.
    pub display_value: String,
}
