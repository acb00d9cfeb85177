//! The daily copies of the player's own data: `backups/user-data-<YYYY-MM-DD>.json` in the data
//! directory, one per day the daemon runs (written at start and checked hourly), the last
//! [`KEPT_COPIES`] kept. They guard against a change the player regrets (a loadout deleted, tags
//! overwritten by an import), which the journal, always current, cannot undo.

use crate::store::Store;
use crate::store::journal::write_document;
use chrono::{DateTime, NaiveDate, Utc};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

/// How many daily copies are kept.
pub const KEPT_COPIES: usize = 7;
/// The folder of the copies, in the data directory.
pub const BACKUPS_DIR: &str = "backups";
const PREFIX: &str = "user-data-";
const HOURLY: Duration = Duration::from_secs(3600);

/// Writes today's copy when there is none yet, then keeps the newest [`KEPT_COPIES`]. Returns the
/// copy written, if one was.
pub fn write_daily_copy(
    store: &Store,
    data_dir: &Path,
    now: DateTime<Utc>,
) -> std::io::Result<Option<PathBuf>> {
    let dir = data_dir.join(BACKUPS_DIR);
    std::fs::create_dir_all(&dir)?;
    let today = dir.join(format!("{PREFIX}{}.json", now.date_naive()));
    let written = if today.exists() {
        None
    } else {
        let data = store
            .export_user_data(now)
            .map_err(|e| std::io::Error::other(e.to_string()))?;
        write_document(&today, &data)?;
        Some(today)
    };
    prune(&dir)?;
    Ok(written)
}

/// Removes all but the newest [`KEPT_COPIES`] dated copies (other files are left alone).
fn prune(dir: &Path) -> std::io::Result<()> {
    let mut copies: Vec<(NaiveDate, PathBuf)> = std::fs::read_dir(dir)?
        .filter_map(|entry| {
            let path = entry.ok()?.path();
            let name = path.file_name()?.to_str()?;
            let date = name.strip_prefix(PREFIX)?.strip_suffix(".json")?;
            Some((date.parse().ok()?, path))
        })
        .collect();
    copies.sort();
    let extra = copies.len().saturating_sub(KEPT_COPIES);
    for (_, path) in copies.into_iter().take(extra) {
        std::fs::remove_file(path)?;
    }
    Ok(())
}

/// Writes the day's copy at start and then checks every hour, until `stop`.
pub async fn run(
    store: Arc<Store>,
    data_dir: PathBuf,
    clock: crate::clock::SharedClock,
    stop: tokio_util::sync::CancellationToken,
) {
    loop {
        let (store2, dir, now) = (store.clone(), data_dir.clone(), clock());
        let written =
            tokio::task::spawn_blocking(move || write_daily_copy(&store2, &dir, now)).await;
        match written {
            Ok(Ok(Some(path))) => {
                tracing::info!(path = %path.display(), "wrote the daily copy of the player's data")
            }
            Ok(Ok(None)) => {}
            Ok(Err(error)) => {
                tracing::warn!(%error, "could not write the daily copy of the player's data")
            }
            Err(error) => tracing::warn!(%error, "the daily copy task failed"),
        }
        tokio::select! {
            () = stop.cancelled() => return,
            () = tokio::time::sleep(HOURLY) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn one_copy_a_day_and_the_last_seven_kept() {
        let dir = tempfile::tempdir().expect("dir");
        let store = Store::open(&dir.path().join("store.redb")).expect("store");
        store.set_setting("farming", "1").expect("setting");
        let day = |d: u32| {
            Utc.with_ymd_and_hms(2026, 12, d, 9, 0, 0)
                .single()
                .expect("date")
        };
        std::fs::create_dir_all(dir.path().join(BACKUPS_DIR)).expect("dir");
        std::fs::write(dir.path().join(BACKUPS_DIR).join("notes.txt"), "mine").expect("write");
        for d in 1..=10 {
            let first = write_daily_copy(&store, dir.path(), day(d)).expect("copy");
            assert!(first.is_some(), "day {d} gets its copy");
            let again = write_daily_copy(&store, dir.path(), day(d)).expect("copy");
            assert_eq!(again, None, "one a day");
        }
        let mut names: Vec<String> = std::fs::read_dir(dir.path().join(BACKUPS_DIR))
            .expect("list")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        let expected: Vec<String> = ["notes.txt".to_string()]
            .into_iter()
            .chain((4..=10).map(|d| format!("user-data-2026-12-{d:02}.json")))
            .collect();
        assert_eq!(names, expected);
        let copy = std::fs::read(
            dir.path()
                .join(BACKUPS_DIR)
                .join("user-data-2026-12-10.json"),
        )
        .expect("read");
        let data = crate::store::user_data::UserData::from_json(&copy).expect("a document");
        assert_eq!(data.settings.get("farming").map(String::as_str), Some("1"));
    }
}
