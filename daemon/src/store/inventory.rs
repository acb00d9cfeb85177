//! The inventory tables: characters, items and their index by place, read as snapshots and
//! written by a sync (only what differs) or by the optimistic changes of a Bungie action.

use super::Store;
use super::annotations::read_annotations;
use super::apply::{InventoryMap, sort_characters};
use super::changelog::{log_changes, read_rev};
use super::codec::{decode, encode};
use super::currencies::{read_currencies, write_currencies};
use super::error::StoreError;
use super::game_loadouts::{game_loadout_changes, read_game_loadouts, write_game_loadout};
use super::meta::read_sync_meta;
use super::model::{Change, Character, Inventory, Item, ItemId, Location, RevisedChange};
use super::progress::{progress_changes, read_progress, write_progress};
use super::schema::{CAPACITY_KEY, CHARACTERS, ITEMS, ITEMS_BY_PLACE, META, SYNC_META_KEY};
use super::sync_delta::{AppliedSync, SyncBasis, SyncDelta};
use chrono::{DateTime, Utc};
use redb::{MultimapTable, ReadableTable, Table, WriteTransaction};
use serde::{Deserialize, Serialize};

/// The capacities an [`Inventory`] carries, kept as one meta record.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub(super) struct Capacities {
    /// The vault's capacity.
    pub(super) vault: u32,
    /// Per character-bucket capacity, by bucket hash.
    pub(super) buckets: Vec<(u32, u32)>,
}

/// The index key of a place: location kind, its character (0 for none), bucket.
fn place_key(location: &Location, bucket_hash: u32) -> (u8, u64, u32) {
    let (kind, character) = match location {
        Location::Vault => (0, 0),
        Location::Profile => (1, 0),
        Location::Character { character_id } => (2, *character_id),
        Location::Postmaster { character_id } => (3, *character_id),
    };
    (kind, character, bucket_hash)
}

impl Store {
    /// The whole inventory at the current revision: characters (most recently played first),
    /// items (by id) and capacities.
    pub fn inventory(&self) -> Result<Inventory, StoreError> {
        let txn = self.read()?;
        let meta = txn.open_table(META)?;
        let mut characters = Vec::new();
        for entry in txn.open_table(CHARACTERS)?.iter()? {
            characters.push(decode::<Character>("characters", entry?.1.value())?);
        }
        sort_characters(&mut characters);
        let mut items = Vec::new();
        for entry in txn.open_table(ITEMS)?.iter()? {
            items.push(decode::<Item>("items", entry?.1.value())?);
        }
        let capacities: Capacities = match meta.get(CAPACITY_KEY)? {
            Some(v) => decode("meta", v.value())?,
            None => Capacities::default(),
        };
        Ok(Inventory {
            rev: read_rev(&meta)?,
            characters,
            items,
            vault_capacity: capacities.vault,
            bucket_capacity: capacities.buckets,
            annotations: read_annotations(&txn)?,
            game_loadouts: read_game_loadouts(&txn)?,
            progress: read_progress(&txn)?,
            currencies: read_currencies(&txn)?,
        })
    }

    /// One item by id.
    pub fn item(&self, id: &ItemId) -> Result<Option<Item>, StoreError> {
        let txn = self.read()?;
        let items = txn.open_table(ITEMS)?;
        let found = items.get(id.as_str())?;
        found.map(|v| decode("items", v.value())).transpose()
    }

    /// The items at `location`, in one bucket or in all of them, found through the place index
    /// (sorted by bucket, then id).
    pub fn items_in(
        &self,
        location: &Location,
        bucket_hash: Option<u32>,
    ) -> Result<Vec<Item>, StoreError> {
        let txn = self.read()?;
        let index = txn.open_multimap_table(ITEMS_BY_PLACE)?;
        let items = txn.open_table(ITEMS)?;
        let mut ids = Vec::new();
        match bucket_hash {
            Some(bucket) => {
                for id in index.get(place_key(location, bucket))? {
                    ids.push(id?.value().to_string());
                }
            }
            None => {
                let range = place_key(location, 0)..=place_key(location, u32::MAX);
                for entry in index.range(range)? {
                    for id in entry?.1 {
                        ids.push(id?.value().to_string());
                    }
                }
            }
        }
        let mut found = Vec::with_capacity(ids.len());
        for id in ids {
            // The index and the items are written in the same transactions, so an id without
            // an item would be damage; it is skipped rather than failing every read.
            if let Some(v) = items.get(id.as_str())? {
                found.push(decode("items", v.value())?);
            }
        }
        Ok(found)
    }

    /// Replaces the stored inventory by `synced` (its `rev` is ignored), writing only what
    /// differs, all in one transaction, and returns the changes with their revisions: empty,
    /// and nothing written, when nothing changed.
    ///
    /// Refuses with [`StoreError::StaleResponse`] (writing nothing) when `minted` is not newer
    /// than the stored minted timestamp; a `minted` of `None` is not checked. An inventory that
    /// lists an id twice is refused with [`StoreError::DuplicateItem`].
    ///
    /// Fields no change kind carries (the internal ones: `bucket_hash`, `can_equip`, stats,
    /// perks…; see [`crate::store::diff`]), a character that is gone and the capacities are
    /// written without a change. When only the minted timestamp is new, it is recorded in a
    /// commit made durable only now and then ([`super::volatile`]): losing it in a crash only
    /// means the same data is accepted again.
    pub fn apply_sync(
        &self,
        synced: &Inventory,
        minted: Option<DateTime<Utc>>,
    ) -> Result<Vec<RevisedChange>, StoreError> {
        Ok(self.apply_sync_on(synced, minted, None)?.changes)
    }

    /// [`Store::apply_sync`], told by `basis` which items are as the caller's own last sync
    /// wrote them: when no other write has touched the inventory's rows since (the generation
    /// is the one that sync returned), those items are neither read nor compared, and only the
    /// ids `basis` names as gone are looked for to remove. Otherwise `basis` is ignored and
    /// every row is compared. Returns the changes and the rows' generation after this sync.
    ///
    /// Its commit is durable only now and then ([`super::volatile`]): Bungie's data is a cache.
    pub fn apply_sync_on(
        &self,
        synced: &Inventory,
        minted: Option<DateTime<Utc>>,
        basis: Option<&SyncBasis<'_>>,
    ) -> Result<AppliedSync, StoreError> {
        let txn = self.write()?;
        let (previous, generation) = self.db.bump_generation();
        let basis =
            basis.filter(|b| b.generation == previous && b.unchanged.len() == synced.items.len());
        let mut sync_meta = read_sync_meta(&txn.open_table(META)?)?;
        if let (Some(minted), Some(stored)) = (minted, sync_meta.minted)
            && minted <= stored
        {
            return Err(StoreError::StaleResponse { minted, stored });
        }
        let mut delta = SyncDelta::compute(&txn, synced, basis)?;
        delta
            .changes
            .extend(game_loadout_changes(&txn, &synced.game_loadouts)?);
        delta
            .changes
            .extend(progress_changes(&txn, &synced.progress)?);
        let minted_is_new = minted.is_some_and(|m| sync_meta.minted.is_none_or(|s| m > s));
        if minted_is_new {
            sync_meta.minted = minted;
        }
        // Currencies carry no change of their own: written with the sync, read with snapshots.
        let currencies_new = write_currencies(&txn, &synced.currencies)?;
        if delta.is_empty() {
            if minted_is_new || currencies_new {
                write_sync_meta(&txn, &sync_meta)?;
                self.volatile.commit(txn, 0)?;
            }
            return Ok(AppliedSync {
                changes: Vec::new(),
                generation,
            });
        }
        delta.write(&txn)?;
        if minted_is_new {
            write_sync_meta(&txn, &sync_meta)?;
        }
        let revs = delta.changes.len() as u64;
        let changes = log_changes(&txn, delta.changes)?;
        self.volatile.commit(txn, revs)?;
        Ok(AppliedSync {
            changes,
            generation,
        })
    }

    /// Applies the optimistic changes of a successful Bungie action to the items and the log,
    /// in one transaction, and returns them with their revisions. A change that does not apply
    /// (an unknown item, an item added twice) fails the whole call and writes nothing.
    pub fn apply_changes(&self, changes: Vec<Change>) -> Result<Vec<RevisedChange>, StoreError> {
        if changes.is_empty() {
            return Ok(Vec::new());
        }
        let txn = self.write()?;
        self.db.bump_generation();
        {
            let mut writer = ItemWriter::open(&txn)?;
            let mut before = InventoryMap::default();
            for id in changes.iter().flat_map(item_ids) {
                if !before.items.contains_key(id)
                    && let Some(item) = writer.get(id)?
                {
                    before.items.insert(id.clone(), item);
                }
            }
            let mut after = before.clone();
            for change in &changes {
                after.apply(change)?;
            }
            for (id, old) in &before.items {
                match after.items.get(id) {
                    Some(new) if new != old => writer.put(Some(old), new)?,
                    Some(_) => {}
                    None => writer.delete(old)?,
                }
            }
            for (id, new) in &after.items {
                if !before.items.contains_key(id) {
                    writer.put(None, new)?;
                }
            }
            let mut characters = txn.open_table(CHARACTERS)?;
            for character in after.characters.values() {
                characters.insert(character.id, encode("characters", character)?.as_slice())?;
            }
        }
        for change in &changes {
            write_game_loadout(&txn, change)?;
            write_progress(&txn, change)?;
        }
        let revised = log_changes(&txn, changes)?;
        txn.commit()?;
        Ok(revised)
    }
}

/// The item ids a change touches.
fn item_ids(change: &Change) -> Vec<&ItemId> {
    match change {
        Change::Moved { id, .. }
        | Change::Removed { id }
        | Change::Updated { id, .. }
        | Change::Redefined { id, .. }
        | Change::Annotated { id, .. } => vec![id],
        Change::GameLoadout { .. } | Change::Progress { .. } => Vec::new(),
        Change::Equipped { id, unequipped, .. } => std::iter::once(id).chain(unequipped).collect(),
        Change::Added { item } => vec![&item.id],
        Change::Character { .. } => Vec::new(),
    }
}

fn write_sync_meta(txn: &WriteTransaction, m: &super::meta::SyncMeta) -> Result<(), StoreError> {
    txn.open_table(META)?
        .insert(SYNC_META_KEY, encode("meta", m)?.as_slice())?;
    Ok(())
}

/// The items table and its place index, open in one write transaction, kept in step.
pub(super) struct ItemWriter<'t> {
    /// Item id → item.
    items: Table<'t, &'static str, &'static [u8]>,
    /// Place → item ids.
    index: MultimapTable<'t, (u8, u64, u32), &'static str>,
}

impl<'t> ItemWriter<'t> {
    /// Opens both tables in `txn`.
    pub(super) fn open(txn: &'t WriteTransaction) -> Result<Self, StoreError> {
        Ok(ItemWriter {
            items: txn.open_table(ITEMS)?,
            index: txn.open_multimap_table(ITEMS_BY_PLACE)?,
        })
    }

    fn get(&self, id: &ItemId) -> Result<Option<Item>, StoreError> {
        let found = self.items.get(id.as_str())?;
        found.map(|v| decode("items", v.value())).transpose()
    }

    /// Writes `new`, replacing `old` (the stored version, if any) and moving its index entry.
    pub(super) fn put(&mut self, old: Option<&Item>, new: &Item) -> Result<(), StoreError> {
        let new_place = place_key(&new.location, new.bucket_hash);
        if let Some(old) = old {
            let old_place = place_key(&old.location, old.bucket_hash);
            if old_place != new_place {
                self.index.remove(old_place, old.id.as_str())?;
            }
        }
        self.items
            .insert(new.id.as_str(), encode("items", new)?.as_slice())?;
        self.index.insert(new_place, new.id.as_str())?;
        Ok(())
    }

    /// Deletes `old` and its index entry.
    pub(super) fn delete(&mut self, old: &Item) -> Result<(), StoreError> {
        self.items.remove(old.id.as_str())?;
        self.index
            .remove(place_key(&old.location, old.bucket_hash), old.id.as_str())?;
        Ok(())
    }
}
