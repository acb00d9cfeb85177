//! Log lines an attacker can cause (failed pairing) at most once per interval, with a count of
//! the ones left out, so a flood of tries cannot flood the log.

use std::time::Duration;
use tokio::time::Instant;

/// How often a limited line may be written.
pub(crate) const LOG_INTERVAL: Duration = Duration::from_secs(10);

/// One kind of limited log line.
#[derive(Debug, Default)]
pub(crate) struct LogLimit {
    last: Option<Instant>,
    left_out: u64,
}

impl LogLimit {
    /// `Some(lines left out since the last one)` when a line may be written now, else `None`
    /// (and the line is counted as left out).
    pub fn allow(&mut self, now: Instant) -> Option<u64> {
        let due = self
            .last
            .is_none_or(|last| now.saturating_duration_since(last) >= LOG_INTERVAL);
        if !due {
            self.left_out += 1;
            return None;
        }
        self.last = Some(now);
        Some(std::mem::take(&mut self.left_out))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_line_per_interval_with_the_count_left_out() {
        let now = Instant::now();
        let mut limit = LogLimit::default();
        assert_eq!(limit.allow(now), Some(0));
        for _ in 0..1000 {
            assert_eq!(limit.allow(now + Duration::from_secs(1)), None);
        }
        assert_eq!(limit.allow(now + LOG_INTERVAL), Some(1000));
    }
}
