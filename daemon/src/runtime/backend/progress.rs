//! `progress.list`, `progress.track`, `activities.history` and `stats.account`: pursuits and
//! milestones from the store; tracking, history and lifetime figures through the Bungie client.

#![allow(clippy::result_large_err)]

use super::{DaemonBackend, wire_character};
use crate::bungie::wire::ItemStateRequest;
use crate::events::DaemonEvent;
use crate::server::backend::BackendError;
use crate::server::convert;
use crate::server::convert::errors::{bungie_error, internal, item_not_found, sync_error};
use crate::store::model::{Change, ProgressEntry, ProgressKind};
use crate::sync::reports::account_figures;
use std::sync::atomic::Ordering;
use vault_raider_protocol::progress::{
    AccountStats, HistoryParams, HistoryResult, ProgressList, ProgressListParams,
    ProgressListResult, TrackParams, TrackResult,
};

/// The most `activities.history` returns.
const MAX_HISTORY: u32 = 50;
/// The default `activities.history` count.
const DEFAULT_HISTORY: u32 = 10;
/// How many of the newest activities get their carnage report read.
const HISTORY_REPORTS: usize = 5;

/// `progress.list`: the stored pursuits and milestones, sorted into their lists.
pub async fn list(
    backend: &DaemonBackend,
    params: ProgressListParams,
) -> Result<ProgressListResult, BackendError> {
    let character = match &params.character_id {
        Some(text) => Some(backend.known_character("characterId", text)?),
        None => None,
    };
    let wanted = |list: ProgressList| params.kinds.as_ref().is_none_or(|k| k.contains(&list));
    let mut result = ProgressListResult::default();
    for entry in backend.store.progress(character).map_err(internal)? {
        let (list, into) = match entry.kind {
            ProgressKind::Bounty => (ProgressList::Bounties, &mut result.bounties),
            ProgressKind::Milestone => (ProgressList::Milestones, &mut result.milestones),
            ProgressKind::Quest | ProgressKind::Other => (ProgressList::Quests, &mut result.quests),
        };
        if wanted(list) {
            into.push(convert::progress_item(&entry));
        }
    }
    Ok(result)
}

/// `progress.track`: one SetQuestTrackedState (none when the pursuit already is as asked), the
/// new flag recorded as a change and pushed.
pub async fn track(
    backend: &DaemonBackend,
    params: TrackParams,
) -> Result<TrackResult, BackendError> {
    let entry = backend
        .store
        .progress_of_item(&params.id)
        .map_err(internal)?;
    let Some(mut entry) = entry else {
        return Err(
            match backend
                .store
                .item(&crate::store::model::ItemId(params.id.clone()))
            {
                Ok(Some(_)) => BackendError::invalid_params(
                    "id",
                    "only a bounty or quest step (an item with objectives) can be tracked",
                ),
                _ => item_not_found(&params.id),
            },
        );
    };
    if entry.tracked == params.tracked {
        return Ok(TrackResult {
            item: convert::progress_item(&entry),
            bungie_calls: 0,
        });
    }
    let item_id: i64 = entry.id.parse().map_err(|_| {
        BackendError::invalid_params("id", "only an instanced pursuit can be tracked")
    })?;
    backend.require_signed_in()?;
    let client = backend.sync.client();
    let before = client.call_count();
    client
        .set_tracked_state(&ItemStateRequest {
            state: params.tracked,
            item_id,
            character_id: wire_character(entry.character_id)?,
            membership_type: backend.membership_type.load(Ordering::Relaxed),
        })
        .await
        .map_err(|e| bungie_error(&e))?;
    let calls = u32::try_from(client.call_count().saturating_sub(before)).unwrap_or(u32::MAX);
    entry.tracked = params.tracked;
    record(backend, &entry)?;
    Ok(TrackResult {
        item: convert::progress_item(&entry),
        bungie_calls: calls,
    })
}

/// Stores a pursuit's new state as one change and tells every client (and the lag guard).
fn record(backend: &DaemonBackend, entry: &ProgressEntry) -> Result<(), BackendError> {
    let change = Change::Progress {
        character_id: entry.character_id,
        id: entry.id.clone(),
        entry: Some(Box::new(entry.clone())),
    };
    let revised = backend
        .store
        .apply_changes(vec![change.clone()])
        .map_err(internal)?;
    backend.sync.note_action(&[change]);
    let rev = revised.last().map_or(0, |c| c.rev);
    backend.bus.publish(DaemonEvent::Inventory {
        rev,
        changes: revised,
    });
    backend.bus.publish(DaemonEvent::ProgressChanged {
        character_id: entry.character_id,
        changed: vec![entry.clone()],
        completed: Vec::new(),
        removed: Vec::new(),
    });
    Ok(())
}

/// `activities.history`: a character's recent activities with their carnage reports.
pub async fn history(
    backend: &DaemonBackend,
    params: HistoryParams,
) -> Result<HistoryResult, BackendError> {
    let count = params.count.unwrap_or(DEFAULT_HISTORY);
    if !(1..=MAX_HISTORY).contains(&count) {
        return Err(BackendError::invalid_params(
            "count",
            format!("count must be 1–{MAX_HISTORY}"),
        ));
    }
    let character_id = match &params.character_id {
        Some(text) => backend.known_character("characterId", text)?,
        None => backend.most_recent_character()?,
    };
    backend.require_signed_in()?;
    let found = backend
        .sync
        .recent_activities(character_id, count, params.mode, HISTORY_REPORTS)
        .await
        .map_err(sync_error)?;
    Ok(HistoryResult {
        activities: found.iter().map(convert::activity_completed).collect(),
    })
}

/// `stats.account`: lifetime figures per mode group.
pub async fn account_stats(backend: &DaemonBackend) -> Result<AccountStats, BackendError> {
    let (account, membership_id) = backend.signed_in_account()?;
    let stats = backend
        .sync
        .client()
        .get_historical_stats_for_account(account.membership_type, membership_id)
        .await
        .map_err(|e| bungie_error(&e))?;
    Ok(convert::account_stats(&account_figures(&stats)))
}
