//! The Platform endpoints once every check has passed: parse the path, query and body the way
//! Bungie does (bad input gets 7, 18, 25, 26, 30…), ask the world, wrap the answer in the envelope.

use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use axum::response::Response;
use chrono::{TimeDelta, Utc};
use http::StatusCode;
use serde_json::Value;

use super::assets;
use super::codes::{self, PlatformError};
use super::envelope;
use super::platform::Route;
use super::request::RawRequest;
use super::state::{SimState, lock};
use super::stats;
use crate::world::{SimError, World};

/// How far back a stale profile's minted timestamp lies when no older answer was kept.
const STALE_AGE: TimeDelta = TimeDelta::minutes(5);
/// How many request shapes (components × owner) the stale-profile cache keeps before it starts over.
const MAX_SERVED_SHAPES: usize = 64;
/// The largest `count` GetActivityHistory accepts.
const MAX_HISTORY_COUNT: u32 = 250;

/// Runs a recognised endpoint for `user` (the caller's Bungie.net id when a valid token came).
pub fn answer(
    state: &Arc<SimState>,
    request: &RawRequest,
    route: Route<'_>,
    user: Option<i64>,
) -> Response {
    let action = matches!(route, Route::Action(_));
    let result = match route {
        Route::Memberships => Ok(envelope::success(lock(&state.world).memberships_json())),
        Route::Manifest => Ok(envelope::success(assets::manifest_json(state))),
        Route::Profile {
            membership_type,
            membership_id,
        } => get_profile(
            state,
            request,
            membership_type,
            membership_id,
            user.is_some(),
        ),
        Route::ActivityHistory {
            membership_type,
            membership_id,
            character_id,
        } => activity_history(state, request, membership_type, membership_id, character_id),
        Route::Pgcr { activity_id } => stats::pgcr(state, activity_id),
        Route::AccountStats {
            membership_type,
            membership_id,
        } => world_for(state, membership_type, membership_id)
            .map(|(world, _)| envelope::success(lock(world).account_stats_json())),
        Route::Vendors {
            membership_type,
            membership_id,
            character_id,
        } => super::vendors::get_vendors(
            state,
            request,
            (membership_type, membership_id, character_id),
            user.is_some(),
        ),
        Route::GroupsForMember {
            membership_type,
            membership_id,
            filter,
            group_type,
        } => super::groups::groups_for_member(
            state,
            membership_type,
            membership_id,
            filter,
            group_type,
        ),
        Route::GroupMembers { group_id } => super::groups::members(state, request, group_id),
        Route::Action(name) => run_action(state, name, &request.body).map(envelope::success),
        Route::Token | Route::Unknown => Err(PlatformError::new(codes::NOT_FOUND)),
    };
    result.unwrap_or_else(|error| envelope::error(&error, action))
}

/// A world error as the envelope carries it.
pub fn from_world(error: SimError) -> PlatformError {
    PlatformError {
        code: error.code,
        status: error.status.to_string(),
        message: error.message,
        message_data: error.message_data,
        throttle_seconds: 0,
    }
}

/// Parses a path segment or query value, 7 ParameterParseFailure naming `what` when it fails.
pub fn parse_segment<T: std::str::FromStr>(value: &str, what: &str) -> Result<T, PlatformError> {
    value.parse().map_err(|_| {
        PlatformError::with_message(
            codes::PARAMETER_PARSE_FAILURE,
            format!("Unable to parse {what} {value:?}."),
        )
    })
}

/// The world whose profile the membership is (the second platform's with separate accounts),
/// and the membership id; 1601 for a membership that is not the account's.
pub(super) fn world_for<'a>(
    state: &'a SimState,
    membership_type: &str,
    membership_id: &str,
) -> Result<(&'a Arc<Mutex<World>>, i64), PlatformError> {
    let membership_type: i32 = parse_segment(membership_type, "membershipType")?;
    let membership_id: i64 = parse_segment(membership_id, "destinyMembershipId")?;
    if crate::world::is_legacy(&lock(&state.world), membership_type, membership_id) {
        return Err(PlatformError::new(codes::LEGACY_PLATFORM_INACCESSIBLE));
    }
    std::iter::once(&state.world)
        .chain(state.second_world.as_ref())
        .find(|world| lock(world).owns(membership_type, membership_id))
        .map(|world| (world, membership_id))
        .ok_or_else(|| PlatformError::new(codes::ACCOUNT_NOT_FOUND))
}

fn get_profile(
    state: &SimState,
    request: &RawRequest,
    membership_type: &str,
    membership_id: &str,
    owner: bool,
) -> Result<Response, PlatformError> {
    let (world, membership_id) = match world_for(state, membership_type, membership_id) {
        Ok(found) => found,
        Err(error) => {
            // Not the player's: another member of their clan shows their public components.
            let components = parse_components(request.query("components").as_deref()).ok();
            return components
                .and_then(|c| clan_member_profile(state, membership_type, membership_id, &c))
                .ok_or(error);
        }
    };
    let mut components = parse_components(request.query("components").as_deref())?;
    components.sort_unstable();
    components.dedup();
    let primary = Arc::ptr_eq(world, &state.world);
    let key = format!("{membership_id}|{components:?}|{owner}");
    let now = Utc::now();
    let stale = lock(&state.faults).stale_profile;
    if stale && let Some(body) = lock(&state.served_profiles).get(&key) {
        return Ok(envelope::json_response(StatusCode::OK, body.clone()));
    }
    let realism = state.settings.realism;
    let instant = std::time::Instant::now();
    if !stale
        && !realism.profile_cache.is_zero()
        && let Some(body) = lock(&state.profile_cache).get(&key, instant, realism.profile_cache)
    {
        return Ok(envelope::json_response(StatusCode::OK, body));
    }
    let minted = if stale {
        now - STALE_AGE
    } else {
        lock(&state.minted).next(now)
    };
    let profile = {
        let mut lag = lock(&state.lag);
        // The lag history records the primary world only.
        match lag
            .visible(instant, realism.profile_lag)
            .filter(|_| primary)
        {
            Some(before) => before.profile_json(&components, owner, minted),
            None => lock(world).profile_json(&components, owner, minted),
        }
    };
    let body = Bytes::from(envelope::success_body(profile));
    if !stale && !realism.profile_cache.is_zero() {
        lock(&state.profile_cache).put(key.clone(), instant, body.clone());
    }
    if !stale {
        let mut served = lock(&state.served_profiles);
        if served.len() >= MAX_SERVED_SHAPES && !served.contains_key(&key) {
            served.clear();
        }
        served.insert(key, body.clone());
    }
    Ok(envelope::json_response(StatusCode::OK, body))
}

/// GetProfile for another member of the player's clan: their public components.
fn clan_member_profile(
    state: &SimState,
    membership_type: &str,
    membership_id: &str,
    components: &[u32],
) -> Option<Response> {
    let membership_type: i32 = membership_type.parse().ok()?;
    let membership_id: i64 = membership_id.parse().ok()?;
    let minted = lock(&state.minted).next(Utc::now());
    let profile = lock(&state.world).member_profile_json(
        membership_type,
        membership_id,
        components,
        minted,
    )?;
    Some(envelope::success(profile))
}

/// `DestinyComponentType` names and numbers (API.md §3.3).
const COMPONENTS: [(&str, u32); 38] = [
    ("None", 0),
    ("Profiles", 100),
    ("VendorReceipts", 101),
    ("ProfileInventories", 102),
    ("ProfileCurrencies", 103),
    ("ProfileProgression", 104),
    ("PlatformSilver", 105),
    ("Characters", 200),
    ("CharacterInventories", 201),
    ("CharacterProgressions", 202),
    ("CharacterRenderData", 203),
    ("CharacterActivities", 204),
    ("CharacterEquipment", 205),
    ("CharacterLoadouts", 206),
    ("ItemInstances", 300),
    ("ItemObjectives", 301),
    ("ItemPerks", 302),
    ("ItemRenderData", 303),
    ("ItemStats", 304),
    ("ItemSockets", 305),
    ("ItemTalentGrids", 306),
    ("ItemCommonData", 307),
    ("ItemPlugStates", 308),
    ("ItemPlugObjectives", 309),
    ("ItemReusablePlugs", 310),
    ("Vendors", 400),
    ("VendorCategories", 401),
    ("VendorSales", 402),
    ("Kiosks", 500),
    ("CurrencyLookups", 600),
    ("PresentationNodes", 700),
    ("Collectibles", 800),
    ("Records", 900),
    ("Transitory", 1000),
    ("Metrics", 1100),
    ("StringVariables", 1200),
    ("Craftables", 1300),
    ("SocialCommendations", 1400),
];

/// Parses `?components=` (numbers or names, comma-separated, at least one).
pub fn parse_components(raw: Option<&str>) -> Result<Vec<u32>, PlatformError> {
    let raw = raw.unwrap_or("").trim();
    if raw.is_empty() {
        return Err(PlatformError::with_message(
            codes::INVALID_PARAMETERS,
            "At least one component is required.",
        ));
    }
    raw.split(',')
        .map(str::trim)
        .map(|part| {
            let known = COMPONENTS.iter().find(|(name, number)| {
                name.eq_ignore_ascii_case(part) || part.parse::<u32>().is_ok_and(|n| n == *number)
            });
            known.map(|(_, number)| *number).ok_or_else(|| {
                PlatformError::with_message(
                    codes::PARAMETER_PARSE_FAILURE,
                    format!("Unknown component {part:?}."),
                )
            })
        })
        .collect()
}

fn activity_history(
    state: &SimState,
    request: &RawRequest,
    membership_type: &str,
    membership_id: &str,
    character_id: &str,
) -> Result<Response, PlatformError> {
    let (world, _) = world_for(state, membership_type, membership_id)?;
    let character_id: i64 = parse_segment(character_id, "characterId")?;
    let count: u32 = request
        .query("count")
        .map_or(Ok(25), |v| parse_segment(&v, "count"))?;
    if count == 0 || count > MAX_HISTORY_COUNT {
        return Err(PlatformError::with_message(
            8,
            format!("count must be from 1 to {MAX_HISTORY_COUNT}."),
        ));
    }
    let page: u32 = request
        .query("page")
        .map_or(Ok(0), |v| parse_segment(&v, "page"))?;
    let mode: Option<i32> = request
        .query("mode")
        .map(|v| parse_segment(&v, "mode"))
        .transpose()?;
    let history = lock(world)
        .activity_history_json(character_id, count, page, mode)
        .map_err(from_world)?;
    Ok(envelope::success(history))
}

/// Parses an action body as Bungie does: nothing → 26, not JSON → 30, not an object → 25.
pub fn parse_body(body: &[u8]) -> Result<Value, PlatformError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(PlatformError::new(codes::MISSING_POST_BODY));
    }
    let value: Value = serde_json::from_slice(body).map_err(|e| {
        PlatformError::with_message(
            codes::JSON_DESERIALIZATION_ERROR,
            format!("Unable to deserialize the request body: {e}."),
        )
    })?;
    if !value.is_object() {
        return Err(PlatformError::with_message(
            codes::INVALID_POST_BODY,
            "The post body must be a JSON object.",
        ));
    }
    Ok(value)
}

fn run_action(state: &SimState, name: &str, body: &[u8]) -> Result<Value, PlatformError> {
    let body = parse_body(body)?;
    // Actions name the membership type only: the second platform's, with separate accounts,
    // acts on its own game.
    let second = state.second_world.as_ref().filter(|world| {
        body.get("membershipType").and_then(Value::as_i64)
            == Some(i64::from(lock(world).primary_membership().0))
    });
    match second {
        Some(second) => run_action_on(state, second, name, &body, false),
        None => run_action_on(state, &state.world, name, &body, true),
    }
}

fn run_action_on(
    state: &SimState,
    world: &Mutex<World>,
    name: &str,
    body: &Value,
    record_lag: bool,
) -> Result<Value, PlatformError> {
    let mut world = lock(world);
    let lag = state.settings.realism.profile_lag;
    let before = (record_lag && !lag.is_zero()).then(|| world.clone());
    let result = match name {
        "TransferItem" => world.transfer_item(body),
        "PullFromPostmaster" => world.pull_from_postmaster(body),
        "EquipItem" => world.equip_item(body),
        "EquipItems" => world.equip_items(body),
        "SetLockState" => world.set_lock_state(body),
        "SetTrackedState" => world.set_tracked_state(body),
        "EquipLoadout" => world.equip_loadout(body),
        "SnapshotLoadout" => world.snapshot_loadout(body),
        "UpdateLoadoutIdentifiers" => world.update_loadout_identifiers(body),
        "ClearLoadout" => world.clear_loadout(body),
        _ => return Err(PlatformError::new(codes::NOT_FOUND)),
    };
    drop(world);
    // The world's lock is released first: GetProfile takes the lag history's lock, then the world's.
    if let (Ok(_), Some(before)) = (&result, before) {
        lock(&state.lag).record(std::time::Instant::now(), before);
    }
    result.map_err(from_world)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn components_take_numbers_and_names() {
        assert_eq!(
            parse_components(Some("100,ProfileInventories, characters")).unwrap(),
            vec![100, 102, 200]
        );
        assert_eq!(parse_components(Some("")).unwrap_err().code, 18);
        assert_eq!(parse_components(None).unwrap_err().code, 18);
        assert_eq!(parse_components(Some("100,Bogus")).unwrap_err().code, 7);
        assert_eq!(parse_components(Some("100,9999")).unwrap_err().code, 7);
    }

    #[test]
    fn bodies_fail_with_bungies_codes() {
        assert_eq!(parse_body(b"").unwrap_err().code, 26);
        assert_eq!(parse_body(b"  \n").unwrap_err().code, 26);
        assert_eq!(parse_body(b"{\"itemId\":").unwrap_err().code, 30);
        assert_eq!(parse_body(b"[1,2]").unwrap_err().code, 25);
        assert!(parse_body(b"{\"itemId\":\"1\"}").is_ok());
    }
}
