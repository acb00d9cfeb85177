//! Postcard encoding of the records the store keeps, with errors that name the table.

use super::error::StoreError;
use serde::{Serialize, de::DeserializeOwned};

/// Encodes `value` for `table`.
pub fn encode<T: Serialize>(table: &'static str, value: &T) -> Result<Vec<u8>, StoreError> {
    postcard::to_allocvec(value).map_err(|source| StoreError::Encode { table, source })
}

/// Decodes a record read from `table`.
pub fn decode<T: DeserializeOwned>(table: &'static str, bytes: &[u8]) -> Result<T, StoreError> {
    postcard::from_bytes(bytes).map_err(|source| StoreError::Corrupt { table, source })
}
