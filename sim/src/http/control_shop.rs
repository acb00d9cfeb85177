//! The `/sim/` control endpoints of vendors, collections and the clan: `POST /sim/game/buy` (the
//! player buys an offer in game), `POST /sim/collections/state` (a collectible's state flags) and
//! `POST /sim/clan/online` (a clan member comes online or leaves).

use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::response::Response;
use axum::routing::post;
use serde_json::{Value, json};

use super::codes::{self, PlatformError};
use super::control::{count_field, fail, id_field, ok};
use super::endpoints::{from_world, parse_body};
use super::state::{SimState, lock};

type Shared = State<Arc<SimState>>;

/// The vendor, collections and clan control routes.
pub fn routes() -> Router<Arc<SimState>> {
    Router::new()
        .route("/sim/game/buy", post(buy))
        .route("/sim/collections/state", post(collection_state))
        .route("/sim/clan/online", post(clan_online))
}

/// `{characterId, vendorHash, vendorItemIndex}`: the character buys the offer. Answers what was
/// bought (`itemHash`, `quantity`, `itemInstanceId`, `location`, `collectibleHash`, `costs`);
/// 1675 when the player cannot pay, 1627/1625 for an unknown vendor or offer.
async fn buy(State(state): Shared, body: Bytes) -> Response {
    let result = parse_body(&body).and_then(|body| {
        let character_id = id_field(&body, "characterId")?;
        let vendor_hash = count_field(&body, "vendorHash")?;
        let index = count_field(&body, "vendorItemIndex")?;
        lock(&state.world)
            .buy(character_id, vendor_hash, index)
            .map_err(from_world)
    });
    result.map_or_else(fail, ok)
}

/// `{collectibleHash, state}` (or `{itemHash, state}`: that item's collectible): the
/// collectible's `DestinyCollectibleState` flags from now on (e.g. 3, NotAcquired | Obscured), in
/// component 800 for every character. Answers what was set; 18 for an unknown collectible, an
/// item without one, or both names given, 8 for flags outside 0–127.
async fn collection_state(State(state): Shared, body: Bytes) -> Response {
    let result = parse_body(&body).and_then(|body| {
        let flags = count_field(&body, "state")?;
        let by_item = body.get("itemHash").is_some();
        if by_item && body.get("collectibleHash").is_some() {
            return Err(PlatformError::with_message(
                codes::INVALID_PARAMETERS,
                "name the collectible by itemHash or by collectibleHash, not both",
            ));
        }
        let mut world = lock(&state.world);
        let hash = if by_item {
            let item = count_field(&body, "itemHash")?;
            world.collectible_of(item).ok_or_else(|| {
                PlatformError::with_message(
                    codes::INVALID_PARAMETERS,
                    format!("item {item} has no collectible"),
                )
            })?
        } else {
            count_field(&body, "collectibleHash")?
        };
        world
            .set_collectible_state(hash, flags)
            .map_err(from_world)?;
        Ok(json!({ "collectibleHash": hash, "state": flags }))
    });
    result.map_or_else(fail, ok)
}

/// `{membershipId, online}`: a clan member (not the player) comes online or goes offline.
async fn clan_online(State(state): Shared, body: Bytes) -> Response {
    let result = parse_body(&body).and_then(|body| {
        let membership_id = id_field(&body, "membershipId")?;
        let online = body.get("online").and_then(Value::as_bool).ok_or_else(|| {
            PlatformError::with_message(codes::INVALID_PARAMETERS, "online must be true or false")
        })?;
        lock(&state.world)
            .set_member_online(membership_id, online, chrono::Utc::now())
            .map_err(from_world)
    });
    result.map_or_else(fail, |()| ok(json!(0)))
}
