//! Definitions of progress: objectives, milestones, and the objective and quest-line blocks of an
//! item definition.

use super::defs::{Definition, DisplayProperties};
use serde::Deserialize;

/// `DestinyObjectiveDefinition`: what one objective asks.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ObjectiveDef {
    /// The hash.
    pub hash: u32,
    /// Name and description (often empty for objectives).
    pub display_properties: DisplayProperties,
    /// What the progress counts ("Defeat combatants").
    pub progress_description: String,
    /// The value that completes it.
    pub completion_value: i64,
}

impl Definition for ObjectiveDef {
    const TABLE: &'static str = "DestinyObjectiveDefinition";
}

impl ObjectiveDef {
    /// The words a player reads for it: the progress description, else the name.
    pub fn text(&self) -> &str {
        if self.progress_description.is_empty() {
            &self.display_properties.name
        } else {
            &self.progress_description
        }
    }
}

/// `DestinyMilestoneDefinition`: a weekly milestone.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct MilestoneDef {
    /// The hash.
    pub hash: u32,
    /// Name, description, icon.
    pub display_properties: DisplayProperties,
    /// Shown among the milestones.
    pub show_in_milestones: bool,
}

impl Definition for MilestoneDef {
    const TABLE: &'static str = "DestinyMilestoneDefinition";
}

/// An item definition's `objectives` block.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ObjectivesBlock {
    /// The objectives, in order.
    pub objective_hashes: Vec<u32>,
    /// The quest line the item is a step of (0: none).
    pub questline_item_hash: u32,
}

/// An item definition's `setData` block: the steps of a quest line.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct SetDataBlock {
    /// The steps, in order.
    pub item_list: Vec<SetItem>,
    /// The line's name.
    pub quest_line_name: String,
}

/// One entry of `setData.itemList`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct SetItem {
    /// The step's item.
    pub item_hash: u32,
}
