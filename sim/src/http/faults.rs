//! The faults a test can switch on through `POST /sim/faults`: latency, random errors, maintenance,
//! stale profiles, dropped connections, and expiring every outstanding access token.

use std::time::Duration;

use rand::RngExt;
use serde::{Deserialize, Serialize};

use super::codes;

/// The body of `POST /sim/faults` (`{}` clears every fault).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FaultRequest {
    /// Delay before every Platform answer, in milliseconds.
    pub latency_ms: Option<u64>,
    /// Share of Platform calls (0–1) answered with one of `error_codes`.
    pub error_rate: Option<f64>,
    /// The codes random errors draw from (default 1672).
    pub error_codes: Option<Vec<i32>>,
    /// Answer 5 SystemDisabled on every Platform call.
    pub maintenance: Option<bool>,
    /// Answer GetProfile from an older snapshot with an older minted timestamp.
    pub stale_profile: Option<bool>,
    /// Share of Platform calls (0–1) whose connection is closed without an answer.
    pub drop_connections: Option<f64>,
    /// Make every outstanding access token expired (a one-off action, not a lasting state).
    pub expire_tokens: Option<bool>,
}

/// The faults in force.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Faults {
    /// Delay before every Platform answer, in milliseconds.
    pub latency_ms: u64,
    /// Share of Platform calls answered with one of `error_codes`.
    pub error_rate: f64,
    /// The codes random errors draw from.
    pub error_codes: Vec<i32>,
    /// Every Platform call answers 5 SystemDisabled.
    pub maintenance: bool,
    /// GetProfile answers from an older snapshot.
    pub stale_profile: bool,
    /// Share of Platform calls whose connection is dropped.
    pub drop_connections: f64,
}

/// The longest latency a test may ask for.
const MAX_LATENCY_MS: u64 = 60_000;

impl Faults {
    /// The faults a request asks for, and whether it asks to expire every token; a clear message
    /// when a value is out of range.
    pub fn from_request(request: &FaultRequest) -> Result<(Faults, bool), String> {
        let latency_ms = request.latency_ms.unwrap_or(0);
        if latency_ms > MAX_LATENCY_MS {
            return Err(format!("latencyMs must be at most {MAX_LATENCY_MS}"));
        }
        let error_rate = share("errorRate", request.error_rate)?;
        let drop_connections = share("dropConnections", request.drop_connections)?;
        let error_codes = request
            .error_codes
            .clone()
            .unwrap_or_else(|| vec![codes::THROTTLED_BY_GAME_SERVER]);
        if error_codes.is_empty() || error_codes.contains(&codes::SUCCESS) {
            return Err("errorCodes must name at least one error code, and not 1 (Success)".into());
        }
        let faults = Faults {
            latency_ms,
            error_rate,
            error_codes,
            maintenance: request.maintenance.unwrap_or(false),
            stale_profile: request.stale_profile.unwrap_or(false),
            drop_connections,
        };
        Ok((faults, request.expire_tokens.unwrap_or(false)))
    }

    /// The delay to add before answering.
    pub fn latency(&self) -> Duration {
        Duration::from_millis(self.latency_ms)
    }

    /// Whether this call's connection is to be dropped.
    pub fn roll_drop(&self, rng: &mut impl rand::Rng) -> bool {
        self.drop_connections > 0.0 && rng.random_bool(self.drop_connections)
    }

    /// The random error this call answers with, if any.
    pub fn roll_error(&self, rng: &mut impl rand::Rng) -> Option<i32> {
        if self.error_rate <= 0.0 || !rng.random_bool(self.error_rate) {
            return None;
        }
        let index = rng.random_range(0..self.error_codes.len());
        self.error_codes.get(index).copied()
    }
}

fn share(name: &str, value: Option<f64>) -> Result<f64, String> {
    let value = value.unwrap_or(0.0);
    if value.is_finite() && (0.0..=1.0).contains(&value) {
        Ok(value)
    } else {
        Err(format!("{name} must be a number from 0 to 1"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn an_empty_request_clears_everything() {
        let (faults, expire) = Faults::from_request(&FaultRequest::default()).unwrap();
        assert_eq!(faults.latency_ms, 0);
        assert!(!faults.maintenance && !faults.stale_profile && !expire);
        let mut rng = rand::rngs::StdRng::seed_from_u64(1);
        assert_eq!(faults.roll_error(&mut rng), None);
        assert!(!faults.roll_drop(&mut rng));
    }

    #[test]
    fn out_of_range_values_are_refused() {
        let bad = FaultRequest {
            error_rate: Some(1.5),
            ..FaultRequest::default()
        };
        assert!(
            Faults::from_request(&bad)
                .unwrap_err()
                .contains("errorRate")
        );
        let bad = FaultRequest {
            drop_connections: Some(f64::NAN),
            ..FaultRequest::default()
        };
        assert!(Faults::from_request(&bad).is_err());
        let bad = FaultRequest {
            error_codes: Some(vec![]),
            ..FaultRequest::default()
        };
        assert!(Faults::from_request(&bad).is_err());
    }

    #[test]
    fn a_certain_error_rate_always_draws_from_the_codes() {
        let request = FaultRequest {
            error_rate: Some(1.0),
            error_codes: Some(vec![5, 1672]),
            ..FaultRequest::default()
        };
        let (faults, _) = Faults::from_request(&request).unwrap();
        let mut rng = rand::rngs::StdRng::seed_from_u64(1);
        for _ in 0..20 {
            assert!(matches!(faults.roll_error(&mut rng), Some(5 | 1672)));
        }
    }
}
