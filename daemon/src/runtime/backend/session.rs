//! The session and account methods: what `session.identify` and `session.status` report,
//! `auth.login`, `auth.complete`, `auth.logout`, `accounts.list` and `accounts.select`.

#![allow(clippy::result_large_err)]

use super::DaemonBackend;
use crate::events::DaemonEvent;
use crate::server::backend::{BackendError, SessionSummary};
use crate::server::convert;
use crate::server::convert::errors::{internal, sign_in_error};
use vault_raider_protocol::model::Account;
use vault_raider_protocol::session::{
    CompleteAuthParams, Empty, LoginParams, LoginResult, SelectAccountParams, SessionInfo,
    SessionStatus,
};

impl DaemonBackend {
    /// The session's state and the followed account, as `session.*` reports them.
    pub(super) fn session_info(&self) -> Result<SessionInfo, BackendError> {
        let account = self.store.account().map_err(internal)?;
        let state = self.sync.status().state;
        Ok(convert::session::session_info(state, account.as_ref()))
    }
}

/// What `session.identify` reports: the session and the current revision.
pub(super) async fn session_summary(
    backend: &DaemonBackend,
) -> Result<SessionSummary, BackendError> {
    Ok(SessionSummary {
        session: backend.session_info()?,
        rev: backend.store.rev().map_err(internal)?,
    })
}

/// `session.status`.
pub(super) async fn session_status(backend: &DaemonBackend) -> Result<SessionStatus, BackendError> {
    let info = backend.session_info()?;
    let status = backend.sync.status();
    let manifest = backend.sync.manifest_status();
    Ok(convert::session::session_status(
        info,
        &status,
        manifest.as_ref(),
    ))
}

/// `auth.login`.
pub(super) async fn auth_login(
    backend: &DaemonBackend,
    caller: String,
    params: LoginParams,
) -> Result<LoginResult, BackendError> {
    // A sign-in is also a request to try again after an application problem.
    backend.retry.notify_one();
    let login = backend
        .sign_ins
        .begin(&caller, params.redirect.is_some())
        .await
        .map_err(sign_in_error)?;
    Ok(LoginResult {
        authorize_url: login.authorize_url.to_string(),
        state: login.state,
    })
}

/// `auth.complete`.
pub(super) async fn auth_complete(
    backend: &DaemonBackend,
    caller: String,
    params: CompleteAuthParams,
) -> Result<SessionInfo, BackendError> {
    backend
        .sign_ins
        .complete(&caller, &params.state, &params.code)
        .await
        .map_err(sign_in_error)?;
    backend.session_info()
}

/// `auth.logout`.
pub(super) async fn auth_logout(backend: &DaemonBackend) -> Result<Empty, BackendError> {
    // The session loop stops polling and reports `signed_out` (`logged_out`).
    backend.session.logout().await.map_err(internal)?;
    // Say so at once: the answer and the state a client reads next must agree.
    backend.sync.set_state(
        crate::events::SessionState::SignedOut(Some(crate::events::SignOutReason::LoggedOut)),
        None,
        None,
    );
    Ok(Empty {})
}

/// `accounts.list`.
pub(super) async fn accounts_list(backend: &DaemonBackend) -> Result<Vec<Account>, BackendError> {
    let mut listed = Vec::new();
    for account in backend.store.accounts().map_err(internal)? {
        let unavailable = backend.store.is_unavailable(&account).map_err(internal)?;
        listed.push(convert::session::listed_account(&account, unavailable));
    }
    Ok(listed)
}

/// `accounts.select`.
pub(super) async fn accounts_select(
    backend: &DaemonBackend,
    params: SelectAccountParams,
) -> Result<SessionInfo, BackendError> {
    let all = backend.store.accounts().map_err(internal)?;
    let chosen = all
        .iter()
        .find(|a| {
            params
                .membership_type
                .is_none_or(|kind| kind == a.membership_type)
                && a.membership_id.to_string() == params.membership_id
        })
        .cloned()
        .ok_or_else(|| {
            BackendError::invalid_params("membershipId", "no such account for this Bungie.net user")
        })?;
    if backend.store.is_unavailable(&chosen).map_err(internal)? {
        return Err(BackendError::invalid_params(
            "membershipId",
            "Bungie no longer serves this Destiny account (its platform is retired); \
             choose another",
        ));
    }
    if backend.sync.account().as_ref() != Some(&chosen) {
        // Another Destiny account: a fresh inventory for it, announced with `reset`.
        let rev = backend.store.reset_game_data(true).map_err(internal)?;
        backend
            .store
            .set_accounts(&all, Some(&chosen))
            .map_err(internal)?;
        backend
            .membership_type
            .store(chosen.membership_type, std::sync::atomic::Ordering::Relaxed);
        backend.sync.set_account(Some(chosen.clone()));
        backend.bus.publish(DaemonEvent::StoreReset { rev });
        tracing::info!(account = %chosen.display_name, "now following this Destiny account");
        backend.sync.wake();
    }
    backend.session_info()
}
