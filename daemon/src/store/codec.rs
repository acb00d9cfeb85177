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

/// Whether `value` encodes to exactly `stored`, found without allocating: the encoding is
/// compared byte by byte as it is produced and stops at the first difference. A value that
/// cannot be encoded counts as different (writing it reports the error).
pub fn encodes_to<T: Serialize + ?Sized>(value: &T, stored: &[u8]) -> bool {
    postcard::serialize_with_flavor(value, SameBytes { stored, at: 0 }).unwrap_or(false)
}

/// A postcard output that compares what is written with bytes already stored.
struct SameBytes<'a> {
    /// The stored encoding.
    stored: &'a [u8],
    /// How much of it matched so far.
    at: usize,
}

impl postcard::ser_flavors::Flavor for SameBytes<'_> {
    type Output = bool;

    #[inline]
    fn try_extend(&mut self, data: &[u8]) -> postcard::Result<()> {
        let end = self.at.saturating_add(data.len());
        match self.stored.get(self.at..end) {
            // A byte loop, not `==`: the pieces are a few bytes long, shorter than what a call
            // to memcmp costs (it was most of the comparison's time).
            Some(expected) if expected.iter().zip(data).all(|(a, b)| a == b) => {
                self.at = end;
                Ok(())
            }
            // Not an error of the value: the way to stop early.
            _ => Err(postcard::Error::SerializeBufferFull),
        }
    }

    #[inline]
    fn try_push(&mut self, data: u8) -> postcard::Result<()> {
        if self.stored.get(self.at) == Some(&data) {
            self.at += 1;
            Ok(())
        } else {
            Err(postcard::Error::SerializeBufferFull)
        }
    }

    fn finalize(self) -> postcard::Result<bool> {
        Ok(self.at == self.stored.len())
    }
}
