//! The open redb database, and how the store gets it back after a write failed.
//!
//! redb latches an I/O failure: once a commit could not write (a full disk, most often), every
//! later transaction of that `Database`, reads included, fails until it is closed and opened
//! again. The store's file goes through [`WatchedFile`], which notes such a failure; the next
//! transaction then closes the database and opens it again from the last commit that reached
//! the disk. Reads go on at once; writes succeed again as soon as there is room, with nothing
//! already committed lost.

use super::error::StoreError;
use redb::backends::FileBackend;
use redb::{
    BackendError, Database, DatabaseError, ReadTransaction, ReadableDatabase, StorageBackend,
    WriteTransaction,
};
use std::ops::Bound;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, RwLock};

/// Space a test can take away from a [`WatchedFile`]: while `full`, growing the file fails with
/// `StorageFull` as a full disk would (writes inside its current length still succeed).
#[derive(Debug, Default)]
pub struct DiskSpace {
    full: AtomicBool,
}

impl DiskSpace {
    /// Makes the disk full (`true`) or gives the room back.
    pub fn set_full(&self, full: bool) {
        self.full.store(full, Ordering::SeqCst);
    }
}

/// redb's file backend, noting any failed write, length change or sync in `failed`.
#[derive(Debug)]
pub struct WatchedFile {
    inner: FileBackend,
    failed: Arc<AtomicBool>,
    space: Option<Arc<DiskSpace>>,
}

impl WatchedFile {
    fn note<T>(&self, result: std::io::Result<T>) -> std::io::Result<T> {
        if result.is_err() {
            self.failed.store(true, Ordering::SeqCst);
        }
        result
    }

    fn grows_past_room(&self, end: u64) -> std::io::Result<()> {
        let full = self
            .space
            .as_ref()
            .is_some_and(|s| s.full.load(Ordering::SeqCst));
        if full && end > self.inner.len()? {
            return Err(std::io::Error::from(std::io::ErrorKind::StorageFull));
        }
        Ok(())
    }
}

impl StorageBackend for WatchedFile {
    fn len(&self) -> std::io::Result<u64> {
        self.inner.len()
    }
    fn read(&self, offset: u64, out: &mut [u8]) -> std::io::Result<()> {
        self.inner.read(offset, out)
    }
    fn set_len(&self, len: u64) -> std::io::Result<()> {
        let result = self
            .grows_past_room(len)
            .and_then(|()| self.inner.set_len(len));
        self.note(result)
    }
    fn sync_data(&self) -> std::io::Result<()> {
        let result = self.inner.sync_data();
        self.note(result)
    }
    fn write(&self, offset: u64, data: &[u8]) -> std::io::Result<()> {
        let end = offset.saturating_add(data.len() as u64);
        let result = self
            .grows_past_room(end)
            .and_then(|()| self.inner.write(offset, data));
        self.note(result)
    }
    fn close(&self) -> std::io::Result<()> {
        self.inner.close()
    }
    fn try_lock_range(&self, start: Bound<u64>, end: Bound<u64>) -> Result<bool, BackendError> {
        self.inner.try_lock_range(start, end)
    }
    fn try_lock_shared_range(
        &self,
        start: Bound<u64>,
        end: Bound<u64>,
    ) -> Result<bool, BackendError> {
        self.inner.try_lock_shared_range(start, end)
    }
    fn lock_range(&self, start: Bound<u64>, end: Bound<u64>) -> Result<(), BackendError> {
        self.inner.lock_range(start, end)
    }
    fn lock_shared_range(&self, start: Bound<u64>, end: Bound<u64>) -> Result<(), BackendError> {
        self.inner.lock_shared_range(start, end)
    }
    fn unlock_range(&self, start: Bound<u64>, end: Bound<u64>) -> Result<(), BackendError> {
        self.inner.unlock_range(start, end)
    }
    fn query_lock_range(&self, start: Bound<u64>, end: Bound<u64>) -> Result<bool, BackendError> {
        self.inner.query_lock_range(start, end)
    }
}

/// One open database and the flag its file raises when a write fails.
struct Opened {
    db: Database,
    failed: Arc<AtomicBool>,
}

/// The store's database, reopened after a failed write.
pub(crate) struct Reopening {
    path: PathBuf,
    space: Option<Arc<DiskSpace>>,
    current: RwLock<Option<Arc<Opened>>>,
    /// Raised by every write of the inventory's rows and by every reopening: a sync that knows
    /// the value after its own commit knows, when it finds it unchanged, that the rows are still
    /// what it wrote ([`super::inventory::SyncBasis`]).
    generation: AtomicU64,
    /// A reopened database whose session could not be begun yet (no room to write it): the
    /// next write begins it first.
    session_pending: AtomicBool,
}

impl Reopening {
    /// Opens (creating when absent) the database at `path`.
    pub(crate) fn open(path: &Path, space: Option<Arc<DiskSpace>>) -> Result<Self, StoreError> {
        let opened = open_file(path, space.clone())?;
        Ok(Reopening {
            path: path.to_path_buf(),
            space,
            current: RwLock::new(Some(Arc::new(opened))),
            generation: AtomicU64::new(next_generation()),
            session_pending: AtomicBool::new(false),
        })
    }

    /// Gives the inventory's rows a new generation (called inside the write that changes
    /// them) and returns (the one before, the new one).
    pub(crate) fn bump_generation(&self) -> (u64, u64) {
        let new = next_generation();
        (self.generation.swap(new, Ordering::SeqCst), new)
    }

    /// Ends the session on a healthy database (a durable commit that removes the open mark,
    /// persisting every commit before it). A failed database is left as it is: the next open
    /// finds the mark and treats the stop as unclean.
    pub(crate) fn end_session(&self) -> Result<(), StoreError> {
        let opened = {
            let current = self.current.read().unwrap_or_else(|p| p.into_inner());
            match current.as_ref() {
                Some(opened) if !opened.failed.load(Ordering::SeqCst) => opened.clone(),
                _ => return Ok(()),
            }
        };
        let txn = opened.db.begin_write()?;
        super::volatile::end_session(&txn)?;
        txn.commit()?;
        Ok(())
    }

    /// A read transaction on a healthy database.
    pub(crate) fn begin_read(&self) -> Result<ReadTransaction, StoreError> {
        let opened = self.healthy()?;
        Ok(opened.db.begin_read()?)
    }

    /// A write transaction on a healthy database.
    pub(crate) fn begin_write(&self) -> Result<WriteTransaction, StoreError> {
        let opened = self.healthy()?;
        if self.session_pending.load(Ordering::SeqCst) {
            begin_session(&opened.db)?;
            self.session_pending.store(false, Ordering::SeqCst);
        }
        Ok(opened.db.begin_write()?)
    }

    /// The open database, reopened first when a write of it failed.
    fn healthy(&self) -> Result<Arc<Opened>, StoreError> {
        {
            let current = self.current.read().unwrap_or_else(|p| p.into_inner());
            if let Some(opened) = current.as_ref()
                && !opened.failed.load(Ordering::SeqCst)
            {
                return Ok(opened.clone());
            }
        }
        let mut current = self.current.write().unwrap_or_else(|p| p.into_inner());
        if let Some(opened) = current.as_ref()
            && !opened.failed.load(Ordering::SeqCst)
        {
            return Ok(opened.clone());
        }
        // Closed first: the file's lock goes with it (once no transaction holds the old one).
        if current.take().is_some() {
            tracing::warn!(path = %self.path.display(), "a write to the store failed; reopening it from its last commit");
        }
        let opened = Arc::new(open_file(&self.path, self.space.clone())?);
        // The database is back at its last durable commit: the syncs after it are gone, and
        // with them revisions clients may have seen. The next write notes that first (a write
        // here could fail for want of room, and reads must go on).
        self.session_pending.store(true, Ordering::SeqCst);
        self.bump_generation();
        *current = Some(opened.clone());
        Ok(opened)
    }
}

/// Begins a session on `db` in a durable write of its own ([`super::volatile::begin_session`]).
fn begin_session(db: &Database) -> Result<(), StoreError> {
    let txn = db.begin_write()?;
    super::volatile::begin_session(&txn)?;
    txn.commit()?;
    Ok(())
}

/// A generation no other write of this process has had.
fn next_generation() -> u64 {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    NEXT.fetch_add(1, Ordering::SeqCst)
}

fn open_file(path: &Path, space: Option<Arc<DiskSpace>>) -> Result<Opened, StoreError> {
    let open_error = |source: DatabaseError| match source {
        DatabaseError::DatabaseAlreadyOpen => StoreError::AlreadyOpen {
            path: path.to_path_buf(),
        },
        other => StoreError::Open {
            path: path.to_path_buf(),
            source: Box::new(other),
        },
    };
    let file = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(path)
        .map_err(|e| open_error(DatabaseError::Storage(redb::StorageError::Io(e))))?;
    let failed = Arc::new(AtomicBool::new(false));
    let backend = WatchedFile {
        inner: FileBackend::new(file).map_err(open_error)?,
        failed: failed.clone(),
        space,
    };
    let db = Database::builder()
        .create_with_backend(backend)
        .map_err(open_error)?;
    Ok(Opened { db, failed })
}
