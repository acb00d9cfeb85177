//! When to poll Bungie next: often while the player plays or someone watches, rarely otherwise.
//!
//! Bungie caches profiles for up to a minute, so polling faster than every 15 s only earns throttling
//! (API.md §4.2, DIM's minimum). While nobody plays and nobody watches, every 5 minutes is plenty.

use chrono::{DateTime, Utc};
use std::time::Duration;

/// The poll interval while the player is playing or a client is connected.
pub const ACTIVE_INTERVAL: Duration = Duration::from_secs(20);
/// Never poll faster than this (Bungie's profile cache makes quicker polls useless; DIM's minimum).
pub const MIN_INTERVAL: Duration = Duration::from_secs(15);
/// How often a waiting poll loop looks at the schedule again (a client may have connected).
pub const RECHECK: Duration = Duration::from_secs(2);
/// The poll interval otherwise.
pub const IDLE_INTERVAL: Duration = Duration::from_secs(300);
/// A character played this recently counts as "playing".
pub const RECENTLY_PLAYED: Duration = Duration::from_secs(600);

/// The first retry after a poll failed because Bungie was unreachable or in maintenance.
pub const FIRST_RETRY: Duration = Duration::from_secs(5);

/// How long to wait before retrying after `failures` failed polls in a row: 5 s, doubling each time,
/// at most [`IDLE_INTERVAL`]. Recovery is noticed quickly without hammering a server that is down.
pub fn retry_interval(failures: u32) -> Duration {
    let doublings = failures.saturating_sub(1).min(16);
    FIRST_RETRY
        .saturating_mul(1u32 << doublings)
        .min(IDLE_INTERVAL)
}

/// What the schedule looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Activity {
    /// The last profile carried transitory data (the player is online).
    pub online: bool,
    /// The newest `dateLastPlayed` of any character.
    pub last_played: Option<DateTime<Utc>>,
    /// Clients are connected to the daemon.
    pub clients_connected: bool,
}

/// How long to wait before the next poll.
pub fn next_interval(activity: Activity, now: DateTime<Utc>) -> Duration {
    let recently = activity.last_played.is_some_and(|played| {
        now.signed_duration_since(played)
            .to_std()
            .map(|ago| ago < RECENTLY_PLAYED)
            .unwrap_or(true)
    });
    let interval = if activity.online || recently || activity.clients_connected {
        ACTIVE_INTERVAL
    } else {
        IDLE_INTERVAL
    };
    interval.max(MIN_INTERVAL)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    #[test]
    fn online_polls_often() {
        let a = Activity {
            online: true,
            last_played: None,
            clients_connected: false,
        };
        assert_eq!(
            next_interval(a, at("2026-11-25T12:00:00Z")),
            ACTIVE_INTERVAL
        );
    }

    #[test]
    fn played_nine_minutes_ago_polls_often_and_an_hour_ago_rarely() {
        let now = at("2026-11-25T12:00:00Z");
        let recent = Activity {
            online: false,
            last_played: Some(at("2026-11-25T11:51:00Z")),
            clients_connected: false,
        };
        let old = Activity {
            online: false,
            last_played: Some(at("2026-11-25T11:00:00Z")),
            clients_connected: false,
        };
        assert_eq!(next_interval(recent, now), ACTIVE_INTERVAL);
        assert_eq!(next_interval(old, now), IDLE_INTERVAL);
    }

    #[test]
    fn retries_back_off_from_five_seconds_to_the_idle_interval() {
        assert_eq!(retry_interval(0), FIRST_RETRY);
        assert_eq!(retry_interval(1), FIRST_RETRY);
        assert_eq!(retry_interval(2), Duration::from_secs(10));
        assert_eq!(retry_interval(3), Duration::from_secs(20));
        assert_eq!(retry_interval(40), IDLE_INTERVAL);
    }

    #[test]
    fn a_watching_client_polls_often() {
        let a = Activity {
            online: false,
            last_played: None,
            clients_connected: true,
        };
        assert_eq!(
            next_interval(a, at("2026-11-25T12:00:00Z")),
            ACTIVE_INTERVAL
        );
    }

    #[test]
    fn no_interval_is_under_the_minimum() {
        assert!(ACTIVE_INTERVAL >= MIN_INTERVAL);
        let a = Activity {
            online: true,
            last_played: None,
            clients_connected: true,
        };
        assert!(next_interval(a, at("2026-11-25T12:00:00Z")) >= MIN_INTERVAL);
    }
}
