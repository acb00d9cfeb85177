//! Progress and activity reports: `progress.list`, `progress.track`, the `progress.changed`
//! event, `activities.history` and `stats.account`, with the objective, pursuit, milestone,
//! fireteam and lifetime-figure shapes they carry.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// One objective and the player's progress on it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(rename_all = "camelCase")]
pub struct Objective {
    /// The `DestinyObjectiveDefinition` hash.
    pub hash: u32,
    /// What it counts ("Defeat combatants"); empty when the game gives no words.
    pub description: String,
    /// The progress so far.
    #[ts(type = "number")]
    pub progress: i64,
    /// The value that completes it.
    #[ts(type = "number")]
    pub completion_value: i64,
    /// Whether it is complete.
    pub complete: bool,
}

/// What kind of progress a [`ProgressItem`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema, TS)]
#[serde(rename_all = "snake_case")]
#[ts(rename_all = "snake_case")]
pub enum ProgressKind {
    /// A bounty.
    Bounty,
    /// A quest step.
    Quest,
    /// A weekly milestone.
    Milestone,
    /// Another item with objectives.
    Other,
}

/// Where a quest step sits in its quest line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(rename_all = "camelCase")]
pub struct QuestStep {
    /// The quest line's name ("The Lie").
    pub line: String,
    /// This step's number, from 1.
    pub step: u32,
    /// How many steps the line has.
    pub steps: u32,
}

/// A pursuit (bounty, quest step) or a weekly milestone of a character.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(rename_all = "camelCase")]
#[ts(optional_fields)]
pub struct ProgressItem {
    /// The item's id for a pursuit (the same as in `items.*`), `milestone:<hash>` for a milestone.
    pub id: String,
    /// The character it belongs to.
    pub character_id: String,
    /// What it is.
    pub kind: ProgressKind,
    /// The item or milestone definition hash.
    pub hash: u32,
    /// Its name.
    pub name: String,
    /// Its icon path on bungie.net (empty when none).
    pub icon: String,
    /// The objectives, in the game's order.
    pub objectives: Vec<Objective>,
    /// Every objective is complete.
    pub complete: bool,
    /// A quest step's place in its line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub step: Option<QuestStep>,
    /// When a bounty expires, or a milestone resets (RFC 3339, UTC).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<String>,
    /// Tracked in game.
    pub tracked: bool,
    /// A milestone's reward is earned this week.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reward_earned: Option<bool>,
}

/// Which lists `progress.list` returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema, TS)]
#[serde(rename_all = "snake_case")]
#[ts(rename_all = "snake_case")]
pub enum ProgressList {
    /// Quest steps (and other items with objectives).
    Quests,
    /// Bounties.
    Bounties,
    /// Weekly milestones.
    Milestones,
}

/// `progress.list` params.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[ts(optional_fields)]
pub struct ProgressListParams {
    /// One character's; left out: every character's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub character_id: Option<String>,
    /// Which lists; left out: all three.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kinds: Option<Vec<ProgressList>>,
}

/// `progress.list` result (a list not asked for is empty).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TS)]
pub struct ProgressListResult {
    /// Quest steps, by character then id.
    pub quests: Vec<ProgressItem>,
    /// Bounties, by character then id.
    pub bounties: Vec<ProgressItem>,
    /// Weekly milestones, by character then id.
    pub milestones: Vec<ProgressItem>,
}

/// `progress.track` params: track or untrack a quest step or bounty in game.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TrackParams {
    /// The pursuit's item id.
    pub id: String,
    /// Track (true) or untrack (false).
    pub tracked: bool,
}

/// `progress.track` result: the pursuit as it is now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(rename_all = "camelCase")]
pub struct TrackResult {
    /// The pursuit.
    pub item: ProgressItem,
    /// Calls made to Bungie for it.
    pub bungie_calls: u32,
}

/// `progress.changed` params: a character's objectives that moved or completed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(rename_all = "camelCase")]
pub struct ProgressChanged {
    /// The character.
    pub character_id: String,
    /// The pursuits and milestones as they are now (a gone one is left out: see `removed`).
    pub changed: Vec<ProgressItem>,
    /// Ids of the ones that were completed by this change.
    pub completed: Vec<String>,
    /// Ids of the ones that went away (turned in, expired, abandoned).
    pub removed: Vec<String>,
}

/// One player of an activity, from its post-game carnage report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(rename_all = "camelCase")]
pub struct FireteamMember {
    /// The Bungie name ("Name#0123"), or the platform name.
    pub name: String,
    /// The class's name ("Hunter").
    pub class: String,
    /// The power at the end.
    pub power: u32,
    /// Kills.
    pub kills: u32,
    /// Deaths.
    pub deaths: u32,
    /// This is the player's own character.
    pub is_self: bool,
}

/// `activities.history` params.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[ts(optional_fields)]
pub struct HistoryParams {
    /// The character; left out: the most recently played.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub character_id: Option<String>,
    /// How many, 1–50 (default 10).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<u32>,
    /// A `DestinyActivityModeType` to keep (5 all PvP, 7 all PvE…).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<i32>,
}

/// `activities.history` result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, TS)]
pub struct HistoryResult {
    /// Newest first, each with the figures `activity.completed` carries.
    pub activities: Vec<crate::events::ActivityCompleted>,
}

/// Lifetime figures of one group of modes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(rename_all = "camelCase")]
pub struct ModeStats {
    /// Bungie's group name (`allPvE`, `allPvP`, `raid`, `story`, `allStrikes`, `patrol`…).
    pub group: String,
    /// Kills.
    #[ts(type = "number")]
    pub kills: u64,
    /// Deaths.
    #[ts(type = "number")]
    pub deaths: u64,
    /// Assists.
    #[ts(type = "number")]
    pub assists: u64,
    /// Kills per death.
    pub kd: f64,
    /// Activities cleared.
    #[ts(type = "number")]
    pub activities_cleared: u64,
    /// Seconds played.
    #[ts(type = "number")]
    pub seconds_played: u64,
}

/// `stats.account` result: lifetime figures over every character.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(rename_all = "camelCase")]
pub struct AccountStats {
    /// Every mode group the account has played, largest time played first.
    pub modes: Vec<ModeStats>,
}
