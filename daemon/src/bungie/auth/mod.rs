//! Signing in to Bungie.net: OAuth through the oauth2 crate, the login flows, the session that
//! refreshes tokens, and where tokens are kept.
//!
//! - [`oauth::AuthClient`]: the authorize URL, the code exchange, the refresh.
//! - [`login`]: browser + HTTPS callback, pasted address, unattended (simulator).
//! - [`session::Session`]: tokens in use; the client's [`crate::bungie::TokenSource`].
//! - [`store`]: the OS secret store or a file only the user can read (0600; a user-only ACL on
//!   Windows: [`owner_acl`]).

pub mod cert;
pub mod error;
pub mod http_adapter;
pub mod login;
pub mod oauth;
pub mod owner_acl;
mod private_file;
pub mod secret;
pub mod session;
pub mod store;
pub mod tokens;

pub use error::AuthError;
pub use login::{
    CallbackListener, CallbackOptions, LoginReady, PendingLogin, begin_login, code_from,
    is_loopback_https, login_unattended, login_with_callback, login_with_paste,
    parse_pasted_redirect,
};
pub use oauth::{AuthClient, AuthConfig};
pub use secret::Secret;
pub use session::{Clock, EndReason, Session, SessionStatus, system_clock};
pub use store::{
    FileTokenStore, KeyringTokenStore, MemoryTokenStore, TokenStore, open_token_store,
};
pub use tokens::Tokens;
