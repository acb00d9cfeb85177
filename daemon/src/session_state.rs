//! The daemon's Bungie session as every client sees it: a state, why (for a sign-out or an
//! application Bungie refuses), and a message a person can read that says what to do; and why a
//! sign-in could not start or finish ([`SignInError`], which the runtime raises and the server's
//! `convert` maps, so neither names the other's types).

/// Why the session is signed out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignOutReason {
    /// The sign-in expired (the refresh token or Bungie's authorization record is too old).
    Expired,
    /// The player revoked the application's access on Bungie.net.
    Revoked,
    /// The player signed out.
    LoggedOut,
}

/// What Bungie refuses about the application itself: no sign-in can fix these.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AppProblem {
    /// The API key is wrong or missing (2101, 2102).
    ApiKeyInvalid,
    /// The application does not allow the Origin the requests carry (2107).
    OriginRejected,
    /// The application lacks the move/equip or the read scope (2108, HTTP 403).
    ScopeMissing,
    /// The tokens were issued to another API key (99 right after a refresh).
    KeyMismatch,
}

impl AppProblem {
    /// The problem Bungie's error code names, if it names one of the application's.
    pub fn from_bungie_code(code: i32) -> Option<AppProblem> {
        match code {
            2101 | 2102 => Some(AppProblem::ApiKeyInvalid),
            2107 => Some(AppProblem::OriginRejected),
            2108 => Some(AppProblem::ScopeMissing),
            _ => None,
        }
    }
}

/// The daemon's session with Bungie, as the protocol's `session.changed` reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionState {
    /// No Bungie application is configured (no API key or client id).
    NotConfigured,
    /// Signed in and reachable.
    SignedIn,
    /// No usable tokens: never signed in (`None`), or signed out for a reason.
    SignedOut(Option<SignOutReason>),
    /// Bungie cannot be reached.
    Offline,
    /// Bungie is down for maintenance (SystemDisabled).
    Maintenance,
    /// Bungie refuses the application; a change to the config or the application portal fixes it.
    AppRejected(AppProblem),
}

impl SessionState {
    /// The protocol's name for the state.
    pub fn as_str(&self) -> &'static str {
        match self {
            SessionState::NotConfigured => "not_configured",
            SessionState::SignedIn => "signed_in",
            SessionState::SignedOut(_) => "signed_out",
            SessionState::Offline => "offline",
            SessionState::Maintenance => "maintenance",
            SessionState::AppRejected(_) => "app_rejected",
        }
    }

    /// The protocol's name for the reason, if the state has one.
    pub fn reason_str(&self) -> Option<&'static str> {
        match self {
            SessionState::SignedOut(Some(SignOutReason::Expired)) => Some("expired"),
            SessionState::SignedOut(Some(SignOutReason::Revoked)) => Some("revoked"),
            SessionState::SignedOut(Some(SignOutReason::LoggedOut)) => Some("logged_out"),
            SessionState::AppRejected(AppProblem::ApiKeyInvalid) => Some("api_key_invalid"),
            SessionState::AppRejected(AppProblem::OriginRejected) => Some("origin_rejected"),
            SessionState::AppRejected(AppProblem::ScopeMissing) => Some("scope_missing"),
            SessionState::AppRejected(AppProblem::KeyMismatch) => Some("key_mismatch"),
            _ => None,
        }
    }

    /// Whether the player must sign in (the tray's and the popup's "Sign in" applies).
    pub fn needs_sign_in(&self) -> bool {
        matches!(self, SessionState::SignedOut(_))
    }

    /// The state in words a person can read, with what to do about it.
    pub fn message(&self) -> &'static str {
        match self {
            SessionState::NotConfigured => {
                "No Bungie.net application is configured: set `api_key` and `client_id` (and `client_secret`) in the config file, or BUNGIE_API_KEY, BUNGIE_CLIENT_ID and BUNGIE_CLIENT_SECRET, then restart the daemon."
            }
            SessionState::SignedIn => "Signed in to Bungie.net.",
            SessionState::SignedOut(None) => {
                "Not signed in to Bungie.net: sign in from the extension, the tray or `vault-raider login`."
            }
            SessionState::SignedOut(Some(SignOutReason::Expired)) => {
                "Your Bungie.net sign-in expired: sign in again. Your inventory stays readable meanwhile."
            }
            SessionState::SignedOut(Some(SignOutReason::Revoked)) => {
                "Vault Raider's access was revoked on Bungie.net: sign in again to allow it. Your inventory stays readable meanwhile."
            }
            SessionState::SignedOut(Some(SignOutReason::LoggedOut)) => {
                "Signed out of Bungie.net. Sign in again to sync and move items."
            }
            SessionState::Offline => {
                "Bungie.net cannot be reached; retrying. Your inventory stays readable."
            }
            SessionState::Maintenance => {
                "Bungie.net is down for maintenance; retrying. Your inventory stays readable."
            }
            SessionState::AppRejected(AppProblem::ApiKeyInvalid) => {
                "Bungie.net refuses the API key: copy the API key of your application from https://www.bungie.net/en/Application into `api_key` (or BUNGIE_API_KEY) and restart the daemon. Signing in again will not help."
            }
            SessionState::AppRejected(AppProblem::OriginRejected) => {
                "Bungie.net refuses the request's Origin: in your application at https://www.bungie.net/en/Application, set \"Origin Header\" to the extension's origin (chrome-extension://<id>) or leave it empty. Signing in again will not help."
            }
            SessionState::AppRejected(AppProblem::ScopeMissing) => {
                "Your Bungie.net application lacks a permission: at https://www.bungie.net/en/Application tick \"Read your Destiny 2 information (Vault, Inventory, and Vendors)\" and \"Move or equip Destiny gear and other items\", then sign in again so new tokens carry them."
            }
            SessionState::AppRejected(AppProblem::KeyMismatch) => {
                "The stored Bungie.net tokens were issued to another application's API key: check that `api_key`, `client_id` and `client_secret` all come from the same application, then sign in again."
            }
        }
    }
}

/// Why a sign-in could not start or finish. Messages hold no secret.
#[derive(Debug, thiserror::Error)]
pub enum SignInError {
    /// No Bungie application is configured.
    #[error(
        "no Bungie.net application is configured: set api_key and client_id (BUNGIE_API_KEY, BUNGIE_CLIENT_ID)"
    )]
    NotConfigured,
    /// The state names no sign-in this client started (or it already finished).
    #[error("this sign-in was not started by this client, or has already finished")]
    UnknownState,
    /// The daemon could not listen for the callback.
    #[error("cannot receive the sign-in: {0}")]
    Listener(String),
    /// Bungie refused the code (or could not be reached).
    #[error("Bungie.net refused the sign-in: {0}")]
    Refused(crate::bungie::auth::AuthError),
}
