//! The inventory reads: `profile.snapshot`, `profile.changes`, `profile.sync`, `items.search` and
//! `items.get`, answered from the store (a sync through the engine).

#![allow(clippy::result_large_err)]

use super::DaemonBackend;
use crate::bungie::auth::SessionStatus as AuthStatus;
use crate::search::Query;
use crate::server::backend::BackendError;
use crate::server::convert;
use crate::server::convert::errors::{internal, item_not_found, signed_out};
use crate::store::model::ItemId;
use std::time::Duration;
use vault_raider_protocol::inventory::{
    ChangesParams, ChangesResult, ItemRef, SearchParams, SearchResult, Snapshot, SyncResult,
};
use vault_raider_protocol::model::ItemDetail;

/// `profile.snapshot`.
pub(super) async fn profile_snapshot(backend: &DaemonBackend) -> Result<Snapshot, BackendError> {
    let inventory = backend.store.inventory().map_err(internal)?;
    let account = backend.store.account().map_err(internal)?;
    Ok(convert::snapshot::snapshot(&inventory, account.as_ref()))
}

/// `profile.changes`.
pub(super) async fn profile_changes(
    backend: &DaemonBackend,
    params: ChangesParams,
) -> Result<ChangesResult, BackendError> {
    match backend
        .store
        .changes_since(params.since)
        .map_err(internal)?
    {
        crate::store::ChangesSince::Changes { rev, changes } => Ok(ChangesResult {
            rev,
            changes: Some(changes.iter().map(convert::change).collect()),
            reset: None,
        }),
        crate::store::ChangesSince::Reset { rev } => Ok(ChangesResult {
            rev,
            changes: None,
            reset: Some(true),
        }),
    }
}

/// `profile.sync`.
pub(super) async fn profile_sync(backend: &DaemonBackend) -> Result<SyncResult, BackendError> {
    // Signed out, GetProfile would be answered without the private components, which
    // is no inventory at all: say what is wrong instead.
    if !matches!(
        *backend.session.status().borrow(),
        AuthStatus::SignedIn { .. }
    ) {
        return Err(signed_out(
            "You are signed out of Bungie.net; sign in again to sync.",
        ));
    }
    // Just after a start or a sign-in, the session loop is still choosing the Destiny account:
    // a sync asked for then waits for it (a few seconds at most) rather than failing.
    backend.sync.account_within(ACCOUNT_CHOICE_WAIT).await;
    match backend.sync.sync_now().await {
        Ok(outcome) => Ok(SyncResult {
            rev: outcome.rev,
            changed: u32::try_from(outcome.changed).unwrap_or(u32::MAX),
            took_ms: outcome.took_ms,
        }),
        Err(e) => Err(convert::errors::sync_error(e)),
    }
}

/// How long `profile.sync` waits for the session loop to choose the Destiny account.
const ACCOUNT_CHOICE_WAIT: Duration = Duration::from_secs(10);

/// `items.search`.
pub(super) async fn items_search(
    backend: &DaemonBackend,
    params: SearchParams,
) -> Result<SearchResult, BackendError> {
    let query = Query::parse(&params.query)
        .map_err(|e| BackendError::invalid_params("query", e.message))?;
    let inventory = backend.store.inventory().map_err(internal)?;
    let loadouts = backend.store.loadouts(None).map_err(internal)?;
    let limit = params.limit.map_or(usize::MAX, |l| l as usize);
    let items = query
        .select(&inventory, &loadouts)
        .take(limit)
        .map(|i| convert::annotated_item(i, inventory.annotations.get(&i.id)))
        .collect();
    Ok(SearchResult { items })
}

/// `items.get`.
pub(super) async fn items_get(
    backend: &DaemonBackend,
    params: ItemRef,
) -> Result<ItemDetail, BackendError> {
    let item = backend
        .store
        .item(&ItemId(params.id.clone()))
        .map_err(internal)?
        .ok_or_else(|| item_not_found(&params.id))?;
    let annotation = backend.store.annotation(&item.id).map_err(internal)?;
    let progress = backend
        .store
        .progress_of_item(item.id.as_str())
        .map_err(internal)?;
    Ok(convert::item_detail(&item, &annotation, progress.as_ref()))
}
