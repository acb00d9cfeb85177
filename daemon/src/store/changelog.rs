//! The revision counter and the change log: each committed change gets the next revision, the
//! log keeps the last [`KEPT_REVISIONS`] of them, and a reconnecting client asks what it missed.

use super::Store;
use super::codec::{decode, encode};
use super::error::StoreError;
use super::model::{Change, RevisedChange};
use super::schema::{CHANGES, META, REV_KEY};
use redb::{ReadableTable, WriteTransaction};

/// How many of the latest revisions the log keeps at least (PROTOCOL.md: "at least the last
/// 1,000 revisions"). Older ones are pruned in the write that passes them.
pub const KEPT_REVISIONS: u64 = 1000;

/// What a client that last saw some revision has missed.
#[derive(Debug, Clone, PartialEq)]
pub enum ChangesSince {
    /// Every change after that revision, in order (empty when it is current).
    Changes {
        /// The store's revision now.
        rev: u64,
        /// The changes, each with its revision.
        changes: Vec<RevisedChange>,
    },
    /// That revision is older than the log keeps (or not from this store): take a snapshot.
    Reset {
        /// The store's revision now.
        rev: u64,
    },
}

impl Store {
    /// The current revision (0 for a new store).
    pub fn rev(&self) -> Result<u64, StoreError> {
        let txn = self.read()?;
        read_rev(&txn.open_table(META)?)
    }

    /// The changes committed after revision `since`, or [`ChangesSince::Reset`] when the log no
    /// longer holds all of them or `since` is ahead of this store.
    pub fn changes_since(&self, since: u64) -> Result<ChangesSince, StoreError> {
        let txn = self.read()?;
        let rev = read_rev(&txn.open_table(META)?)?;
        if since > rev {
            return Ok(ChangesSince::Reset { rev });
        }
        if since == rev {
            return Ok(ChangesSince::Changes {
                rev,
                changes: Vec::new(),
            });
        }
        let log = txn.open_table(CHANGES)?;
        let oldest = log.first()?.map(|(k, _)| k.value());
        if oldest.is_none_or(|oldest| since + 1 < oldest) {
            return Ok(ChangesSince::Reset { rev });
        }
        let mut changes = Vec::new();
        for entry in log.range(since + 1..)? {
            let (k, v) = entry?;
            changes.push(RevisedChange {
                rev: k.value(),
                change: decode("changes", v.value())?,
            });
        }
        Ok(ChangesSince::Changes { rev, changes })
    }
}

/// The revision stored in the meta table (0 when none).
pub(crate) fn read_rev(
    meta: &impl ReadableTable<&'static str, &'static [u8]>,
) -> Result<u64, StoreError> {
    match meta.get(REV_KEY)? {
        Some(v) => decode("meta", v.value()),
        None => Ok(0),
    }
}

/// Gives `changes` consecutive revisions after the current one, logs them, raises the stored
/// revision and prunes the log, all inside `txn`.
pub(crate) fn log_changes(
    txn: &WriteTransaction,
    changes: Vec<Change>,
) -> Result<Vec<RevisedChange>, StoreError> {
    if changes.is_empty() {
        return Ok(Vec::new());
    }
    let mut meta = txn.open_table(META)?;
    let mut log = txn.open_table(CHANGES)?;
    let mut rev = read_rev(&meta)?;
    let mut revised = Vec::with_capacity(changes.len());
    for change in changes {
        rev += 1;
        log.insert(rev, encode("changes", &change)?.as_slice())?;
        revised.push(RevisedChange { rev, change });
    }
    meta.insert(REV_KEY, encode("meta", &rev)?.as_slice())?;
    if let Some(cutoff) = rev.checked_sub(KEPT_REVISIONS) {
        log.retain_in(..=cutoff, |_, _| false)?;
    }
    Ok(revised)
}
