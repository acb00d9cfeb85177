//! The one source of the current time. The parts of the daemon that ask "what time is it" (the
//! sync engine's schedule and stamps, the executor's loadout stamps, the Bungie session's token
//! expiry, the server's answers) are handed one [`SharedClock`] when the daemon is assembled
//! instead of calling `Utc::now()`, so a test can set the time and every part reads it alike.
//!
//! A clock is a plain shared function, so `bungie` (which calls nothing of ours) takes the same
//! value through its own alias, `bungie::auth::Clock`.

use std::sync::{Arc, Mutex, PoisonError};

use chrono::{DateTime, TimeDelta, Utc};

/// Now, in UTC: the clock every part of the daemon is given.
pub type SharedClock = Arc<dyn Fn() -> DateTime<Utc> + Send + Sync>;

/// The system's clock: what the daemon runs on.
pub fn system() -> SharedClock {
    Arc::new(Utc::now)
}

/// A clock that stands still until it is moved: for tests.
#[derive(Debug)]
pub struct ManualClock(Mutex<DateTime<Utc>>);

impl ManualClock {
    /// A clock showing `at`.
    pub fn at(at: DateTime<Utc>) -> Arc<ManualClock> {
        Arc::new(ManualClock(Mutex::new(at)))
    }

    /// What it shows.
    pub fn now(&self) -> DateTime<Utc> {
        *self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Moves it on by `by`.
    pub fn advance(&self, by: TimeDelta) {
        let mut now = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        *now += by;
    }

    /// This clock as the daemon's parts take one.
    pub fn shared(self: &Arc<Self>) -> SharedClock {
        let clock = Arc::clone(self);
        Arc::new(move || clock.now())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_manual_clock_moves_only_when_told() {
        let start = DateTime::UNIX_EPOCH + TimeDelta::days(20_000);
        let manual = ManualClock::at(start);
        let clock = manual.shared();
        assert_eq!(clock(), start);
        assert_eq!(clock(), start);
        manual.advance(TimeDelta::seconds(90));
        assert_eq!(clock(), start + TimeDelta::seconds(90));
    }

    #[test]
    fn the_system_clock_reads_the_system_time() {
        let before = Utc::now();
        let read = system()();
        assert!(read >= before && read <= Utc::now());
    }
}
