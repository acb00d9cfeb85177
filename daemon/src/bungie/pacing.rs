//! Pacing: one action in flight at a time (Bungie wants one user's actions serial), each action
//! endpoint's calls at least Bungie's spacing (`ThrottleSecondsBetweenActionPerUser`) apart from
//! start to start, as Bungie measures it (plus [`SPACING_MARGIN`]); and a global hold after any
//! throttle: no request starts until max(`ThrottleSeconds`, 2^n × 500 ms) after the throttle, at
//! most 5 minutes, where n counts the throttles seen and each success halves it.
//!
//! DIM makes every later request wait 2^n × 500 ms; we hold until a point in time instead, so a
//! request that arrives after the hold is over goes out at once, and a request that would wait
//! past its budget learns how long the hold still lasts ([`Pacer::wait_turn`]) instead of waiting.
//!
//! All waiting goes through `tokio::time`, so tests drive it with `tokio::time::pause()`.

use super::endpoint::Endpoint;
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{Mutex, OwnedMutexGuard};
use tokio::time::Instant;

/// Added to every action spacing: a request's way to Bungie may take a little longer than the
/// next one's, and Bungie measures the spacing where requests arrive.
pub const SPACING_MARGIN: Duration = Duration::from_millis(2);
/// The unit of the global back-off.
pub const BACKOFF_UNIT: Duration = Duration::from_millis(500);
/// The longest global back-off.
pub const BACKOFF_MAX: Duration = Duration::from_secs(300);

/// The global throttle state.
#[derive(Debug, Default)]
struct Throttle {
    /// The back-off exponent: throttles seen, halved by each success.
    n: u32,
    /// No request starts before this (the end of the latest throttle's hold).
    not_before: Option<Instant>,
}

/// Per action endpoint (by name): when its last call started.
type LastStarts = HashMap<&'static str, Instant>;

/// The client's pacing state.
#[derive(Debug)]
pub struct Pacer {
    /// The action lane: locked while an action is in flight; when each endpoint's last call started.
    actions: Arc<Mutex<LastStarts>>,
    /// The global back-off.
    throttle: std::sync::Mutex<Throttle>,
}

/// Holds the action lane for the duration of one request (its tries included).
pub struct LaneGuard {
    /// When each action endpoint's last call started.
    last_starts: OwnedMutexGuard<LastStarts>,
    /// The endpoint of this request.
    endpoint: &'static str,
    /// Its spacing.
    spacing: Duration,
}

impl LaneGuard {
    /// Waits until the endpoint's spacing since its last call has passed, and marks a call as
    /// starting now. Called before every try.
    pub async fn wait_spacing(&mut self) {
        if let Some(started) = self.last_starts.get(self.endpoint) {
            tokio::time::sleep_until(*started + self.spacing + SPACING_MARGIN).await;
        }
        self.last_starts.insert(self.endpoint, Instant::now());
    }
}

impl Default for Pacer {
    fn default() -> Self {
        Pacer::new()
    }
}

impl Pacer {
    /// A pacer with no history.
    pub fn new() -> Pacer {
        Pacer {
            actions: Arc::new(Mutex::new(HashMap::new())),
            throttle: std::sync::Mutex::new(Throttle::default()),
        }
    }

    /// Takes the action lane for a call of `endpoint` (waiting for the action in flight); reads get
    /// `None`. Call [`LaneGuard::wait_spacing`] before each try.
    pub async fn enter(&self, endpoint: Endpoint) -> Option<LaneGuard> {
        let spacing = endpoint.action_spacing()?;
        Some(LaneGuard {
            last_starts: Arc::clone(&self.actions).lock_owned().await,
            endpoint: endpoint.name(),
            spacing,
        })
    }

    /// How long the global throttle still holds requests back (zero when it does not).
    pub fn turn_delay(&self) -> Duration {
        let not_before = self.lock().not_before;
        not_before.map_or(Duration::ZERO, |nb| {
            nb.saturating_duration_since(Instant::now())
        })
    }

    /// Waits out the global throttle's hold before a request starts, for at most `budget` in all
    /// (a hold may grow while it is waited out: another request was throttled). Returns how long
    /// it waited, or, when the hold would take it past `budget`, at once how long the hold lasts.
    pub async fn wait_turn(&self, budget: Duration) -> Result<Duration, Duration> {
        let mut waited = Duration::ZERO;
        loop {
            let delay = self.turn_delay();
            if delay.is_zero() {
                return Ok(waited);
            }
            if waited.saturating_add(delay) > budget {
                return Err(delay);
            }
            tokio::time::sleep(delay).await;
            waited += delay;
        }
    }

    /// Records a throttle answer: no request for `throttle_seconds` or the grown back-off,
    /// whichever is longer.
    pub fn on_throttle(&self, throttle_seconds: u32) {
        let mut t = self.lock();
        t.n = t.n.saturating_add(1).min(16);
        let hold = Duration::from_secs(u64::from(throttle_seconds)).max(backoff_for(t.n));
        let until = Instant::now() + hold;
        t.not_before = Some(t.not_before.map_or(until, |nb| nb.max(until)));
    }

    /// Records a success: the back-off exponent halves.
    pub fn on_success(&self) {
        let mut t = self.lock();
        t.n /= 2;
    }

    /// The shortest hold the throttles seen so far would impose (2^n × 500 ms).
    pub fn current_backoff(&self) -> Duration {
        backoff_for(self.lock().n)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Throttle> {
        // A poisoned lock only means another task panicked mid-update of two plain numbers.
        self.throttle.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// 2^n × 500 ms (0 when n = 0), at most 5 minutes.
pub fn backoff_for(n: u32) -> Duration {
    if n == 0 {
        return Duration::ZERO;
    }
    let factor = 1u32.checked_shl(n.min(20)).unwrap_or(u32::MAX);
    BACKOFF_UNIT.saturating_mul(factor).min(BACKOFF_MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_and_is_capped() {
        assert_eq!(backoff_for(0), Duration::ZERO);
        assert_eq!(backoff_for(1), Duration::from_secs(1));
        assert_eq!(backoff_for(2), Duration::from_secs(2));
        assert_eq!(backoff_for(3), Duration::from_secs(4));
        assert_eq!(backoff_for(10), BACKOFF_MAX);
        assert_eq!(backoff_for(u32::MAX), BACKOFF_MAX);
    }

    #[tokio::test(start_paused = true)]
    async fn throttles_grow_the_backoff_and_successes_halve_it() {
        let p = Pacer::new();
        for _ in 0..4 {
            p.on_throttle(0);
        }
        assert_eq!(p.current_backoff(), Duration::from_secs(8));
        p.on_success();
        assert_eq!(p.current_backoff(), Duration::from_secs(2));
        p.on_success();
        assert_eq!(p.current_backoff(), Duration::from_secs(1));
        p.on_success();
        assert_eq!(p.current_backoff(), Duration::ZERO);
        let start = Instant::now();
        assert_eq!(p.wait_turn(Duration::MAX).await, Ok(Duration::from_secs(8)));
        assert_eq!(
            Instant::now() - start,
            Duration::from_secs(8),
            "the hold of n = 4"
        );
        let start = Instant::now();
        assert_eq!(p.wait_turn(Duration::MAX).await, Ok(Duration::ZERO));
        assert_eq!(Instant::now(), start, "a hold that is over holds nothing");
        assert_eq!(p.turn_delay(), Duration::ZERO);
    }

    #[tokio::test(start_paused = true)]
    async fn the_hold_is_the_longer_of_throttle_seconds_and_the_backoff() {
        let p = Pacer::new();
        p.on_throttle(10); // n = 1: 1 s back-off, 10 s asked
        assert_eq!(p.turn_delay(), Duration::from_secs(10));
        tokio::time::sleep(Duration::from_secs(10)).await;
        for _ in 0..5 {
            p.on_throttle(0); // n = 6: 32 s
        }
        assert_eq!(p.turn_delay(), Duration::from_secs(32));
    }

    #[tokio::test(start_paused = true)]
    async fn throttle_seconds_hold_every_request_back() {
        let p = Pacer::new();
        let start = Instant::now();
        p.on_throttle(10);
        assert_eq!(
            p.wait_turn(Duration::from_secs(5)).await,
            Err(Duration::from_secs(10)),
            "past the budget: answered at once"
        );
        assert_eq!(Instant::now(), start);
        assert!(p.wait_turn(Duration::from_secs(10)).await.is_ok());
        assert!(Instant::now() - start >= Duration::from_secs(10));
    }

    #[tokio::test(start_paused = true)]
    async fn an_action_endpoint_is_spaced_from_start_to_start_and_others_are_not_held() {
        let p = Pacer::new();
        let mut first = p.enter(Endpoint::TransferItem).await.expect("an action");
        first.wait_spacing().await;
        let started = Instant::now();
        tokio::time::sleep(Duration::from_millis(30)).await;
        drop(first);
        // Another endpoint is not held by this one.
        let before = Instant::now();
        let mut equip = p.enter(Endpoint::EquipItems).await.expect("an action");
        equip.wait_spacing().await;
        assert_eq!(Instant::now(), before);
        drop(equip);
        let mut second = p.enter(Endpoint::TransferItem).await.expect("an action");
        second.wait_spacing().await;
        assert_eq!(
            Instant::now() - started,
            Duration::from_millis(100) + SPACING_MARGIN
        );
        let start = Instant::now();
        assert!(p.enter(Endpoint::GetProfile).await.is_none());
        assert_eq!(Instant::now(), start);
    }

    #[tokio::test(start_paused = true)]
    async fn one_action_is_in_flight() {
        let p = Arc::new(Pacer::new());
        let held = p.enter(Endpoint::TransferItem).await.expect("an action");
        let waiting = {
            let p = Arc::clone(&p);
            tokio::spawn(async move { p.enter(Endpoint::SetLockState).await.is_some() })
        };
        tokio::time::sleep(Duration::from_secs(5)).await;
        assert!(
            !waiting.is_finished(),
            "the second call waits for the first"
        );
        drop(held);
        assert!(waiting.await.expect("the task"));
    }
}
