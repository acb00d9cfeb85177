//! `vault-raider backup` and `vault-raider restore`: the player's own data as one JSON document
//! (`store::user_data`).
//!
//! A backup reads the store when no daemon holds it, and otherwise the daemon's user-data
//! journal, which the daemon rewrites after every change of that data (so it is current). A
//! restore needs the store to itself: it refuses while a daemon runs on the data directory.

use super::args::{BackupArgs, RestoreArgs};
use crate::config::Config;
use crate::runtime::store_open::{STORE_FILE, open_store};
use crate::store::journal::{JOURNAL_FILE, read_document, write_document};
use crate::store::user_data::UserData;
use crate::store::{Store, StoreError};
use std::path::{Path, PathBuf};

fn data_dir(given: &Option<PathBuf>, config: &Config) -> anyhow::Result<PathBuf> {
    let mut config = config.clone();
    if let Some(dir) = given {
        config.data_dir = Some(dir.clone());
    }
    config
        .data_dir()
        .ok_or_else(|| anyhow::anyhow!("no data directory: pass --data-dir"))
}

/// Writes the player's data to `--out`.
pub fn backup(args: &BackupArgs, config: &Config) -> anyhow::Result<()> {
    let dir = data_dir(&args.data_dir, config)?;
    let data = read_user_data(&dir)?;
    write_document(&args.out, &data)
        .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", args.out.display()))?;
    println!("Wrote {} to {}.", data.counts(), args.out.display());
    Ok(())
}

/// The player's data in `dir`: from the store when it is free, from the running daemon's
/// journal when a daemon holds it.
fn read_user_data(dir: &Path) -> anyhow::Result<UserData> {
    let store_path = dir.join(STORE_FILE);
    if !store_path.exists() {
        return read_document(&dir.join(JOURNAL_FILE))?.ok_or_else(|| {
            anyhow::anyhow!(
                "no Vault Raider store in {}: nothing to back up",
                dir.display()
            )
        });
    }
    match Store::open(&store_path) {
        Ok(store) => Ok(store.export_user_data(crate::clock::system()())?),
        Err(StoreError::AlreadyOpen { .. }) => read_document(&dir.join(JOURNAL_FILE))?
            .ok_or_else(|| {
                anyhow::anyhow!(
                    "the running daemon has not written its user-data journal ({JOURNAL_FILE}) yet; try again in a moment"
                )
            }),
        Err(e) => Err(e.into()),
    }
}

/// Replaces the player's data with the file's.
pub fn restore(args: &RestoreArgs, config: &Config) -> anyhow::Result<()> {
    let dir = data_dir(&args.data_dir, config)?;
    let bytes = std::fs::read(&args.file)
        .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", args.file.display()))?;
    let data = UserData::from_json(&bytes)?;
    crate::private_dir::prepare(&dir)?;
    let store = match open_store(&dir, &crate::clock::system()) {
        Ok((store, _)) => store,
        Err(StoreError::AlreadyOpen { .. }) => anyhow::bail!(
            "a Vault Raider daemon is running on {}: stop it first, then restore (it would not see the restored data)",
            dir.display()
        ),
        Err(e) => return Err(e.into()),
    };
    let counts = store.replace_user_data(&data)?;
    println!(
        "Restored {counts} (written {}).",
        data.exported_at.format("%Y-%m-%d %H:%M UTC")
    );
    Ok(())
}
