//! What a synced inventory changes in the store, found by comparing it with the stored rows
//! (all of them, or only those a [`SyncBasis`] does not vouch for).

use super::codec::{decode, encode, encodes_to};
use super::error::StoreError;
use super::game_loadouts::write_game_loadout;
use super::inventory::{Capacities, ItemWriter};
use super::model::{Change, Character, Inventory, Item, ItemId};
use super::progress::write_progress;
use super::schema::{CAPACITY_KEY, CHARACTERS, ITEMS, META};
use crate::store::diff::diff;
use redb::{ReadableTable, WriteTransaction};
use std::collections::{BTreeMap, BTreeSet};

/// What a caller knows of a synced inventory against the rows its own last sync wrote.
#[derive(Debug, Clone, Copy)]
pub struct SyncBasis<'a> {
    /// The rows' generation that sync returned ([`AppliedSync::generation`]).
    pub generation: u64,
    /// Per item of the synced inventory: whether it is exactly as that sync wrote it.
    pub unchanged: &'a [bool],
    /// The ids that sync wrote and the synced inventory no longer lists.
    pub gone: &'a [ItemId],
}

/// What [`super::Store::apply_sync_on`] did.
#[derive(Debug)]
pub struct AppliedSync {
    /// The changes, with their revisions (empty when nothing changed).
    pub changes: Vec<super::model::RevisedChange>,
    /// The inventory rows' generation after this sync, for the next one's [`SyncBasis`].
    pub generation: u64,
}

/// Stored and synced rows that differ, and stored rows the sync no longer lists.
type Compared<'s> = (Vec<(Option<Item>, &'s Item)>, Vec<Item>);

/// Compares every stored item with `synced` in one pass over the rows (ordered by id).
fn compare_all<'s>(
    txn: &WriteTransaction,
    synced: &'s Inventory,
) -> Result<Compared<'s>, StoreError> {
    let mut sorted: Vec<&Item> = synced.items.iter().collect();
    sorted.sort_unstable_by(|a, b| a.id.as_str().cmp(b.id.as_str()));
    if let Some(twin) = sorted.windows(2).find(|w| w[0].id == w[1].id) {
        return Err(StoreError::DuplicateItem(twin[0].id.clone()));
    }
    let mut items = Vec::new();
    let mut removed = Vec::new();
    let mut buffer = Vec::new();
    let mut pending = sorted.into_iter().peekable();
    let table = txn.open_table(ITEMS)?;
    for entry in table.iter()? {
        let (key, value) = entry?;
        let key = key.value();
        while let Some(new) = pending.next_if(|n| n.id.as_str() < key) {
            items.push((None, new));
        }
        let stored = value.value();
        match pending.next_if(|n| n.id.as_str() == key) {
            Some(new) => {
                if differs(new, stored, &mut buffer)? {
                    items.push((Some(decode::<Item>("items", stored)?), new));
                }
            }
            None => removed.push(decode::<Item>("items", stored)?),
        }
    }
    items.extend(pending.map(|new| (None, new)));
    Ok((items, removed))
}

/// Compares only the items `basis` does not vouch for, and looks up the ids it names as gone.
/// The caller vouches that `synced` lists no id twice.
fn compare_listed<'s>(
    txn: &WriteTransaction,
    synced: &'s Inventory,
    basis: &SyncBasis<'_>,
) -> Result<Compared<'s>, StoreError> {
    let mut items = Vec::new();
    let mut removed = Vec::new();
    let mut buffer = Vec::new();
    let table = txn.open_table(ITEMS)?;
    for (new, same) in synced.items.iter().zip(basis.unchanged) {
        if *same {
            continue;
        }
        match table.get(new.id.as_str())? {
            Some(stored) => {
                if differs(new, stored.value(), &mut buffer)? {
                    items.push((Some(decode::<Item>("items", stored.value())?), new));
                }
            }
            None => items.push((None, new)),
        }
    }
    for id in basis.gone {
        if let Some(stored) = table.get(id.as_str())? {
            removed.push(decode::<Item>("items", stored.value())?);
        }
    }
    Ok((items, removed))
}

/// Whether `new` encodes to other bytes than `stored`. Encoded into one reused buffer, then
/// compared at once: faster than comparing field by field as `encodes_to` does (measured).
fn differs(new: &Item, stored: &[u8], buffer: &mut Vec<u8>) -> Result<bool, StoreError> {
    buffer.clear();
    *buffer =
        postcard::to_extend(new, std::mem::take(buffer)).map_err(|source| StoreError::Encode {
            table: "items",
            source,
        })?;
    Ok(buffer.as_slice() != stored)
}

/// What a synced inventory changes in the store: the rows to write and the changes to log.
/// Synced rows are borrowed from the inventory: an unchanged item is never copied.
pub(super) struct SyncDelta<'s> {
    /// Items whose stored row differs or is new: (stored version, synced version).
    pub(super) items: Vec<(Option<Item>, &'s Item)>,
    /// Stored items the sync no longer lists.
    removed: Vec<Item>,
    /// Characters whose stored row differs or is new.
    characters: Vec<&'s Character>,
    /// Stored characters the sync no longer lists.
    removed_characters: Vec<u64>,
    /// New capacities, when they differ.
    capacities: Option<Capacities>,
    /// The changes, by the diff.
    pub(super) changes: Vec<Change>,
}

impl<'s> SyncDelta<'s> {
    /// Compares `synced` with the stored rows: every row in one pass over them, or, with a
    /// `basis` the caller checked, only the items it does not vouch for and the ids it names as
    /// gone. Only the items that differ are decoded, copied and diffed: the diff never looks at
    /// an unchanged item (an item it names as unequipped always changed its own `equipped` flag).
    pub(super) fn compute(
        txn: &WriteTransaction,
        synced: &'s Inventory,
        basis: Option<&SyncBasis<'_>>,
    ) -> Result<SyncDelta<'s>, StoreError> {
        let (items, removed) = match basis {
            Some(basis) => compare_listed(txn, synced, basis)?,
            None => compare_all(txn, synced)?,
        };
        let synced_ids: BTreeSet<u64> = synced.characters.iter().map(|c| c.id).collect();
        let mut old_characters = BTreeMap::new();
        let mut characters = Vec::new();
        {
            let table = txn.open_table(CHARACTERS)?;
            for character in &synced.characters {
                let same = table
                    .get(character.id)?
                    .is_some_and(|stored| encodes_to(character, stored.value()));
                if !same {
                    characters.push(character);
                }
            }
            for entry in table.iter()? {
                let (k, v) = entry?;
                let id = k.value();
                // Only the characters that changed or went away are decoded, for the diff.
                if !synced_ids.contains(&id) || characters.iter().any(|c| c.id == id) {
                    old_characters.insert(id, decode::<Character>("characters", v.value())?);
                }
            }
        }
        let removed_characters = old_characters
            .keys()
            .filter(|id| !synced_ids.contains(id))
            .copied()
            .collect();

        let new_capacities = Capacities {
            vault: synced.vault_capacity,
            buckets: synced.bucket_capacity.clone(),
        };
        let same_capacities = match txn.open_table(META)?.get(CAPACITY_KEY)? {
            Some(v) => encodes_to(&new_capacities, v.value()),
            None => new_capacities == Capacities::default(),
        };
        let capacities = (!same_capacities).then_some(new_capacities);

        let changes = if items.is_empty() && removed.is_empty() && characters.is_empty() {
            Vec::new()
        } else {
            let old = Inventory {
                characters: old_characters.into_values().collect(),
                items: items
                    .iter()
                    .filter_map(|(old, _)| old.clone())
                    .chain(removed.iter().cloned())
                    .collect(),
                ..Inventory::default()
            };
            let new = Inventory {
                characters: characters.iter().map(|c| (*c).clone()).collect(),
                items: items.iter().map(|(_, new)| (*new).clone()).collect(),
                ..Inventory::default()
            };
            diff(&old, &new)
        };
        Ok(SyncDelta {
            changes,
            items,
            removed,
            characters,
            removed_characters,
            capacities,
        })
    }

    /// Nothing to write.
    pub(super) fn is_empty(&self) -> bool {
        self.items.is_empty()
            && self.removed.is_empty()
            && self.characters.is_empty()
            && self.removed_characters.is_empty()
            && self.capacities.is_none()
            && self.changes.is_empty()
    }

    /// Writes the rows (not the changes) inside `txn`.
    pub(super) fn write(&self, txn: &WriteTransaction) -> Result<(), StoreError> {
        let mut writer = ItemWriter::open(txn)?;
        for old in &self.removed {
            writer.delete(old)?;
        }
        for (old, new) in &self.items {
            writer.put(old.as_ref(), new)?;
        }
        let mut characters = txn.open_table(CHARACTERS)?;
        for id in &self.removed_characters {
            characters.remove(id)?;
        }
        for character in &self.characters {
            characters.insert(character.id, encode("characters", character)?.as_slice())?;
        }
        if let Some(capacities) = &self.capacities {
            txn.open_table(META)?
                .insert(CAPACITY_KEY, encode("meta", capacities)?.as_slice())?;
        }
        for change in &self.changes {
            write_game_loadout(txn, change)?;
            write_progress(txn, change)?;
        }
        Ok(())
    }
}
