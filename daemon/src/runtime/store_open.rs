//! Opening the store so that the player's own data survives whatever happened to the cache.
//!
//! - A store that opens is used, and its user-data journal rewritten from it.
//! - A store file that is missing (deleted, a first start) is created; a journal found beside it
//!   brings the player's data back into it.
//! - A store that does not open because it is damaged or of a schema this build cannot migrate
//!   is moved aside (`store.redb.unreadable-<time>`, never deleted), a new one is created and the
//!   journal restores the player's data into it; the next sync rebuilds Bungie's part.
//! - A store another daemon holds, or one written by a newer Vault Raider, is refused as before:
//!   moving those aside would lose nothing but help nobody.

use crate::clock::SharedClock;
use crate::store::journal::{JOURNAL_FILE, read_document};
use crate::store::user_data::UserDataCounts;
use crate::store::{Store, StoreError};
use std::path::{Path, PathBuf};

/// The store file's name in the data directory.
pub const STORE_FILE: &str = "store.redb";

/// What opening the store had to repair.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoreRepair {
    /// The store was unreadable and moved aside; a new one holds what the journal kept.
    MovedAside {
        /// Where the unreadable file went.
        moved_to: PathBuf,
        /// Why it did not open.
        reason: String,
        /// What the journal brought back (none without a journal).
        restored: Option<UserDataCounts>,
    },
    /// The store file was missing; the journal brought the player's data back.
    Recreated {
        /// What it brought back.
        restored: UserDataCounts,
    },
}

impl StoreRepair {
    /// One sentence for the log and the notification.
    pub fn describe(&self) -> String {
        let restored = |r: &Option<UserDataCounts>| match r {
            Some(counts) => format!("kept {counts}"),
            None => "no user-data journal was found, so no loadouts or tags could be brought back"
                .to_string(),
        };
        match self {
            StoreRepair::MovedAside {
                moved_to,
                reason,
                restored: r,
            } => format!(
                "The store could not be opened ({reason}); it was moved to {} and is being rebuilt from Bungie.net; {}.",
                moved_to.display(),
                restored(r)
            ),
            StoreRepair::Recreated { restored } => format!(
                "The store was missing and is being rebuilt from Bungie.net; kept {restored}."
            ),
        }
    }
}

/// Opens `<data_dir>/store.redb` as the module doc says and keeps its journal from then on;
/// `clock` stamps a moved-aside file's name and every journal written.
pub fn open_store(
    data_dir: &Path,
    clock: &SharedClock,
) -> Result<(Store, Option<StoreRepair>), StoreError> {
    let path = data_dir.join(STORE_FILE);
    let journal = data_dir.join(JOURNAL_FILE);
    let existed = path.exists();
    let (store, repair) = match Store::open(&path) {
        Ok(store) if existed => (store, None),
        Ok(store) => {
            let restored = restore_journal(&store, &journal)?;
            (
                store,
                restored.map(|restored| StoreRepair::Recreated { restored }),
            )
        }
        Err(e) if unreadable(&e) => {
            let reason = e.to_string();
            let moved_to = move_aside(&path, clock())?;
            tracing::error!(%reason, moved_to = %moved_to.display(), "the store did not open: moved aside, rebuilding it");
            let store = Store::open(&path)?;
            let restored = restore_journal(&store, &journal)?;
            (
                store,
                Some(StoreRepair::MovedAside {
                    moved_to,
                    reason,
                    restored,
                }),
            )
        }
        Err(e) => return Err(e),
    };
    if let Some(repair) = &repair {
        tracing::warn!("{}", repair.describe());
    }
    store.keep_journal(journal, clock.clone());
    Ok((store, repair))
}

/// Whether `error` means the file itself is unusable (rather than in use or from the future).
fn unreadable(error: &StoreError) -> bool {
    matches!(
        error,
        StoreError::Open { .. }
            | StoreError::SchemaUnsupported { .. }
            | StoreError::Db(_)
            | StoreError::Corrupt { .. }
    )
}

/// Renames the store to `store.redb.unreadable-<now, UTC>` (with a counter if taken).
fn move_aside(path: &Path, now: chrono::DateTime<chrono::Utc>) -> Result<PathBuf, StoreError> {
    let stamp = now.format("%Y%m%dT%H%M%SZ");
    for n in 0..100 {
        let suffix = if n == 0 {
            format!("unreadable-{stamp}")
        } else {
            format!("unreadable-{stamp}-{n}")
        };
        let target = path.with_extension(format!("redb.{suffix}"));
        if target.exists() {
            continue;
        }
        return std::fs::rename(path, &target)
            .map(|()| target)
            .map_err(|e| {
                StoreError::Invalid(format!("cannot move the unreadable store aside: {e}"))
            });
    }
    Err(StoreError::Invalid(
        "cannot move the unreadable store aside: too many earlier copies beside it".into(),
    ))
}

/// Brings the journal's data into a new store. A journal that is unreadable is itself moved
/// aside (never deleted) and the store starts empty.
fn restore_journal(store: &Store, journal: &Path) -> Result<Option<UserDataCounts>, StoreError> {
    match read_document(journal) {
        Ok(Some(data)) if data.is_empty() => Ok(None),
        Ok(Some(data)) => store.replace_user_data(&data).map(Some),
        Ok(None) => Ok(None),
        Err(e) => {
            tracing::error!(error = %e, "the user-data journal is unreadable; it is kept as user-data.json.unreadable");
            if let Err(e) = std::fs::rename(journal, journal.with_extension("json.unreadable")) {
                tracing::error!(error = %e, "the unreadable user-data journal could not be moved aside");
            }
            Ok(None)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_store_from_the_future_is_refused_and_left_where_it_is() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join(STORE_FILE);
        {
            let db = redb::Database::create(&path).expect("create");
            let txn = db.begin_write().expect("txn");
            txn.open_table(crate::store::schema::SCHEMA)
                .expect("table")
                .insert(crate::store::schema::VERSION_KEY, 99)
                .expect("insert");
            txn.commit().expect("commit");
        }
        let err = open_store(dir.path(), &crate::clock::system()).expect_err("refused");
        assert!(matches!(err, StoreError::SchemaTooNew { .. }), "{err}");
        assert!(path.exists());
        assert_eq!(std::fs::read_dir(dir.path()).expect("list").count(), 1);
    }

    #[test]
    fn an_unreadable_journal_is_kept_aside_and_the_store_starts_empty() {
        let dir = tempfile::tempdir().expect("dir");
        std::fs::write(dir.path().join(JOURNAL_FILE), b"{ broken").expect("write");
        let (store, repair) = open_store(dir.path(), &crate::clock::system()).expect("opens");
        assert_eq!(repair, None);
        assert!(dir.path().join("user-data.json.unreadable").exists());
        assert!(
            store
                .export_user_data(chrono::Utc::now())
                .expect("export")
                .is_empty()
        );
        assert!(
            dir.path().join(JOURNAL_FILE).exists(),
            "a fresh journal is written"
        );
    }

    #[test]
    fn the_journal_is_stamped_by_the_clock_it_is_given() {
        let dir = tempfile::tempdir().expect("dir");
        let at: chrono::DateTime<chrono::Utc> = "2026-03-04T05:06:07Z".parse().expect("a time");
        let clock = crate::clock::ManualClock::at(at);
        let (_store, _) = open_store(dir.path(), &clock.shared()).expect("opens");
        let journal = read_document(&dir.path().join(JOURNAL_FILE))
            .expect("readable")
            .expect("written at open");
        assert_eq!(journal.exported_at, at);
    }
}
