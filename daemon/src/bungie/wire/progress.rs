//! Progress components of GetProfile: 301 `itemObjectives` (per item instance) and 202
//! `characterProgressions` (milestones, quests, uninstanced objectives).

use super::convert::{opt_date, opt_int};
use chrono::{DateTime, Utc};
use serde::Deserialize;
use std::collections::BTreeMap;

/// `DestinyObjectiveProgress`: one objective's state.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(default, rename_all = "camelCase")]
pub struct ObjectiveProgress {
    /// The `DestinyObjectiveDefinition`.
    pub objective_hash: u32,
    /// Where it is tracked, when the objective belongs to a place.
    pub destination_hash: Option<u32>,
    /// The activity, when the objective belongs to one.
    pub activity_hash: Option<u32>,
    /// The progress so far (absent when the game does not say).
    pub progress: Option<i64>,
    /// The value that completes it.
    pub completion_value: i64,
    /// Whether it is complete.
    pub complete: bool,
    /// Whether it is shown.
    pub visible: bool,
}

/// Component 301 for one item: `DestinyItemObjectivesComponent`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct ItemObjectivesComponent {
    /// The item's objectives, in the definition's order.
    pub objectives: Vec<ObjectiveProgress>,
    /// Flavour objective (not counted toward completion).
    pub flavor_objective: Option<ObjectiveProgress>,
    /// When the item's objectives were last completed.
    #[serde(deserialize_with = "opt_date")]
    pub date_completed: Option<DateTime<Utc>>,
}

/// Component 202 for one character: `DestinyCharacterProgressionComponent` (the parts read).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct CharacterProgressionComponent {
    /// Milestone hash → the character's state of it.
    pub milestones: BTreeMap<u32, Milestone>,
    /// Quests in progress (their current step).
    pub quests: Vec<QuestStatus>,
    /// Item hash → objectives of items that have no instance.
    pub uninstanced_item_objectives: BTreeMap<u32, Vec<ObjectiveProgress>>,
}

/// `DestinyMilestone`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Milestone {
    /// The `DestinyMilestoneDefinition`.
    pub milestone_hash: u32,
    /// Its activities and their challenges.
    pub activities: Vec<MilestoneActivity>,
    /// Its reward categories.
    pub rewards: Vec<MilestoneRewardCategory>,
    /// When it started.
    #[serde(deserialize_with = "opt_date")]
    pub start_date: Option<DateTime<Utc>>,
    /// When it ends (the weekly reset).
    #[serde(deserialize_with = "opt_date")]
    pub end_date: Option<DateTime<Utc>>,
    /// Display order.
    pub order: i32,
}

/// `DestinyMilestoneChallengeActivity`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct MilestoneActivity {
    /// The activity.
    pub activity_hash: u32,
    /// Its challenges.
    pub challenges: Vec<Challenge>,
}

/// `DestinyChallengeStatus`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Challenge {
    /// The challenge's objective.
    pub objective: ObjectiveProgress,
}

/// `DestinyMilestoneRewardCategory`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct MilestoneRewardCategory {
    /// The category.
    pub reward_category_hash: u32,
    /// Its entries.
    pub entries: Vec<MilestoneRewardEntry>,
}

/// `DestinyMilestoneRewardEntry`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct MilestoneRewardEntry {
    /// The entry.
    pub reward_entry_hash: u32,
    /// Earned this week.
    pub earned: bool,
    /// Claimed.
    pub redeemed: bool,
}

/// `DestinyQuestStatus`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct QuestStatus {
    /// The quest line's item.
    pub quest_hash: u32,
    /// The current step's item.
    pub step_hash: u32,
    /// The step's objectives.
    pub step_objectives: Vec<ObjectiveProgress>,
    /// Tracked in game.
    pub tracked: bool,
    /// The step's instance, when it has one.
    #[serde(deserialize_with = "opt_int")]
    pub item_instance_id: Option<i64>,
    /// Completed.
    pub completed: bool,
}
