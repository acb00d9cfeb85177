//! `vendors.list`, `collections.search` and `clan.get`: read from Bungie on demand (kept in
//! [`ReadCaches`](crate::runtime::read_caches::ReadCaches) while current) and judged against the player's
//! collectibles and currencies.

#![allow(clippy::result_large_err)]

use super::{DaemonBackend, wire_character};
use crate::bungie::manifest::vendor_defs::CollectibleDef;
use crate::bungie::wire::groups::GroupMember;
use crate::bungie::wire::profile::components::{CHARACTER_ACTIVITIES, COLLECTIBLES};
use crate::bungie::wire::vendors::components::VENDORS;
use crate::runtime::read_caches::{VendorsRead, vendors_good_until};
use crate::server::backend::BackendError;
use crate::server::convert;
use crate::server::convert::errors::{bungie_error, internal};
use crate::store::model::{Account, CharacterId};
use crate::sync::convert::current_activity;
use crate::sync::vendors::{Collectibles, CollectionsQuery, collectible_views, vendor_views};
use std::sync::Arc;
use vault_raider_protocol::session::Empty;
use vault_raider_protocol::vendors::{
    Clan, ClanMember, ClanResult, CollectionsParams, CollectionsResult, VendorsParams,
    VendorsResult,
};

/// The most `collections.search` lists.
const MAX_COLLECTIBLES: u32 = 1000;
/// How many it lists by default.
const DEFAULT_COLLECTIBLES: u32 = 100;
/// The most roster pages read (Bungie's pages hold 50; a clan holds at most 100).
const MAX_ROSTER_PAGES: u32 = 10;
/// The most online members whose activity is looked up per read.
const MAX_ACTIVITY_LOOKUPS: usize = 10;
/// The most collectible definitions read from the manifest.
const MAX_COLLECTIBLE_DEFS: usize = 50_000;

/// `vendors.list`.
pub async fn list(
    backend: &DaemonBackend,
    params: VendorsParams,
) -> Result<VendorsResult, BackendError> {
    let character = backend.known_character("characterId", &params.character_id)?;
    let (account, membership_id) = backend.signed_in_account()?;
    let refresh = params.refresh.unwrap_or(false);
    let now = (backend.clock)();
    // Requests that need Bungie take turns; one that waited uses what the read before it kept
    // (a refresh only a read made after it was asked), so refreshes sent together cost one read.
    let fresh_since = refresh.then(|| backend.caches.generation());
    let read = match backend.caches.vendors(character, now).filter(|_| !refresh) {
        Some(read) => read,
        None => {
            let _turn = backend.caches.reading().await;
            let kept = backend
                .caches
                .vendors(character, now)
                .filter(|r| fresh_since.is_none_or(|g| r.generation > g));
            match kept {
                Some(read) => read,
                None => read_vendors(backend, &account, membership_id, character, now).await?,
            }
        }
    };
    let collectibles =
        collectibles(backend, &account, membership_id, character, fresh_since).await?;
    let held = backend.store.inventory().map_err(internal)?.currencies;
    let views = vendor_views(
        &read.response,
        character,
        &collectibles,
        &held,
        &backend.manifest,
    );
    Ok(VendorsResult {
        vendors: views.iter().map(convert::vendor).collect(),
        currencies: held.iter().map(convert::currency).collect(),
        read_at: convert::wire_time(read.read_at),
    })
}

/// Reads a character's vendors from Bungie and keeps them.
async fn read_vendors(
    backend: &DaemonBackend,
    account: &Account,
    membership_id: i64,
    character: CharacterId,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<VendorsRead, BackendError> {
    let response = backend
        .sync
        .client()
        .get_vendors(
            account.membership_type,
            membership_id,
            wire_character(character)?,
            &VENDORS,
        )
        .await
        .map_err(|e| bungie_error(&e))?;
    let read = VendorsRead {
        good_until: vendors_good_until(&response, now),
        response: Arc::new(response),
        read_at: now,
        generation: 0,
    };
    Ok(backend.caches.keep_vendors(character, read))
}

/// `collections.search`.
pub async fn search(
    backend: &DaemonBackend,
    params: CollectionsParams,
) -> Result<CollectionsResult, BackendError> {
    let query = CollectionsQuery::parse(&params.query)
        .map_err(|e| BackendError::invalid_params("query", e.to_string()))?;
    let limit = params.limit.unwrap_or(DEFAULT_COLLECTIBLES);
    if !(1..=MAX_COLLECTIBLES).contains(&limit) {
        return Err(BackendError::invalid_params(
            "limit",
            format!("limit must be 1–{MAX_COLLECTIBLES}"),
        ));
    }
    let (account, membership_id) = backend.signed_in_account()?;
    let character = backend.most_recent_character()?;
    let states = collectibles(backend, &account, membership_id, character, None).await?;
    let defs = collectible_defs(backend)?;
    let found = collectible_views(&defs, &states, &query);
    let total = u32::try_from(found.len()).unwrap_or(u32::MAX);
    Ok(CollectionsResult {
        collectibles: found
            .iter()
            .take(limit as usize)
            .map(convert::collectible)
            .collect(),
        total,
    })
}

/// `clan.get`.
pub async fn clan(backend: &DaemonBackend, _: Empty) -> Result<ClanResult, BackendError> {
    if let Some(clan) = backend.caches.clan() {
        return Ok(clan);
    }
    let (account, membership_id) = backend.signed_in_account()?;
    let client = backend.sync.client();
    let groups = client
        .get_groups_for_member(account.membership_type, membership_id)
        .await
        .map_err(|e| bungie_error(&e))?;
    let read_at = convert::wire_time((backend.clock)());
    let Some(group) = groups.results.into_iter().map(|m| m.group).next() else {
        let none = ClanResult {
            clan: None,
            read_at,
        };
        backend.caches.keep_clan(none.clone());
        return Ok(none);
    };
    let mut members: Vec<GroupMember> = Vec::new();
    for page in 1..=MAX_ROSTER_PAGES {
        let roster = client
            .get_members_of_group(group.group_id, page)
            .await
            .map_err(|e| bungie_error(&e))?;
        members.extend(roster.results);
        if !roster.has_more {
            break;
        }
    }
    members.sort_by(|a, b| {
        b.is_online.cmp(&a.is_online).then(
            b.last_online_status_change
                .cmp(&a.last_online_status_change),
        )
    });
    let mut roster: Vec<ClanMember> = members.iter().map(convert::clan::member).collect();
    // What the members online are playing, from their public profiles (a bounded number).
    for (m, shown) in members
        .iter()
        .zip(roster.iter_mut())
        .filter(|(m, _)| m.is_online && m.destiny_user_info.membership_id != membership_id)
        .take(MAX_ACTIVITY_LOOKUPS)
    {
        shown.activity = public_activity(backend, m).await;
    }
    let result = ClanResult {
        clan: Some(Clan {
            id: group.group_id.to_string(),
            name: group.name,
            motto: group.motto,
            member_count: u32::try_from(group.member_count).unwrap_or(0),
            members: roster,
        }),
        read_at,
    };
    backend.caches.keep_clan(result.clone());
    Ok(result)
}

/// What a member is playing, when their profile shows component 204 publicly (a profile that
/// cannot be read shows nothing, and is logged).
async fn public_activity(backend: &DaemonBackend, m: &GroupMember) -> Option<String> {
    let card = &m.destiny_user_info;
    let profile = backend
        .sync
        .client()
        .get_profile(
            card.membership_type,
            card.membership_id,
            &[CHARACTER_ACTIVITIES],
        )
        .await
        .inspect_err(|e| tracing::debug!("a clan member's public profile is unreadable: {e}"))
        .ok()?;
    let defs = backend.sync.defs();
    let found = profile
        .character_activities
        .as_ref()
        .and_then(|c| c.data.as_ref())?
        .values()
        .filter_map(|a| current_activity(a, defs.as_ref()))
        .max_by(|a, b| a.started_at.cmp(&b.started_at))?;
    Some(if found.mode.is_empty() || found.mode == found.name {
        found.name
    } else {
        format!("{} — {}", found.name, found.mode)
    })
}

/// The collectible states for `character`: kept for a minute; with `fresh_since` (a refresh), only
/// states read after that generation are used.
async fn collectibles(
    backend: &DaemonBackend,
    account: &Account,
    membership_id: i64,
    character: CharacterId,
    fresh_since: Option<u64>,
) -> Result<Arc<Collectibles>, BackendError> {
    if let Some(states) = backend.caches.collectibles(character, fresh_since) {
        return Ok(states);
    }
    // Requests that need the states take turns, like the vendors' reads above.
    let _turn = backend.caches.reading().await;
    if let Some(states) = backend.caches.collectibles(character, fresh_since) {
        return Ok(states);
    }
    let profile = backend
        .sync
        .client()
        .get_profile(account.membership_type, membership_id, &[COLLECTIBLES])
        .await
        .map_err(|e| bungie_error(&e))?;
    let states = Arc::new(Collectibles::from_profile(
        &profile,
        Some(wire_character(character)?),
    ));
    backend.caches.keep_collectibles(character, states.clone());
    Ok(states)
}

/// Every collectible definition of the installed manifest (read once per manifest version).
fn collectible_defs(backend: &DaemonBackend) -> Result<Arc<Vec<CollectibleDef>>, BackendError> {
    let version = backend.manifest.version().unwrap_or_default();
    if let Some(defs) = backend.caches.collectible_defs(&version) {
        return Ok(defs);
    }
    let defs = Arc::new(
        backend
            .manifest
            .all::<CollectibleDef>(MAX_COLLECTIBLE_DEFS)
            .map_err(internal)?,
    );
    backend.caches.keep_collectible_defs(version, defs.clone());
    Ok(defs)
}
