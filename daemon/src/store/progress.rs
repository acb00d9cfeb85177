//! The progress table: each character's pursuits and milestones, read with the inventory,
//! compared with a sync's (only the entries that differ are written, each as a
//! [`Change::Progress`] revision).

use super::codec::{decode, encode};
use super::error::StoreError;
use super::model::{Change, CharacterId, ProgressEntry};
use super::schema::PROGRESS;
use redb::{ReadTransaction, ReadableTable, WriteTransaction};
use std::collections::BTreeMap;

impl super::Store {
    /// The stored pursuits and milestones, all or one character's, by character then id.
    pub fn progress(
        &self,
        character: Option<CharacterId>,
    ) -> Result<Vec<ProgressEntry>, StoreError> {
        let mut found = read_progress(&self.read()?)?;
        found.retain(|e| character.is_none_or(|c| c == e.character_id));
        Ok(found)
    }

    /// The pursuit entry of an item, when it has objectives.
    pub fn progress_of_item(&self, item_id: &str) -> Result<Option<ProgressEntry>, StoreError> {
        Ok(read_progress(&self.read()?)?
            .into_iter()
            .find(|e| e.id == item_id))
    }
}

/// Every stored entry, by character then id.
pub(crate) fn read_progress(txn: &ReadTransaction) -> Result<Vec<ProgressEntry>, StoreError> {
    let mut found = Vec::new();
    for entry in txn.open_table(PROGRESS)?.iter()? {
        found.push(decode("progress", entry?.1.value())?);
    }
    Ok(found)
}

/// The changes that make the stored entries those of `synced`: one per entry that appeared,
/// moved or went away, in (character, id) order. Writes nothing.
pub(crate) fn progress_changes(
    txn: &WriteTransaction,
    synced: &[ProgressEntry],
) -> Result<Vec<Change>, StoreError> {
    let mut stored: BTreeMap<(u64, String), ProgressEntry> = BTreeMap::new();
    for entry in txn.open_table(PROGRESS)?.iter()? {
        let (key, value) = entry?;
        let (character, id) = key.value();
        stored.insert(
            (character, id.to_string()),
            decode("progress", value.value())?,
        );
    }
    let mut wanted: BTreeMap<(u64, String), &ProgressEntry> = BTreeMap::new();
    for entry in synced {
        wanted.insert((entry.character_id, entry.id.clone()), entry);
    }
    let mut changes = Vec::new();
    for ((character_id, id), new) in &wanted {
        if stored.get(&(*character_id, id.clone())) != Some(*new) {
            changes.push(Change::Progress {
                character_id: *character_id,
                id: id.clone(),
                entry: Some(Box::new((*new).clone())),
            });
        }
    }
    for (character_id, id) in stored.keys().filter(|k| !wanted.contains_key(*k)) {
        changes.push(Change::Progress {
            character_id: *character_id,
            id: id.clone(),
            entry: None,
        });
    }
    changes.sort_by(|a, b| progress_key(a).cmp(&progress_key(b)));
    Ok(changes)
}

fn progress_key(change: &Change) -> (u64, &str) {
    match change {
        Change::Progress {
            character_id, id, ..
        } => (*character_id, id.as_str()),
        _ => (0, ""),
    }
}

/// Writes what a [`Change::Progress`] says (other changes are not this table's).
pub(crate) fn write_progress(txn: &WriteTransaction, change: &Change) -> Result<(), StoreError> {
    let Change::Progress {
        character_id,
        id,
        entry,
    } = change
    else {
        return Ok(());
    };
    let mut table = txn.open_table(PROGRESS)?;
    match entry {
        Some(e) => {
            table.insert(
                (*character_id, id.as_str()),
                encode("progress", e.as_ref())?.as_slice(),
            )?;
        }
        None => {
            table.remove((*character_id, id.as_str()))?;
        }
    }
    Ok(())
}
