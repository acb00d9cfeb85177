//! The Bungie session and the account list as `session.*` and `accounts.list` report them.

use crate::events::SessionState as BusSessionState;
use crate::store::model;
use crate::sync::engine::SyncStatus;
use crate::sync::manifest_status::ManifestStatus;
use chrono::{DateTime, Utc};
use vault_raider_protocol::model::Account;
use vault_raider_protocol::session::{BungieStatus, SessionInfo, SessionStatus};

/// The session's state with its reason and message, and the followed account.
pub fn session_info(state: BusSessionState, account: Option<&model::Account>) -> SessionInfo {
    SessionInfo {
        state: super::session_state(state),
        reason: super::session_reason(state),
        message: Some(state.message().to_string()),
        account: account.map(super::account),
    }
}

/// `session.status`: the session with the sync's times and the manifest's state.
pub fn session_status(
    info: SessionInfo,
    status: &SyncStatus,
    manifest: Option<&ManifestStatus>,
) -> SessionStatus {
    let time = |d: Option<DateTime<Utc>>| d.map(super::wire_time);
    SessionStatus {
        state: info.state,
        reason: info.reason,
        message: info.message,
        account: info.account,
        last_sync: time(status.last_sync),
        next_sync: time(status.next_sync),
        bungie: BungieStatus {
            throttled_until: time(status.throttled_until),
        },
        manifest: manifest.map(super::manifest_status),
    }
}

/// One of the user's Destiny accounts, marked when Bungie no longer serves it.
pub fn listed_account(account: &model::Account, unavailable: bool) -> Account {
    Account {
        unavailable: unavailable.then_some(true),
        ..super::account(account)
    }
}
