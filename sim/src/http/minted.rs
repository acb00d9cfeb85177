//! `responseMintedTimestamp` as the simulator hands it out: strictly increasing, even when two
//! profiles are generated within the same millisecond or the wall clock steps back.

use chrono::{DateTime, TimeDelta, Utc};

/// The last minted timestamp handed out.
#[derive(Debug, Default)]
pub struct MintedClock {
    last: Option<DateTime<Utc>>,
}

impl MintedClock {
    /// The next timestamp: `now`, or one millisecond after the previous one if `now` is not later.
    pub fn next(&mut self, now: DateTime<Utc>) -> DateTime<Utc> {
        let minted = match self.last {
            Some(last) if now <= last => last + TimeDelta::milliseconds(1),
            _ => now,
        };
        self.last = Some(minted);
        minted
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_strictly_increase_even_when_the_clock_stands_still_or_steps_back() {
        let mut clock = MintedClock::default();
        let t0 = Utc::now();
        let a = clock.next(t0);
        let b = clock.next(t0);
        let c = clock.next(t0 - TimeDelta::seconds(5));
        assert!(a < b && b < c);
        assert_eq!(
            clock.next(t0 + TimeDelta::seconds(1)),
            t0 + TimeDelta::seconds(1)
        );
    }
}
