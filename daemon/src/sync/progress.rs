//! Profile components 301 (item objectives) and 202 (milestones, uninstanced objectives) → the
//! store's [`ProgressEntry`] list, named from the manifest.

use super::convert::Definitions;
use crate::bungie::wire::profile::{DestinyProfileResponse, ItemComponent};
use crate::bungie::wire::progress::{Milestone, ObjectiveProgress};
use crate::events::DaemonEvent;
use crate::store::model::{
    Change, CharacterId, Item, ItemId, Location, Objective, ProgressEntry, ProgressKind, QuestStep,
    RevisedChange,
};
use std::collections::BTreeMap;
use std::collections::HashMap;

/// `DestinyItemType` of a bounty.
const BOUNTY_ITEM_TYPE: i32 = 26;
/// `DestinyItemType` of a quest step.
const QUEST_STEP_ITEM_TYPE: i32 = 12;
/// `ItemState` bit: tracked in game.
const TRACKED: i32 = 2;

/// What a pursuit's definition says.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PursuitFacts {
    /// `DestinyItemType`.
    pub item_type: i32,
    /// The objectives, in order.
    pub objective_hashes: Vec<u32>,
    /// The quest line's name and its steps' item hashes, in order.
    pub quest_line: Option<(String, Vec<u32>)>,
}

/// What an objective's definition says: the words, and the value that completes it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ObjectiveFacts {
    /// "Defeat combatants".
    pub description: String,
    /// The completion value.
    pub completion_value: i64,
}

/// The entries of every character's pursuits (items of `items` that carry objectives) and
/// milestones, by character then id.
pub fn progress_entries<D: Definitions + ?Sized>(
    profile: &DestinyProfileResponse,
    items: &[Item],
    defs: &D,
) -> Vec<ProgressEntry> {
    let objectives = profile
        .item_components
        .as_ref()
        .and_then(|c| c.objectives.as_ref())
        .and_then(|o| o.data.as_ref());
    let progressions = profile
        .character_progressions
        .as_ref()
        .and_then(|p| p.data.as_ref());
    let states = item_states(profile);
    let mut objective_cache: HashMap<u32, Option<ObjectiveFacts>> = HashMap::new();
    let mut describe = |o: &ObjectiveProgress| {
        let facts = objective_cache
            .entry(o.objective_hash)
            .or_insert_with(|| defs.objective(o.objective_hash));
        objective(o, facts.as_ref())
    };
    let mut entries = Vec::new();
    for item in items {
        let (Location::Character { character_id } | Location::Postmaster { character_id }) =
            item.location
        else {
            continue;
        };
        let found = match item.id.instance_id().and_then(|i| i64::try_from(i).ok()) {
            Some(instance) => objectives
                .and_then(|o| o.get(&instance))
                .map(|o| o.objectives.as_slice()),
            None => i64::try_from(character_id)
                .ok()
                .and_then(|c| progressions.and_then(|p| p.get(&c)))
                .and_then(|p| p.uninstanced_item_objectives.get(&item.hash))
                .map(Vec::as_slice),
        };
        let Some(list) = found.filter(|l| !l.is_empty()) else {
            continue;
        };
        let facts = defs.pursuit(item.hash).unwrap_or_default();
        let state = states.get(&item.id).copied();
        entries.push(ProgressEntry {
            id: item.id.as_str().to_string(),
            character_id,
            kind: kind_of(&facts),
            hash: item.hash,
            name: item.info.name.clone(),
            icon: item.info.icon.clone(),
            objectives: list.iter().map(&mut describe).collect(),
            step: quest_step(&facts, item.hash),
            expires_at: state.and_then(|s| s.1),
            tracked: state.is_some_and(|s| s.0 & TRACKED == TRACKED),
            reward_earned: false,
        });
    }
    for (character_id, progression) in progressions.into_iter().flatten() {
        let Ok(character_id) = CharacterId::try_from(*character_id) else {
            continue;
        };
        for milestone in progression.milestones.values() {
            if let Some(entry) = milestone_entry(character_id, milestone, defs, &mut describe) {
                entries.push(entry);
            }
        }
    }
    entries.sort_by(|a, b| (a.character_id, &a.id).cmp(&(b.character_id, &b.id)));
    entries
}

/// Item id → (state flags, expiration) for every character item (ids made as the inventory
/// conversion makes them: instanced items only; stacks carry no state worth tracking).
fn item_states(
    profile: &DestinyProfileResponse,
) -> HashMap<ItemId, (i32, Option<chrono::DateTime<chrono::Utc>>)> {
    let mut states = HashMap::new();
    let lists = profile
        .character_inventories
        .iter()
        .chain(profile.character_equipment.iter())
        .filter_map(|c| c.data.as_ref())
        .flat_map(|d| d.values())
        .flat_map(|inv| inv.items.iter());
    for component in lists {
        if let Some(id) = instance_id(component) {
            states.insert(id, (component.state, component.expiration_date));
        }
    }
    states
}

fn instance_id(component: &ItemComponent) -> Option<ItemId> {
    component
        .item_instance_id
        .and_then(|i| u64::try_from(i).ok())
        .filter(|i| *i != 0)
        .map(ItemId::instance)
}

fn objective(progress: &ObjectiveProgress, facts: Option<&ObjectiveFacts>) -> Objective {
    let completion_value = if progress.completion_value > 0 {
        progress.completion_value
    } else {
        facts.map_or(0, |f| f.completion_value)
    };
    Objective {
        hash: progress.objective_hash,
        description: facts.map(|f| f.description.clone()).unwrap_or_default(),
        progress: progress.progress.unwrap_or(0),
        completion_value,
        complete: progress.complete,
    }
}

fn kind_of(facts: &PursuitFacts) -> ProgressKind {
    match facts.item_type {
        BOUNTY_ITEM_TYPE => ProgressKind::Bounty,
        QUEST_STEP_ITEM_TYPE => ProgressKind::Quest,
        _ if facts.quest_line.is_some() => ProgressKind::Quest,
        _ => ProgressKind::Other,
    }
}

fn quest_step(facts: &PursuitFacts, hash: u32) -> Option<QuestStep> {
    let (line, steps) = facts.quest_line.as_ref()?;
    let index = steps.iter().position(|h| *h == hash)?;
    Some(QuestStep {
        line: line.clone(),
        step: u32::try_from(index + 1).ok()?,
        steps: u32::try_from(steps.len()).ok()?,
    })
}

fn milestone_entry<D: Definitions + ?Sized>(
    character_id: CharacterId,
    milestone: &Milestone,
    defs: &D,
    describe: &mut impl FnMut(&ObjectiveProgress) -> Objective,
) -> Option<ProgressEntry> {
    let objectives: Vec<Objective> = milestone
        .activities
        .iter()
        .flat_map(|a| a.challenges.iter())
        .map(|c| describe(&c.objective))
        .collect();
    let reward_earned = milestone
        .rewards
        .iter()
        .flat_map(|r| r.entries.iter())
        .any(|e| e.earned);
    if objectives.is_empty() && milestone.rewards.is_empty() {
        return None;
    }
    let (name, icon) = defs.milestone(milestone.milestone_hash).unwrap_or_else(|| {
        (
            format!("Milestone {}", milestone.milestone_hash),
            String::new(),
        )
    });
    Some(ProgressEntry {
        id: ProgressEntry::milestone_id(milestone.milestone_hash),
        character_id,
        kind: ProgressKind::Milestone,
        hash: milestone.milestone_hash,
        name,
        icon,
        objectives,
        step: None,
        expires_at: milestone.end_date,
        tracked: false,
        reward_earned,
    })
}

/// A character's entries now, ids completed, ids gone.
type Moved = (Vec<ProgressEntry>, Vec<String>, Vec<String>);

/// The `progress.changed` events for committed `changes`, one per character whose entries
/// moved: the entries as they are now, those that became complete (an entry `before` held
/// incomplete: one seen for the first time, as on a first sync, is not news) and those that went
/// away.
pub fn progress_events(before: &[ProgressEntry], changes: &[RevisedChange]) -> Vec<DaemonEvent> {
    let was_incomplete = |character_id: CharacterId, id: &str| {
        before
            .iter()
            .any(|e| e.character_id == character_id && e.id == id && !e.complete())
    };
    let mut by_character: BTreeMap<CharacterId, Moved> = BTreeMap::new();
    for revised in changes {
        let Change::Progress {
            character_id,
            id,
            entry,
        } = &revised.change
        else {
            continue;
        };
        let slot = by_character.entry(*character_id).or_default();
        match entry {
            Some(entry) => {
                if entry.complete() && was_incomplete(*character_id, id) {
                    slot.1.push(id.clone());
                }
                slot.0.push((**entry).clone());
            }
            None => slot.2.push(id.clone()),
        }
    }
    by_character
        .into_iter()
        .map(
            |(character_id, (changed, completed, removed))| DaemonEvent::ProgressChanged {
                character_id,
                changed,
                completed,
                removed,
            },
        )
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::model::Objective;

    fn entry(id: &str, progress: i64) -> ProgressEntry {
        ProgressEntry {
            id: id.into(),
            character_id: 7,
            kind: ProgressKind::Bounty,
            hash: 1,
            name: id.into(),
            icon: String::new(),
            objectives: vec![Objective {
                hash: 2,
                description: String::new(),
                progress,
                completion_value: 10,
                complete: progress >= 10,
            }],
            step: None,
            expires_at: None,
            tracked: false,
            reward_earned: false,
        }
    }

    fn change(rev: u64, id: &str, now: Option<ProgressEntry>) -> RevisedChange {
        RevisedChange {
            rev,
            change: Change::Progress {
                character_id: 7,
                id: id.into(),
                entry: now.map(Box::new),
            },
        }
    }

    #[test]
    fn only_an_entry_seen_incomplete_before_is_reported_completed() {
        let before = vec![entry("a", 3), entry("gone", 1), entry("b", 10)];
        let changes = vec![
            change(1, "a", Some(entry("a", 10))),
            change(2, "b", Some(entry("b", 10))),
            change(3, "new", Some(entry("new", 10))),
            change(4, "gone", None),
        ];
        let events = progress_events(&before, &changes);
        assert_eq!(events.len(), 1);
        let DaemonEvent::ProgressChanged {
            character_id,
            changed,
            completed,
            removed,
        } = &events[0]
        else {
            panic!("{events:?}");
        };
        assert_eq!(*character_id, 7);
        assert_eq!(changed.len(), 3);
        assert_eq!(completed, &vec!["a".to_string()]);
        assert_eq!(removed, &vec!["gone".to_string()]);
    }
}
