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
