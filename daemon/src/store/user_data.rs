//! The player's own data, apart from Bungie's cache: daemon loadouts, tags and notes, settings,
//! the selected account and the paired clients (token hashes only). One versioned JSON document
//! ([`UserData`]) carries it all: the journal the store rewrites after each change of it, the
//! daily copies, and `vault-raider backup` / `restore`.
//!
//! Reading it is one read transaction; replacing it is one write transaction that also empties
//! the change log and raises the revision, so every client takes a fresh snapshot afterwards.

use super::Store;
use super::changelog::read_rev;
use super::clients::{ClientKind, PairedClient};
use super::codec::{decode, encode};
use super::error::StoreError;
use super::model::{Annotation, ItemId, Loadout};
use super::schema::{
    ANNOTATIONS, CHANGES, CLIENT_ORIGINS, CLIENTS, CLIENTS_BY_TOKEN, LOADOUTS, META, REV_KEY,
    SELECTED_ACCOUNT_KEY, SETTINGS,
};
use chrono::{DateTime, Utc};
use redb::ReadableTable;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The `format` every user-data document names.
pub const USER_DATA_FORMAT: &str = "vault-raider-user-data";
/// The document version this build writes and reads.
pub const USER_DATA_VERSION: u32 = 1;
/// The largest document read back (a player with every item tagged and noted stays far below).
pub const MAX_USER_DATA_BYTES: usize = 64 * 1024 * 1024;

/// Everything that is the player's own, as one document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UserData {
    /// Always [`USER_DATA_FORMAT`].
    pub format: String,
    /// The document version ([`USER_DATA_VERSION`]).
    pub version: u32,
    /// When it was written.
    pub exported_at: DateTime<Utc>,
    /// The daemon's own loadouts (the game's in-game loadouts are Bungie's: not here).
    pub loadouts: Vec<Loadout>,
    /// Tags and notes, by item id.
    pub annotations: BTreeMap<String, Annotation>,
    /// The settings table (guard thresholds, farming, the Bungie.net account the data is for…).
    pub settings: BTreeMap<String, String>,
    /// The Destiny account the player chose, when they chose one.
    pub selected_account: Option<String>,
    /// The paired clients.
    pub clients: Vec<SavedClient>,
}

/// A paired client as the document keeps it: the token's hash, never the token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SavedClient {
    /// Its id.
    pub client_id: String,
    /// Its name.
    pub name: String,
    /// Its kind (`extension`, `overlay`, `cli`, `other`).
    pub kind: String,
    /// The SHA-256 of its token, as 64 hex digits.
    pub token_sha256: String,
    /// When it paired.
    pub created_at: DateTime<Utc>,
    /// When it last identified.
    pub last_seen: Option<DateTime<Utc>>,
    /// The `Origin` it paired from (none: a native client).
    pub origin: Option<String>,
}

/// How much a [`Store::replace_user_data`] brought in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct UserDataCounts {
    /// Loadouts.
    pub loadouts: usize,
    /// Items with a tag or a note.
    pub annotations: usize,
    /// Settings.
    pub settings: usize,
    /// Paired clients.
    pub clients: usize,
}

impl std::fmt::Display for UserDataCounts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} loadouts, {} tagged or noted items, {} settings, {} paired clients",
            self.loadouts, self.annotations, self.settings, self.clients
        )
    }
}

impl UserData {
    /// Reads a document, refusing (with what is wrong) one that is too large, not JSON, of
    /// another format or version, or that holds a malformed client.
    pub fn from_json(bytes: &[u8]) -> Result<UserData, StoreError> {
        if bytes.len() > MAX_USER_DATA_BYTES {
            return Err(StoreError::Invalid(format!(
                "the user-data document is {} bytes, more than the {MAX_USER_DATA_BYTES} read",
                bytes.len()
            )));
        }
        let head: serde_json::Value = serde_json::from_slice(bytes)
            .map_err(|e| StoreError::Invalid(format!("not a user-data document (JSON): {e}")))?;
        if head.get("format").and_then(|f| f.as_str()) != Some(USER_DATA_FORMAT) {
            return Err(StoreError::Invalid(format!(
                "not a Vault Raider user-data document (its \"format\" is not \"{USER_DATA_FORMAT}\")"
            )));
        }
        let version = head.get("version").and_then(|v| v.as_u64()).unwrap_or(0);
        if version != u64::from(USER_DATA_VERSION) {
            return Err(StoreError::Invalid(format!(
                "user-data document version {version}; this Vault Raider reads version {USER_DATA_VERSION}"
            )));
        }
        let data: UserData = serde_json::from_value(head)
            .map_err(|e| StoreError::Invalid(format!("a damaged user-data document: {e}")))?;
        for client in &data.clients {
            token_hash(&client.token_sha256)?;
        }
        Ok(data)
    }

    /// The document as pretty JSON.
    pub fn to_json(&self) -> Vec<u8> {
        // A tree of strings, numbers and maps with string keys always serializes.
        serde_json::to_vec_pretty(self).unwrap_or_default()
    }

    /// How much it holds.
    pub fn counts(&self) -> UserDataCounts {
        UserDataCounts {
            loadouts: self.loadouts.len(),
            annotations: self.annotations.len(),
            settings: self.settings.len(),
            clients: self.clients.len(),
        }
    }

    /// Whether it holds nothing at all.
    pub fn is_empty(&self) -> bool {
        self.loadouts.is_empty()
            && self.annotations.is_empty()
            && self.settings.is_empty()
            && self.selected_account.is_none()
            && self.clients.is_empty()
    }
}

impl Store {
    /// The player's own data, read in one transaction, stamped `now`.
    pub fn export_user_data(&self, now: DateTime<Utc>) -> Result<UserData, StoreError> {
        let txn = self.read()?;
        let mut loadouts = Vec::new();
        for entry in txn.open_table(LOADOUTS)?.iter()? {
            loadouts.push(decode::<Loadout>("loadouts", entry?.1.value())?);
        }
        loadouts.sort_by(|a, b| a.created_at.cmp(&b.created_at).then(a.id.cmp(&b.id)));
        let annotations = super::annotations::read_annotations(&txn)?
            .into_iter()
            .map(|(id, a)| (id.0, a))
            .collect();
        let mut settings = BTreeMap::new();
        for entry in txn.open_table(SETTINGS)?.iter()? {
            let (key, value) = entry?;
            settings.insert(key.value().to_string(), value.value().to_string());
        }
        let selected_account = match txn.open_table(META)?.get(SELECTED_ACCOUNT_KEY)? {
            Some(v) => Some(decode::<String>("meta", v.value())?),
            None => None,
        };
        let origins = txn.open_table(CLIENT_ORIGINS)?;
        let mut clients = Vec::new();
        for entry in txn.open_table(CLIENTS)?.iter()? {
            let client: PairedClient = decode("clients", entry?.1.value())?;
            let origin = origins
                .get(client.client_id.as_str())?
                .map(|o| o.value().to_string());
            clients.push(SavedClient {
                token_sha256: hex(&client.token_sha256),
                kind: client.kind.slug().to_string(),
                client_id: client.client_id,
                name: client.name,
                created_at: client.created_at,
                last_seen: client.last_seen,
                origin,
            });
        }
        clients.sort_by_key(|c| c.created_at);
        Ok(UserData {
            format: USER_DATA_FORMAT.to_string(),
            version: USER_DATA_VERSION,
            exported_at: now,
            loadouts,
            annotations,
            settings,
            selected_account,
            clients,
        })
    }

    /// Replaces the player's own data with `data`, in one transaction that also empties the
    /// change log and raises the revision (clients then take a snapshot). Tags and notes of items
    /// the cache does not hold yet are kept: the next sync brings the items.
    pub fn replace_user_data(&self, data: &UserData) -> Result<UserDataCounts, StoreError> {
        let txn = self.write()?;
        {
            let mut loadouts = txn.open_table(LOADOUTS)?;
            loadouts.retain(|_, _| false)?;
            for loadout in &data.loadouts {
                loadouts.insert(loadout.id.as_str(), encode("loadouts", loadout)?.as_slice())?;
            }
            let mut annotations = txn.open_table(ANNOTATIONS)?;
            annotations.retain(|_, _| false)?;
            for (id, annotation) in &data.annotations {
                if !annotation.is_empty() {
                    let key = ItemId(id.clone());
                    annotations
                        .insert(key.as_str(), encode("annotations", annotation)?.as_slice())?;
                }
            }
            let mut settings = txn.open_table(SETTINGS)?;
            settings.retain(|_, _| false)?;
            for (key, value) in &data.settings {
                settings.insert(key.as_str(), value.as_str())?;
            }
            let mut clients = txn.open_table(CLIENTS)?;
            let mut by_token = txn.open_table(CLIENTS_BY_TOKEN)?;
            let mut origins = txn.open_table(CLIENT_ORIGINS)?;
            clients.retain(|_, _| false)?;
            by_token.retain(|_, _| false)?;
            origins.retain(|_, _| false)?;
            for saved in &data.clients {
                let client = PairedClient {
                    client_id: saved.client_id.clone(),
                    name: saved.name.clone(),
                    kind: ClientKind::from_slug(&saved.kind),
                    token_sha256: token_hash(&saved.token_sha256)?,
                    created_at: saved.created_at,
                    last_seen: saved.last_seen,
                };
                clients.insert(
                    client.client_id.as_str(),
                    encode("clients", &client)?.as_slice(),
                )?;
                by_token.insert(client.token_sha256.as_slice(), client.client_id.as_str())?;
                if let Some(origin) = &saved.origin {
                    origins.insert(client.client_id.as_str(), origin.as_str())?;
                }
            }
            txn.open_table(CHANGES)?.retain(|_, _| false)?;
            let mut meta = txn.open_table(META)?;
            match &data.selected_account {
                Some(key) => {
                    meta.insert(SELECTED_ACCOUNT_KEY, encode("meta", key)?.as_slice())?;
                }
                None => {
                    meta.remove(SELECTED_ACCOUNT_KEY)?;
                }
            }
            let rev = read_rev(&meta)? + 1;
            meta.insert(REV_KEY, encode("meta", &rev)?.as_slice())?;
        }
        txn.commit()?;
        self.journal_user_data();
        Ok(data.counts())
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// 64 hex digits → the 32 bytes of a token hash.
fn token_hash(text: &str) -> Result<[u8; 32], StoreError> {
    let bad = || StoreError::Invalid("a paired client's tokenSha256 is not 64 hex digits".into());
    if text.len() != 64 || !text.is_ascii() {
        return Err(bad());
    }
    let mut out = [0u8; 32];
    for (i, byte) in out.iter_mut().enumerate() {
        *byte = u8::from_str_radix(&text[2 * i..2 * i + 2], 16).map_err(|_| bad())?;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::model::{Class, LoadoutItem, Tag};

    fn store() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = Store::open(&dir.path().join("store.redb")).expect("open");
        (dir, store)
    }

    fn fill(store: &Store) {
        store
            .save_loadout(&Loadout {
                id: "l1".into(),
                name: "Raid".into(),
                character_id: 7,
                class: Class::Hunter,
                items: vec![LoadoutItem {
                    id: ItemId("6917529".into()),
                    hash: 42,
                    equip: true,
                    quantity: 1,
                }],
                created_at: "2026-12-01T10:00:00Z".parse().expect("time"),
                updated_at: "2026-12-01T10:00:00Z".parse().expect("time"),
            })
            .expect("loadout");
        store.set_setting("guard.7", "on 12").expect("setting");
        store
            .add_client_from(
                &PairedClient {
                    client_id: "c1".into(),
                    name: "popup".into(),
                    kind: ClientKind::Extension,
                    token_sha256: crate::store::token_sha256("secret"),
                    created_at: DateTime::UNIX_EPOCH,
                    last_seen: None,
                },
                Some("chrome-extension://abc"),
            )
            .expect("client");
    }

    #[test]
    fn a_document_round_trips_into_an_empty_store_with_every_part() {
        let (_a, from) = store();
        fill(&from);
        let mut data = from.export_user_data(Utc::now()).expect("export");
        data.annotations.insert(
            "6917529".into(),
            Annotation {
                tag: Some(Tag::Junk),
                note: Some("shard".into()),
            },
        );
        let bytes = data.to_json();
        let read = UserData::from_json(&bytes).expect("reads back");
        assert_eq!(read, data);

        let (_b, to) = store();
        let rev = to.rev().expect("rev");
        let counts = to.replace_user_data(&read).expect("replace");
        assert_eq!(
            counts,
            UserDataCounts {
                loadouts: 1,
                annotations: 1,
                settings: 1,
                clients: 1
            }
        );
        assert!(to.rev().expect("rev") > rev);
        assert_eq!(
            to.loadout("l1").expect("read").map(|l| l.name),
            Some("Raid".into())
        );
        assert_eq!(
            to.setting("guard.7").expect("read").as_deref(),
            Some("on 12")
        );
        assert_eq!(
            to.annotation(&ItemId("6917529".into())).expect("read").tag,
            Some(Tag::Junk)
        );
        let client = to
            .client_by_token_hash(&crate::store::token_sha256("secret"))
            .expect("read")
            .expect("the token still pairs");
        assert_eq!(client.client_id, "c1");
        assert_eq!(
            to.client_origin("c1").expect("read").as_deref(),
            Some("chrome-extension://abc")
        );
        let again = to.export_user_data(read.exported_at).expect("export");
        assert_eq!(again, read);
    }

    #[test]
    fn replacing_drops_what_the_document_does_not_hold() {
        let (_a, store) = store();
        fill(&store);
        let empty = UserData {
            loadouts: vec![],
            annotations: BTreeMap::new(),
            settings: BTreeMap::new(),
            selected_account: None,
            clients: vec![],
            ..store.export_user_data(Utc::now()).expect("export")
        };
        store.replace_user_data(&empty).expect("replace");
        assert!(
            store
                .export_user_data(Utc::now())
                .expect("export")
                .is_empty()
        );
        assert!(
            store
                .client_by_token_hash(&crate::store::token_sha256("secret"))
                .expect("read")
                .is_none()
        );
    }

    #[test]
    fn bad_documents_are_refused_with_the_reason() {
        let (_a, store) = store();
        fill(&store);
        let good = store.export_user_data(Utc::now()).expect("export");
        let cases: Vec<(Vec<u8>, &str)> = vec![
            (b"not json".to_vec(), "JSON"),
            (br#"{"format":"dim-backup","version":1}"#.to_vec(), "format"),
            (
                serde_json::to_vec(&serde_json::json!({"format": USER_DATA_FORMAT, "version": 9}))
                    .expect("json"),
                "version 9",
            ),
            (
                String::from_utf8(good.to_json())
                    .expect("utf8")
                    .replace(&hex(&crate::store::token_sha256("secret")), "zz")
                    .into_bytes(),
                "tokenSha256",
            ),
            (
                serde_json::to_vec(
                    &serde_json::json!({"format": USER_DATA_FORMAT, "version": 1, "loadouts": 3}),
                )
                .expect("json"),
                "damaged",
            ),
        ];
        for (bytes, says) in cases {
            let err = UserData::from_json(&bytes)
                .expect_err("refused")
                .to_string();
            assert!(err.contains(says), "{err} should say {says}");
        }
        assert_eq!(
            store.export_user_data(good.exported_at).expect("export"),
            good,
            "nothing changed"
        );
    }
}
