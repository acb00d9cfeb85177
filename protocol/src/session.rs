//! Params and results of the session-level methods: `session.*`, `auth.*`, `pairing.*`,
//! `clients.*`, `accounts.*` and `events.subscribe`.

use crate::events::Topic;
use crate::model::Account;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// No params, or an empty result (`{}`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema, TS)]
pub struct Empty {}

/// What kind of client is connecting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema, TS)]
#[serde(rename_all = "snake_case")]
#[ts(rename_all = "snake_case")]
pub enum ClientKind {
    /// The browser extension.
    Extension,
    /// The overlay page the daemon serves.
    Overlay,
    /// The command line.
    Cli,
    /// Anything else (a user's script).
    Other,
}

/// Who a client says it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TS)]
pub struct ClientInfo {
    /// A name a person recognises ("Vault Raider popup").
    pub name: String,
    /// What kind of client it is.
    pub kind: ClientKind,
    /// Its version.
    pub version: String,
}

/// `session.identify` params.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TS)]
#[ts(optional_fields)]
pub struct IdentifyParams {
    /// The protocol version the client speaks.
    pub protocol: u32,
    /// Its client token (from pairing, the overlay URL or `admin.token`).
    pub token: String,
    /// Who it is.
    pub client: ClientInfo,
    /// The event topics it wants; all when left out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subscribe: Option<Vec<Topic>>,
}

/// The daemon's own facts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TS)]
pub struct DaemonInfo {
    /// The daemon's version.
    pub version: String,
}

/// The state of the daemon's Bungie session.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema, TS)]
#[serde(rename_all = "snake_case")]
#[ts(rename_all = "snake_case")]
pub enum SessionState {
    /// No Bungie application configured (API key, client id): the message names the config keys.
    NotConfigured,
    /// No usable Bungie tokens; `reason` says why when it was a sign-out (`expired`, `revoked`,
    /// `logged_out`).
    SignedOut,
    /// Signed in and reachable.
    SignedIn,
    /// Bungie cannot be reached.
    Offline,
    /// Bungie is down for maintenance.
    Maintenance,
    /// Bungie refuses the application itself (`reason`: `api_key_invalid`, `origin_rejected`,
    /// `scope_missing`, `key_mismatch`); signing in again cannot fix it.
    AppRejected,
}

/// Why the session is in its state (`signed_out` and `app_rejected` only).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema, TS)]
#[serde(rename_all = "snake_case")]
#[ts(rename_all = "snake_case")]
pub enum SessionReason {
    /// `signed_out`: the sign-in expired (refresh token or authorization too old).
    Expired,
    /// `signed_out`: the player revoked the application's access on Bungie.net.
    Revoked,
    /// `signed_out`: the player signed out (`auth.logout`).
    LoggedOut,
    /// `app_rejected`: Bungie refuses the API key (2101, 2102).
    ApiKeyInvalid,
    /// `app_rejected`: the application does not allow this Origin (2107).
    OriginRejected,
    /// `app_rejected`: the application lacks a scope (2108 / HTTP 403).
    ScopeMissing,
    /// `app_rejected`: the tokens were issued to another API key (99 right after a refresh).
    KeyMismatch,
}

/// The Bungie session: its state and the account it manages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TS)]
pub struct SessionInfo {
    /// The session's state.
    pub state: SessionState,
    /// Why (`signed_out`, `app_rejected`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub reason: Option<SessionReason>,
    /// The state in words a person can read, with what to do about it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub message: Option<String>,
    /// The account; null when signed out.
    #[serde(default)]
    pub account: Option<Account>,
}

/// `session.identify` result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TS)]
pub struct IdentifyResult {
    /// The protocol version agreed.
    pub protocol: u32,
    /// The daemon.
    pub daemon: DaemonInfo,
    /// The Bungie session.
    pub session: SessionInfo,
    /// The store's revision now.
    #[ts(type = "number")]
    pub rev: u64,
}

/// Bungie's side of the session.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema, TS)]
#[serde(rename_all = "camelCase")]
pub struct BungieStatus {
    /// Until when Bungie throttles us (RFC 3339, UTC); null when it does not.
    #[serde(default)]
    pub throttled_until: Option<String>,
}

/// `session.status` result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(rename_all = "camelCase")]
pub struct SessionStatus {
    /// The session's state.
    pub state: SessionState,
    /// Why (`signed_out`, `app_rejected`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub reason: Option<SessionReason>,
    /// The state in words a person can read, with what to do about it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub message: Option<String>,
    /// The account; null when signed out.
    #[serde(default)]
    pub account: Option<Account>,
    /// When the last sync finished (RFC 3339, UTC).
    #[serde(default)]
    pub last_sync: Option<String>,
    /// When the next sync is due (RFC 3339, UTC).
    #[serde(default)]
    pub next_sync: Option<String>,
    /// Bungie's side.
    pub bungie: BungieStatus,
    /// The game's item definitions: version, and a download or install in progress (as in
    /// `sync.status`). Left out until the first check.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub manifest: Option<crate::events::ManifestStatus>,
}

/// `auth.login` params.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema, TS)]
#[ts(optional_fields)]
pub struct LoginParams {
    /// The redirect URL to use instead of the configured one (the extension's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub redirect: Option<String>,
}

/// `auth.login` result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(rename_all = "camelCase")]
pub struct LoginResult {
    /// The Bungie authorize URL the client opens.
    pub authorize_url: String,
    /// The OAuth state that the callback must carry back.
    pub state: String,
}

/// `auth.complete` params.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TS)]
pub struct CompleteAuthParams {
    /// The authorization code from the redirect.
    pub code: String,
    /// The state from the redirect.
    pub state: String,
}

/// One pairing waiting for its code (`pairing.pending`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(rename_all = "camelCase")]
pub struct PendingPairing {
    /// The pairing's id.
    pub pairing_id: String,
    /// The client that asked.
    pub client: ClientInfo,
    /// The six-digit code to show the player.
    pub code: String,
    /// Seconds until it expires.
    #[ts(type = "number")]
    pub expires_in: u64,
}

/// `pairing.request` params.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TS)]
pub struct PairingRequestParams {
    /// The client asking to pair.
    pub client: ClientInfo,
}

/// `pairing.request` result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(rename_all = "camelCase")]
pub struct PairingRequestResult {
    /// The pairing's id, for `pairing.complete`.
    pub pairing_id: String,
    /// Seconds until it expires.
    #[ts(type = "number")]
    pub expires_in: u64,
}

/// `pairing.complete` params.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(rename_all = "camelCase")]
pub struct PairingCompleteParams {
    /// The pairing's id.
    pub pairing_id: String,
    /// The six-digit code the player typed.
    pub code: String,
}

/// `pairing.complete` result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TS)]
pub struct PairingCompleteResult {
    /// The client's token, shown this once; identify with it from now on.
    pub token: String,
}

/// A paired client (`clients.list`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(rename_all = "camelCase")]
pub struct PairedClient {
    /// The client's id, for `clients.revoke`.
    pub client_id: String,
    /// Who it said it was when it paired.
    pub client: ClientInfo,
    /// When it paired (RFC 3339, UTC).
    pub paired_at: String,
    /// When it last identified (RFC 3339, UTC); null if never.
    #[serde(default)]
    pub last_seen: Option<String>,
}

/// `clients.revoke` params.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(rename_all = "camelCase")]
pub struct RevokeClientParams {
    /// The client to revoke.
    pub client_id: String,
}

/// `accounts.select` params.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(rename_all = "camelCase")]
pub struct SelectAccountParams {
    /// Bungie's membership type; optional, as the id alone names the account.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub membership_type: Option<i32>,
    /// The Destiny membership id.
    pub membership_id: String,
}

/// `events.subscribe` params and result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TS)]
pub struct SubscribeParams {
    /// The topics wanted from now on (replacing the previous choice).
    pub topics: Vec<Topic>,
}
