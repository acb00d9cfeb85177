//! `Session`: the player's tokens while the daemon runs. It hands the client a fresh access token
//! (refreshing shortly before expiry), refreshes once when Bungie rejects one, stores a rotated
//! refresh token before using it, and reports signed-in / signed-out on a watch channel.

use super::error::AuthError;
use super::oauth::AuthClient;
use super::secret::Secret;
use super::store::TokenStore;
use super::tokens::Tokens;
use crate::bungie::error::{BungieError, PlatformError};
use crate::bungie::token_source::TokenSource;
use chrono::{DateTime, Utc};
use futures_util::future::BoxFuture;
use std::sync::Arc;
use tokio::sync::{Mutex, watch};

/// The wall clock, injectable for tests.
pub type Clock = Arc<dyn Fn() -> DateTime<Utc> + Send + Sync>;

/// The system clock.
pub fn system_clock() -> Clock {
    Arc::new(Utc::now)
}

/// Whether the daemon holds a usable Bungie session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SessionStatus {
    /// Signed in as this Bungie.net account.
    SignedIn {
        /// The Bungie.net membership id.
        bungie_membership_id: i64,
    },
    /// No usable tokens; the reason says why (never a token).
    SignedOut {
        /// Why, in words (never a token).
        reason: String,
        /// Why, for the daemon to branch on.
        why: EndReason,
    },
}

/// Why a session is not signed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EndReason {
    /// No tokens were ever stored (or they could not be read).
    NotSignedIn,
    /// The refresh token or Bungie's authorization record is too old.
    Expired,
    /// The player revoked the application's access (AuthorizationRecordRevoked).
    Revoked,
    /// The player signed out.
    LoggedOut,
    /// Bungie rejected a freshly refreshed token with 99: the tokens belong to another API key.
    KeyMismatch,
}

impl EndReason {
    /// The reason a refused refresh gives (`error_description` names Bungie's error status).
    fn of_refusal(description: &str) -> EndReason {
        if description.contains("Revoked") {
            EndReason::Revoked
        } else {
            EndReason::Expired
        }
    }
}

/// The player's session.
pub struct Session {
    /// The token endpoint.
    auth: AuthClient,
    /// Where tokens are kept.
    store: Arc<dyn TokenStore>,
    /// The tokens in use (`None`: signed out). Held across a refresh so refreshes never overlap.
    tokens: Mutex<Option<Tokens>>,
    /// Signed in or out, for the server and the tray.
    status: watch::Sender<SessionStatus>,
    /// The wall clock.
    clock: Clock,
}

impl Session {
    /// A session with whatever `store` holds (an unreadable store means signed out, logged).
    pub fn new(auth: AuthClient, store: Arc<dyn TokenStore>, clock: Clock) -> Session {
        let tokens = match store.load() {
            Ok(tokens) => tokens,
            Err(e) => {
                tracing::warn!(error = %e, "ignoring the stored Bungie tokens");
                None
            }
        };
        let (status, _) = watch::channel(status_of(tokens.as_ref()));
        Session {
            auth,
            store,
            tokens: Mutex::new(tokens),
            status,
            clock,
        }
    }

    /// Now, from the clock the session was given.
    pub fn now(&self) -> DateTime<Utc> {
        (self.clock)()
    }

    /// The clock the session was given (the login flows stamp the tokens they get by it).
    pub fn clock(&self) -> &Clock {
        &self.clock
    }

    /// The OAuth client (for the login flows).
    pub fn auth(&self) -> &AuthClient {
        &self.auth
    }

    /// Where the tokens are kept.
    pub fn store_description(&self) -> String {
        self.store.describe()
    }

    /// Watches signed-in / signed-out.
    pub fn status(&self) -> watch::Receiver<SessionStatus> {
        self.status.subscribe()
    }

    /// Adopts tokens from a login: stored first, then used.
    pub async fn sign_in(&self, tokens: Tokens) -> Result<(), AuthError> {
        let mut guard = self.tokens.lock().await;
        self.store.save(&tokens)?;
        let id = tokens.bungie_membership_id;
        *guard = Some(tokens);
        self.status.send_replace(SessionStatus::SignedIn {
            bungie_membership_id: id,
        });
        tracing::info!(bungie_membership_id = id, "signed in to Bungie.net");
        Ok(())
    }

    /// Forgets the session and deletes the stored tokens.
    pub async fn logout(&self) -> Result<(), AuthError> {
        let mut guard = self.tokens.lock().await;
        *guard = None;
        self.status.send_replace(SessionStatus::SignedOut {
            reason: "logged out".into(),
            why: EndReason::LoggedOut,
        });
        self.store.delete()
    }

    /// Refreshes now (under the lock); on a rejection the session ends.
    async fn refresh_locked(&self, guard: &mut Option<Tokens>) -> Result<Secret, BungieError> {
        let now = (self.clock)();
        let Some(current) = guard.as_ref() else {
            return Err(BungieError::SignedOut("not signed in".into()));
        };
        let Some(refresh_token) = current.usable_refresh_token(now).cloned() else {
            return Err(self.end(guard, EndReason::Expired, "the sign-in expired"));
        };
        match self.auth.refresh(&refresh_token, now).await {
            Ok(fresh) => {
                // The old refresh token is spent: keep the new one before anything uses it.
                if let Err(e) = self.store.save(&fresh) {
                    tracing::error!(error = %e, "could not store the rotated Bungie tokens; the next start will need a sign-in");
                }
                let token = fresh.access_token.clone();
                *guard = Some(fresh);
                tracing::info!("refreshed the Bungie.net access token");
                Ok(token)
            }
            Err(AuthError::Rejected { error, description }) => Err(self.end(
                guard,
                EndReason::of_refusal(&description),
                &format!("Bungie.net refused the refresh ({error}: {description})"),
            )),
            Err(AuthError::Maintenance) => Err(BungieError::Maintenance(PlatformError {
                code: 5,
                status: "SystemDisabled".into(),
                message: "the token service is down for maintenance".into(),
                throttle_seconds: 0,
                http_status: 503,
                message_data: Default::default(),
            })),
            Err(AuthError::Transport(message)) => Err(BungieError::Transport {
                message,
                timeout: false,
            }),
            Err(other) => Err(BungieError::Transport {
                message: other.to_string(),
                timeout: false,
            }),
        }
    }

    /// Ends the session: forgets the tokens in memory and reports signed out.
    fn end(&self, guard: &mut Option<Tokens>, why: EndReason, reason: &str) -> BungieError {
        *guard = None;
        tracing::warn!(%reason, ?why, "signed out of Bungie.net");
        self.status.send_replace(SessionStatus::SignedOut {
            reason: reason.to_string(),
            why,
        });
        BungieError::SignedOut(reason.to_string())
    }
}

fn status_of(tokens: Option<&Tokens>) -> SessionStatus {
    match tokens {
        Some(t) => SessionStatus::SignedIn {
            bungie_membership_id: t.bungie_membership_id,
        },
        None => SessionStatus::SignedOut {
            reason: "not signed in".into(),
            why: EndReason::NotSignedIn,
        },
    }
}

impl TokenSource for Session {
    fn access_token(&self) -> BoxFuture<'_, Result<Secret, BungieError>> {
        Box::pin(async move {
            let mut guard = self.tokens.lock().await;
            match guard.as_ref() {
                None => Err(BungieError::SignedOut("not signed in".into())),
                Some(t) if t.access_fresh((self.clock)()) => Ok(t.access_token.clone()),
                Some(_) => self.refresh_locked(&mut guard).await,
            }
        })
    }

    fn refresh_rejected<'a>(
        &'a self,
        rejected: &'a Secret,
    ) -> BoxFuture<'a, Result<Secret, BungieError>> {
        Box::pin(async move {
            let mut guard = self.tokens.lock().await;
            match guard.as_ref() {
                Some(t) if &t.access_token != rejected => Ok(t.access_token.clone()),
                _ => self.refresh_locked(&mut guard).await,
            }
        })
    }

    fn sign_out<'a>(&'a self, reason: &'a str) -> BoxFuture<'a, ()> {
        Box::pin(async move {
            let mut guard = self.tokens.lock().await;
            self.end(&mut guard, EndReason::Expired, reason);
        })
    }

    fn key_mismatch<'a>(&'a self, reason: &'a str) -> BoxFuture<'a, ()> {
        Box::pin(async move {
            let mut guard = self.tokens.lock().await;
            self.end(&mut guard, EndReason::KeyMismatch, reason);
        })
    }
}
