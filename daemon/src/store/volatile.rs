//! Sync commits that are not made durable one by one, and what an open after an unclean stop does
//! about them.
//!
//! What a sync writes is Bungie's data, a cache the next sync rebuilds; waiting for the disk
//! (`fdatasync`, 0.5–4 ms here) on every poll would cost more than the whole sync's own work. So a
//! sync commits with [`Durability::None`], and one in a while durably: when the revisions
//! committed without durability since the last durable commit would reach
//! [`MAX_VOLATILE_REVS`], or [`MAX_VOLATILE_AGE`] has passed. Every other write (a move's
//! changes, the player's own data) stays durable, and persists the syncs before it too.
//!
//! A crash (or a failed write, after which the database is opened again) takes back at most
//! those revisions, and clients may have seen them. So the store notes, durably, that it is open
//! ([`OPEN_MARKER_KEY`]), and removes the note when it is dropped. An open that finds the note
//! still there ([`begin_session`]) raises the revision by [`REV_JUMP`], beyond any revision a
//! client can have seen, and empties the change log: every client then takes a snapshot
//! (`profile.changes` answers `reset`), and no revision number is ever given twice.

use super::changelog::read_rev;
use super::codec::encode;
use super::error::StoreError;
use super::schema::{CHANGES, META, REV_KEY};
use redb::{Durability, ReadableTable, WriteTransaction};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// [`super::schema::META`] key: present while a store has the file open.
pub const OPEN_MARKER_KEY: &str = "open";
/// The most revisions a sync may commit without durability before one is made durable.
pub const MAX_VOLATILE_REVS: u64 = 500;
/// The longest a sync's commit stays without durability.
pub const MAX_VOLATILE_AGE: Duration = Duration::from_secs(30);
/// How far the revision jumps after an unclean stop: more than [`MAX_VOLATILE_REVS`].
pub const REV_JUMP: u64 = 2 * MAX_VOLATILE_REVS;

/// Marks the file open inside `txn` (a durable one). When it already was (the last session
/// ended without [`end_session`]), raises the revision by [`REV_JUMP`] and empties the change
/// log first. Returns whether it did.
pub(crate) fn begin_session(txn: &WriteTransaction) -> Result<bool, StoreError> {
    let mut meta = txn.open_table(META)?;
    let unclean = meta.get(OPEN_MARKER_KEY)?.is_some();
    if unclean {
        let rev = read_rev(&meta)? + REV_JUMP;
        meta.insert(REV_KEY, encode("meta", &rev)?.as_slice())?;
        txn.open_table(CHANGES)?.retain(|_, _| false)?;
        tracing::warn!(
            rev,
            "the store was not closed cleanly: revisions jump past any a client saw, and every client takes a snapshot"
        );
    }
    meta.insert(OPEN_MARKER_KEY, [1u8].as_slice())?;
    Ok(unclean)
}

/// Removes the open mark inside `txn` (a durable one): the session ends cleanly.
pub(crate) fn end_session(txn: &WriteTransaction) -> Result<(), StoreError> {
    txn.open_table(META)?.remove(OPEN_MARKER_KEY)?;
    Ok(())
}

/// When the syncs' commits were last made durable, and how many revisions they have committed
/// without durability since.
#[derive(Debug)]
pub(crate) struct VolatileSyncs {
    since_durable: Mutex<(Instant, u64)>,
}

impl Default for VolatileSyncs {
    fn default() -> Self {
        VolatileSyncs {
            since_durable: Mutex::new((Instant::now(), 0)),
        }
    }
}

impl VolatileSyncs {
    /// The durability for a sync commit of `revs` new revisions.
    pub(crate) fn durability_for(&self, revs: u64) -> Durability {
        let (since, count) = *self.lock();
        if durable_due(since.elapsed(), count + revs) {
            Durability::Immediate
        } else {
            Durability::None
        }
    }

    /// Commits `txn`, a sync's write of `revs` new revisions, durably or not as
    /// [`VolatileSyncs::durability_for`] decides, and notes it.
    pub(crate) fn commit(&self, mut txn: WriteTransaction, revs: u64) -> Result<(), StoreError> {
        let durability = self.durability_for(revs);
        let durable = matches!(durability, Durability::Immediate);
        txn.set_durability(durability)?;
        txn.commit()?;
        self.committed(durable, revs);
        Ok(())
    }

    /// Notes a committed sync of `revs` revisions, made durable or not.
    fn committed(&self, durable: bool, revs: u64) {
        let mut state = self.lock();
        *state = if durable {
            (Instant::now(), 0)
        } else {
            (state.0, state.1 + revs)
        };
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, (Instant, u64)> {
        self.since_durable
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// Whether a sync commit must be durable, `age` after the last durable one and with `revs`
/// revisions (its own included) committed without durability since.
fn durable_due(age: Duration, revs: u64) -> bool {
    revs >= MAX_VOLATILE_REVS || age >= MAX_VOLATILE_AGE
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syncs_go_without_durability_until_the_revision_bound() {
        let syncs = VolatileSyncs::default();
        assert!(matches!(syncs.durability_for(1), Durability::None));
        syncs.committed(false, MAX_VOLATILE_REVS - 2);
        assert!(matches!(syncs.durability_for(1), Durability::None));
        assert!(matches!(syncs.durability_for(2), Durability::Immediate));
        syncs.committed(true, 2);
        assert!(matches!(syncs.durability_for(1), Durability::None));
    }

    #[test]
    fn an_old_volatile_commit_makes_the_next_durable() {
        assert!(!durable_due(MAX_VOLATILE_AGE - Duration::from_millis(1), 1));
        assert!(durable_due(MAX_VOLATILE_AGE, 1));
        assert!(durable_due(Duration::ZERO, MAX_VOLATILE_REVS));
    }
}
