//! The Bungie client's error: every `ErrorCode` family of API.md §4.1, the non-envelope shapes
//! (`{error, error_description}`, HTML pages, empty bodies) and transport failures.
//!
//! No variant ever holds a token: messages come from Bungie's envelope or from our own text.

use std::collections::BTreeMap;

/// A non-Success Platform envelope, as Bungie sent it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlatformError {
    /// `ErrorCode` (a `PlatformErrorCodes` number).
    pub code: i32,
    /// `ErrorStatus`, the code's name (e.g. `DestinyNoRoomInDestination`).
    pub status: String,
    /// `Message`, Bungie's human text.
    pub message: String,
    /// `ThrottleSeconds` (0 unless throttled).
    pub throttle_seconds: u32,
    /// The HTTP status it came with.
    pub http_status: u16,
    /// `MessageData`, details keyed by name.
    pub message_data: BTreeMap<String, String>,
}

impl std::fmt::Display for PlatformError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} {} (HTTP {}): {}",
            self.code, self.status, self.http_status, self.message
        )
    }
}

/// Which family a `PlatformErrorCodes` number belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorFamily {
    /// The sign-in or the application key is not accepted.
    Auth,
    /// Too many requests; wait `ThrottleSeconds`.
    Throttle,
    /// Bungie is down for maintenance (`SystemDisabled`).
    Maintenance,
    /// The account, character, item or record does not exist (or not where we thought).
    NotFound,
    /// The game refused an item action (the 16xx Destiny codes).
    GameRule,
    /// Anything else.
    Other,
}

/// Error codes after which DIM (and we) refresh the access token once and retry once.
pub const REFRESH_CODES: [i32; 8] = [99, 22, 2111, 2115, 2122, 2123, 2124, 2106];

/// The family of a `PlatformErrorCodes` number (API.md §4.1).
pub fn family(code: i32) -> ErrorFamily {
    match code {
        5 => ErrorFamily::Maintenance,
        31 | 35 | 36 | 37 | 51 | 54 | 55 | 56 | 57 | 1672 => ErrorFamily::Throttle,
        10 | 22 | 99 | 2100..=2126 => ErrorFamily::Auth,
        11 | 21 | 103 | 1601 | 1620 | 1623 | 1629 | 1633 | 1653 => ErrorFamily::NotFound,
        1600..=1699 => ErrorFamily::GameRule,
        _ => ErrorFamily::Other,
    }
}

/// What went wrong talking to Bungie.
#[derive(Debug, Clone, thiserror::Error)]
pub enum BungieError {
    /// Bungie refused the sign-in or the API key (auth family).
    #[error("Bungie.net refused the request's credentials: {0}")]
    Auth(PlatformError),
    /// Bungie throttled us (throttle family); `throttle_seconds` says how long to wait.
    #[error("Bungie.net asks us to slow down: {0}")]
    Throttled(PlatformError),
    /// Bungie is down for maintenance.
    #[error("Bungie.net is down for maintenance: {0}")]
    Maintenance(PlatformError),
    /// The thing asked for does not exist (not-found family).
    #[error("not found on Bungie.net: {0}")]
    NotFound(PlatformError),
    /// The game refused an action; the code says why (e.g. 1642 no room, 1656 equipped).
    #[error("the game refused: {0}")]
    GameRule(PlatformError),
    /// Any other Platform error.
    #[error("Bungie.net error {0}")]
    Platform(PlatformError),
    /// An RFC 6749 style `{error, error_description}` body (token endpoint, some outages).
    #[error("Bungie.net answered {error} (HTTP {http_status}): {description}")]
    OAuth {
        /// HTTP status.
        http_status: u16,
        /// `error`.
        error: String,
        /// `error_description`.
        description: String,
    },
    /// An HTML page instead of JSON (the whole site is down or a proxy answered).
    #[error(
        "Bungie.net answered with a web page instead of data (HTTP {http_status}): {title:?}; it is probably down"
    )]
    Html {
        /// HTTP status.
        http_status: u16,
        /// The page's title.
        title: String,
    },
    /// An empty body.
    #[error("Bungie.net answered with an empty body (HTTP {http_status})")]
    EmptyBody {
        /// HTTP status.
        http_status: u16,
    },
    /// A redirect: the URL lacks `www.` or its trailing slash, and following it would drop the
    /// Authorization header.
    #[error("Bungie.net redirected the request (HTTP {http_status}); check the base URL")]
    Redirect {
        /// HTTP status.
        http_status: u16,
    },
    /// JSON we do not recognise.
    #[error("Bungie.net answered with something unexpected (HTTP {http_status}): {snippet:?}")]
    UnexpectedBody {
        /// HTTP status.
        http_status: u16,
        /// The start of the body.
        snippet: String,
    },
    /// A Success envelope whose payload does not match what we read.
    #[error("the {endpoint} response could not be read: {message}")]
    Decode {
        /// The endpoint.
        endpoint: String,
        /// The decoder's message.
        message: String,
    },
    /// The request did not complete (connection refused, reset, timed out, too large).
    #[error("could not reach Bungie.net: {message}")]
    Transport {
        /// What happened.
        message: String,
        /// Whether it was a timeout.
        timeout: bool,
    },
    /// There is no usable session: not signed in, or the refresh failed.
    #[error("not signed in to Bungie.net ({0}); run `vault-raider login`")]
    SignedOut(String),
    /// A caller passed something Bungie cannot accept; nothing was sent.
    #[error("invalid request: {0}")]
    InvalidRequest(String),
}

impl BungieError {
    /// Wraps a non-Success envelope in the variant of its family.
    pub fn from_platform(error: PlatformError) -> BungieError {
        match family(error.code) {
            ErrorFamily::Auth => BungieError::Auth(error),
            ErrorFamily::Throttle => BungieError::Throttled(error),
            ErrorFamily::Maintenance => BungieError::Maintenance(error),
            ErrorFamily::NotFound => BungieError::NotFound(error),
            ErrorFamily::GameRule => BungieError::GameRule(error),
            ErrorFamily::Other => BungieError::Platform(error),
        }
    }

    /// Wraps an `{error, error_description}` body; a description of `SystemDisabled` is maintenance.
    pub fn from_oauth_style(http_status: u16, error: String, description: String) -> BungieError {
        if description == "SystemDisabled" {
            return BungieError::Maintenance(PlatformError {
                code: 5,
                status: description,
                message: error,
                throttle_seconds: 0,
                http_status,
                message_data: BTreeMap::new(),
            });
        }
        BungieError::OAuth {
            http_status,
            error,
            description,
        }
    }

    /// The envelope, when Bungie sent one.
    pub fn platform(&self) -> Option<&PlatformError> {
        match self {
            BungieError::Auth(p)
            | BungieError::Throttled(p)
            | BungieError::Maintenance(p)
            | BungieError::NotFound(p)
            | BungieError::GameRule(p)
            | BungieError::Platform(p) => Some(p),
            _ => None,
        }
    }

    /// Bungie's `ErrorCode`, when there is one.
    pub fn code(&self) -> Option<i32> {
        self.platform().map(|p| p.code)
    }

    /// The HTTP status, when a response arrived.
    pub fn http_status(&self) -> Option<u16> {
        match self {
            BungieError::OAuth { http_status, .. }
            | BungieError::Html { http_status, .. }
            | BungieError::EmptyBody { http_status }
            | BungieError::Redirect { http_status }
            | BungieError::UnexpectedBody { http_status, .. } => Some(*http_status),
            other => other.platform().map(|p| p.http_status),
        }
    }

    /// Whether refreshing the access token once may cure it (HTTP 401 or an auth code DIM refreshes on).
    pub fn wants_refresh(&self) -> bool {
        self.http_status() == Some(401) || self.code().is_some_and(|c| REFRESH_CODES.contains(&c))
    }

    /// How long Bungie asked us to wait, for throttle errors.
    pub fn throttle_seconds(&self) -> Option<u32> {
        match self {
            BungieError::Throttled(p) => Some(p.throttle_seconds),
            _ => None,
        }
    }

    /// Whether an idempotent read may be retried: a timeout or dropped connection, or HTTP 502–504
    /// without a Bungie error that says otherwise (maintenance, throttle, game rules).
    pub fn is_transient(&self) -> bool {
        match self {
            BungieError::Transport { .. } => true,
            BungieError::Html { http_status, .. }
            | BungieError::EmptyBody { http_status }
            | BungieError::UnexpectedBody { http_status, .. }
            | BungieError::OAuth { http_status, .. } => (502..=504).contains(http_status),
            BungieError::Platform(p) => (502..=504).contains(&p.http_status),
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_family_of_api_md_4_1() {
        assert_eq!(family(5), ErrorFamily::Maintenance);
        for c in [31, 35, 36, 37, 51, 54, 55, 56, 57, 1672] {
            assert_eq!(family(c), ErrorFamily::Throttle, "{c}");
        }
        for c in [
            99, 22, 2101, 2102, 2106, 2108, 2111, 2115, 2118, 2122, 2123, 2124,
        ] {
            assert_eq!(family(c), ErrorFamily::Auth, "{c}");
        }
        for c in [1601, 1620, 1623, 1653] {
            assert_eq!(family(c), ErrorFamily::NotFound, "{c}");
        }
        for c in [1634, 1640, 1641, 1642, 1648, 1656, 1660, 1663, 1671, 1673] {
            assert_eq!(family(c), ErrorFamily::GameRule, "{c}");
        }
        for c in [0, 3, 7, 18, 26, 30, 1000] {
            assert_eq!(family(c), ErrorFamily::Other, "{c}");
        }
    }
}
