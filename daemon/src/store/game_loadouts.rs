//! The in-game loadouts table: read with the inventory, compared with a sync's (only the slots
//! that differ are written, each as a [`Change::GameLoadout`] revision), and written by the
//! optimistic changes of the game's loadout actions.

use super::codec::{decode, encode, encodes_to};
use super::error::StoreError;
use super::model::{Change, CharacterId, GameLoadout};
use super::schema::GAME_LOADOUTS;
use redb::{ReadTransaction, ReadableTable, WriteTransaction};
use std::collections::{BTreeMap, BTreeSet};

impl super::Store {
    /// The saved in-game slots, all or one character's, by character then slot (without reading
    /// the rest of the inventory).
    pub fn game_loadouts(
        &self,
        character: Option<CharacterId>,
    ) -> Result<Vec<GameLoadout>, StoreError> {
        let mut found = read_game_loadouts(&self.read()?)?;
        found.retain(|l| character.is_none_or(|c| c == l.character_id));
        Ok(found)
    }

    /// One saved in-game slot.
    pub fn game_loadout(
        &self,
        character_id: CharacterId,
        index: u32,
    ) -> Result<Option<GameLoadout>, StoreError> {
        let txn = self.read()?;
        let table = txn.open_table(GAME_LOADOUTS)?;
        let found = table.get((character_id, index))?;
        found
            .map(|v| decode("game_loadouts", v.value()))
            .transpose()
    }
}

/// Every saved slot, by character then slot.
pub(crate) fn read_game_loadouts(txn: &ReadTransaction) -> Result<Vec<GameLoadout>, StoreError> {
    let mut found = Vec::new();
    for entry in txn.open_table(GAME_LOADOUTS)?.iter()? {
        found.push(decode("game_loadouts", entry?.1.value())?);
    }
    Ok(found)
}

/// The changes that make the stored slots those of `synced`: one per slot saved, changed or
/// cleared, in (character, slot) order. Writes nothing; compares each slot with its stored row
/// as it encodes (no stored slot is decoded).
pub(crate) fn game_loadout_changes(
    txn: &WriteTransaction,
    synced: &[GameLoadout],
) -> Result<Vec<Change>, StoreError> {
    let mut wanted: BTreeMap<(u64, u32), &GameLoadout> = BTreeMap::new();
    for loadout in synced {
        wanted.insert((loadout.character_id, loadout.index), loadout);
    }
    let table = txn.open_table(GAME_LOADOUTS)?;
    let mut changes = Vec::new();
    let mut unchanged = BTreeSet::new();
    for entry in table.iter()? {
        let (key, value) = entry?;
        let key = key.value();
        match wanted.get(&key) {
            Some(new) => {
                if encodes_to(*new, value.value()) {
                    unchanged.insert(key);
                }
            }
            None => changes.push(Change::GameLoadout {
                character_id: key.0,
                index: key.1,
                loadout: None,
            }),
        }
    }
    for (key, new) in &wanted {
        if !unchanged.contains(key) {
            changes.push(Change::GameLoadout {
                character_id: key.0,
                index: key.1,
                loadout: Some(Box::new((*new).clone())),
            });
        }
    }
    changes.sort_by_key(|c| match c {
        Change::GameLoadout {
            character_id,
            index,
            ..
        } => (*character_id, *index),
        _ => (0, 0),
    });
    Ok(changes)
}

/// Writes what a [`Change::GameLoadout`] says (other changes are not this table's).
pub(crate) fn write_game_loadout(
    txn: &WriteTransaction,
    change: &Change,
) -> Result<(), StoreError> {
    let Change::GameLoadout {
        character_id,
        index,
        loadout,
    } = change
    else {
        return Ok(());
    };
    let mut table = txn.open_table(GAME_LOADOUTS)?;
    match loadout {
        Some(l) => {
            table.insert(
                (*character_id, *index),
                encode("game_loadouts", l.as_ref())?.as_slice(),
            )?;
        }
        None => {
            table.remove((*character_id, *index))?;
        }
    }
    Ok(())
}
