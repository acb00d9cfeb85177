//! What can go wrong while installing or reading the manifest.

use std::path::PathBuf;

/// An error of the manifest layer. An install that fails with any of these leaves the previous
/// manifest in place and in use.
#[derive(Debug, thiserror::Error)]
pub enum ManifestError {
    /// A file or directory operation failed.
    #[error("manifest: could not {action} {path}: {source}")]
    Io {
        /// What was being done ("write", "rename"…).
        action: &'static str,
        /// The file or directory involved.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },
    /// The download is not a readable zip archive (corrupt or cut short).
    #[error("the manifest download is not a readable zip archive ({0}); download it again")]
    Zip(#[from] zip::result::ZipError),
    /// The archive does not hold exactly one file.
    #[error("the manifest archive holds {0} files where one database was expected")]
    ArchiveEntries(usize),
    /// The database inside the archive is larger than the configured limit.
    #[error("the manifest database is larger than the limit of {limit} bytes")]
    TooLarge {
        /// The limit in bytes.
        limit: u64,
    },
    /// The file inside the archive is not an SQLite database.
    #[error("the file in the manifest archive is not an SQLite database")]
    NotSqlite,
    /// SQLite refused the database or a query.
    #[error("manifest database: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// SQLite's integrity check found damage.
    #[error("the manifest database is damaged: {0}")]
    Corrupt(String),
    /// A table the daemon reads is missing or not shaped `(id, json)`.
    #[error("the manifest database has no usable table {0}")]
    MissingTable(String),
    /// The item table has no row that parses, so the database cannot be the real thing.
    #[error("the manifest database's sample query found no readable item definition")]
    EmptyItems,
    /// No manifest has been installed yet.
    #[error("no manifest is installed yet")]
    NotInstalled,
    /// A table name that is not a plain identifier (it would be spliced into SQL).
    #[error("{0:?} is not a manifest table name")]
    BadTableName(String),
    /// One stored definition is not the JSON its type expects.
    #[error("definition {hash} in {table} does not parse: {source}")]
    BadDefinition {
        /// The table it came from.
        table: &'static str,
        /// The definition hash that was looked up.
        hash: u32,
        /// What the JSON decoder said.
        #[source]
        source: serde_json::Error,
    },
    /// `current.json` is unreadable or names something that is not a manifest file.
    #[error("manifest pointer {path} is unusable: {reason}")]
    BadPointer {
        /// The pointer file.
        path: PathBuf,
        /// What is wrong with it.
        reason: String,
    },
}

impl ManifestError {
    /// A closure that wraps an I/O error with what was being done and to which path.
    pub(crate) fn io(
        action: &'static str,
        path: &std::path::Path,
    ) -> impl FnOnce(std::io::Error) -> ManifestError + use<> {
        let path = path.to_path_buf();
        move |source| ManifestError::Io {
            action,
            path,
            source,
        }
    }
}
