//! The guard against Bungie's lag (API.md §1.5), the one Little Light and DIM use: after a
//! successful action, Bungie keeps serving profiles that do not show it yet, from its cache (minted
//! before the action) or freshly minted but lagging for several seconds. Applied as they are,
//! they would move the item back in the store and push the reverse change to every client.
//!
//! - A profile minted before the completion of our last successful action is not applied at all.
//! - For the items our recent actions touched, a profile minted within [`LAG_WINDOW`] of the
//!   action keeps the store's version of them; one minted later wins, so a move the player made
//!   in game still reaches the store.

use crate::store::model::{Change, Inventory, ItemId};
use chrono::{DateTime, TimeDelta, Utc};
use std::collections::HashMap;

/// How long after an action a profile may still not show it (Bungie's lag is 3–10 s, sometimes
/// more; DIM waits about as long).
pub const LAG_WINDOW: TimeDelta = TimeDelta::seconds(15);
/// How long a touched item is remembered at all (far beyond any profile we could still receive).
const FORGET_AFTER: TimeDelta = TimeDelta::minutes(10);

/// What our own actions recently changed.
#[derive(Debug, Default)]
pub struct LagGuard {
    last_action: Option<DateTime<Utc>>,
    touched: HashMap<ItemId, DateTime<Utc>>,
}

/// The ids a change touches.
fn ids_of(change: &Change) -> Vec<ItemId> {
    match change {
        Change::Moved { id, .. } | Change::Removed { id } | Change::Updated { id, .. } => {
            vec![id.clone()]
        }
        Change::Equipped { id, unequipped, .. } => std::iter::once(id.clone())
            .chain(unequipped.clone())
            .collect(),
        Change::Added { item } => vec![item.id.clone()],
        Change::Character { .. } => Vec::new(),
    }
}

impl LagGuard {
    /// Notes an action that completed at `at` and the changes it made.
    pub fn note(&mut self, changes: &[Change], at: DateTime<Utc>) {
        self.last_action = Some(self.last_action.map_or(at, |last| last.max(at)));
        for id in changes.iter().flat_map(ids_of) {
            self.touched.insert(id, at);
        }
        self.touched.retain(|_, noted| at - *noted < FORGET_AFTER);
    }

    /// Whether a profile minted at `minted` predates our last successful action.
    pub fn predates_last_action(&self, minted: DateTime<Utc>) -> bool {
        self.last_action.is_some_and(|last| minted < last)
    }

    /// The items a profile minted at `minted` must not override: touched by an action less than
    /// [`LAG_WINDOW`] before it was minted.
    pub fn protected(&self, minted: DateTime<Utc>) -> Vec<ItemId> {
        self.touched
            .iter()
            .filter(|(_, noted)| minted < **noted + LAG_WINDOW)
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
    use crate::store::model::Location;

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    fn moved(id: &str) -> Change {
        Change::Moved {
            id: ItemId(id.into()),
            from: Location::Vault,
            to: Location::Vault,
        }
    }

    #[test]
    fn profiles_minted_before_the_action_are_refused_and_later_ones_keep_touched_items_for_the_window()
     {
        let mut guard = LagGuard::default();
        let done = at("2026-12-05T10:00:00Z");
        guard.note(&[moved("1")], done);
        assert!(guard.predates_last_action(at("2026-12-05T09:59:59Z")));
        assert!(!guard.predates_last_action(at("2026-12-05T10:00:01Z")));
        assert_eq!(
            guard.protected(at("2026-12-05T10:00:14Z")),
            vec![ItemId("1".into())]
        );
        assert!(guard.protected(at("2026-12-05T10:00:15Z")).is_empty());
    }

    #[test]
    fn an_equip_protects_the_item_it_replaced_too() {
        let mut guard = LagGuard::default();
        let done = at("2026-12-05T10:00:00Z");
        guard.note(
            &[Change::Equipped {
                id: ItemId("1".into()),
                character_id: 7,
                unequipped: Some(ItemId("2".into())),
            }],
            done,
        );
        let mut protected = guard.protected(done);
        protected.sort();
        assert_eq!(protected, vec![ItemId("1".into()), ItemId("2".into())]);
    }
}
