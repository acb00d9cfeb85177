//! Counts the client's calls to Bungie: per endpoint (the protocol's `bungieCalls`, `/sim/calls`)
//! and in total (so the moves executor can tell how many calls an operation made).

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

/// Call counters, each HTTP request counted once (retries included).
#[derive(Debug, Default)]
pub struct CallCounter {
    /// Endpoint name → requests sent.
    per_endpoint: Mutex<BTreeMap<&'static str, u64>>,
    /// Requests sent in total.
    total: AtomicU64,
}

impl CallCounter {
    /// Counts one request to `endpoint`.
    pub fn count(&self, endpoint: &'static str) {
        self.total.fetch_add(1, Ordering::Relaxed);
        let mut map = self.per_endpoint.lock().unwrap_or_else(|e| e.into_inner());
        *map.entry(endpoint).or_default() += 1;
    }

    /// Requests sent per endpoint name.
    pub fn snapshot(&self) -> BTreeMap<String, u64> {
        let map = self.per_endpoint.lock().unwrap_or_else(|e| e.into_inner());
        map.iter().map(|(k, v)| (k.to_string(), *v)).collect()
    }

    /// Requests sent in total (read it before and after an operation; the difference is its cost).
    pub fn total(&self) -> u64 {
        self.total.load(Ordering::Relaxed)
    }
}
