//! `current.json`: the small file naming the manifest in use (its version and database file).
//! Writing it (temp file, fsync, rename, fsync the directory) is the commit point of an install.

use std::io::Write;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::error::ManifestError;

/// The pointer file's name inside the manifest directory.
pub(crate) const POINTER_FILE: &str = "current.json";

/// What `current.json` holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Pointer {
    /// The manifest version (GetDestinyManifest's `version`).
    pub(crate) version: String,
    /// The database's file name inside the manifest directory.
    pub(crate) file: String,
}

/// True when `name` is a database file name we could have written: `world-<id>.sqlite3` with no
/// path separators, so a tampered pointer cannot reach outside the directory.
pub(crate) fn is_database_name(name: &str) -> bool {
    name.strip_prefix("world-")
        .and_then(|rest| rest.strip_suffix(".sqlite3"))
        .is_some_and(|id| !id.is_empty() && id.chars().all(|c| c.is_ascii_alphanumeric()))
}

/// Reads the pointer in `dir`; `Ok(None)` when there is none yet.
pub(crate) fn read(dir: &Path) -> Result<Option<Pointer>, ManifestError> {
    let path = dir.join(POINTER_FILE);
    let bytes = match std::fs::read(&path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(ManifestError::io("read", &path)(e)),
    };
    let bad = |reason: String| ManifestError::BadPointer {
        path: path.clone(),
        reason,
    };
    let pointer: Pointer = serde_json::from_slice(&bytes).map_err(|e| bad(e.to_string()))?;
    if !is_database_name(&pointer.file) {
        return Err(bad(format!(
            "{:?} is not a manifest database name",
            pointer.file
        )));
    }
    Ok(Some(pointer))
}

/// Replaces the pointer in `dir` atomically and durably.
pub(crate) fn write(dir: &Path, pointer: &Pointer) -> Result<(), ManifestError> {
    let path = dir.join(POINTER_FILE);
    let text = serde_json::to_vec_pretty(pointer).map_err(|e| ManifestError::BadPointer {
        path: path.clone(),
        reason: e.to_string(),
    })?;
    // Removed when dropped unless persisted over the pointer.
    let mut file = tempfile::Builder::new()
        .prefix(&format!("{POINTER_FILE}."))
        .suffix(".part")
        .tempfile_in(dir)
        .map_err(ManifestError::io("create", dir))?;
    file.write_all(&text)
        .map_err(ManifestError::io("write", file.path()))?;
    file.as_file()
        .sync_all()
        .map_err(ManifestError::io("sync", file.path()))?;
    file.persist(&path)
        .map_err(|e| ManifestError::io("rename", &path)(e.error))?;
    // The rename has happened: the pointer is the new one, so this is no failure of the
    // install, only a weaker promise about a crash in the next moments.
    if let Err(e) = sync_dir(dir) {
        tracing::warn!(error = %e, "the manifest pointer may not survive a crash");
    }
    Ok(())
}

/// Makes a rename inside `dir` durable (a no-op where directories cannot be opened).
pub(crate) fn sync_dir(dir: &Path) -> Result<(), ManifestError> {
    #[cfg(unix)]
    {
        let handle = std::fs::File::open(dir).map_err(ManifestError::io("open", dir))?;
        handle.sync_all().map_err(ManifestError::io("sync", dir))?;
    }
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_our_own_file_names_are_accepted() {
        assert!(is_database_name("world-0123abcd.sqlite3"));
        for bad in [
            "world-.sqlite3",
            "../world-a.sqlite3",
            "world-a/b.sqlite3",
            "x.sqlite3",
            "world-a.db",
        ] {
            assert!(!is_database_name(bad), "{bad}");
        }
    }

    #[test]
    fn a_written_pointer_reads_back_and_garbage_is_an_error() {
        let dir = tempfile::tempdir().expect("temp dir");
        assert_eq!(read(dir.path()).expect("no pointer yet"), None);
        let pointer = Pointer {
            version: "v1".into(),
            file: "world-abc.sqlite3".into(),
        };
        write(dir.path(), &pointer).expect("write");
        assert_eq!(read(dir.path()).expect("read"), Some(pointer));
        std::fs::write(dir.path().join(POINTER_FILE), b"{\"version\":1").expect("overwrite");
        assert!(matches!(
            read(dir.path()),
            Err(ManifestError::BadPointer { .. })
        ));
        std::fs::write(
            dir.path().join(POINTER_FILE),
            br#"{"version":"v","file":"/etc/passwd"}"#,
        )
        .expect("overwrite");
        assert!(matches!(
            read(dir.path()),
            Err(ManifestError::BadPointer { .. })
        ));
    }
}
