//! [`ManifestStore`]: the manifest directory, its atomic install of a new version and the
//! lookups against whichever version is current.
//!
//! Install: spool the download (when it comes as a stream) to a temporary file, extract the
//! database to a temporary `world-<id>.sqlite3.<random>.part`, fsync, verify it fully, persist
//! it as `world-<id>.sqlite3` (`tempfile`'s atomic rename), open it,
//! then write `current.json` (the commit point) and swap it in. Lookups that started on the old
//! database finish on it; the old file is deleted once it is replaced. Any failure before the
//! commit removes the new files and leaves the old manifest current.

use std::any::Any;
use std::io::{Read, Seek};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError, RwLock};

use super::cache::HotCache;
use super::current::{self, Pointer};
use super::db::{Check, ManifestDb};
use super::defs::Definition;
use super::error::ManifestError;
use super::extract::extract_single_file;
use super::progress::{Progress, ProgressReader, Stage};

/// The largest database an install accepts unless told otherwise (the real one is ~150 MB).
pub const DEFAULT_MAX_DATABASE_BYTES: u64 = 2 << 30;

/// How many parsed definitions the hot cache keeps.
const HOT_CACHE_ENTRIES: usize = 8_192;

/// A cached definition of any type, keyed by its table and hash.
type CachedDef = Arc<dyn Any + Send + Sync>;

/// The manifest version in use, its database and its cache of parsed definitions.
#[derive(Debug)]
struct Loaded {
    /// GetDestinyManifest's `version` for this database.
    version: String,
    /// The open database.
    db: ManifestDb,
    /// Parsed definitions recently looked up.
    cache: Mutex<HotCache<(&'static str, u32), CachedDef>>,
}

impl Loaded {
    fn new(version: String, db: ManifestDb) -> Arc<Loaded> {
        Arc::new(Loaded {
            version,
            db,
            cache: Mutex::new(HotCache::new(HOT_CACHE_ENTRIES)),
        })
    }
}

/// The manifest directory and the database currently in use. Share it behind an `Arc`; every
/// method takes `&self`.
#[derive(Debug)]
pub struct ManifestStore {
    /// The directory holding `current.json` and the databases.
    dir: PathBuf,
    /// The largest database an install accepts.
    max_database_bytes: u64,
    /// The manifest in use, if any.
    current: RwLock<Option<Arc<Loaded>>>,
    /// Serialises installs, so two never race on `current.json`.
    install_lock: Mutex<()>,
    /// Raised by every install: which definitions answer lookups ([`ManifestStore::generation`]).
    generation: AtomicU64,
}

impl ManifestStore {
    /// Opens (creating if needed) the manifest directory `dir` and loads the manifest that
    /// `current.json` names. A missing, unreadable or damaged one is not an error: the store
    /// starts empty (see [`ManifestStore::needs_update`]) and says why in the log. Leftovers of
    /// interrupted installs are removed.
    pub fn open(dir: impl Into<PathBuf>) -> Result<ManifestStore, ManifestError> {
        let dir = dir.into();
        std::fs::create_dir_all(&dir).map_err(ManifestError::io("create", &dir))?;
        let loaded = match load_pointed(&dir) {
            Ok(loaded) => loaded,
            Err(e) => {
                tracing::warn!(error = %e, "the stored manifest is unusable; it will be downloaded again");
                None
            }
        };
        let keep = loaded.as_ref().map(|l| l.db.path().to_path_buf());
        remove_leftovers(&dir, keep.as_deref());
        Ok(ManifestStore {
            dir,
            max_database_bytes: DEFAULT_MAX_DATABASE_BYTES,
            current: RwLock::new(loaded),
            install_lock: Mutex::new(()),
            generation: AtomicU64::new(0),
        })
    }

    /// Sets the largest database an install accepts (a guard against a zip bomb).
    pub fn with_max_database_bytes(mut self, bytes: u64) -> ManifestStore {
        self.max_database_bytes = bytes;
        self
    }

    /// The manifest directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The version in use, if a manifest is installed.
    pub fn version(&self) -> Option<String> {
        self.loaded().map(|l| l.version.clone())
    }

    /// True when `version` (GetDestinyManifest's) is not the one in use, or none is installed.
    pub fn needs_update(&self, version: &str) -> bool {
        self.loaded().is_none_or(|l| l.version != version)
    }

    /// Installs the manifest zip `zip` as `version`. On any error the previous manifest stays
    /// in use. `progress` hears the extract and verify stages.
    pub fn install_bytes(
        &self,
        version: &str,
        zip: &[u8],
        progress: &mut dyn FnMut(Progress),
    ) -> Result<(), ManifestError> {
        self.install_archive(version, std::io::Cursor::new(zip), progress)
    }

    /// Installs the manifest zip read from `download` (e.g. an HTTP body) as `version`.
    /// `total` is the expected size when known. The stream is spooled to a temporary file in
    /// the manifest directory first; `progress` hears download, extract and verify. On any
    /// error (including the stream failing part-way) the previous manifest stays in use.
    pub fn install_reader(
        &self,
        version: &str,
        download: impl Read,
        total: Option<u64>,
        progress: &mut dyn FnMut(Progress),
    ) -> Result<(), ManifestError> {
        // Removed when dropped, whatever happens.
        let mut spool = tempfile::Builder::new()
            .prefix("download-")
            .suffix(".zip.part")
            .tempfile_in(&self.dir)
            .map_err(ManifestError::io("create", &self.dir))?;
        let spool_path = spool.path().to_path_buf();
        let file = spool.as_file_mut();
        let mut reader = ProgressReader::new(download, Stage::Download, total, progress);
        std::io::copy(&mut reader, file).map_err(ManifestError::io("download", &spool_path))?;
        file.rewind()
            .map_err(ManifestError::io("read", &spool_path))?;
        self.install_archive(version, file, progress)
    }

    /// The definition `hash` of type `T`, from the cache or the database; `Ok(None)` when the
    /// manifest has no such definition. A definition that does not parse is an error for this
    /// lookup only.
    pub fn lookup<T: Definition>(&self, hash: u32) -> Result<Option<Arc<T>>, ManifestError> {
        let loaded = self.loaded().ok_or(ManifestError::NotInstalled)?;
        let key = (T::TABLE, hash);
        let cached = loaded
            .cache
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(&key);
        if let Some(def) = cached.and_then(|any| any.downcast::<T>().ok()) {
            return Ok(Some(def));
        }
        let Some(json) = loaded.db.json(T::TABLE, hash)? else {
            return Ok(None);
        };
        let def: Arc<T> = Arc::new(serde_json::from_slice(&json).map_err(|source| {
            ManifestError::BadDefinition {
                table: T::TABLE,
                hash,
                source,
            }
        })?);
        let any: CachedDef = def.clone();
        loaded
            .cache
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(key, any);
        Ok(Some(def))
    }

    /// [`lookup`](Self::lookup) where a missing definition and a failed read read alike: `None`
    /// without a manifest or such a definition; a read that failed (the database, a definition
    /// that does not parse) is logged, then read as none.
    pub fn find<T: Definition>(&self, hash: u32) -> Option<Arc<T>> {
        match self.lookup::<T>(hash) {
            Ok(found) => found,
            Err(ManifestError::NotInstalled) => None,
            Err(e) => {
                tracing::debug!(
                    table = T::TABLE,
                    hash,
                    "a manifest definition is unreadable: {e}"
                );
                None
            }
        }
    }

    /// [`all`](Self::all), empty without a manifest; a read that failed is logged, then read as
    /// empty.
    pub fn all_or_empty<T: Definition>(&self, limit: usize) -> Vec<T> {
        match self.all::<T>(limit) {
            Ok(rows) => rows,
            Err(ManifestError::NotInstalled) => Vec::new(),
            Err(e) => {
                tracing::warn!(table = T::TABLE, "a manifest table is unreadable: {e}");
                Vec::new()
            }
        }
    }

    /// Every definition of a small table (at most `limit`); rows that do not parse are skipped.
    pub fn all<T: Definition>(&self, limit: usize) -> Result<Vec<T>, ManifestError> {
        let loaded = self.loaded().ok_or(ManifestError::NotInstalled)?;
        Ok(loaded
            .db
            .all_json(T::TABLE, limit)?
            .iter()
            .filter_map(|json| serde_json::from_slice(json).ok())
            .collect())
    }

    /// The stored JSON bytes of definition `hash` in `table`, exactly as the database holds
    /// them; `Ok(None)` when absent.
    pub fn raw_json(&self, table: &str, hash: u32) -> Result<Option<Vec<u8>>, ManifestError> {
        self.loaded()
            .ok_or(ManifestError::NotInstalled)?
            .db
            .json(table, hash)
    }

    /// Which definitions answer lookups: raised by every install, so that what was made from
    /// the old ones is known to be out of date.
    pub fn generation(&self) -> u64 {
        self.generation.load(Ordering::SeqCst)
    }

    /// The manifest in use, if any.
    fn loaded(&self) -> Option<Arc<Loaded>> {
        self.current
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// Extracts, verifies, commits and swaps in the archive `archive` as `version`.
    fn install_archive<R: Read + Seek>(
        &self,
        version: &str,
        archive: R,
        progress: &mut dyn FnMut(Progress),
    ) -> Result<(), ManifestError> {
        let _installing = self
            .install_lock
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        let id = uuid::Uuid::new_v4().simple().to_string();
        let file = format!("world-{id}.sqlite3");
        let path = self.dir.join(&file);
        let committed = (|| {
            // Removed when dropped unless persisted under its final name.
            let mut part = tempfile::Builder::new()
                .prefix(&format!("{file}."))
                .suffix(".part")
                .tempfile_in(&self.dir)
                .map_err(ManifestError::io("create", &self.dir))?;
            let part_path = part.path().to_path_buf();
            extract_single_file(
                archive,
                part.as_file_mut(),
                &part_path,
                self.max_database_bytes,
                progress,
            )?;
            progress(Progress {
                stage: Stage::Verify,
                done: 0,
                total: None,
            });
            drop(ManifestDb::open(&part_path, Check::Full)?);
            part.persist(&path)
                .map_err(|e| ManifestError::io("rename", &part_path)(e.error))?;
            current::sync_dir(&self.dir)?;
            let db = ManifestDb::open(&path, Check::Quick)?;
            current::write(
                &self.dir,
                &Pointer {
                    version: version.to_string(),
                    file,
                },
            )?;
            Ok(db)
        })();
        let db = match committed {
            Ok(db) => db,
            Err(e) => {
                let _ = std::fs::remove_file(&path);
                return Err(e);
            }
        };
        let new = Loaded::new(version.to_string(), db);
        let old = self
            .current
            .write()
            .unwrap_or_else(PoisonError::into_inner)
            .replace(new);
        self.generation.fetch_add(1, Ordering::SeqCst);
        if let Some(old) = old {
            // Lookups still holding the old database keep reading it; on Unix the file goes
            // once they are done, elsewhere the next open sweeps it up.
            let _ = std::fs::remove_file(old.db.path());
        }
        tracing::info!(version, "manifest installed");
        Ok(())
    }
}

/// Loads the database `current.json` in `dir` names, if any.
fn load_pointed(dir: &Path) -> Result<Option<Arc<Loaded>>, ManifestError> {
    let Some(pointer) = current::read(dir)? else {
        return Ok(None);
    };
    let db = ManifestDb::open(&dir.join(&pointer.file), Check::Quick)?;
    Ok(Some(Loaded::new(pointer.version, db)))
}

/// Removes partial files and databases other than `keep` from `dir`, best effort.
fn remove_leftovers(dir: &Path, keep: Option<&Path>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let ours = name.ends_with(".part") || current::is_database_name(&name);
        if ours && Some(path.as_path()) != keep {
            let _ = std::fs::remove_file(&path);
        }
    }
}
