//! Paired clients kept in the store (token hashes only), as the protocol server's
//! [`ClientRegistry`].

use crate::server::registry::{ClientRecord, ClientRegistry, RegistryError};
use crate::server::tokens::TokenHash;
use crate::store::{ClientKind, PairedClient, Store};
use chrono::{DateTime, Utc};
use std::sync::Arc;
use vault_raider_protocol::session::{ClientInfo, ClientKind as WireKind};

/// The store as the server's client registry.
pub struct StoreClients(pub Arc<Store>);

fn err(e: impl std::fmt::Display) -> RegistryError {
    RegistryError(e.to_string())
}

fn kind_to_store(kind: &WireKind) -> ClientKind {
    match kind {
        WireKind::Extension => ClientKind::Extension,
        WireKind::Overlay => ClientKind::Overlay,
        WireKind::Cli => ClientKind::Cli,
        WireKind::Other => ClientKind::Other,
    }
}

fn kind_to_wire(kind: ClientKind) -> WireKind {
    match kind {
        ClientKind::Extension => WireKind::Extension,
        ClientKind::Overlay => WireKind::Overlay,
        ClientKind::Cli => WireKind::Cli,
        ClientKind::Other => WireKind::Other,
    }
}

fn record(client: PairedClient, origin: Option<String>) -> ClientRecord {
    ClientRecord {
        client_id: client.client_id,
        token_hash: TokenHash(client.token_sha256),
        client: ClientInfo {
            name: client.name,
            kind: kind_to_wire(client.kind),
            version: String::new(),
        },
        paired_at: client.created_at,
        last_seen: client.last_seen,
        origin,
    }
}

impl StoreClients {
    /// A stored client with the origin it is bound to.
    fn bound(&self, client: PairedClient) -> Result<ClientRecord, RegistryError> {
        let origin = self.0.client_origin(&client.client_id).map_err(err)?;
        Ok(record(client, origin))
    }
}

impl ClientRegistry for StoreClients {
    fn add(&self, record: ClientRecord) -> Result<(), RegistryError> {
        self.0
            .add_client_from(
                &PairedClient {
                    client_id: record.client_id,
                    name: record.client.name,
                    kind: kind_to_store(&record.client.kind),
                    token_sha256: record.token_hash.0,
                    created_at: record.paired_at,
                    last_seen: record.last_seen,
                },
                record.origin.as_deref(),
            )
            .map_err(err)
    }

    fn find_by_token(&self, hash: &TokenHash) -> Result<Option<ClientRecord>, RegistryError> {
        self.0
            .client_by_token_hash(&hash.0)
            .map_err(err)?
            .map(|client| self.bound(client))
            .transpose()
    }

    fn list(&self) -> Result<Vec<ClientRecord>, RegistryError> {
        self.0
            .clients()
            .map_err(err)?
            .into_iter()
            .map(|client| self.bound(client))
            .collect()
    }

    fn revoke(&self, client_id: &str) -> Result<bool, RegistryError> {
        self.0.revoke_client(client_id).map_err(err)
    }

    fn touch(&self, client_id: &str, seen_at: DateTime<Utc>) -> Result<(), RegistryError> {
        self.0
            .touch_client(client_id, seen_at)
            .map(|_| ())
            .map_err(err)
    }
}
