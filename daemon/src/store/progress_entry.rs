//! Pursuits and milestones as the store keeps them: a bounty's, quest step's or weekly
//! milestone's objectives with their progress (profile components 301 and 202, named from the
//! manifest). Bungie's data: rebuilt by every sync; progress moving is a change.

use super::model::CharacterId;
use serde::{Deserialize, Serialize};

/// What kind of progress an entry tracks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ProgressKind {
    /// A bounty (`DestinyItemType` 26): expires, finishes in one go.
    Bounty,
    /// A quest step (`DestinyItemType` 12, or an item of a quest line).
    Quest,
    /// Another item with objectives.
    Other,
    /// A character's weekly milestone.
    Milestone,
}

/// One objective with the player's progress on it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Objective {
    /// The `DestinyObjectiveDefinition` hash.
    pub hash: u32,
    /// What to do ("Defeat combatants"), from the definition; empty when unknown.
    pub description: String,
    /// The progress so far.
    pub progress: i64,
    /// The value that completes it.
    pub completion_value: i64,
    /// Whether it is complete.
    pub complete: bool,
}

/// Where a quest step sits in its quest line (the definition's `setData`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuestStep {
    /// The quest line's name.
    pub line: String,
    /// This step's number, from 1.
    pub step: u32,
    /// How many steps the line has.
    pub steps: u32,
}

/// One pursuit or milestone of a character.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProgressEntry {
    /// The id: the item's id (`ItemId` text) for a pursuit, `milestone:<hash>` for a milestone.
    pub id: String,
    /// The character it belongs to.
    pub character_id: CharacterId,
    /// What it is.
    pub kind: ProgressKind,
    /// The item or milestone definition hash.
    pub hash: u32,
    /// Its name ("Gunsmith Bounty", "Nightfall: The Ordeal").
    pub name: String,
    /// Its icon path, empty when none.
    pub icon: String,
    /// The objectives, in the definition's order.
    pub objectives: Vec<Objective>,
    /// For a quest step: its place in the line.
    pub step: Option<QuestStep>,
    /// When a bounty expires, or a milestone resets.
    pub expires_at: Option<chrono::DateTime<chrono::Utc>>,
    /// Tracked in game (item state bit 2).
    pub tracked: bool,
    /// A milestone's reward earned this week.
    pub reward_earned: bool,
}

impl ProgressEntry {
    /// Whether every objective is complete (an entry without objectives is not).
    pub fn complete(&self) -> bool {
        !self.objectives.is_empty() && self.objectives.iter().all(|o| o.complete)
    }

    /// The id of a character's milestone entry.
    pub fn milestone_id(hash: u32) -> String {
        format!("milestone:{hash}")
    }
}
