//! The GroupV2 endpoints of the player's clan: GetGroupsForMember (`/GroupV2/User/{type}/{id}/
//! {filter}/{groupType}/`, an empty result list for a player in no clan) and GetMembersOfGroup
//! (`/GroupV2/{groupId}/Members/?currentpage=N`, pages of 50). Both public: no token needed.

use std::sync::Arc;

use axum::response::Response;

use super::codes::{self, PlatformError};
use super::endpoints::{from_world, parse_segment};
use super::envelope;
use super::request::RawRequest;
use super::state::{SimState, lock};

/// GetGroupsForMember: the clan of a membership of the account (Destiny or Bungie.net), else
/// no results.
pub fn groups_for_member(
    state: &Arc<SimState>,
    membership_type: &str,
    membership_id: &str,
    filter: &str,
    group_type: &str,
) -> Result<Response, PlatformError> {
    parse_segment::<i32>(membership_type, "membershipType")?;
    let membership_id: i64 = parse_segment(membership_id, "membershipId")?;
    parse_segment::<i32>(filter, "filter")?;
    let group_type: i32 = parse_segment(group_type, "groupType")?;
    let body = lock(&state.world).groups_for_member_json(membership_id, group_type);
    Ok(envelope::success(body))
}

/// GetMembersOfGroup: one page (`currentpage`, from 1) of the roster, optionally filtered by
/// `nameSearch`.
pub fn members(
    state: &Arc<SimState>,
    request: &RawRequest,
    group_id: &str,
) -> Result<Response, PlatformError> {
    let group_id: i64 = parse_segment(group_id, "groupId")?;
    let page: usize = request
        .query("currentpage")
        .map_or(Ok(1), |v| parse_segment(&v, "currentpage"))?;
    if page == 0 {
        return Err(PlatformError::with_message(
            codes::INVALID_PARAMETERS,
            "currentpage starts at 1.",
        ));
    }
    let name = request.query("nameSearch");
    let body = lock(&state.world)
        .group_members_json(group_id, page, name.as_deref().filter(|n| !n.is_empty()))
        .map_err(from_world)?;
    Ok(envelope::success(body))
}
