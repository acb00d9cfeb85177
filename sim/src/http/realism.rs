//! How far the simulator behaves like the real Bungie.net rather than an instant loopback service:
//! profile lag (an action shows in GetProfile only after a while, while minted timestamps still
//! advance) and the profile cache (the same response for a component set until it expires). All
//! off by default so that tests stay deterministic; `vault-raider demo` turns them on.

use std::collections::{HashMap, VecDeque};
use std::time::{Duration, Instant};

use axum::body::Bytes;

use crate::world::World;

/// The realism knobs (flags of `vault-raider sim` and `demo`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Realism {
    /// How long after an action GetProfile still shows the world as it was before it.
    pub profile_lag: Duration,
    /// How long GetProfile answers a component set with the same (cached) response.
    pub profile_cache: Duration,
    /// Responses and downloads are paced to this many kilobits per second (0 = unpaced).
    pub link_kbps: u32,
}

/// Worlds as they were before each recent action, so GetProfile can lag behind the truth.
#[derive(Debug, Default)]
pub struct LagHistory {
    /// When an action completed, and the world just before it; oldest first.
    before: VecDeque<(Instant, World)>,
}

impl LagHistory {
    /// Records `world` as it stood before an action that completed at `at`.
    pub fn record(&mut self, at: Instant, world: World) {
        self.before.push_back((at, world));
    }

    /// The world GetProfile shows at `now` under `lag`: the one before the oldest action still
    /// inside the lag window, or `None` (the current world) when every action is older.
    pub fn visible(&mut self, now: Instant, lag: Duration) -> Option<&World> {
        while self
            .before
            .front()
            .is_some_and(|(at, _)| now.saturating_duration_since(*at) >= lag)
        {
            self.before.pop_front();
        }
        self.before.front().map(|(_, world)| world)
    }
}

/// GetProfile responses kept per request shape until they expire.
#[derive(Debug, Default)]
pub struct ProfileCache {
    built: HashMap<String, (Instant, Bytes)>,
}

/// How many request shapes the cache keeps before it starts over.
const MAX_SHAPES: usize = 64;

impl ProfileCache {
    /// The response built for `key` less than `ttl` ago, if any.
    pub fn get(&self, key: &str, now: Instant, ttl: Duration) -> Option<Bytes> {
        self.built
            .get(key)
            .filter(|(at, _)| now.saturating_duration_since(*at) < ttl)
            .map(|(_, body)| body.clone())
    }

    /// Keeps `body` as the response for `key`, built at `now`.
    pub fn put(&mut self, key: String, now: Instant, body: Bytes) {
        if self.built.len() >= MAX_SHAPES && !self.built.contains_key(&key) {
            self.built.clear();
        }
        self.built.insert(key, (now, body));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_lagging_world_is_the_one_before_the_oldest_action_inside_the_window() {
        let mut history = LagHistory::default();
        let t0 = Instant::now();
        let lag = Duration::from_secs(8);
        history.record(t0, World::sample(1, false));
        history.record(t0 + Duration::from_secs(5), World::sample(2, false));
        let seen = |h: &mut LagHistory, at| h.visible(at, lag).map(World::character_ids);
        assert_eq!(
            seen(&mut history, t0 + Duration::from_secs(7)),
            Some(World::sample(1, false).character_ids())
        );
        assert_eq!(
            seen(&mut history, t0 + Duration::from_secs(9)),
            Some(World::sample(2, false).character_ids())
        );
        assert_eq!(seen(&mut history, t0 + Duration::from_secs(14)), None);
    }

    #[test]
    fn a_cached_response_expires() {
        let mut cache = ProfileCache::default();
        let t0 = Instant::now();
        let ttl = Duration::from_secs(30);
        cache.put("a".into(), t0, Bytes::from_static(b"one"));
        assert_eq!(
            cache.get("a", t0 + Duration::from_secs(29), ttl),
            Some(Bytes::from_static(b"one"))
        );
        assert_eq!(cache.get("a", t0 + Duration::from_secs(30), ttl), None);
        assert_eq!(cache.get("b", t0, ttl), None);
    }
}
