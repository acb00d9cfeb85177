//! Paired clients and their hashed tokens: the [`ClientRegistry`] trait the store backs, and an
//! in-memory registry for tests and for running without a store.

use super::tokens::TokenHash;
use chrono::{DateTime, Utc};
use std::sync::Mutex;
use vault_raider_protocol::session::ClientInfo;

/// One paired client. Its token is never kept, only the token's hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientRecord {
    /// A random id (UUID text), for `clients.revoke`.
    pub client_id: String,
    /// SHA-256 of the client's token.
    pub token_hash: TokenHash,
    /// Who the client said it was when it paired.
    pub client: ClientInfo,
    /// When it paired.
    pub paired_at: DateTime<Utc>,
    /// When it last identified.
    pub last_seen: Option<DateTime<Utc>>,
    /// The `Origin` it paired from (none: a native client); its token is refused from any other.
    pub origin: Option<String>,
}

/// The registry could not be read or written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("client registry: {0}")]
pub struct RegistryError(pub String);

/// Where paired clients are kept. Calls are synchronous (the store is redb); the server calls
/// them on the blocking pool.
pub trait ClientRegistry: Send + Sync + 'static {
    /// Adds a newly paired client.
    fn add(&self, record: ClientRecord) -> Result<(), RegistryError>;
    /// The client whose token has this hash, if any.
    fn find_by_token(&self, hash: &TokenHash) -> Result<Option<ClientRecord>, RegistryError>;
    /// Every paired client, oldest first.
    fn list(&self) -> Result<Vec<ClientRecord>, RegistryError>;
    /// Removes a client; false when there was none with that id.
    fn revoke(&self, client_id: &str) -> Result<bool, RegistryError>;
    /// Records that a client identified at `seen_at`.
    fn touch(&self, client_id: &str, seen_at: DateTime<Utc>) -> Result<(), RegistryError>;
}

/// A registry in memory: lost when the daemon stops.
#[derive(Debug, Default)]
pub struct MemoryClientRegistry {
    clients: Mutex<Vec<ClientRecord>>,
}

impl MemoryClientRegistry {
    /// An empty registry.
    pub fn new() -> Self {
        Self::default()
    }

    fn with<T>(&self, f: impl FnOnce(&mut Vec<ClientRecord>) -> T) -> Result<T, RegistryError> {
        let mut clients = self
            .clients
            .lock()
            .map_err(|_| RegistryError("the registry lock is poisoned".into()))?;
        Ok(f(&mut clients))
    }
}

impl ClientRegistry for MemoryClientRegistry {
    fn add(&self, record: ClientRecord) -> Result<(), RegistryError> {
        self.with(|clients| clients.push(record))
    }

    fn find_by_token(&self, hash: &TokenHash) -> Result<Option<ClientRecord>, RegistryError> {
        self.with(|clients| clients.iter().find(|c| &c.token_hash == hash).cloned())
    }

    fn list(&self) -> Result<Vec<ClientRecord>, RegistryError> {
        self.with(|clients| clients.clone())
    }

    fn revoke(&self, client_id: &str) -> Result<bool, RegistryError> {
        self.with(|clients| {
            let before = clients.len();
            clients.retain(|c| c.client_id != client_id);
            clients.len() != before
        })
    }

    fn touch(&self, client_id: &str, seen_at: DateTime<Utc>) -> Result<(), RegistryError> {
        self.with(|clients| {
            if let Some(client) = clients.iter_mut().find(|c| c.client_id == client_id) {
                client.last_seen = Some(seen_at);
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use vault_raider_protocol::session::ClientKind;

    fn at(text: &str) -> DateTime<Utc> {
        text.parse().expect("a time")
    }

    fn record(id: &str, token: &str) -> ClientRecord {
        ClientRecord {
            client_id: id.into(),
            token_hash: TokenHash::of(token),
            client: ClientInfo {
                name: "popup".into(),
                kind: ClientKind::Extension,
                version: "0.1.0".into(),
            },
            paired_at: at("2026-11-25T00:00:00Z"),
            last_seen: None,
            origin: None,
        }
    }

    #[test]
    fn find_touch_and_revoke() {
        let registry = MemoryClientRegistry::new();
        registry.add(record("a", "secret-a")).expect("add");
        registry.add(record("b", "secret-b")).expect("add");
        let found = registry
            .find_by_token(&TokenHash::of("secret-b"))
            .expect("find");
        assert_eq!(found.map(|c| c.client_id), Some("b".to_string()));
        registry
            .touch("b", at("2026-11-25T01:00:00Z"))
            .expect("touch");
        let listed = registry.list().expect("list");
        assert_eq!(listed[1].last_seen, Some(at("2026-11-25T01:00:00Z")));
        assert!(registry.revoke("b").expect("revoke"));
        assert!(!registry.revoke("b").expect("revoke"));
        assert_eq!(
            registry
                .find_by_token(&TokenHash::of("secret-b"))
                .expect("find"),
            None
        );
    }
}
