//! The real 2017 manifest rows (`manifest-sqlite-rows-2017/`) as tables for the simulator's
//! manifest builder, with the signed ids the dump recorded.

use std::path::Path;

use vault_raider::bungie::manifest::REQUIRED_TABLES;
use vault_raider_sim::manifest_db::ManifestTable;

/// The tables read from the dump: the ones the daemon needs, all id-keyed (the dump's
/// historical-stats table is keyed by text instead and the daemon does not read it).
pub const TABLES: [&str; 8] = REQUIRED_TABLES;

/// One row as the dump recorded it.
pub struct Row {
    /// The SQLite id in the dump.
    pub id: i64,
    /// The definition hash (`json.hash`).
    pub hash: u32,
    /// The definition.
    pub json: serde_json::Value,
}

/// Reads `<data>/manifest-sqlite-rows-2017/<table>.rows.json`.
pub fn read_rows(data: &Path, table: &str) -> Vec<Row> {
    let path = data
        .join("manifest-sqlite-rows-2017")
        .join(format!("{table}.rows.json"));
    let text = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut file: serde_json::Value = serde_json::from_slice(&text).expect("rows file is JSON");
    let rows = file
        .get_mut(table)
        .and_then(|v| v.as_array_mut())
        .map(std::mem::take);
    rows.expect("rows file holds its table")
        .into_iter()
        .map(|row| {
            let id = row["id"].as_i64().expect("row id");
            let hash = row["json"]["hash"]
                .as_u64()
                .and_then(|h| u32::try_from(h).ok());
            Row {
                id,
                hash: hash.expect("definition hash"),
                json: row["json"].clone(),
            }
        })
        .collect()
}

/// Every table of [`TABLES`], ready for the zip builder.
pub fn all_tables(data: &Path) -> Vec<ManifestTable> {
    TABLES
        .iter()
        .map(|&name| ManifestTable {
            name: name.to_string(),
            rows: read_rows(data, name)
                .into_iter()
                .map(|r| (r.hash, r.json))
                .collect(),
        })
        .collect()
}
