//! Bytes the simulator sent per endpoint, before and after compression (`GET /sim/traffic`), so the
//! bandwidth a poll costs can be measured.

use std::collections::BTreeMap;
use std::sync::Mutex;

use serde::Serialize;

/// One endpoint's traffic.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EndpointTraffic {
    /// Responses sent.
    pub responses: u64,
    /// Body bytes before compression.
    pub uncompressed_bytes: u64,
    /// Body bytes as sent (compressed when the request accepted it).
    pub sent_bytes: u64,
}

/// Traffic per endpoint name.
#[derive(Debug, Default)]
pub struct Traffic {
    by_endpoint: Mutex<BTreeMap<String, EndpointTraffic>>,
}

impl Traffic {
    fn lock(&self) -> std::sync::MutexGuard<'_, BTreeMap<String, EndpointTraffic>> {
        self.by_endpoint
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Counts one response of `endpoint`.
    pub fn record(&self, endpoint: &str, uncompressed: usize, sent: usize) {
        let mut all = self.lock();
        let entry = all.entry(endpoint.to_owned()).or_default();
        entry.responses += 1;
        entry.uncompressed_bytes += uncompressed as u64;
        entry.sent_bytes += sent as u64;
    }

    /// The traffic so far.
    pub fn snapshot(&self) -> BTreeMap<String, EndpointTraffic> {
        self.lock().clone()
    }

    /// Forgets it.
    pub fn reset(&self) {
        self.lock().clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sums_per_endpoint() {
        let traffic = Traffic::default();
        traffic.record("GetProfile", 1000, 100);
        traffic.record("GetProfile", 500, 60);
        traffic.record("Icon", 10, 10);
        let seen = traffic.snapshot();
        assert_eq!(
            seen.get("GetProfile"),
            Some(&EndpointTraffic {
                responses: 2,
                uncompressed_bytes: 1500,
                sent_bytes: 160
            })
        );
        traffic.reset();
        assert!(traffic.snapshot().is_empty());
    }
}
