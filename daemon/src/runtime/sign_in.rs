//! Sign-ins the running daemon finishes itself, live: `auth.login` starts one for a client, and
//! the code comes back either through the daemon's own HTTPS callback (listening on the redirect
//! URL's loopback port only while a sign-in waits for it) or through `auth.complete` from the
//! client that started it. Every callback request is matched by `state` first: one without a
//! pending state is answered 400 and changes nothing, whatever else it carries.

pub use crate::session_state::SignInError;

use crate::bungie::auth::{
    CallbackListener, PendingLogin, Secret, Session, begin_login, code_from, is_loopback_https,
};
use axum::extract::{Query, State};
use axum::response::Html;
use http::StatusCode;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

/// How long a started sign-in waits for its code.
pub const SIGN_IN_TIMEOUT: Duration = Duration::from_secs(600);
/// How many sign-ins may wait at once (the oldest is dropped past this).
const MAX_PENDING: usize = 8;

/// A sign-in waiting for its code.
struct Pending {
    /// The OAuth state its redirect carries.
    state: String,
    /// The client that started it (only it may `auth.complete` it).
    owner: String,
    /// Whether the daemon's own callback receives it (else the client completes it).
    by_callback: bool,
}

/// The daemon's sign-ins.
pub struct SignIns {
    session: Arc<Session>,
    /// The configured redirect URL when the daemon can serve it (loopback `https://`).
    callback_url: Option<url::Url>,
    /// Where the callback's certificate is kept.
    cert_dir: PathBuf,
    configured: bool,
    pending: Mutex<Vec<Pending>>,
    listener: tokio::sync::Mutex<Option<CallbackListener>>,
    timeout: Duration,
}

impl SignIns {
    /// Sign-ins into `session`; `redirect_url` is the configured one (served by the daemon when
    /// it is a loopback `https://` URL); `configured` is false without an API key or client id.
    pub fn new(
        session: Arc<Session>,
        redirect_url: &str,
        cert_dir: PathBuf,
        configured: bool,
    ) -> SignIns {
        let callback_url = url::Url::parse(redirect_url).ok().filter(is_loopback_https);
        SignIns {
            session,
            callback_url,
            cert_dir,
            configured,
            pending: Mutex::new(Vec::new()),
            listener: tokio::sync::Mutex::new(None),
            timeout: SIGN_IN_TIMEOUT,
        }
    }

    fn pending(&self) -> MutexGuard<'_, Vec<Pending>> {
        self.pending
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Where the callback listens now, if it does.
    pub async fn listening(&self) -> Option<std::net::SocketAddr> {
        self.listener.lock().await.as_ref().map(|l| l.listening)
    }

    /// Starts a sign-in for `owner`. With `client_redirect` the client runs the browser step and
    /// calls `auth.complete`; otherwise the daemon's callback receives the redirect (started now,
    /// when the configured redirect URL is one it can serve).
    pub async fn begin(
        self: &Arc<Self>,
        owner: &str,
        client_redirect: bool,
    ) -> Result<PendingLogin, SignInError> {
        if !self.configured {
            return Err(SignInError::NotConfigured);
        }
        let login = begin_login(self.session.auth());
        let by_callback = !client_redirect && self.callback_url.is_some();
        if by_callback {
            self.ensure_listener().await?;
        }
        {
            let mut pending = self.pending();
            pending.push(Pending {
                state: login.state.clone(),
                owner: owner.to_string(),
                by_callback,
            });
            let excess = pending.len().saturating_sub(MAX_PENDING);
            pending.drain(..excess);
        }
        let expiring = self.clone();
        let state = login.state.clone();
        tokio::spawn(async move {
            tokio::time::sleep(expiring.timeout).await;
            expiring.forget(&state);
            expiring.stop_listener_if_idle().await;
        });
        Ok(login)
    }

    /// Finishes `owner`'s sign-in `state` with the code its client received. A state `owner` did
    /// not start changes nothing.
    pub async fn complete(&self, owner: &str, state: &str, code: &str) -> Result<(), SignInError> {
        let known = {
            let mut pending = self.pending();
            let found = pending
                .iter()
                .position(|p| p.state == state && p.owner == owner);
            found.map(|i| pending.remove(i))
        };
        if known.is_none() {
            return Err(SignInError::UnknownState);
        }
        let outcome = self.exchange(code).await;
        self.stop_listener_if_idle().await;
        outcome
    }

    /// Exchanges a code and adopts the tokens; every other waiting sign-in is then moot.
    async fn exchange(&self, code: &str) -> Result<(), SignInError> {
        let tokens = self
            .session
            .auth()
            .exchange_code(&Secret::new(code.to_string()), self.session.now())
            .await
            .map_err(SignInError::Refused)?;
        self.session
            .sign_in(tokens)
            .await
            .map_err(SignInError::Refused)?;
        self.pending().clear();
        Ok(())
    }

    /// Drops the sign-in `state`, if it still waits.
    fn forget(&self, state: &str) {
        self.pending().retain(|p| p.state != state);
    }

    async fn ensure_listener(self: &Arc<Self>) -> Result<(), SignInError> {
        let Some(url) = &self.callback_url else {
            return Ok(());
        };
        let mut listener = self.listener.lock().await;
        if listener.is_some() {
            return Ok(());
        }
        let app = axum::Router::new()
            .route(url.path(), axum::routing::get(receive))
            .with_state(self.clone());
        let started = CallbackListener::start(url, &self.cert_dir, app)
            .await
            .map_err(|e| SignInError::Listener(e.to_string()))?;
        tracing::info!(listening = %started.listening, "listening for the sign-in callback");
        *listener = Some(started);
        Ok(())
    }

    /// Stops the callback listener when no sign-in waits for it.
    async fn stop_listener_if_idle(&self) {
        if self.pending().iter().any(|p| p.by_callback) {
            return;
        }
        let stopped = self.listener.lock().await.take();
        if let Some(listener) = stopped {
            listener.stop().await;
            tracing::info!("stopped listening for the sign-in callback");
        }
    }

    /// Stops the callback listener (the daemon is shutting down).
    pub async fn shutdown(&self) {
        self.pending().clear();
        self.stop_listener_if_idle().await;
    }
}

fn page(status: StatusCode, text: &str) -> (StatusCode, Html<String>) {
    (
        status,
        Html(format!(
            "<!doctype html><meta charset=\"utf-8\"><title>Vault Raider</title><h1>Vault Raider</h1><p>{text}</p>"
        )),
    )
}

/// The callback route: `state` first (400 and nothing changed without a pending one), then the
/// decision: a code signs in, an `error=` ends that sign-in.
async fn receive(
    State(sign_ins): State<Arc<SignIns>>,
    Query(params): Query<HashMap<String, String>>,
) -> (StatusCode, Html<String>) {
    let state = params.get("state").cloned().unwrap_or_default();
    let waiting = !state.is_empty()
        && sign_ins
            .pending()
            .iter()
            .any(|p| p.by_callback && p.state == state);
    if !waiting {
        tracing::warn!("refused a sign-in callback that matches no sign-in in progress");
        return page(
            StatusCode::BAD_REQUEST,
            "This sign-in link does not match a sign-in in progress; it was refused.",
        );
    }
    sign_ins.forget(&state);
    let answer = match code_from(&params, &state) {
        Ok(code) => match sign_ins.exchange(code.expose()).await {
            Ok(()) => page(
                StatusCode::OK,
                "Signed in to Bungie.net. You can close this tab.",
            ),
            Err(e) => {
                tracing::warn!(error = %e, "the sign-in failed");
                page(StatusCode::BAD_GATEWAY, &escape(&e.to_string()))
            }
        },
        Err(e) => {
            tracing::info!(error = %e, "the sign-in was declined");
            page(
                StatusCode::OK,
                "The sign-in was declined. Start it again when you are ready.",
            )
        }
    };
    // Stop listening after this answer has gone out (not from inside the server's own task).
    let idle = sign_ins.clone();
    tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(200)).await;
        idle.stop_listener_if_idle().await;
    });
    answer
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}
