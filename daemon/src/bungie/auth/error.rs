//! The sign-in layer's error: the token endpoint, the token stores, and the login flows.
//! No variant holds a token, a code or a client secret.

/// What went wrong signing in, refreshing or keeping tokens.
#[derive(Debug, Clone, thiserror::Error)]
pub enum AuthError {
    /// The OAuth settings are unusable.
    #[error("OAuth is not configured: {0}")]
    Config(String),
    /// Bungie refused the code or the refresh token: the player must sign in again.
    #[error("Bungie.net refused the sign-in ({error}: {description}); sign in again")]
    Rejected {
        /// The RFC 6749 `error`.
        error: String,
        /// `error_description` (often a PlatformErrorCodes name).
        description: String,
    },
    /// Bungie is down for maintenance.
    #[error("Bungie.net is down for maintenance; try again later")]
    Maintenance,
    /// The token endpoint failed in a way that may pass (server error, odd answer); tokens are kept.
    #[error("Bungie.net's token service failed: {0}")]
    Unavailable(String),
    /// The token endpoint could not be reached.
    #[error("could not reach Bungie.net's token service: {0}")]
    Transport(String),
    /// There is no refresh token, or it expired.
    #[error("the sign-in has expired; sign in again")]
    Expired,
    /// The redirect's `state` is not the one we sent (a forged or stale redirect).
    #[error("the sign-in redirect does not match this login (state mismatch); refused")]
    StateMismatch,
    /// The player declined, or Bungie returned an error on the redirect.
    #[error("the sign-in was declined: {0}")]
    Denied(String),
    /// The redirect or pasted address is not usable.
    #[error("not a sign-in redirect: {0}")]
    BadRedirect(String),
    /// The token store failed.
    #[error("cannot keep the tokens: {0}")]
    Store(String),
    /// The local HTTPS callback listener failed.
    #[error("the sign-in callback listener failed: {0}")]
    Listener(String),
    /// Nobody completed the sign-in in time.
    #[error("the sign-in timed out")]
    TimedOut,
}
