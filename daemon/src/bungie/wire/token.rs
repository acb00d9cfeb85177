//! The OAuth token endpoint's success body (not wrapped in the envelope), including Bungie's extra
//! fields `membership_id` (the Bungie.net account, an int64 string) and `refresh_expires_in`.

use super::convert::{int, int_as_string};
use serde::{Deserialize, Serialize};

/// Bungie's additions to the standard token response (oauth2's `ExtraTokenFields`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
pub struct BungieTokenFields {
    /// The Bungie.net membership id (type 254), not a Destiny membership.
    #[serde(deserialize_with = "int", serialize_with = "int_as_string")]
    pub membership_id: i64,
    /// Seconds until the refresh token expires (confidential clients only).
    #[serde(default)]
    pub refresh_expires_in: Option<u64>,
}

impl oauth2::ExtraTokenFields for BungieTokenFields {}

/// The whole token response, for reading it without oauth2 (tests, diagnostics).
/// Its `Debug` redacts the tokens.
#[derive(Clone, Deserialize)]
pub struct TokenResponse {
    /// The bearer token.
    pub access_token: String,
    /// `Bearer`.
    pub token_type: String,
    /// Seconds until the access token expires.
    pub expires_in: u64,
    /// The refresh token (confidential clients only).
    #[serde(default)]
    pub refresh_token: Option<String>,
    /// Bungie's extra fields.
    #[serde(flatten)]
    pub bungie: BungieTokenFields,
}

impl std::fmt::Debug for TokenResponse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenResponse")
            .field("access_token", &"[redacted]")
            .field("token_type", &self.token_type)
            .field("expires_in", &self.expires_in)
            .field(
                "refresh_token",
                &self.refresh_token.as_ref().map(|_| "[redacted]"),
            )
            .field("bungie", &self.bungie)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bungies_token_json_parses_and_debug_redacts() {
        let t: TokenResponse = serde_json::from_str(
            r#"{"access_token":"SECRET-A","token_type":"Bearer","expires_in":3600,
                "refresh_token":"SECRET-R","refresh_expires_in":7776000,"membership_id":"4352344"}"#,
        )
        .unwrap();
        assert_eq!(t.bungie.membership_id, 4352344);
        assert_eq!(t.bungie.refresh_expires_in, Some(7776000));
        let shown = format!("{t:?}");
        assert!(!shown.contains("SECRET"), "{shown}");
    }

    #[test]
    fn a_public_client_response_has_no_refresh_token() {
        let t: TokenResponse = serde_json::from_str(
            r#"{"access_token":"a","token_type":"Bearer","expires_in":3600,"membership_id":"1"}"#,
        )
        .unwrap();
        assert!(t.refresh_token.is_none() && t.bungie.refresh_expires_in.is_none());
    }
}
