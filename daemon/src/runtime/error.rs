//! The runtime's one error type: why the daemon could not start, or a Bungie set-up step
//! (connecting, signing in, choosing the account, updating the manifest) failed. The command line
//! turns it into its own report; no message holds a secret.

use crate::bungie::BungieError;
use crate::bungie::auth::AuthError;
use crate::bungie::manifest::ManifestError;
use crate::store::StoreError;

/// What the runtime's functions answer.
pub type RuntimeResult<T> = Result<T, RuntimeError>;

/// Why the daemon could not start, or a Bungie set-up step failed.
#[derive(Debug, thiserror::Error)]
pub enum RuntimeError {
    /// The configuration names no Bungie API key.
    #[error("no Bungie API key: set `api_key` in the config or BUNGIE_API_KEY")]
    NoApiKey,
    /// The configuration names no Bungie OAuth client id.
    #[error("no Bungie client id: set `client_id` in the config or BUNGIE_CLIENT_ID")]
    NoClientId,
    /// The Bungie.net account has no Destiny 2 membership Bungie still serves.
    #[error("this Bungie.net account has no Destiny 2 membership that Bungie still serves")]
    NoDestinyAccount,
    /// Bungie's manifest lists no English database.
    #[error("Bungie's manifest names no English database")]
    NoEnglishManifest,
    /// Bungie.net failed or refused.
    #[error(transparent)]
    Bungie(#[from] BungieError),
    /// Signing in failed.
    #[error(transparent)]
    Auth(#[from] AuthError),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The manifest could not be opened or installed.
    #[error(transparent)]
    Manifest(#[from] ManifestError),
    /// The protocol server could not start.
    #[error(transparent)]
    Server(#[from] crate::server::ServerError),
    /// A file, a directory or a socket failed.
    #[error(transparent)]
    Io(#[from] std::io::Error),
}
