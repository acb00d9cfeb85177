//! Builds the manifest download the way Bungie ships it: one SQLite database, with one table per
//! definition type shaped `(id INTEGER PRIMARY KEY, json BLOB)` and keyed by the definition hash
//! reinterpreted as a signed 32-bit integer, inside a zip archive holding that single file.

use std::io::Write;

/// One definition table to write into the manifest database.
#[derive(Debug, Clone)]
pub struct ManifestTable {
    /// The table name, the definition type's full name (`DestinyInventoryItemDefinition`).
    pub name: String,
    /// The rows: definition hash and the definition's JSON.
    pub rows: Vec<(u32, serde_json::Value)>,
}

/// What can go wrong while building the manifest archive.
#[derive(Debug, thiserror::Error)]
pub enum ManifestBuildError {
    /// SQLite refused something.
    #[error("manifest database: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// The temporary file could not be written or read.
    #[error("manifest file: {0}")]
    Io(#[from] std::io::Error),
    /// The zip writer failed.
    #[error("manifest archive: {0}")]
    Zip(#[from] zip::result::ZipError),
    /// A table name that is not a plain identifier.
    #[error("manifest table name {0:?} is not a plain identifier")]
    BadTableName(String),
}

/// The SQLite row id Bungie uses for a definition hash: the hash's bits read as an `i32`.
pub fn signed_id(hash: u32) -> i64 {
    i64::from(hash as i32)
}

/// Writes `tables` into a fresh SQLite database and returns a zip archive holding it as
/// `db_file_name`.
pub fn build_manifest_zip(
    tables: &[ManifestTable],
    db_file_name: &str,
) -> Result<Vec<u8>, ManifestBuildError> {
    build_padded_manifest_zip(tables, db_file_name, 0)
}

/// The name of the table that pads the database to a real manifest's size.
pub const PADDING_TABLE: &str = "SimPaddingContent";
/// The size of one padding row.
const PADDING_ROW: usize = 64 * 1024;

/// Incompressible (seeded, so reproducible) blobs adding up to `bytes` in [`PADDING_TABLE`], so
/// that the archive is about as large as the database.
fn write_padding(path: &std::path::Path, bytes: usize) -> Result<(), ManifestBuildError> {
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move || {
        // splitmix64
        state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    };
    let mut conn = rusqlite::Connection::open(path)?;
    let tx = conn.transaction()?;
    tx.execute_batch(&format!(
        "CREATE TABLE {PADDING_TABLE} (id INTEGER PRIMARY KEY NOT NULL, json BLOB)"
    ))?;
    {
        let mut insert = tx.prepare(&format!(
            "INSERT INTO {PADDING_TABLE} (id, json) VALUES (?1, ?2)"
        ))?;
        for n in 0..bytes.div_ceil(PADDING_ROW) {
            let blob: Vec<u8> = (0..PADDING_ROW / 8)
                .flat_map(|_| next().to_le_bytes())
                .collect();
            insert.execute(rusqlite::params![n as i64, blob])?;
        }
    }
    tx.commit()?;
    Ok(())
}

/// [`build_manifest_zip`] with `pad_bytes` of padding content in its own table.
pub fn build_padded_manifest_zip(
    tables: &[ManifestTable],
    db_file_name: &str,
    pad_bytes: usize,
) -> Result<Vec<u8>, ManifestBuildError> {
    let sqlite = build_padded_sqlite(tables, pad_bytes)?;
    let mut out = std::io::Cursor::new(Vec::new());
    {
        let mut zip = zip::ZipWriter::new(&mut out);
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        zip.start_file(db_file_name, options)?;
        zip.write_all(&sqlite)?;
        zip.finish()?;
    }
    Ok(out.into_inner())
}

/// Writes `tables` into a fresh SQLite database file and returns the file's bytes.
pub fn build_sqlite(tables: &[ManifestTable]) -> Result<Vec<u8>, ManifestBuildError> {
    build_padded_sqlite(tables, 0)
}

/// [`build_sqlite`] with `pad_bytes` of padding.
fn build_padded_sqlite(
    tables: &[ManifestTable],
    pad_bytes: usize,
) -> Result<Vec<u8>, ManifestBuildError> {
    let dir = std::env::temp_dir().join(format!("vr-manifest-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir)?;
    let path = dir.join("world.sqlite3");
    let result = write_tables(&path, tables)
        .and_then(|()| {
            if pad_bytes > 0 {
                write_padding(&path, pad_bytes)
            } else {
                Ok(())
            }
        })
        .and_then(|()| Ok(std::fs::read(&path)?));
    let _ = std::fs::remove_dir_all(&dir);
    result
}

fn write_tables(
    path: &std::path::Path,
    tables: &[ManifestTable],
) -> Result<(), ManifestBuildError> {
    let mut conn = rusqlite::Connection::open(path)?;
    let tx = conn.transaction()?;
    for table in tables {
        if table.name.is_empty()
            || !table
                .name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_')
        {
            return Err(ManifestBuildError::BadTableName(table.name.clone()));
        }
        tx.execute_batch(&format!(
            "CREATE TABLE {} (id INTEGER PRIMARY KEY NOT NULL, json BLOB)",
            table.name
        ))?;
        let mut insert = tx.prepare(&format!(
            "INSERT INTO {} (id, json) VALUES (?1, ?2)",
            table.name
        ))?;
        for (hash, json) in &table.rows {
            let text = serde_json::to_vec(json).map_err(std::io::Error::other)?;
            insert.execute(rusqlite::params![signed_id(*hash), text])?;
        }
    }
    tx.commit()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_come_back_under_their_signed_ids() {
        let tables = vec![ManifestTable {
            name: "DestinyInventoryItemDefinition".into(),
            rows: vec![
                (
                    2_362_471_601,
                    serde_json::json!({"hash": 2_362_471_601u32, "n": "Rat King"}),
                ),
                (17, serde_json::json!({"hash": 17})),
            ],
        }];
        let zip_bytes = build_manifest_zip(&tables, "world_sql_content_test.content").unwrap();
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(zip_bytes)).unwrap();
        assert_eq!(archive.len(), 1);
        let mut db = Vec::new();
        std::io::Read::read_to_end(&mut archive.by_index(0).unwrap(), &mut db).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m.sqlite3");
        std::fs::write(&path, db).unwrap();
        let conn = rusqlite::Connection::open(&path).unwrap();
        let json: Vec<u8> = conn
            .query_row(
                "SELECT json FROM DestinyInventoryItemDefinition WHERE id = ?1",
                [-1_932_495_695i64],
                |r| r.get(0),
            )
            .unwrap();
        let value: serde_json::Value = serde_json::from_slice(&json).unwrap();
        assert_eq!(value["n"], "Rat King");
    }

    #[test]
    fn refuses_a_table_name_that_is_not_an_identifier() {
        let tables = vec![ManifestTable {
            name: "x; DROP".into(),
            rows: vec![],
        }];
        assert!(matches!(
            build_sqlite(&tables),
            Err(ManifestBuildError::BadTableName(_))
        ));
    }
}
