//! GetVendors over HTTP: the membership and character from the path, the components from the
//! query, the player's token required (without it Bungie answers 12 InsufficientPrivileges,
//! Bungie-net/api issue #1489), then the world's `DestinyVendorsResponse`.

use std::sync::Arc;

use axum::response::Response;
use chrono::Utc;

use super::codes::{self, PlatformError};
use super::endpoints::{from_world, parse_components, parse_segment, world_for};
use super::envelope;
use super::request::RawRequest;
use super::state::{SimState, lock};

/// Answers GetVendors for `(membershipType, membershipId, characterId)` path segments; `owner`:
/// the call carried the player's token.
pub fn get_vendors(
    state: &Arc<SimState>,
    request: &RawRequest,
    (membership_type, membership_id, character_id): (&str, &str, &str),
    owner: bool,
) -> Result<Response, PlatformError> {
    let (world, _) = world_for(state, membership_type, membership_id)?;
    let character_id: i64 = parse_segment(character_id, "characterId")?;
    let mut components = parse_components(request.query("components").as_deref())?;
    components.sort_unstable();
    components.dedup();
    if let Some(filter) = request.query("filter") {
        parse_segment::<i32>(&filter, "filter")?;
    }
    if !owner {
        return Err(PlatformError::new(codes::INSUFFICIENT_PRIVILEGES));
    }
    let body = lock(world)
        .vendors_json(character_id, &components, Utc::now())
        .map_err(from_world)?;
    Ok(envelope::success(body))
}
