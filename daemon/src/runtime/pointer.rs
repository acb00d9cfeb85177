//! The daemon pointer: where a running daemon can be found (its port and data directory), written
//! by the daemon into the platform data directory at start and read by the command line.

use std::path::PathBuf;

/// Where a running daemon can be found: written by the daemon at start, read by the command line.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DaemonPointer {
    /// The protocol port.
    pub port: u16,
    /// The daemon's data directory (holding `admin.token`).
    pub data_dir: PathBuf,
    /// The daemon's process id.
    pub pid: u32,
}

/// The pointer file's name, in the platform data directory.
pub const POINTER_FILE: &str = "daemon.json";

impl DaemonPointer {
    /// Writes the pointer to `path` atomically (a temporary file beside it, persisted over the
    /// old one), creating its directory: a command line reading it meanwhile sees the old
    /// pointer or the new one, never a part of either.
    pub fn write_to(&self, path: &std::path::Path) -> std::io::Result<()> {
        use std::io::Write;
        let bytes = serde_json::to_vec(self).map_err(std::io::Error::other)?;
        let dir = path
            .parent()
            .ok_or_else(|| std::io::Error::other("the pointer path has no directory"))?;
        std::fs::create_dir_all(dir)?;
        let mut file = tempfile::NamedTempFile::new_in(dir)?;
        file.write_all(&bytes)?;
        file.persist(path).map_err(|e| e.error)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pointer_is_replaced_whole_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().expect("a directory");
        let path = dir.path().join("data").join(POINTER_FILE);
        let first = DaemonPointer {
            port: 1,
            data_dir: PathBuf::from("/one"),
            pid: 10,
        };
        let second = DaemonPointer {
            port: 2,
            data_dir: PathBuf::from("/two"),
            pid: 20,
        };
        first.write_to(&path).expect("written");
        second.write_to(&path).expect("written again");
        let read: DaemonPointer =
            serde_json::from_slice(&std::fs::read(&path).expect("read")).expect("JSON");
        assert_eq!(read, second);
        let files = std::fs::read_dir(path.parent().expect("a directory"))
            .expect("listed")
            .count();
        assert_eq!(files, 1, "only the pointer is left");
    }
}
