//! The `/sim/` control endpoints tests drive the simulator with (loopback only, no API key): the
//! truth, faults, in-game actions, call counts and revoking authorizations.

use std::sync::Arc;
use std::time::Instant;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{ConnectInfo, Request, State};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use http::StatusCode;
use serde_json::{Value, json};

use super::codes::{self, PlatformError};
use super::conn::ConnInfo;
use super::endpoints::{from_world, parse_body};
use super::envelope;
use super::faults::{FaultRequest, Faults};
use super::state::{SimState, lock};
use crate::world::GameEvent;

type Shared = State<Arc<SimState>>;

/// The control routes.
pub fn routes() -> Router<Arc<SimState>> {
    Router::new()
        .route("/sim/state", get(world_state))
        .route("/sim/faults", get(get_faults).post(set_faults))
        .route("/sim/game/move", post(game_move))
        .route("/sim/game/activity", post(game_activity))
        .route("/sim/game/postmaster", post(game_postmaster))
        .route("/sim/game/progress", post(game_progress))
        .route("/sim/calls", get(calls))
        .route("/sim/calls/reset", post(reset_calls))
        .route("/sim/traffic", get(traffic))
        .route("/sim/manifest/bump", post(bump_manifest))
        .route("/sim/traffic/reset", post(reset_traffic))
        .route("/sim/revoke", post(revoke))
        .route("/sim/account/replace", post(replace_account))
        .merge(super::control_shop::routes())
        .route_layer(middleware::from_fn(loopback_only))
}

/// Refuses control calls from anywhere but this machine.
async fn loopback_only(request: Request, next: Next) -> Response {
    let peer = request
        .extensions()
        .get::<ConnectInfo<ConnInfo>>()
        .map(|info| info.0.remote.ip());
    if peer.is_some_and(|ip| ip.is_loopback()) {
        next.run(request).await
    } else {
        (StatusCode::FORBIDDEN, "control endpoints are loopback only").into_response()
    }
}

/// A success envelope around `value`.
pub(super) fn ok(value: Value) -> Response {
    envelope::success(value)
}

/// An error envelope.
pub(super) fn fail(error: PlatformError) -> Response {
    envelope::error(&error, false)
}

async fn world_state(State(state): Shared) -> Response {
    axum::Json(lock(&state.world).state_json()).into_response()
}

async fn get_faults(State(state): Shared) -> Response {
    axum::Json(lock(&state.faults).clone()).into_response()
}

async fn set_faults(State(state): Shared, body: Bytes) -> Response {
    let parsed = parse_body(&body).and_then(|value| {
        serde_json::from_value::<FaultRequest>(value)
            .map_err(|e| PlatformError::with_message(codes::INVALID_PARAMETERS, e.to_string()))
    });
    let (faults, expire) = match parsed.and_then(|request| {
        Faults::from_request(&request)
            .map_err(|m| PlatformError::with_message(codes::INVALID_PARAMETERS, m))
    }) {
        Ok(decided) => decided,
        Err(error) => return fail(error),
    };
    if expire {
        lock(&state.tokens).expire_all_access(Instant::now());
    }
    *lock(&state.faults) = faults.clone();
    axum::Json(faults).into_response()
}

/// A field holding an int64 id, as a digit string or a number.
pub(super) fn id_field(body: &Value, name: &str) -> Result<i64, PlatformError> {
    match body.get(name) {
        Some(Value::String(text)) => text.parse().map_err(|_| {
            PlatformError::with_message(
                codes::PARAMETER_PARSE_FAILURE,
                format!("{name} is not an int64"),
            )
        }),
        Some(Value::Number(number)) => number.as_i64().ok_or_else(|| {
            PlatformError::with_message(
                codes::PARAMETER_PARSE_FAILURE,
                format!("{name} is not an int64"),
            )
        }),
        _ => Err(PlatformError::with_message(
            codes::INVALID_PARAMETERS,
            format!("{name} is required"),
        )),
    }
}

fn text_field(body: &Value, name: &str) -> Result<String, PlatformError> {
    match body.get(name) {
        Some(Value::String(text)) => Ok(text.clone()),
        Some(Value::Number(number)) => Ok(number.to_string()),
        _ => Err(PlatformError::with_message(
            codes::INVALID_PARAMETERS,
            format!("{name} is required"),
        )),
    }
}

async fn game_move(State(state): Shared, body: Bytes) -> Response {
    let result = parse_body(&body).and_then(|body| {
        let item_id = text_field(&body, "itemId")?;
        let to = text_field(&body, "to")?;
        lock(&state.world)
            .game_move(&item_id, &to)
            .map_err(from_world)
    });
    result.map_or_else(fail, |()| ok(json!(0)))
}

async fn game_activity(State(state): Shared, body: Bytes) -> Response {
    let result = parse_body(&body).and_then(|body| {
        let character_id = id_field(&body, "characterId")?;
        let now = chrono::Utc::now();
        let mut world = lock(&state.world);
        match body.get("action").and_then(Value::as_str) {
            Some("start") => world.start_activity(character_id, now),
            Some("finish") | None => world.finish_activity(character_id, now),
            Some(other) => {
                return Err(PlatformError::with_message(
                    codes::INVALID_PARAMETERS,
                    format!("action {other:?} is neither \"start\" nor \"finish\""),
                ));
            }
        }
        .map_err(from_world)
    });
    result.map_or_else(fail, |event| ok(event_json(&event)))
}

/// A game event as JSON for the control endpoints (int64 ids as strings, like Bungie's).
fn event_json(event: &GameEvent) -> Value {
    match event {
        GameEvent::ActivityStarted {
            character_id,
            activity_hash,
            mode,
            at,
        } => json!({
            "event": "activityStarted", "characterId": character_id.to_string(),
            "activityHash": activity_hash, "mode": mode, "at": at.to_rfc3339(),
        }),
        GameEvent::ActivityCompleted {
            character_id,
            activity_hash,
            instance_id,
            completed,
            at,
        } => json!({
            "event": "activityCompleted", "characterId": character_id.to_string(),
            "activityHash": activity_hash, "instanceId": instance_id.to_string(),
            "completed": completed, "at": at.to_rfc3339(),
        }),
        GameEvent::Drop {
            character_id,
            item_hash,
            item_instance_id,
            lost,
        } => json!({
            "event": "drop", "characterId": character_id.to_string(), "itemHash": item_hash,
            "itemInstanceId": item_instance_id, "lost": lost,
        }),
        GameEvent::InGameMove { item_id, to } => {
            json!({"event": "inGameMove", "itemId": item_id, "to": to})
        }
    }
}

async fn game_postmaster(State(state): Shared, body: Bytes) -> Response {
    let result = parse_body(&body).and_then(|body| {
        let character_id = id_field(&body, "characterId")?;
        let count = body
            .get("count")
            .and_then(Value::as_u64)
            .and_then(|count| u32::try_from(count).ok())
            .ok_or_else(|| {
                PlatformError::with_message(
                    codes::INVALID_PARAMETERS,
                    "count must be a whole number",
                )
            })?;
        lock(&state.world)
            .fill_postmaster(character_id, count)
            .map_err(from_world)
    });
    // The drops as the clock reports them: each with its new item and what it cost (`lost`).
    result.map_or_else(fail, |drops| {
        ok(Value::Array(drops.iter().map(event_json).collect()))
    })
}

/// A whole number field of the control body.
pub(super) fn count_field(body: &Value, name: &str) -> Result<u32, PlatformError> {
    body.get(name)
        .and_then(Value::as_u64)
        .and_then(|n| u32::try_from(n).ok())
        .ok_or_else(|| {
            PlatformError::with_message(
                codes::INVALID_PARAMETERS,
                format!("{name} must be a whole number"),
            )
        })
}

/// Moves an objective: `{itemId, objectiveHash, progress}` sets an item's objective,
/// `{characterId, milestoneHash, progress}` a character's weekly milestone. Answers the
/// objective's `DestinyObjectiveProgress`.
async fn game_progress(State(state): Shared, body: Bytes) -> Response {
    let result = parse_body(&body).and_then(|body| {
        let progress = count_field(&body, "progress")?;
        let mut world = lock(&state.world);
        if body.get("itemId").is_some() {
            let item_id = id_field(&body, "itemId")?;
            let objective = count_field(&body, "objectiveHash")?;
            world.set_objective_progress(item_id, objective, progress)
        } else {
            let character_id = id_field(&body, "characterId")?;
            let milestone = count_field(&body, "milestoneHash")?;
            world.set_milestone_progress(character_id, milestone, progress)
        }
        .map_err(from_world)
    });
    result.map_or_else(fail, ok)
}

async fn calls(State(state): Shared) -> Response {
    axum::Json(state.calls.snapshot()).into_response()
}

async fn reset_calls(State(state): Shared) -> Response {
    state.calls.reset();
    ok(json!(0))
}

/// A new manifest version with a new item, published at once; one of the item lands in the vault.
async fn bump_manifest(State(state): Shared) -> Response {
    let bumped = lock(&state.world).bump_manifest();
    match bumped {
        Ok((version, hash, id)) => ok(json!({
            "version": version, "itemHash": hash, "itemInstanceId": id.to_string(),
        })),
        Err(error) => fail(from_world(error)),
    }
}

async fn traffic(State(state): Shared) -> Response {
    axum::Json(state.traffic.snapshot()).into_response()
}

async fn reset_traffic(State(state): Shared) -> Response {
    state.traffic.reset();
    ok(json!(0))
}

async fn revoke(State(state): Shared) -> Response {
    lock(&state.tokens).revoke_all();
    ok(json!(0))
}

/// Another Bungie.net user takes the simulated Bungie.net's place (`{"seed": N}`: a sample
/// account of their own, other memberships and games), as when a player signs in with another
/// account. Every token issued so far is revoked and the profile caches are emptied.
async fn replace_account(State(state): Shared, body: Bytes) -> Response {
    let seed = match parse_body(&body) {
        Ok(value) => match value.get("seed").and_then(Value::as_u64) {
            Some(seed) => seed,
            None => {
                return fail(PlatformError::with_message(
                    codes::INVALID_PARAMETERS,
                    "seed must be a non-negative integer.",
                ));
            }
        },
        Err(error) => return fail(error),
    };
    *lock(&state.world) = crate::world::World::sample(seed, false);
    lock(&state.tokens).revoke_all();
    lock(&state.served_profiles).clear();
    *lock(&state.profile_cache) = super::realism::ProfileCache::default();
    *lock(&state.lag) = super::realism::LagHistory::default();
    let (membership_type, membership_id) = lock(&state.world).primary_membership();
    ok(json!({
        "membershipType": membership_type,
        "membershipId": membership_id.to_string(),
    }))
}
