//! The store's one error type: what can go wrong opening, reading or writing the redb file.

use super::model::ItemId;
use chrono::{DateTime, Utc};
use std::path::PathBuf;

/// Everything the store can fail with.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// Another process (or another `Store` in this one) holds the file: only one daemon may run
    /// per data directory.
    #[error(
        "the store {path} is already in use by another Vault Raider daemon; stop that one first (only one may run per data directory)"
    )]
    AlreadyOpen {
        /// The store file.
        path: PathBuf,
    },
    /// The file could not be opened or created (missing directory, not a redb file, I/O).
    #[error("cannot open the store {path}: {source}")]
    Open {
        /// The store file.
        path: PathBuf,
        /// What redb said.
        #[source]
        source: Box<redb::DatabaseError>,
    },
    /// The file was written by a newer Vault Raider.
    #[error(
        "the store {path} has schema version {found}, newer than this Vault Raider understands (up to {supported}); upgrade Vault Raider"
    )]
    SchemaTooNew {
        /// The store file.
        path: PathBuf,
        /// The version in the file.
        found: u64,
        /// The newest version this build reads.
        supported: u64,
    },
    /// The file carries a schema version no migration starts from, or no version at all although
    /// it holds data.
    #[error(
        "the store {path} has schema version {found}, which this Vault Raider cannot migrate (it reads version {supported}); move the file aside to start afresh"
    )]
    SchemaUnsupported {
        /// The store file.
        path: PathBuf,
        /// The version in the file (0 when absent).
        found: u64,
        /// The version this build reads.
        supported: u64,
    },
    /// The disk holding the store is full (or the user's quota is used up): nothing was written.
    /// Reads go on; the store writes again by itself once there is room.
    #[error(
        "the disk holding Vault Raider's store is full, so the latest changes could not be saved (nothing saved before is lost); free some space and it saves again by itself"
    )]
    DiskFull(#[source] Box<redb::Error>),
    /// redb failed (I/O, a corrupt page, a transaction error).
    #[error("store database error: {0}")]
    Db(#[from] Box<redb::Error>),
    /// A stored record does not decode: the file is damaged or was written by another build.
    #[error("a stored record in table `{table}` is damaged: {source}")]
    Corrupt {
        /// The table holding it.
        table: &'static str,
        /// What postcard said.
        #[source]
        source: postcard::Error,
    },
    /// A value could not be encoded.
    #[error("cannot encode a record for table `{table}`: {source}")]
    Encode {
        /// The table it was meant for.
        table: &'static str,
        /// What postcard said.
        #[source]
        source: postcard::Error,
    },
    /// A profile response not newer than the one already stored: Bungie's cache handed back an
    /// old copy. Nothing was written.
    #[error(
        "stale profile response (minted {minted}, the store already holds one minted {stored}); ignored"
    )]
    StaleResponse {
        /// The response's `responseMintedTimestamp`.
        minted: DateTime<Utc>,
        /// The stored one.
        stored: DateTime<Utc>,
    },
    /// A change names an item the store does not hold. Nothing was written.
    #[error("no item {0} in the store")]
    UnknownItem(ItemId),
    /// A change adds an item the store already holds, or an inventory lists one id twice.
    /// Nothing was written.
    #[error("item {0} is already in the store")]
    DuplicateItem(ItemId),
    /// An argument the store cannot accept (explained in the message). Nothing was written.
    #[error("{0}")]
    Invalid(String),
}

macro_rules! from_redb {
    ($($t:ty),*) => {$(
        impl From<$t> for StoreError {
            fn from(e: $t) -> Self {
                StoreError::from(redb::Error::from(e))
            }
        }
    )*};
}

impl From<redb::Error> for StoreError {
    fn from(e: redb::Error) -> Self {
        let full = matches!(&e, redb::Error::Io(io) if matches!(
            io.kind(),
            std::io::ErrorKind::StorageFull | std::io::ErrorKind::QuotaExceeded
        ));
        if full {
            StoreError::DiskFull(Box::new(e))
        } else {
            StoreError::Db(Box::new(e))
        }
    }
}

impl StoreError {
    /// Whether it says the disk is full.
    pub fn is_disk_full(&self) -> bool {
        matches!(self, StoreError::DiskFull(_))
    }
}

from_redb!(
    redb::TransactionError,
    redb::TableError,
    redb::StorageError,
    redb::CommitError,
    redb::SetDurabilityError
);
