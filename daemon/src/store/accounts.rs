//! The Destiny accounts the signed-in Bungie user has, and the one the daemon manages.

use super::Store;
use super::codec::{decode, encode};
use super::error::StoreError;
use super::model::Account;
use super::schema::{ACCOUNTS, META, SELECTED_ACCOUNT_KEY, UNAVAILABLE_ACCOUNTS};
use redb::ReadableTable;

/// The accounts table key of an account (`"<membershipType>:<membershipId>"`).
pub fn account_key(account: &Account) -> String {
    format!("{}:{}", account.membership_type, account.membership_id)
}

impl Store {
    /// The selected account, if one is chosen.
    pub fn account(&self) -> Result<Option<Account>, StoreError> {
        let txn = self.read()?;
        let meta = txn.open_table(META)?;
        let Some(key) = meta.get(SELECTED_ACCOUNT_KEY)? else {
            return Ok(None);
        };
        let key: String = decode("meta", key.value())?;
        let accounts = txn.open_table(ACCOUNTS)?;
        let found = accounts.get(key.as_str())?;
        found.map(|v| decode("accounts", v.value())).transpose()
    }

    /// The key of the selected account, even when the accounts list does not hold it (a store
    /// rebuilt from the user-data journal knows the choice before it knows the accounts).
    pub fn selected_account_key(&self) -> Result<Option<String>, StoreError> {
        let txn = self.read()?;
        let meta = txn.open_table(META)?;
        let found = meta.get(SELECTED_ACCOUNT_KEY)?;
        found.map(|v| decode("meta", v.value())).transpose()
    }

    /// Replaces the list of accounts by `all` and the selection by `selected`, which must be one
    /// of them ([`StoreError::Invalid`] otherwise, writing nothing). The unavailable marks stay.
    pub fn set_accounts(
        &self,
        all: &[Account],
        selected: Option<&Account>,
    ) -> Result<(), StoreError> {
        self.write_accounts(all, selected, None)
    }

    /// [`Store::set_accounts`], and in the same transaction the marks of the accounts Bungie no
    /// longer serves replaced by `unavailable`.
    pub fn set_accounts_marking_unavailable(
        &self,
        all: &[Account],
        selected: Option<&Account>,
        unavailable: &[Account],
    ) -> Result<(), StoreError> {
        self.write_accounts(all, selected, Some(unavailable))
    }

    fn write_accounts(
        &self,
        all: &[Account],
        selected: Option<&Account>,
        unavailable: Option<&[Account]>,
    ) -> Result<(), StoreError> {
        if let Some(selected) = selected
            && !all.contains(selected)
        {
            return Err(StoreError::Invalid(format!(
                "the selected account {} ({}) is not among the accounts given",
                selected.display_name, selected.membership_id
            )));
        }
        let txn = self.write()?;
        {
            let mut accounts = txn.open_table(ACCOUNTS)?;
            accounts.retain(|_, _| false)?;
            for account in all {
                accounts.insert(
                    account_key(account).as_str(),
                    encode("accounts", account)?.as_slice(),
                )?;
            }
            let mut meta = txn.open_table(META)?;
            match selected {
                Some(selected) => {
                    meta.insert(
                        SELECTED_ACCOUNT_KEY,
                        encode("meta", &account_key(selected))?.as_slice(),
                    )?;
                }
                None => {
                    meta.remove(SELECTED_ACCOUNT_KEY)?;
                }
            }
            if let Some(unavailable) = unavailable {
                let mut marks = txn.open_table(UNAVAILABLE_ACCOUNTS)?;
                marks.retain(|_, _| false)?;
                for account in unavailable {
                    marks.insert(account_key(account).as_str(), 1)?;
                }
            }
        }
        txn.commit()?;
        self.journal_user_data();
        Ok(())
    }

    /// Whether `account` is marked as one Bungie no longer serves.
    pub fn is_unavailable(&self, account: &Account) -> Result<bool, StoreError> {
        let txn = self.read()?;
        let table = txn.open_table(UNAVAILABLE_ACCOUNTS)?;
        Ok(table.get(account_key(account).as_str())?.is_some())
    }

    /// Every known account, by membership type and id.
    pub fn accounts(&self) -> Result<Vec<Account>, StoreError> {
        let txn = self.read()?;
        let mut all = Vec::new();
        for entry in txn.open_table(ACCOUNTS)?.iter()? {
            all.push(decode::<Account>("accounts", entry?.1.value())?);
        }
        all.sort_by_key(|a| (a.membership_type, a.membership_id));
        Ok(all)
    }
}
