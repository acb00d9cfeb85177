//! Objective and milestone progress: what each bounty's and quest step's objectives and each
//! character's weekly milestones stand at, how a finished activity moves them, and components
//! 301 (item objectives) and 202 (character progressions) written from it.

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, Duration, TimeZone, Utc, Weekday};
use serde_json::{Map, Value, json};

use super::activities::modes_of;
use super::defs::fnv64;
use super::model::{HistoryEntry, Item, Place};
use super::objective_defs::{self, MILESTONES, ObjectiveDef, Trigger};
use super::profile::date;
use super::{SimError, World};

/// Progress that moved away from where an item or milestone started.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Progress {
    /// (item instance id, objective hash) → progress.
    objectives: BTreeMap<(i64, u32), u32>,
    /// (character id, milestone hash) → progress.
    milestones: BTreeMap<(i64, u32), u32>,
}

/// Where an objective starts: a value below its completion, fixed by its owner and hash, so the
/// sample account's bounties are part done without storing anything.
fn initial(owner: i64, objective: &ObjectiveDef) -> u32 {
    let spread = fnv64(format!("{owner}:{}", objective.hash()).as_bytes());
    u32::try_from(spread % u64::from(objective.completion.max(1))).unwrap_or(0)
}

impl Progress {
    /// An item's progress on one of its objectives.
    pub fn objective(&self, item_id: i64, objective: &ObjectiveDef) -> u32 {
        self.objectives
            .get(&(item_id, objective.hash()))
            .copied()
            .unwrap_or_else(|| initial(item_id, objective))
    }

    /// A character's progress on a milestone's objective.
    pub fn milestone(
        &self,
        character_id: i64,
        milestone_hash: u32,
        objective: &ObjectiveDef,
    ) -> u32 {
        self.milestones
            .get(&(character_id, milestone_hash))
            .copied()
            .unwrap_or_else(|| initial(character_id, objective) / 2)
    }
}

/// `DestinyObjectiveProgress`.
fn progress_json(objective: &ObjectiveDef, progress: u32) -> Value {
    json!({
        "objectiveHash": objective.hash(),
        "progress": progress,
        "completionValue": objective.completion,
        "complete": progress >= objective.completion,
        "visible": true,
    })
}

impl World {
    /// The objectives of an item's definition, with the item's progress on each.
    fn objectives_of(&self, item: &Item) -> Vec<(&'static ObjectiveDef, u32)> {
        let (Some(id), Some(def)) = (item.instance_id, self.def_of(item)) else {
            return Vec::new();
        };
        objective_defs::item_objectives(def)
            .into_iter()
            .filter_map(objective_defs::objective)
            .map(|o| (o, self.progress.objective(id, o)))
            .collect()
    }

    /// Whether the item has objectives (bounties and quest steps): the ones that can be tracked.
    pub(super) fn has_objectives(&self, item: &Item) -> bool {
        self.def_of(item)
            .is_some_and(|d| !objective_defs::item_objectives(d).is_empty())
    }

    /// `DestinyItemObjectivesComponent` for an item with objectives (component 301).
    pub(super) fn item_objectives_json(&self, item: &Item) -> Option<Value> {
        let objectives = self.objectives_of(item);
        if objectives.is_empty() {
            return None;
        }
        let list: Vec<Value> = objectives
            .iter()
            .map(|(o, p)| progress_json(o, *p))
            .collect();
        Some(json!({ "objectives": list }))
    }

    /// `DestinyCharacterProgressionComponent` (component 202): the weekly milestones (ending at
    /// the next weekly reset after `now`), the quests the character carries and no uninstanced
    /// objectives.
    pub(super) fn character_progression_json(
        &self,
        character_id: i64,
        now: DateTime<Utc>,
    ) -> Value {
        let end = next_weekly_reset(now);
        let start = end - Duration::days(7);
        let mut milestones = Map::new();
        for (order, m) in MILESTONES.iter().enumerate() {
            let Some(objective) = objective_defs::objective(m.objective_hash()) else {
                continue;
            };
            let progress = self.progress.milestone(character_id, m.hash(), objective);
            milestones.insert(
                m.hash().to_string(),
                json!({
                    "milestoneHash": m.hash(),
                    "availableQuests": [],
                    "activities": [{
                        "activityHash": m.activity_hash(),
                        "challenges": [{ "objective": progress_json(objective, progress) }],
                        "modifierHashes": [],
                        "booleanActivityOptions": {},
                        "phases": [],
                    }],
                    "vendorHashes": [],
                    "vendors": [],
                    "rewards": [{
                        "rewardCategoryHash": objective_defs::REWARD_CATEGORY_HASH,
                        "entries": [{
                            "rewardEntryHash": m.reward_entry_hash(),
                            "earned": progress >= objective.completion,
                            "redeemed": false,
                        }],
                    }],
                    "startDate": date(start),
                    "endDate": date(end),
                    "order": order,
                }),
            );
        }
        let quests: Vec<Value> = self
            .items
            .iter()
            .filter(|i| i.place == Place::Character(character_id))
            .filter_map(|i| {
                let def = self.def_of(i)?;
                let quest = objective_defs::quest_hash(&self.catalogue, def)?;
                let objectives = self.objectives_of(i);
                let done = objectives.iter().all(|(o, p)| *p >= o.completion);
                Some(json!({
                    "questHash": quest,
                    "stepHash": def.hash,
                    "stepObjectives": objectives.iter().map(|(o, p)| progress_json(o, *p)).collect::<Vec<_>>(),
                    "tracked": i.state & 2 == 2,
                    "itemInstanceId": i.instance_id.map(|id| id.to_string()),
                    "completed": done,
                    "redeemed": false,
                    "started": true,
                }))
            })
            .collect();
        json!({
            "progressions": {},
            "factions": {},
            "milestones": milestones,
            "quests": quests,
            "uninstancedItemObjectives": {},
            "uninstancedItemPerks": {},
            "checklists": {},
        })
    }

    /// Sets an item's objective to `progress` (`/sim/game/progress`); its new state.
    pub fn set_objective_progress(
        &mut self,
        item_id: i64,
        objective_hash: u32,
        progress: u32,
    ) -> Result<Value, SimError> {
        let item = self
            .items
            .iter()
            .find(|i| i.instance_id == Some(item_id))
            .ok_or_else(SimError::item_not_found)?;
        let (objective, _) = self
            .objectives_of(item)
            .into_iter()
            .find(|(o, _)| o.hash() == objective_hash)
            .ok_or_else(|| SimError::invalid_parameters("objectiveHash"))?;
        self.progress
            .objectives
            .insert((item_id, objective_hash), progress);
        Ok(progress_json(objective, progress))
    }

    /// Sets a character's milestone to `progress` (`/sim/game/progress`); its objective's state.
    pub fn set_milestone_progress(
        &mut self,
        character_id: i64,
        milestone_hash: u32,
        progress: u32,
    ) -> Result<Value, SimError> {
        self.character(character_id)?;
        let objective = objective_defs::milestone(milestone_hash)
            .and_then(|m| objective_defs::objective(m.objective_hash()))
            .ok_or_else(|| SimError::invalid_parameters("milestoneHash"))?;
        self.progress
            .milestones
            .insert((character_id, milestone_hash), progress);
        Ok(progress_json(objective, progress))
    }
}

/// How much a finished activity moves an objective.
fn gain(objective: &ObjectiveDef, entry: &HistoryEntry) -> u32 {
    let modes = modes_of(entry.activity_hash);
    let matches = |mode: i32| mode == 0 || modes.contains(&mode);
    match objective.trigger {
        Trigger::Completions(mode) if entry.completed && matches(mode) => 1,
        Trigger::Kills(mode) if matches(mode) => entry.kills,
        _ => 0,
    }
}

/// A character finished `entry`: the objectives of the bounties and quest steps it carries and
/// its weekly milestones move as their triggers say, up to their completion value.
pub fn on_activity_end(world: &mut World, character_id: i64, entry: &HistoryEntry) {
    let mut moved: Vec<((i64, u32), u32)> = Vec::new();
    for item in world
        .items
        .iter()
        .filter(|i| i.place == Place::Character(character_id))
    {
        let Some(id) = item.instance_id else { continue };
        for (objective, progress) in world.objectives_of(item) {
            let step = gain(objective, entry);
            if step > 0 && progress < objective.completion {
                let next = progress.saturating_add(step).min(objective.completion);
                moved.push(((id, objective.hash()), next));
            }
        }
    }
    world.progress.objectives.extend(moved);
    for m in MILESTONES {
        let Some(objective) = objective_defs::objective(m.objective_hash()) else {
            continue;
        };
        let progress = world.progress.milestone(character_id, m.hash(), objective);
        let step = gain(objective, entry);
        if step > 0 && progress < objective.completion {
            let next = progress.saturating_add(step).min(objective.completion);
            world
                .progress
                .milestones
                .insert((character_id, m.hash()), next);
        }
    }
}

/// The next weekly reset (Tuesday 17:00 UTC) strictly after `now`.
pub fn next_weekly_reset(now: DateTime<Utc>) -> DateTime<Utc> {
    let days = (7 + Weekday::Tue.num_days_from_monday() - now.weekday().num_days_from_monday()) % 7;
    let day = now.date_naive() + Duration::days(i64::from(days));
    let at = Utc.from_utc_datetime(&day.and_hms_opt(17, 0, 0).unwrap_or_default());
    if at > now { at } else { at + Duration::days(7) }
}

/// The next daily reset (17:00 UTC) strictly after `now`.
pub fn next_daily_reset(now: DateTime<Utc>) -> DateTime<Utc> {
    let today = Utc.from_utc_datetime(&now.date_naive().and_hms_opt(17, 0, 0).unwrap_or_default());
    if today > now {
        today
    } else {
        today + Duration::days(1)
    }
}
