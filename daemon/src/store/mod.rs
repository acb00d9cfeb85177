//! The redb store: accounts, characters, items with their location index, sync metadata, the
//! change log (revision → change), loadouts, paired clients (hashed tokens) and settings.
//!
//! One file, opened by one process: the redb lock doubles as the daemon's single-instance
//! guard. Every logical change is one write transaction, so a crash loses nothing committed, and
//! every committed change raises the revision by one (PROTOCOL.md "State and revisions").
//!
//! The player's own data (loadouts, tags and notes, settings, pairings) shares the file but is
//! also journaled to `user-data.json` after each change of it ([`journal`]), so a lost or broken
//! cache never takes it along.
//!
//! The store calls nothing of ours: the pure diff ([`diff`]) that [`Store::apply_sync`] uses to
//! tell what a synced inventory changed is its own.

pub mod accounts;
pub mod annotations;
pub mod apply;
pub mod changelog;
pub mod clients;
mod codec;
pub mod currencies;
pub mod database;
pub mod diff;
pub mod error;
pub mod game_loadout;
mod game_loadouts;
pub mod inventory;
pub mod journal;
pub mod loadouts;
pub mod meta;
pub mod model;
mod progress;
pub mod progress_entry;
pub mod reset;
pub mod schema;
pub mod settings;
pub mod sync_delta;
pub mod user_data;
pub mod volatile;

pub use changelog::{ChangesSince, KEPT_REVISIONS};
pub use clients::{ClientKind, PairedClient, token_sha256};
pub use error::StoreError;
pub use meta::{ActivityMark, SyncMeta};

use redb::{ReadTransaction, WriteTransaction};
use std::path::Path;

/// The daemon's persistent state in one redb file. Cheap to share behind an `Arc`: every method
/// takes `&self` and runs in its own transaction.
pub struct Store {
    /// The open database (reopened after a failed write); its file lock keeps a second daemon
    /// out.
    db: database::Reopening,
    /// The user-data journal, once [`Store::keep_journal`] names its file.
    journal: journal::Journal,
    /// When syncs' commits were last made durable ([`volatile`]).
    volatile: volatile::VolatileSyncs,
}

impl Drop for Store {
    /// Ends the session cleanly: the next open need not assume revisions were lost.
    fn drop(&mut self) {
        if let Err(e) = self.db.end_session() {
            tracing::warn!(error = %e, "the store could not note its clean close; the next start treats it as unclean");
        }
    }
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").finish_non_exhaustive()
    }
}

impl Store {
    /// Opens the store at `path`, creating it (and its tables) when absent, and checks or
    /// migrates its schema. Fails with [`StoreError::AlreadyOpen`] when another process (or
    /// another `Store` here) has it open.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        Store::open_on(path, None)
    }

    /// [`Store::open`] on a disk whose room `space` decides (tests of a full disk).
    pub fn open_on(
        path: &Path,
        space: Option<std::sync::Arc<database::DiskSpace>>,
    ) -> Result<Store, StoreError> {
        let db = database::Reopening::open(path, space)?;
        let txn = db.begin_write()?;
        schema::prepare(&txn, path)?;
        volatile::begin_session(&txn)?;
        txn.commit()?;
        Ok(Store {
            db,
            journal: journal::Journal::default(),
            volatile: volatile::VolatileSyncs::default(),
        })
    }

    /// Starts a read transaction.
    fn read(&self) -> Result<ReadTransaction, StoreError> {
        self.db.begin_read()
    }

    /// Starts a write transaction (durable on commit).
    fn write(&self) -> Result<WriteTransaction, StoreError> {
        self.db.begin_write()
    }
}
