//! The guard against Bungie's lag (API.md §1.5), the one Little Light and DIM use: after a
//! successful action, Bungie keeps serving profiles that do not show it yet, from its cache (minted
//! before the action) or freshly minted but lagging for several seconds. Applied as they are,
//! they would move the item back in the store and push the reverse change to every client.
//!
//! - A profile minted before the completion of our last successful action is not applied at all.
//! - For the items our recent actions touched, a profile minted within [`LAG_WINDOW`] of the
//!   action keeps the store's version of them, but only while it still shows them as they were
//!   before the action (where they came from, equipped or not, present or not). A profile that
//!   shows them somewhere else, or one minted later, wins: a move the player made in game reaches
//!   the store at once.

use crate::store::game_loadout::{game_loadout_id, parse_game_loadout_id};
use crate::store::model::{Change, GameLoadout, Inventory, Item, ItemId, Location};
use chrono::{DateTime, TimeDelta, Utc};
use std::collections::HashMap;

/// How long after an action a profile may still not show it (Bungie's lag is 3–10 s, sometimes
/// more; DIM waits about as long).
pub const LAG_WINDOW: TimeDelta = TimeDelta::seconds(15);
/// How long a touched item is remembered at all (far beyond any profile we could still receive).
const FORGET_AFTER: TimeDelta = TimeDelta::minutes(10);

/// How an item looked before one of our actions: what a lagging profile still shows.
#[derive(Debug, Clone, PartialEq)]
enum Before {
    /// It was at this location.
    At(Location),
    /// It was equipped (`true`) or not (`false`).
    Equipped(bool),
    /// It was there (our action removed it).
    Present,
    /// It was not there (our action added it).
    Absent,
    /// Something else changed that a profile cannot tell apart (lock state, quantity).
    Anything,
}

impl Before {
    /// Whether `fetched` (the item in a new profile, if there) still looks like this.
    fn matches(&self, fetched: Option<&Item>) -> bool {
        match (self, fetched) {
            (Before::Anything, _) => true,
            (Before::Absent, fetched) => fetched.is_none(),
            (Before::Present, fetched) => fetched.is_some(),
            (Before::At(location), Some(item)) => item.location == *location,
            (Before::Equipped(equipped), Some(item)) => item.equipped == *equipped,
            (Before::At(_) | Before::Equipped(_), None) => false,
        }
    }
}

/// One touched item: when our last action on it completed, and how it looked before each of the
/// actions still remembered.
#[derive(Debug)]
struct Touched {
    at: DateTime<Utc>,
    before: Vec<Before>,
}

/// What our own actions recently changed.
#[derive(Debug)]
pub struct LagGuard {
    last_action: Option<DateTime<Utc>>,
    touched: HashMap<ItemId, Touched>,
    window: TimeDelta,
}

impl Default for LagGuard {
    fn default() -> Self {
        LagGuard {
            last_action: None,
            touched: HashMap::new(),
            window: LAG_WINDOW,
        }
    }
}

/// The items a change touches, each with how it looked before.
fn befores_of(change: &Change) -> Vec<(ItemId, Before)> {
    match change {
        Change::Moved { id, from, .. } => vec![(id.clone(), Before::At(*from))],
        Change::Removed { id } => vec![(id.clone(), Before::Present)],
        Change::Updated { id, .. } => vec![(id.clone(), Before::Anything)],
        Change::Equipped { id, unequipped, .. } => {
            std::iter::once((id.clone(), Before::Equipped(false)))
                .chain(
                    unequipped
                        .iter()
                        .map(|other| (other.clone(), Before::Equipped(true))),
                )
                .collect()
        }
        Change::Added { item } => vec![(item.id.clone(), Before::Absent)],
        Change::Character { .. } | Change::Redefined { .. } | Change::Annotated { .. } => {
            Vec::new()
        }
        // A pursuit we tracked or untracked: a profile minted inside the window keeps the
        // store's tracked flag (its objectives still come from the profile).
        Change::Progress {
            character_id, id, ..
        } => vec![(
            ItemId(progress_guard_id(*character_id, id)),
            Before::Anything,
        )],
        // A slot our game action changed: what it held before is not in the change, so any
        // profile minted inside the window keeps the store's version of the slot.
        Change::GameLoadout {
            character_id,
            index,
            ..
        } => vec![(
            ItemId(game_loadout_id(*character_id, *index)),
            Before::Anything,
        )],
    }
}

/// The id the guard keeps a progress entry's tracked flag under.
fn progress_guard_id(character_id: u64, id: &str) -> String {
    format!("progress:{character_id}:{id}")
}

impl LagGuard {
    /// A guard that forgets everything but keeps `window` (see [`LagGuard::set_window`]).
    pub fn fresh(&self) -> LagGuard {
        LagGuard {
            window: self.window,
            ..LagGuard::default()
        }
    }

    /// Sets how long after an action a profile still keeps the store's version of the items it
    /// touched ([`LAG_WINDOW`] unless set: a lag-free simulator in tests needs none).
    pub fn set_window(&mut self, window: TimeDelta) {
        self.window = window;
    }

    /// Notes an action that completed at `at` and the changes it made.
    pub fn note(&mut self, changes: &[Change], at: DateTime<Utc>) {
        self.last_action = Some(self.last_action.map_or(at, |last| last.max(at)));
        let window = self.window;
        for (id, before) in changes.iter().flat_map(befores_of) {
            let touched = self.touched.entry(id).or_insert(Touched {
                at,
                before: Vec::new(),
            });
            // Earlier actions still inside the window keep their "before": a profile may lag
            // behind several of them.
            if at - touched.at >= window {
                touched.before.clear();
            }
            touched.at = touched.at.max(at);
            if !touched.before.contains(&before) {
                touched.before.push(before);
            }
        }
        self.touched
            .retain(|_, touched| at - touched.at < FORGET_AFTER);
    }

    /// Whether a profile minted at `minted` predates our last successful action.
    pub fn predates_last_action(&self, minted: DateTime<Utc>) -> bool {
        self.last_action.is_some_and(|last| minted < last)
    }

    /// The items `fetched` (a profile minted at `minted`) must not override: touched by an action
    /// less than the window ([`LAG_WINDOW`]) before it was minted, and shown by it as they were
    /// before that action.
    pub fn protected(&self, minted: DateTime<Utc>, fetched: &Inventory) -> Vec<ItemId> {
        self.touched
            .iter()
            .filter(|(_, touched)| minted < touched.at + self.window)
            .filter(|(id, touched)| {
                let item = fetched.items.iter().find(|item| item.id == **id);
                touched.before.iter().any(|before| before.matches(item))
            })
            .map(|(id, _)| id.clone())
            .collect()
    }
}

/// Keeps `stored`'s version of each `protected` item in `fetched`: put back as stored, or taken
/// out when the store no longer has it. Items stay sorted by id.
pub fn keep_protected(fetched: &mut Inventory, stored: &Inventory, protected: &[ItemId]) {
    if protected.is_empty() {
        return;
    }
    for (character_id, index) in protected
        .iter()
        .filter_map(|id| parse_game_loadout_id(id.as_str()))
    {
        let slot = |l: &GameLoadout| l.character_id == character_id && l.index == index;
        fetched.game_loadouts.retain(|l| !slot(l));
        fetched
            .game_loadouts
            .extend(stored.game_loadouts.iter().filter(|l| slot(l)).cloned());
        fetched
            .game_loadouts
            .sort_by_key(|l| (l.character_id, l.index));
    }
    for id in protected {
        let Some(rest) = id.as_str().strip_prefix("progress:") else {
            continue;
        };
        let Some((character, entry_id)) = rest.split_once(':') else {
            continue;
        };
        let Ok(character_id) = character.parse::<u64>() else {
            continue;
        };
        let stored_entry = stored
            .progress
            .iter()
            .find(|e| e.character_id == character_id && e.id == entry_id);
        if let (Some(stored_entry), Some(fetched_entry)) = (
            stored_entry,
            fetched
                .progress
                .iter_mut()
                .find(|e| e.character_id == character_id && e.id == entry_id),
        ) {
            fetched_entry.tracked = stored_entry.tracked;
        }
    }
    fetched.items.retain(|item| !protected.contains(&item.id));
    fetched.items.extend(
        stored
            .items
            .iter()
            .filter(|item| protected.contains(&item.id))
            .cloned(),
    );
    fetched.items.sort_by(|a, b| a.id.cmp(&b.id));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    const A: Location = Location::Character { character_id: 1 };
    const B: Location = Location::Character { character_id: 2 };

    fn item(id: &str, location: Location, equipped: bool) -> Item {
        Item {
            id: ItemId(id.into()),
            hash: 1,
            quantity: 1,
            location,
            bucket_hash: 0,
            equipped,
            locked: false,
            lockable: true,
            power: None,
            damage: None,
            can_equip: true,
            equip_required_level: 0,
            info: crate::sync::convert::unknown_item(1, 0),
            stats: Vec::new(),
            perks: Vec::new(),
        }
    }

    fn profile(items: Vec<Item>) -> Inventory {
        Inventory {
            items,
            ..Inventory::default()
        }
    }

    fn moved(id: &str, from: Location, to: Location) -> Change {
        Change::Moved {
            id: ItemId(id.into()),
            from,
            to,
        }
    }

    #[test]
    fn profiles_minted_before_the_action_are_refused_and_later_ones_keep_touched_items_for_the_window()
     {
        let mut guard = LagGuard::default();
        let done = at("2026-12-05T10:00:00Z");
        guard.note(&[moved("1", Location::Vault, A)], done);
        assert!(guard.predates_last_action(at("2026-12-05T09:59:59Z")));
        assert!(!guard.predates_last_action(at("2026-12-05T10:00:01Z")));
        let lagging = profile(vec![item("1", Location::Vault, false)]);
        assert_eq!(
            guard.protected(at("2026-12-05T10:00:14Z"), &lagging),
            vec![ItemId("1".into())]
        );
        assert!(
            guard
                .protected(at("2026-12-05T10:00:15Z"), &lagging)
                .is_empty()
        );
    }

    #[test]
    fn a_profile_showing_the_item_somewhere_new_wins_at_once() {
        let mut guard = LagGuard::default();
        let done = at("2026-12-05T10:00:00Z");
        guard.note(&[moved("1", Location::Vault, A)], done);
        // Moved again in game, to another character: not lag, a newer change.
        let in_game = profile(vec![item("1", B, false)]);
        assert!(
            guard
                .protected(at("2026-12-05T10:00:02Z"), &in_game)
                .is_empty()
        );
        // Where we put it: nothing to protect either way, and nothing is undone.
        let ours = profile(vec![item("1", A, false)]);
        assert!(
            guard
                .protected(at("2026-12-05T10:00:02Z"), &ours)
                .is_empty()
        );
    }

    #[test]
    fn a_profile_lagging_behind_either_of_two_quick_moves_is_held_back() {
        let mut guard = LagGuard::default();
        guard.note(
            &[moved("1", Location::Vault, A)],
            at("2026-12-05T10:00:00Z"),
        );
        guard.note(&[moved("1", A, B)], at("2026-12-05T10:00:03Z"));
        for stale in [Location::Vault, A] {
            let lagging = profile(vec![item("1", stale, false)]);
            assert_eq!(
                guard.protected(at("2026-12-05T10:00:05Z"), &lagging),
                vec![ItemId("1".into())],
                "{stale:?}"
            );
        }
    }

    #[test]
    fn an_equip_protects_the_item_it_replaced_too_while_the_profile_shows_the_old_state() {
        let mut guard = LagGuard::default();
        let done = at("2026-12-05T10:00:00Z");
        guard.note(
            &[Change::Equipped {
                id: ItemId("1".into()),
                character_id: 1,
                unequipped: Some(ItemId("2".into())),
            }],
            done,
        );
        let lagging = profile(vec![item("1", A, false), item("2", A, true)]);
        let mut protected = guard.protected(done, &lagging);
        protected.sort();
        assert_eq!(protected, vec![ItemId("1".into()), ItemId("2".into())]);
        let current = profile(vec![item("1", A, true), item("2", A, false)]);
        assert!(guard.protected(done, &current).is_empty());
    }

    #[test]
    fn a_removed_item_stays_removed_while_a_lagging_profile_still_lists_it() {
        let mut guard = LagGuard::default();
        let done = at("2026-12-05T10:00:00Z");
        guard.note(
            &[Change::Removed {
                id: ItemId("1".into()),
            }],
            done,
        );
        let lagging = profile(vec![item("1", A, false)]);
        assert_eq!(guard.protected(done, &lagging), vec![ItemId("1".into())]);
        assert!(guard.protected(done, &profile(Vec::new())).is_empty());
    }
}
