//! Starting the store afresh for another account: the inventory, the change log, the loadouts (its
//! own and the game's), the tags and notes and the sync metadata go; the revision counter, the paired clients and the settings stay. The
//! revision keeps counting up, so a client that asks `profile.changes` from before the reset is
//! told to take a snapshot (its revision is older than the emptied log holds).

use super::Store;
use super::changelog::read_rev;
use super::codec::encode;
use super::error::StoreError;
use super::schema::{
    ACCOUNTS, ANNOTATIONS, CAPACITY_KEY, CHANGES, CHARACTERS, GAME_LOADOUTS, ITEMS, ITEMS_BY_PLACE,
    LOADOUTS, META, PROGRESS, REV_KEY, SELECTED_ACCOUNT_KEY, SYNC_META_KEY,
};

/// The setting that names the Bungie.net account whose data the store holds.
const BUNGIE_ACCOUNT_SETTING: &str = "bungie_membership_id";

impl Store {
    /// The Bungie.net membership id whose data the store holds, if recorded.
    pub fn bungie_account(&self) -> Result<Option<i64>, StoreError> {
        Ok(self
            .setting(BUNGIE_ACCOUNT_SETTING)?
            .and_then(|text| text.parse().ok()))
    }

    /// Records the Bungie.net membership id whose data the store holds.
    pub fn set_bungie_account(&self, bungie_membership_id: i64) -> Result<(), StoreError> {
        self.set_setting(BUNGIE_ACCOUNT_SETTING, &bungie_membership_id.to_string())
    }

    /// Empties the game data in one transaction: inventory, change log, loadouts, sync metadata,
    /// and the Destiny accounts unless `keep_accounts`. The reset is itself a revision, with no
    /// entry in the log: every client's revision is then older than the log holds. Returns the
    /// new revision.
    pub fn reset_game_data(&self, keep_accounts: bool) -> Result<u64, StoreError> {
        let txn = self.write()?;
        self.db.bump_generation();
        {
            txn.open_table(CHARACTERS)?.retain(|_, _| false)?;
            txn.open_table(ITEMS)?.retain(|_, _| false)?;
            let mut places = txn.open_multimap_table(ITEMS_BY_PLACE)?;
            let keys: Vec<(u8, u64, u32)> = {
                use redb::ReadableMultimapTable;
                let mut keys = Vec::new();
                for entry in places.iter()? {
                    keys.push(entry?.0.value());
                }
                keys
            };
            for key in keys {
                places.remove_all(key)?;
            }
            txn.open_table(CHANGES)?.retain(|_, _| false)?;
            txn.open_table(LOADOUTS)?.retain(|_, _| false)?;
            // Tags and notes name the other account's items: they go with its loadouts.
            txn.open_table(ANNOTATIONS)?.retain(|_, _| false)?;
            txn.open_table(GAME_LOADOUTS)?.retain(|_, _| false)?;
            txn.open_table(PROGRESS)?.retain(|_, _| false)?;
            let mut meta = txn.open_table(META)?;
            let rev = read_rev(&meta)? + 1;
            meta.insert(REV_KEY, encode("meta", &rev)?.as_slice())?;
            meta.remove(SYNC_META_KEY)?;
            meta.remove(CAPACITY_KEY)?;
            if !keep_accounts {
                meta.remove(SELECTED_ACCOUNT_KEY)?;
                txn.open_table(ACCOUNTS)?.retain(|_, _| false)?;
            }
        }
        txn.commit()?;
        self.journal_user_data();
        self.rev()
    }
}
