//! Sync metadata: the minted timestamps that guard against stale profiles, the last poll, and
//! per-character activity high-water marks (so each completion is reported once, across restarts).

use super::Store;
use super::codec::{decode, encode};
use super::error::StoreError;
use super::model::CharacterId;
use super::schema::{META, SYNC_META_KEY};
use chrono::{DateTime, Utc};
use redb::ReadableTable;
use serde::{Deserialize, Serialize};

/// What sync remembers between polls and restarts.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct SyncMeta {
    /// The `responseMintedTimestamp` of the last profile applied; older or equal ones are stale.
    pub minted: Option<DateTime<Utc>>,
    /// The `secondaryComponentsMintedTimestamp` of the last profile applied.
    pub secondary_minted: Option<DateTime<Utc>>,
    /// When the last poll finished (successful or not).
    pub last_poll: Option<DateTime<Utc>>,
    /// When the last poll succeeded.
    pub last_sync: Option<DateTime<Utc>>,
    /// The newest activity already reported, per character.
    pub activity_marks: Vec<ActivityMark>,
}

impl SyncMeta {
    /// The activity mark of `character_id`, if any.
    pub fn activity_mark(&self, character_id: CharacterId) -> Option<&ActivityMark> {
        self.activity_marks
            .iter()
            .find(|m| m.character_id == character_id)
    }
}

/// The newest activity-history entry already seen for one character.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActivityMark {
    /// The character.
    pub character_id: CharacterId,
    /// The history entry's `activityDetails.instanceId`.
    pub instance_id: u64,
    /// The entry's `period` (when the activity started).
    pub period: DateTime<Utc>,
}

impl Store {
    /// The stored sync metadata (all empty for a new store).
    pub fn sync_meta(&self) -> Result<SyncMeta, StoreError> {
        let txn = self.read()?;
        read_sync_meta(&txn.open_table(META)?)
    }

    /// Stores `m`. The minted timestamps never go backwards: a stored one newer than `m`'s is
    /// kept, so a caller holding an old copy cannot reopen the door to stale profiles.
    ///
    /// Durable when the activity marks change (each completion is reported once, across
    /// restarts); a write of the poll times alone goes with the syncs' commits
    /// ([`super::volatile`]).
    pub fn set_sync_meta(&self, m: &SyncMeta) -> Result<(), StoreError> {
        let txn = self.write()?;
        let marks_same = {
            let mut meta = txn.open_table(META)?;
            let stored = read_sync_meta(&meta)?;
            let merged = SyncMeta {
                minted: m.minted.max(stored.minted),
                secondary_minted: m.secondary_minted.max(stored.secondary_minted),
                ..m.clone()
            };
            meta.insert(SYNC_META_KEY, encode("meta", &merged)?.as_slice())?;
            merged.activity_marks == stored.activity_marks
        };
        if marks_same {
            self.volatile.commit(txn, 0)
        } else {
            txn.commit()?;
            Ok(())
        }
    }
}

/// The sync metadata in the meta table (default when none).
pub(crate) fn read_sync_meta(
    meta: &impl ReadableTable<&'static str, &'static [u8]>,
) -> Result<SyncMeta, StoreError> {
    match meta.get(SYNC_META_KEY)? {
        Some(v) => decode("meta", v.value()),
        None => Ok(SyncMeta::default()),
    }
}
