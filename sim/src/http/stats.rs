//! The stats service's endpoints the simulator serves on its own base URL (the real ones live on
//! stats.bungie.net): GetPostGameCarnageReport, answered from whichever world played the activity.

use std::sync::Arc;

use axum::response::Response;
use chrono::{TimeDelta, Utc};

use super::codes::PlatformError;
use super::endpoints::{from_world, parse_segment};
use super::envelope;
use super::state::{SimState, lock};
use crate::world::SimError;

/// The report for `activity_id` (int64 in the path): 1653 until the activity has been over for
/// the configured delay, and for ids no character played.
pub fn pgcr(state: &Arc<SimState>, activity_id: &str) -> Result<Response, PlatformError> {
    let activity_id: i64 = parse_segment(activity_id, "activityId")?;
    let delay = TimeDelta::from_std(state.settings.pgcr_delay).unwrap_or(TimeDelta::MAX);
    let now = Utc::now();
    let mut answer = Err(SimError::pgcr_not_found());
    for world in std::iter::once(&state.world).chain(state.second_world.as_ref()) {
        answer = lock(world).pgcr_json(activity_id, now, delay);
        if answer.is_ok() {
            break;
        }
    }
    answer.map(envelope::success).map_err(from_world)
}
