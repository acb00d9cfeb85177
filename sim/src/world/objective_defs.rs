//! The world's objectives, weekly milestones and quest lines: which items carry which objectives,
//! what moves each objective when an activity ends, and the manifest rows
//! (`DestinyObjectiveDefinition`, `DestinyMilestoneDefinition`, the `objectives` and `setData`
//! blocks of item definitions) written from them.

use serde_json::{Map, Value, json};

use super::activities::ACTIVITIES;
use super::catalogue::Catalogue;
use super::defs::{ItemDef, fnv32};

/// What moves an objective when one of the character's activities ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trigger {
    /// +1 for each completed activity with this mode among its modes (0 = any activity).
    Completions(i32),
    /// +kills for each activity (completed or not) with this mode among its modes (0 = any).
    Kills(i32),
    /// Nothing in the game moves it; only `/sim/game/progress` does.
    Manual,
}

/// One `DestinyObjectiveDefinition`.
pub struct ObjectiveDef {
    /// A stable name the hash is made from.
    pub key: &'static str,
    /// `progressDescription`.
    pub description: &'static str,
    /// `completionValue`.
    pub completion: u32,
    /// What advances it.
    pub trigger: Trigger,
}

impl ObjectiveDef {
    /// The objective hash.
    pub fn hash(&self) -> u32 {
        fnv32(format!("objective:{}", self.key).as_bytes())
    }
}

/// Every objective of the world.
#[rustfmt::skip]
pub const OBJECTIVES: &[ObjectiveDef] = &[
    ObjectiveDef { key: "strikes-weekly", description: "Strikes completed", completion: 8, trigger: Trigger::Completions(18) },
    ObjectiveDef { key: "crucible-matches", description: "Crucible matches completed", completion: 3, trigger: Trigger::Completions(5) },
    ObjectiveDef { key: "crucible-defeats", description: "Opponents defeated in the Crucible", completion: 25, trigger: Trigger::Kills(5) },
    ObjectiveDef { key: "gambit-matches", description: "Gambit matches completed", completion: 2, trigger: Trigger::Completions(63) },
    ObjectiveDef { key: "lie-enemies", description: "Enemies defeated", completion: 200, trigger: Trigger::Kills(0) },
    ObjectiveDef { key: "lie-nightfall", description: "Nightfall strikes completed", completion: 1, trigger: Trigger::Completions(16) },
    ObjectiveDef { key: "lie-commune", description: "Commune with the Hunter", completion: 1, trigger: Trigger::Manual },
    ObjectiveDef { key: "sword-dungeon", description: "Dungeons completed", completion: 1, trigger: Trigger::Completions(82) },
    ObjectiveDef { key: "sword-raid", description: "Raids completed", completion: 1, trigger: Trigger::Completions(4) },
    ObjectiveDef { key: "milestone-strikes", description: "Vanguard strikes completed", completion: 3, trigger: Trigger::Completions(18) },
    ObjectiveDef { key: "milestone-crucible", description: "Crucible matches completed", completion: 5, trigger: Trigger::Completions(5) },
    ObjectiveDef { key: "milestone-raid", description: "Raid cleared", completion: 1, trigger: Trigger::Completions(4) },
];

/// The objective with this hash.
pub fn objective(hash: u32) -> Option<&'static ObjectiveDef> {
    OBJECTIVES.iter().find(|o| o.hash() == hash)
}

/// The hash of the objective named `key` (0 for a key that is not in [`OBJECTIVES`]).
fn objective_hash(key: &str) -> u32 {
    OBJECTIVES
        .iter()
        .find(|o| o.key == key)
        .map_or(0, ObjectiveDef::hash)
}

/// Which items carry which objectives, by item name: the bounties and every quest step.
#[rustfmt::skip]
const ITEM_OBJECTIVES: &[(&str, &[&str])] = &[
    ("Strike Specialist", &["strikes-weekly"]),
    ("Crucible Contender", &["crucible-matches", "crucible-defeats"]),
    ("Gambit Prime Time", &["gambit-matches"]),
    ("The Lie", &["lie-enemies"]),
    ("The Lie: Nightfall", &["lie-nightfall"]),
    ("The Lie: Communion", &["lie-commune"]),
    ("Sword Logic", &["sword-dungeon"]),
    ("Sword Logic: Raid", &["sword-raid"]),
];

/// The quest lines: their name and their steps in order (the first step is the one characters
/// start with).
#[rustfmt::skip]
pub const QUEST_LINES: &[(&str, &[&str])] = &[
    ("The Lie", &["The Lie", "The Lie: Nightfall", "The Lie: Communion"]),
    ("Sword Logic", &["Sword Logic", "Sword Logic: Raid"]),
];

/// The objective hashes an item definition carries (empty for most items).
pub fn item_objectives(def: &ItemDef) -> Vec<u32> {
    ITEM_OBJECTIVES
        .iter()
        .find(|(name, _)| *name == def.name)
        .map(|(_, keys)| keys.iter().map(|k| objective_hash(k)).collect())
        .unwrap_or_default()
}

/// Whether the item is a bounty (`DestinyItemType` 26): it expires and can be tracked.
pub fn is_bounty(def: &ItemDef) -> bool {
    def.item_type == 26
}

/// Whether the definition is a quest step after the first (characters are not handed those).
pub fn is_later_step(name: &str) -> bool {
    QUEST_LINES
        .iter()
        .any(|(_, steps)| steps.iter().skip(1).any(|s| *s == name))
}

/// The quest line a step belongs to: its name and its steps.
fn quest_line_of(name: &str) -> Option<&'static (&'static str, &'static [&'static str])> {
    QUEST_LINES.iter().find(|(_, steps)| steps.contains(&name))
}

/// The quest (its first step's hash) an item is a step of, if it is one.
pub fn quest_hash(catalogue: &Catalogue, def: &ItemDef) -> Option<u32> {
    let (_, steps) = quest_line_of(&def.name)?;
    let first = steps.first()?;
    catalogue.by_name(first).map(|d| d.hash)
}

/// One weekly milestone (`DestinyMilestoneDefinition`): name, friendly name, the objective it
/// counts and the activity mode it is about.
pub struct MilestoneDef {
    /// Display name.
    pub name: &'static str,
    /// `friendlyName`.
    pub friendly: &'static str,
    /// The key of its one objective in [`OBJECTIVES`].
    pub objective: &'static str,
    /// The activity mode its challenge is about.
    pub mode: i32,
}

impl MilestoneDef {
    /// The milestone hash.
    pub fn hash(&self) -> u32 {
        fnv32(format!("milestone:{}", self.friendly).as_bytes())
    }

    /// Its objective's hash.
    pub fn objective_hash(&self) -> u32 {
        objective_hash(self.objective)
    }

    /// The first activity of its mode (the challenge's `activityHash`), 0 when none.
    pub fn activity_hash(&self) -> u32 {
        ACTIVITIES
            .iter()
            .find(|a| a.modes.contains(&self.mode))
            .map_or(0, |a| a.hash())
    }

    /// The hash of its one reward entry.
    pub fn reward_entry_hash(&self) -> u32 {
        fnv32(format!("milestone-reward:{}", self.friendly).as_bytes())
    }
}

/// The hash of the one reward category every milestone has.
pub const REWARD_CATEGORY_HASH: u32 = 326_786_556;

/// The weekly milestones.
#[rustfmt::skip]
pub const MILESTONES: &[MilestoneDef] = &[
    MilestoneDef { name: "Vanguard Ops", friendly: "weekly_vanguard", objective: "milestone-strikes", mode: 18 },
    MilestoneDef { name: "Crucible Weekly", friendly: "weekly_crucible", objective: "milestone-crucible", mode: 5 },
    MilestoneDef { name: "Weekly Raid", friendly: "weekly_raid", objective: "milestone-raid", mode: 4 },
];

/// The milestone with this hash.
pub fn milestone(hash: u32) -> Option<&'static MilestoneDef> {
    MILESTONES.iter().find(|m| m.hash() == hash)
}

fn display(name: &str, description: &str) -> Value {
    json!({ "name": name, "description": description, "hasIcon": false })
}

/// `DestinyObjectiveDefinition` rows.
pub fn objective_rows() -> Vec<(u32, Value)> {
    OBJECTIVES
        .iter()
        .enumerate()
        .map(|(n, o)| {
            (o.hash(), json!({
                "displayProperties": display("", ""),
                "completionValue": o.completion, "scope": 0, "locationHash": 0,
                "allowNegativeValue": false, "allowValueChangeWhenCompleted": false,
                "isCountingDownward": false, "valueStyle": 0,
                "progressDescription": o.description, "perks": { "perkHash": 0, "style": 0 },
                "minimumVisibilityThreshold": 0,
                "allowOvercompletion": false, "showValueOnComplete": true,
                "completedValueStyle": 0, "inProgressValueStyle": 0, "uiLabel": "", "uiStyle": 0,
                "hash": o.hash(), "index": n, "redacted": false, "blacklisted": false,
            }))
        })
        .collect()
}

/// `DestinyMilestoneDefinition` rows.
pub fn milestone_rows() -> Vec<(u32, Value)> {
    MILESTONES
        .iter()
        .enumerate()
        .map(|(n, m)| {
            let entry = m.reward_entry_hash();
            let mut entries = Map::new();
            entries.insert(
                entry.to_string(),
                json!({
                    "rewardEntryHash": entry, "rewardEntryIdentifier": "weekly_reward",
                    "items": [], "order": 0,
                }),
            );
            (
                m.hash(),
                json!({
                    "displayProperties": display(m.name, "Complete this week's challenge."),
                    "displayPreference": 0, "image": "", "milestoneType": 3, "recruitable": false,
                    "friendlyName": m.friendly, "showInExplorer": true, "showInMilestones": true,
                    "explorePrioritizesActivityImage": false, "hasPredictableDates": true,
                    "quests": {}, "vendors": [], "values": {}, "isInGameMilestone": true,
                    "rewards": { REWARD_CATEGORY_HASH.to_string(): {
                        "categoryHash": REWARD_CATEGORY_HASH, "categoryIdentifier": "weekly",
                        "displayProperties": display("Weekly Reward", ""), "rewardEntries": entries,
                        "order": 0,
                    }},
                    "activities": [{
                        "activityHash": m.activity_hash(),
                        "challenges": [{ "challengeObjectiveHash": m.objective_hash() }],
                        "activityGraphNodes": [], "phases": [],
                    }],
                    "defaultOrder": n,
                    "hash": m.hash(), "index": n, "redacted": false, "blacklisted": false,
                }),
            )
        })
        .collect()
}

/// Adds the `objectives` block (and, for quest steps, `setData`) to an item definition's JSON.
pub fn decorate_item(catalogue: &Catalogue, def: &ItemDef, out: &mut Value) {
    let objectives = item_objectives(def);
    if objectives.is_empty() {
        return;
    }
    let quest = quest_hash(catalogue, def).unwrap_or(0);
    out["objectives"] = json!({
        "objectiveHashes": objectives,
        "displayActivityHashes": vec![0; objectives.len()],
        "requireFullObjectiveCompletion": true,
        "questlineItemHash": quest,
        "narrative": "",
        "objectiveVerbName": "",
        "questTypeIdentifier": if quest == 0 { "" } else { "quest_world" },
        "questTypeHash": 0,
        "perObjectiveDisplayProperties": [],
        "displayAsStatTracker": false,
    });
    if let Some((line, steps)) = quest_line_of(&def.name) {
        let list: Vec<Value> = steps
            .iter()
            .filter_map(|s| catalogue.by_name(s))
            .map(|d| json!({ "trackingValue": 0, "itemHash": d.hash }))
            .collect();
        out["setData"] = json!({
            "itemList": list,
            "requireOrderedSetItemAdd": true,
            "setIsFeatured": false,
            "setType": "quest_world",
            "questLineName": line,
            "questLineDescription": "",
            "questStepSummary": "",
        });
    }
}
