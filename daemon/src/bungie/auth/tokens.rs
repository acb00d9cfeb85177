//! `Tokens`: the player's access and refresh tokens with their expiry times, as kept in a store.

use super::secret::Secret;
use chrono::{DateTime, TimeDelta, Utc};
use serde::{Deserialize, Serialize};

/// Refresh this long before the access token expires.
pub const REFRESH_MARGIN: TimeDelta = TimeDelta::seconds(60);

/// A Bungie.net session. `Debug` shows no token (the fields are [`Secret`]s).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tokens {
    /// The bearer token.
    pub access_token: Secret,
    /// When it expires.
    pub access_expires_at: DateTime<Utc>,
    /// The refresh token (single use: each refresh returns a new one).
    pub refresh_token: Option<Secret>,
    /// When the refresh token expires.
    pub refresh_expires_at: Option<DateTime<Utc>>,
    /// The Bungie.net account (membership type 254).
    pub bungie_membership_id: i64,
}

impl Tokens {
    /// Whether the access token is still good for at least [`REFRESH_MARGIN`] at `now`.
    pub fn access_fresh(&self, now: DateTime<Utc>) -> bool {
        now + REFRESH_MARGIN < self.access_expires_at
    }

    /// The refresh token, if it has not expired at `now`.
    pub fn usable_refresh_token(&self, now: DateTime<Utc>) -> Option<&Secret> {
        let expired = self.refresh_expires_at.is_some_and(|at| at <= now);
        self.refresh_token.as_ref().filter(|_| !expired)
    }
}
