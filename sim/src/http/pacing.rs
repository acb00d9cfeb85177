//! Bungie's pacing (API.md §3.2, §4.2): a minimum spacing per user between calls of one action
//! endpoint, and a per-client request budget (about 25 requests a second over a rolling 10 s).
//! Pure: every check takes `now`.

use std::collections::{HashMap, VecDeque};
use std::net::IpAddr;
use std::time::{Duration, Instant};

/// Requests a client may make within [`BUDGET_WINDOW`].
pub const BUDGET_REQUESTS: usize = 250;
/// The rolling window of the per-client budget.
pub const BUDGET_WINDOW: Duration = Duration::from_secs(10);

/// The spacing Bungie asks between two calls of one action endpoint by one user
/// (`ThrottleSecondsBetweenActionPerUser`), or `None` for endpoints without one.
pub fn action_spacing(endpoint: &str) -> Option<Duration> {
    match endpoint {
        "TransferItem" | "PullFromPostmaster" | "EquipItem" | "EquipItems" | "SetLockState" => {
            Some(Duration::from_millis(100))
        }
        "SetTrackedState"
        | "EquipLoadout"
        | "SnapshotLoadout"
        | "UpdateLoadoutIdentifiers"
        | "ClearLoadout" => Some(Duration::from_secs(1)),
        "InsertSocketPlug" | "InsertSocketPlugFree" => Some(Duration::from_millis(500)),
        _ => None,
    }
}

/// The throttle state: last action per user and endpoint, recent requests per client.
#[derive(Default)]
pub struct Pacer {
    last_action: HashMap<(i64, String), Instant>,
    recent: HashMap<IpAddr, VecDeque<Instant>>,
}

impl Pacer {
    /// Counts one request of `client` against its budget, or answers how many seconds to wait.
    pub fn check_budget(&mut self, client: IpAddr, now: Instant) -> Result<(), u32> {
        let recent = self.recent.entry(client).or_default();
        while recent
            .front()
            .is_some_and(|t| now.saturating_duration_since(*t) >= BUDGET_WINDOW)
        {
            recent.pop_front();
        }
        if recent.len() >= BUDGET_REQUESTS {
            let oldest = recent.front().copied().unwrap_or(now);
            let free_at = oldest + BUDGET_WINDOW;
            return Err(wait_seconds(free_at.saturating_duration_since(now)));
        }
        recent.push_back(now);
        Ok(())
    }

    /// Records an action call of `user` on `endpoint`, or answers how many seconds to wait when it
    /// comes sooner than the endpoint's spacing after the previous one.
    pub fn check_action(&mut self, user: i64, endpoint: &str, now: Instant) -> Result<(), u32> {
        let Some(spacing) = action_spacing(endpoint) else {
            return Ok(());
        };
        let key = (user, endpoint.to_string());
        if let Some(last) = self.last_action.get(&key) {
            let since = now.saturating_duration_since(*last);
            if since < spacing {
                return Err(wait_seconds(spacing - since));
            }
        }
        self.last_action.insert(key, now);
        Ok(())
    }
}

/// Whole seconds to wait, at least 1 (Bungie never says 0 when it throttles).
fn wait_seconds(wait: Duration) -> u32 {
    u32::try_from(wait.as_secs() + u64::from(wait.subsec_nanos() > 0))
        .unwrap_or(u32::MAX)
        .max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actions_closer_than_their_spacing_are_throttled_per_user() {
        let mut pacer = Pacer::default();
        let t0 = Instant::now();
        assert_eq!(pacer.check_action(1, "TransferItem", t0), Ok(()));
        assert_eq!(
            pacer.check_action(1, "TransferItem", t0 + Duration::from_millis(50)),
            Err(1)
        );
        assert_eq!(
            pacer.check_action(2, "TransferItem", t0 + Duration::from_millis(50)),
            Ok(())
        );
        assert_eq!(
            pacer.check_action(1, "TransferItem", t0 + Duration::from_millis(100)),
            Ok(())
        );
        assert_eq!(pacer.check_action(1, "GetProfile", t0), Ok(()));
    }

    #[test]
    fn loadout_actions_need_a_second() {
        let mut pacer = Pacer::default();
        let t0 = Instant::now();
        assert_eq!(pacer.check_action(1, "EquipLoadout", t0), Ok(()));
        assert!(
            pacer
                .check_action(1, "EquipLoadout", t0 + Duration::from_millis(900))
                .is_err()
        );
        assert_eq!(
            pacer.check_action(1, "EquipLoadout", t0 + Duration::from_secs(1)),
            Ok(())
        );
    }

    #[test]
    fn the_budget_refills_as_the_window_rolls() {
        let mut pacer = Pacer::default();
        let client = IpAddr::from([127, 0, 0, 1]);
        let t0 = Instant::now();
        for i in 0..BUDGET_REQUESTS {
            let at = t0 + Duration::from_millis(i as u64);
            assert_eq!(pacer.check_budget(client, at), Ok(()));
        }
        let full = t0 + Duration::from_secs(1);
        assert_eq!(pacer.check_budget(client, full), Err(9));
        assert_eq!(
            pacer.check_budget(IpAddr::from([127, 0, 0, 2]), full),
            Ok(())
        );
        assert_eq!(pacer.check_budget(client, t0 + BUDGET_WINDOW), Ok(()));
    }
}
