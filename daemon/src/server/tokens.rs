//! Secrets: client, admin and overlay tokens (256 random bits, hex) and their SHA-256 hashes,
//! which are all the daemon keeps of a client token.

use sha2::{Digest, Sha256};

/// How many random bytes a token holds (256 bits, well above the protocol's 128).
const TOKEN_BYTES: usize = 32;

/// A fresh random token, as hex text. Shown once to its owner, never logged.
pub fn new_token() -> String {
    let bytes: [u8; TOKEN_BYTES] = rand::random();
    hex::encode(bytes)
}

/// The SHA-256 hash of a token: what the registry stores and what lookups compare.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct TokenHash(pub [u8; 32]);

impl TokenHash {
    /// The hash of `token`.
    pub fn of(token: &str) -> Self {
        TokenHash(Sha256::digest(token.as_bytes()).into())
    }

    /// The hash as lowercase hex (for storage).
    pub fn to_hex(&self) -> String {
        hex::encode(self.0)
    }
}

impl std::fmt::Debug for TokenHash {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "TokenHash({})", self.to_hex())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_long_random_and_hashed_stably() {
        let a = new_token();
        let b = new_token();
        assert_ne!(a, b);
        assert_eq!(a.len(), 64);
        assert!(a.chars().all(|c| c.is_ascii_hexdigit()));
        assert_eq!(TokenHash::of(&a), TokenHash::of(&a));
        assert_ne!(TokenHash::of(&a), TokenHash::of(&b));
        assert_ne!(TokenHash::of(&a).to_hex(), a);
    }
}
