//! The user-data journal: after every change of the player's own data commits, the store
//! rewrites `user-data.json` beside itself (atomically, readable by the user only) from one read
//! transaction. A cache that is lost, corrupt or of an unreadable schema is then rebuilt from
//! Bungie while this document brings every loadout, tag, note, setting and pairing back
//! (`runtime::store_open`). A journal that cannot be written is logged and retried with the next
//! change: the commit it follows has already succeeded.

use super::Store;
use super::user_data::UserData;
use crate::clock::SharedClock;
use std::path::{Path, PathBuf};

/// The journal's file name, beside the store.
pub const JOURNAL_FILE: &str = "user-data.json";

/// Where a store keeps its journal, once told.
#[derive(Debug, Default)]
pub(crate) struct Journal {
    kept: std::sync::OnceLock<Kept>,
    /// Held while a journal is exported and written, so the last write is the newest state.
    writing: std::sync::Mutex<()>,
}

/// The journal's file and the clock its documents are stamped by.
struct Kept {
    path: PathBuf,
    clock: SharedClock,
}

impl std::fmt::Debug for Kept {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Kept").field("path", &self.path).finish()
    }
}

impl Store {
    /// Keeps the user-data journal at `path` from now on, each document stamped (`exportedAt`)
    /// by `clock`, and writes it at once (bringing a journal that missed a change up to date). A
    /// second call changes nothing.
    pub fn keep_journal(&self, path: PathBuf, clock: SharedClock) {
        let _ = self.journal.kept.set(Kept { path, clock });
        self.journal_user_data();
    }

    /// The journal's path, when one is kept.
    pub fn journal_path(&self) -> Option<&Path> {
        self.journal.kept.get().map(|kept| kept.path.as_path())
    }

    /// Rewrites the journal from the store (no-op when none is kept). Failures are logged.
    pub(crate) fn journal_user_data(&self) {
        let Some(Kept { path, clock }) = self.journal.kept.get() else {
            return;
        };
        let _writing = self
            .journal
            .writing
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let written = self
            .export_user_data(clock())
            .map_err(|e| e.to_string())
            .and_then(|data| write_document(path, &data).map_err(|e| e.to_string()));
        if let Err(error) = written {
            tracing::warn!(%error, path = %path.display(), "could not write the user-data journal; the next change retries");
        }
    }
}

/// Writes `data` to `path` atomically (a temporary file in the same directory, then a rename),
/// readable by the user only.
pub fn write_document(path: &Path, data: &UserData) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let mut file = tempfile::NamedTempFile::new_in(dir)?;
    std::io::Write::write_all(&mut file, &data.to_json())?;
    file.as_file().sync_all()?;
    file.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// Reads the document at `path`: `Ok(None)` when there is none.
pub fn read_document(path: &Path) -> Result<Option<UserData>, super::StoreError> {
    match std::fs::read(path) {
        Ok(bytes) => UserData::from_json(&bytes).map(Some),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(super::StoreError::Invalid(format!(
            "cannot read {}: {e}",
            path.display()
        ))),
    }
}
