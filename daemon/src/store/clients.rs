//! Paired clients: each one's name, kind, and the SHA-256 of its token (never the token).

use super::Store;
use super::codec::{decode, encode};
use super::error::StoreError;
use super::schema::{CLIENT_ORIGINS, CLIENTS, CLIENTS_BY_TOKEN};
use chrono::{DateTime, Utc};
use redb::ReadableTable;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// What kind of client paired (the protocol's `client.kind`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ClientKind {
    /// The browser extension's popup.
    Extension,
    /// The overlay page.
    Overlay,
    /// The command line.
    Cli,
    /// Anything else.
    Other,
}

impl ClientKind {
    /// From the protocol's name; unknown names are [`ClientKind::Other`].
    pub fn from_slug(slug: &str) -> ClientKind {
        match slug {
            "extension" => ClientKind::Extension,
            "overlay" => ClientKind::Overlay,
            "cli" => ClientKind::Cli,
            _ => ClientKind::Other,
        }
    }

    /// The protocol's name (`extension`, `overlay`, `cli`, `other`).
    pub fn slug(&self) -> &'static str {
        match self {
            ClientKind::Extension => "extension",
            ClientKind::Overlay => "overlay",
            ClientKind::Cli => "cli",
            ClientKind::Other => "other",
        }
    }
}

/// A client that completed pairing.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PairedClient {
    /// A random id, shown by `clients.list` and used to revoke it.
    pub client_id: String,
    /// The name the client gave ("Vault Raider popup").
    pub name: String,
    /// What kind of client it is.
    pub kind: ClientKind,
    /// SHA-256 of its token; the token itself is never stored.
    pub token_sha256: [u8; 32],
    /// When it paired.
    pub created_at: DateTime<Utc>,
    /// When it last identified, if ever.
    pub last_seen: Option<DateTime<Utc>>,
}

impl std::fmt::Debug for PairedClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The hash is not the token, but it is what a token is checked against: keep it out of logs.
        f.debug_struct("PairedClient")
            .field("client_id", &self.client_id)
            .field("name", &self.name)
            .field("kind", &self.kind)
            .field("created_at", &self.created_at)
            .field("last_seen", &self.last_seen)
            .finish_non_exhaustive()
    }
}

/// The SHA-256 of a client token, as [`PairedClient::token_sha256`] holds it.
pub fn token_sha256(token: &str) -> [u8; 32] {
    Sha256::digest(token.as_bytes()).into()
}

impl Store {
    /// Records a newly paired client. Refuses ([`StoreError::Invalid`], writing nothing) an id
    /// or a token hash already in use.
    pub fn add_client(&self, client: &PairedClient) -> Result<(), StoreError> {
        self.add_client_from(client, None)
    }

    /// Records a newly paired client bound to the `Origin` it paired from (`None`: a native
    /// client), in one transaction; refuses what [`Store::add_client`] refuses.
    pub fn add_client_from(
        &self,
        client: &PairedClient,
        origin: Option<&str>,
    ) -> Result<(), StoreError> {
        let txn = self.write()?;
        {
            let mut clients = txn.open_table(CLIENTS)?;
            let mut by_token = txn.open_table(CLIENTS_BY_TOKEN)?;
            if clients.get(client.client_id.as_str())?.is_some() {
                return Err(StoreError::Invalid(format!(
                    "a client with id {} is already paired",
                    client.client_id
                )));
            }
            if by_token.get(client.token_sha256.as_slice())?.is_some() {
                return Err(StoreError::Invalid(
                    "that token is already in use by another client".to_string(),
                ));
            }
            clients.insert(
                client.client_id.as_str(),
                encode("clients", client)?.as_slice(),
            )?;
            by_token.insert(client.token_sha256.as_slice(), client.client_id.as_str())?;
            if let Some(origin) = origin {
                txn.open_table(CLIENT_ORIGINS)?
                    .insert(client.client_id.as_str(), origin)?;
            }
        }
        txn.commit()?;
        self.journal_user_data();
        Ok(())
    }

    /// The `Origin` a client paired from (`None`: a native client, or no such client).
    pub fn client_origin(&self, client_id: &str) -> Result<Option<String>, StoreError> {
        let txn = self.read()?;
        let origins = txn.open_table(CLIENT_ORIGINS)?;
        let found = origins.get(client_id)?;
        Ok(found.map(|origin| origin.value().to_string()))
    }

    /// Every paired client, oldest first.
    pub fn clients(&self) -> Result<Vec<PairedClient>, StoreError> {
        let txn = self.read()?;
        let mut all = Vec::new();
        for entry in txn.open_table(CLIENTS)?.iter()? {
            all.push(decode::<PairedClient>("clients", entry?.1.value())?);
        }
        all.sort_by(|a, b| {
            a.created_at
                .cmp(&b.created_at)
                .then_with(|| a.client_id.cmp(&b.client_id))
        });
        Ok(all)
    }

    /// The client whose token hashes to `hash` (see [`token_sha256`]), if any.
    pub fn client_by_token_hash(
        &self,
        hash: &[u8; 32],
    ) -> Result<Option<PairedClient>, StoreError> {
        let txn = self.read()?;
        let by_token = txn.open_table(CLIENTS_BY_TOKEN)?;
        let Some(id) = by_token.get(hash.as_slice())? else {
            return Ok(None);
        };
        let clients = txn.open_table(CLIENTS)?;
        let found = clients.get(id.value())?;
        found.map(|v| decode("clients", v.value())).transpose()
    }

    /// Records that a client was seen at `at`; `false` when no such client. Not journaled on its
    /// own (it happens at every connection): the next change of the player's data carries it.
    pub fn touch_client(&self, client_id: &str, at: DateTime<Utc>) -> Result<bool, StoreError> {
        let txn = self.write()?;
        {
            let mut clients = txn.open_table(CLIENTS)?;
            let found = clients.get(client_id)?;
            let Some(mut client) = found
                .map(|v| decode::<PairedClient>("clients", v.value()))
                .transpose()?
            else {
                return Ok(false);
            };
            client.last_seen = Some(at);
            clients.insert(client_id, encode("clients", &client)?.as_slice())?;
        }
        txn.commit()?;
        Ok(true)
    }

    /// Forgets a client and its token; `false` when no such client.
    pub fn revoke_client(&self, client_id: &str) -> Result<bool, StoreError> {
        let txn = self.write()?;
        {
            let mut clients = txn.open_table(CLIENTS)?;
            let removed = clients.remove(client_id)?;
            let Some(removed) = removed
                .map(|v| decode::<PairedClient>("clients", v.value()))
                .transpose()?
            else {
                return Ok(false);
            };
            txn.open_table(CLIENTS_BY_TOKEN)?
                .remove(removed.token_sha256.as_slice())?;
            txn.open_table(CLIENT_ORIGINS)?.remove(client_id)?;
        }
        txn.commit()?;
        self.journal_user_data();
        Ok(true)
    }
}
