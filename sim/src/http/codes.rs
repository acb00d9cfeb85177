//! Bungie's `PlatformErrorCodes` as the simulator's transport raises them: the number, its
//! `ErrorStatus` name, the human message, and the HTTP status the envelope travels with (API.md §1.4).

use http::StatusCode;

/// A Bungie error the transport answers with (the envelope's `ErrorCode`, `ErrorStatus`, `Message`,
/// `MessageData` and `ThrottleSeconds`).
#[derive(Debug, Clone, PartialEq)]
pub struct PlatformError {
    /// The `PlatformErrorCodes` number.
    pub code: i32,
    /// The enum identifier (`"DestinyNoRoomInDestination"`).
    pub status: String,
    /// The human text.
    pub message: String,
    /// Details as string pairs (usually empty).
    pub message_data: serde_json::Map<String, serde_json::Value>,
    /// Seconds to wait before retrying (non-zero only for throttles).
    pub throttle_seconds: u32,
}

impl PlatformError {
    /// The error for `code` with Bungie's own name and message (a generic one for codes the table
    /// does not know).
    pub fn new(code: i32) -> Self {
        let (status, message) = describe(code);
        Self {
            code,
            status: status.to_string(),
            message: message.to_string(),
            message_data: serde_json::Map::new(),
            throttle_seconds: 0,
        }
    }

    /// The error for `code` with a message of our own (what exactly was wrong with the input).
    pub fn with_message(code: i32, message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            ..Self::new(code)
        }
    }

    /// The same error carrying `ThrottleSeconds`.
    pub fn throttled(mut self, seconds: u32) -> Self {
        self.throttle_seconds = seconds;
        self
    }

    /// The HTTP status this error travels with.
    pub fn http_status(&self) -> StatusCode {
        http_status(self.code)
    }
}

/// The HTTP status for an `ErrorCode` (API.md §1.4): Success 200; the not-found family 404; the
/// auth family 401; the throttle family 429; game-server throttle and maintenance 503; else 500.
pub fn http_status(code: i32) -> StatusCode {
    match code {
        SUCCESS => StatusCode::OK,
        NOT_FOUND
        | DATA_NOT_FOUND
        | CONTENT_NOT_FOUND
        | ACCOUNT_NOT_FOUND
        | CHARACTER_NOT_FOUND
        | ITEM_NOT_FOUND
        | PGCR_NOT_FOUND
        | GROUP_NOT_FOUND
        | VENDOR_NOT_FOUND
        | VENDOR_ITEM_NOT_FOUND => StatusCode::NOT_FOUND,
        WEB_AUTH_REQUIRED
        | ACCESS_TOKEN_HAS_EXPIRED
        | OAUTH_ACCESS_TOKEN_EXPIRED
        | AUTHORIZATION_RECORD_EXPIRED
        | AUTHORIZATION_RECORD_REVOKED => StatusCode::UNAUTHORIZED,
        31 | 35 | 36 | 37 | 51 | 54..=57 => StatusCode::TOO_MANY_REQUESTS,
        THROTTLED_BY_GAME_SERVER | SYSTEM_DISABLED => StatusCode::SERVICE_UNAVAILABLE,
        ACCESS_NOT_PERMITTED_BY_APPLICATION_SCOPE => StatusCode::FORBIDDEN,
        _ => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

/// 1 Success.
pub const SUCCESS: i32 = 1;
/// 5 SystemDisabled (maintenance).
pub const SYSTEM_DISABLED: i32 = 5;
/// 7 ParameterParseFailure.
pub const PARAMETER_PARSE_FAILURE: i32 = 7;
/// 11 DataNotFound.
pub const DATA_NOT_FOUND: i32 = 11;
/// 12 InsufficientPrivileges: what GetVendors answers without the player's token (HTTP 500,
/// Bungie-net/api issue #1489).
pub const INSUFFICIENT_PRIVILEGES: i32 = 12;
/// 18 InvalidParameters.
pub const INVALID_PARAMETERS: i32 = 18;
/// 21 NotFound.
pub const NOT_FOUND: i32 = 21;
/// 25 InvalidPostBody.
pub const INVALID_POST_BODY: i32 = 25;
/// 26 MissingPostBody.
pub const MISSING_POST_BODY: i32 = 26;
/// 30 JsonDeserializationError.
pub const JSON_DESERIALIZATION_ERROR: i32 = 30;
/// 36 ThrottleLimitExceededMomentarily.
pub const THROTTLE_MOMENTARILY: i32 = 36;
/// 51 PerEndpointRequestThrottleExceeded.
pub const PER_ENDPOINT_THROTTLE: i32 = 51;
/// 99 WebAuthRequired.
pub const WEB_AUTH_REQUIRED: i32 = 99;
/// 103 ContentNotFound.
pub const CONTENT_NOT_FOUND: i32 = 103;
/// 622 GroupNotFound.
pub const GROUP_NOT_FOUND: i32 = 622;
/// 1625 DestinyVendorItemNotFound.
pub const VENDOR_ITEM_NOT_FOUND: i32 = 1625;
/// 1627 DestinyVendorNotFound.
pub const VENDOR_NOT_FOUND: i32 = 1627;
/// 1601 DestinyAccountNotFound.
pub const ACCOUNT_NOT_FOUND: i32 = 1601;
/// 1620 DestinyCharacterNotFound.
pub const CHARACTER_NOT_FOUND: i32 = 1620;
/// 1623 DestinyItemNotFound.
pub const ITEM_NOT_FOUND: i32 = 1623;
/// 1653 DestinyPGCRNotFound.
pub const PGCR_NOT_FOUND: i32 = 1653;
/// 1665 DestinyPrivacyRestriction.
pub const PRIVACY_RESTRICTION: i32 = 1665;
/// The membership is on a platform Destiny 2 no longer supports.
pub const LEGACY_PLATFORM_INACCESSIBLE: i32 = 1670;
/// 1672 DestinyThrottledByGameServer.
pub const THROTTLED_BY_GAME_SERVER: i32 = 1672;
/// 2101 ApiInvalidOrExpiredKey.
pub const API_INVALID_KEY: i32 = 2101;
/// 2102 ApiKeyMissingFromRequest.
pub const API_KEY_MISSING: i32 = 2102;
/// 2108 AccessNotPermittedByApplicationScope: the application lacks the scope (HTTP 403).
pub const ACCESS_NOT_PERMITTED_BY_APPLICATION_SCOPE: i32 = 2108;
/// 2111 AccessTokenHasExpired.
pub const ACCESS_TOKEN_HAS_EXPIRED: i32 = 2111;
/// 2115 OAuthAccessTokenExpired.
pub const OAUTH_ACCESS_TOKEN_EXPIRED: i32 = 2115;
/// 2123 AuthorizationRecordExpired.
pub const AUTHORIZATION_RECORD_EXPIRED: i32 = 2123;
/// 2124 AuthorizationRecordRevoked.
pub const AUTHORIZATION_RECORD_REVOKED: i32 = 2124;

/// Bungie's `ErrorStatus` name and message for a code.
pub fn describe(code: i32) -> (&'static str, &'static str) {
    match code {
        1 => ("Success", "Ok"),
        3 => ("UnhandledException", "An unexpected error has occurred."),
        5 => (
            "SystemDisabled",
            "This system is temporarily disabled for maintenance.",
        ),
        7 => (
            "ParameterParseFailure",
            "Unable to parse your parameters.  Please correct them, and try again.",
        ),
        8 => (
            "ParameterInvalidRange",
            "The value provided is out of range.",
        ),
        11 => ("DataNotFound", "The requested data could not be found."),
        12 => (
            "InsufficientPrivileges",
            "You lack the privileges to read or write this data.",
        ),
        18 => ("InvalidParameters", "The parameters provided are invalid."),
        21 => ("NotFound", "The requested resource was not found."),
        25 => ("InvalidPostBody", "The post body is invalid."),
        26 => ("MissingPostBody", "The request requires a post body."),
        30 => (
            "JsonDeserializationError",
            "Unable to deserialize the request body.",
        ),
        31 => (
            "ThrottleLimitExceeded",
            "You have exceeded the throttle limit.",
        ),
        35 => (
            "ThrottleLimitExceededMinutes",
            "Too many requests in the last minutes.",
        ),
        36 => (
            "ThrottleLimitExceededMomentarily",
            "Please wait a moment before trying that again.",
        ),
        37 => (
            "ThrottleLimitExceededSeconds",
            "Too many requests in the last seconds.",
        ),
        51 => (
            "PerEndpointRequestThrottleExceeded",
            "Too many platform requests per second.",
        ),
        99 => ("WebAuthRequired", "Please sign-in to continue."),
        103 => ("ContentNotFound", "The content could not be found."),
        1601 => (
            "DestinyAccountNotFound",
            "We were unable to find your Destiny account information.",
        ),
        1618 => (
            "DestinyUnexpectedError",
            "An unexpected error occurred in the Destiny system.",
        ),
        1620 => ("DestinyCharacterNotFound", "The character was not found."),
        1623 => ("DestinyItemNotFound", "The item requested was not found."),
        1643 => (
            "DestinyServiceFailure",
            "We couldn't get your Destiny data right now, something funky's going on.  Try again later.",
        ),
        1653 => (
            "DestinyPGCRNotFound",
            "The post game carnage report was not found.",
        ),
        1665 => (
            "DestinyPrivacyRestriction",
            "This user has chosen to keep this data private.",
        ),
        1670 => (
            "DestinyLegacyPlatformInaccessible",
            "This Destiny account is on a platform that Destiny 2 no longer supports.",
        ),
        1672 => (
            "DestinyThrottledByGameServer",
            "The game server is busy; please try again.",
        ),
        2101 => ("ApiInvalidOrExpiredKey", "Invalid API key."),
        2102 => ("ApiKeyMissingFromRequest", "An API key is required."),
        2108 => (
            "AccessNotPermittedByApplicationScope",
            "This application does not have the required scope for this operation.",
        ),
        2111 => ("AccessTokenHasExpired", "Access token has expired."),
        2115 => ("OAuthAccessTokenExpired", "OAuth access token has expired."),
        2123 => (
            "AuthorizationRecordExpired",
            "Authorization record has expired.",
        ),
        2124 => (
            "AuthorizationRecordRevoked",
            "Authorization record has been revoked.",
        ),
        _ => ("UnhandledException", "An unexpected error has occurred."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_follow_the_announced_mapping() {
        assert_eq!(http_status(1), StatusCode::OK);
        assert_eq!(http_status(1623), StatusCode::NOT_FOUND);
        assert_eq!(http_status(99), StatusCode::UNAUTHORIZED);
        assert_eq!(http_status(2111), StatusCode::UNAUTHORIZED);
        assert_eq!(http_status(36), StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(http_status(51), StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(http_status(1672), StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(http_status(5), StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(http_status(1642), StatusCode::INTERNAL_SERVER_ERROR);
        assert_eq!(http_status(2102), StatusCode::INTERNAL_SERVER_ERROR);
    }

    #[test]
    fn known_codes_carry_their_bungie_names() {
        assert_eq!(PlatformError::new(5).status, "SystemDisabled");
        assert_eq!(PlatformError::new(2102).status, "ApiKeyMissingFromRequest");
        assert_eq!(PlatformError::new(36).throttled(2).throttle_seconds, 2);
    }
}
