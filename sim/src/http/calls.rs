//! Counts the Bungie calls the simulator has answered, by endpoint name (`GET /sim/calls`), so a
//! test can assert how many requests the daemon made.

use std::collections::BTreeMap;
use std::sync::Mutex;

/// Calls per endpoint name (`"TransferItem"`, `"GetProfile"`, `"Token"`, …).
#[derive(Default)]
pub struct CallCounter {
    counts: Mutex<BTreeMap<String, u64>>,
}

impl CallCounter {
    /// Counts one call of `endpoint`.
    pub fn record(&self, endpoint: &str) {
        let mut counts = self
            .counts
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        *counts.entry(endpoint.to_string()).or_insert(0) += 1;
    }

    /// The counts so far.
    pub fn snapshot(&self) -> BTreeMap<String, u64> {
        self.counts
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone()
    }

    /// Forgets every count.
    pub fn reset(&self) {
        self.counts
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_per_endpoint_and_resets() {
        let calls = CallCounter::default();
        calls.record("GetProfile");
        calls.record("GetProfile");
        calls.record("TransferItem");
        assert_eq!(calls.snapshot().get("GetProfile"), Some(&2));
        assert_eq!(calls.snapshot().get("TransferItem"), Some(&1));
        calls.reset();
        assert!(calls.snapshot().is_empty());
    }
}
