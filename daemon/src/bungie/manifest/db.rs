//! One manifest database opened read-only: its verification and raw row access.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};

use rusqlite::types::ValueRef;
use rusqlite::{Connection, OpenFlags, OptionalExtension};

use super::error::ManifestError;

/// The definition tables the daemon reads; a database lacking any of them is refused.
pub const REQUIRED_TABLES: [&str; 8] = [
    "DestinyInventoryItemDefinition",
    "DestinyInventoryBucketDefinition",
    "DestinyClassDefinition",
    "DestinyDamageTypeDefinition",
    "DestinyStatDefinition",
    "DestinyItemTierTypeDefinition",
    "DestinyActivityDefinition",
    "DestinyActivityModeDefinition",
];

/// The table the sample query reads.
const SAMPLE_TABLE: &str = "DestinyInventoryItemDefinition";

/// How thoroughly to check a database when opening it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Check {
    /// Integrity check, tables, sample query: for a freshly downloaded file.
    Full,
    /// Tables and sample query only: for a file that passed [`Check::Full`] before.
    Quick,
}

/// A read-only connection to one manifest database.
#[derive(Debug)]
pub(crate) struct ManifestDb {
    /// The connection. SQLite is opened without its own mutex, so this one serialises use.
    conn: Mutex<Connection>,
    /// The database file.
    path: PathBuf,
}

impl ManifestDb {
    /// Opens `path` read-only and checks it as `check` says.
    pub(crate) fn open(path: &Path, check: Check) -> Result<ManifestDb, ManifestError> {
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags)?;
        if check == Check::Full {
            integrity_check(&conn)?;
        }
        for table in REQUIRED_TABLES {
            check_table(&conn, table)?;
        }
        sample_query(&conn)?;
        Ok(ManifestDb {
            conn: Mutex::new(conn),
            path: path.to_path_buf(),
        })
    }

    /// The database file.
    pub(crate) fn path(&self) -> &Path {
        &self.path
    }

    /// The stored JSON of the definition `hash` in `table`, as bytes; `None` when absent.
    pub(crate) fn json(&self, table: &str, hash: u32) -> Result<Option<Vec<u8>>, ManifestError> {
        if !is_identifier(table) {
            return Err(ManifestError::BadTableName(table.to_string()));
        }
        let conn = self.conn.lock().unwrap_or_else(PoisonError::into_inner);
        let mut stmt = conn.prepare_cached(&format!("SELECT json FROM {table} WHERE id = ?1"))?;
        let id = i64::from(hash.cast_signed());
        Ok(stmt
            .query_row([id], |row| bytes_of(row.get_ref(0)?))
            .optional()?
            .flatten())
    }
}

impl ManifestDb {
    /// The stored JSON of every definition in `table` (at most `limit`): for the small tables
    /// one lists whole (loadout names, colours, icons).
    pub(crate) fn all_json(
        &self,
        table: &str,
        limit: usize,
    ) -> Result<Vec<Vec<u8>>, ManifestError> {
        if !is_identifier(table) {
            return Err(ManifestError::BadTableName(table.to_string()));
        }
        let conn = self.conn.lock().unwrap_or_else(PoisonError::into_inner);
        let mut stmt = conn.prepare_cached(&format!("SELECT json FROM {table} LIMIT ?1"))?;
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let rows = stmt.query_map([limit], |row| bytes_of(row.get_ref(0)?))?;
        let mut found = Vec::new();
        for row in rows {
            if let Some(bytes) = row? {
                found.push(bytes);
            }
        }
        Ok(found)
    }
}

/// Reads a `json` cell as bytes whether it was stored as BLOB or TEXT; NULL gives `None`.
fn bytes_of(value: ValueRef<'_>) -> rusqlite::Result<Option<Vec<u8>>> {
    match value {
        ValueRef::Blob(b) | ValueRef::Text(b) => Ok(Some(b.to_vec())),
        ValueRef::Null => Ok(None),
        other => Err(rusqlite::Error::InvalidColumnType(
            0,
            "json".to_string(),
            other.data_type(),
        )),
    }
}

/// True when `name` can be spliced into SQL as a table name.
pub(crate) fn is_identifier(name: &str) -> bool {
    !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Runs SQLite's quick integrity check.
fn integrity_check(conn: &Connection) -> Result<(), ManifestError> {
    let verdict: String = conn.query_row("PRAGMA quick_check", [], |row| row.get(0))?;
    if verdict == "ok" {
        Ok(())
    } else {
        Err(ManifestError::Corrupt(verdict))
    }
}

/// Checks that `table` exists with the `id` and `json` columns.
fn check_table(conn: &Connection, table: &str) -> Result<(), ManifestError> {
    let missing = || ManifestError::MissingTable(table.to_string());
    conn.prepare(&format!("SELECT id, json FROM {table} LIMIT 0"))
        .map_err(|_| missing())?;
    Ok(())
}

/// Reads one item definition and checks it is a JSON object.
fn sample_query(conn: &Connection) -> Result<(), ManifestError> {
    let json = conn
        .query_row(
            &format!("SELECT json FROM {SAMPLE_TABLE} LIMIT 1"),
            [],
            |row| bytes_of(row.get_ref(0)?),
        )
        .optional()?
        .flatten()
        .ok_or(ManifestError::EmptyItems)?;
    match serde_json::from_slice::<serde_json::Value>(&json) {
        Ok(serde_json::Value::Object(_)) => Ok(()),
        _ => Err(ManifestError::EmptyItems),
    }
}
