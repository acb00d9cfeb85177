//! `TokenSource`: where the client gets the player's access token, and whom it tells when Bungie
//! rejects it. The sign-in session ([`crate::bungie::auth::Session`]) is the real one.

use super::auth::Secret;
use super::error::BungieError;
use futures_util::future::BoxFuture;

/// Supplies access tokens to the client.
pub trait TokenSource: Send + Sync {
    /// A current access token (refreshed first when it is about to expire), or
    /// [`BungieError::SignedOut`].
    fn access_token(&self) -> BoxFuture<'_, Result<Secret, BungieError>>;

    /// Bungie rejected `rejected`: refresh once (unless someone already did) and give the new token.
    fn refresh_rejected<'a>(
        &'a self,
        rejected: &'a Secret,
    ) -> BoxFuture<'a, Result<Secret, BungieError>>;

    /// The refreshed token was rejected too: the session is over; the player must sign in again.
    fn sign_out<'a>(&'a self, reason: &'a str) -> BoxFuture<'a, ()>;

    /// A freshly refreshed token was rejected with 99 (WebAuthRequired): the tokens were issued to
    /// another API key. The session is over as with [`TokenSource::sign_out`].
    fn key_mismatch<'a>(&'a self, reason: &'a str) -> BoxFuture<'a, ()> {
        self.sign_out(reason)
    }
}
