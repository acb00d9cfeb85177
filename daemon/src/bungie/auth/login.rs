//! The sign-in flows: the browser with our HTTPS callback on `127.0.0.1:PORT/callback`, a pasted
//! final address (`--paste`), and unattended against a simulator that approves by itself (demo).
//! Each verifies `state` and exchanges the code for [`Tokens`].

use super::cert;
use super::error::AuthError;
use super::oauth::AuthClient;
use super::secret::Secret;
use super::session::Clock;
use super::tokens::Tokens;
use axum::extract::{Query, State};
use axum::response::{Html, IntoResponse};
use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::oneshot;

/// A login in progress: the address to open and the `state` it carries.
#[derive(Debug, Clone)]
pub struct PendingLogin {
    /// The authorize URL.
    pub authorize_url: url::Url,
    /// The random `state` the redirect must echo.
    pub state: String,
}

/// Starts a login: a fresh random `state` and the authorize URL carrying it.
pub fn begin_login(auth: &AuthClient) -> PendingLogin {
    let state = hex::encode(rand::random::<[u8; 16]>());
    PendingLogin {
        authorize_url: auth.authorize_url(&state),
        state,
    }
}

/// Reads the code out of a redirect address (`…/callback?code=…&state=…`, or just its query),
/// refusing a `state` other than `expected_state` and reporting `error=` redirects.
pub fn parse_pasted_redirect(url: &str, expected_state: &str) -> Result<Secret, AuthError> {
    let text = url.trim();
    let query = match url::Url::parse(text) {
        Ok(parsed) => parsed.query().unwrap_or_default().to_string(),
        Err(_) if text.contains("code=") || text.contains("error=") => {
            text.rsplit_once('?').map_or(text, |(_, q)| q).to_string()
        }
        Err(_) => {
            return Err(AuthError::BadRedirect(
                "paste the whole address from the browser's address bar".into(),
            ));
        }
    };
    let params: HashMap<String, String> = url::form_urlencoded::parse(query.as_bytes())
        .into_owned()
        .collect();
    code_from(&params, expected_state)
}

/// The code from a redirect's query parameters. `state` is checked first: a redirect without the
/// expected state is refused whatever else it carries (an `error=` included), so a stranger cannot
/// abort a sign-in in progress.
pub fn code_from(
    params: &HashMap<String, String>,
    expected_state: &str,
) -> Result<Secret, AuthError> {
    if params.get("state").map(String::as_str) != Some(expected_state) {
        return Err(AuthError::StateMismatch);
    }
    if let Some(error) = params.get("error") {
        let description = params
            .get("error_description")
            .map(String::as_str)
            .unwrap_or_default();
        return Err(AuthError::Denied(
            format!("{error} {description}").trim().to_string(),
        ));
    }
    match params.get("code") {
        Some(code) if !code.is_empty() => Ok(Secret::new(code.clone())),
        _ => Err(AuthError::BadRedirect("the address has no code".into())),
    }
}

/// Finishes a pasted login: checks the address and exchanges its code (the tokens' expiry
/// counted from `clock`'s now).
pub async fn login_with_paste(
    auth: &AuthClient,
    pending: &PendingLogin,
    pasted: &str,
    clock: &Clock,
) -> Result<Tokens, AuthError> {
    let code = parse_pasted_redirect(pasted, &pending.state)?;
    auth.exchange_code(&code, clock()).await
}

/// Signs in against a server that approves by itself (the simulator in demo mode): GETs the
/// authorize URL without following the redirect and takes the code from its `Location` (the
/// tokens' expiry counted from `clock`'s now).
pub async fn login_unattended(auth: &AuthClient, clock: &Clock) -> Result<Tokens, AuthError> {
    let pending = begin_login(auth);
    let response = auth
        .http()
        .get(pending.authorize_url.clone())
        .send()
        .await
        .map_err(|e| AuthError::Transport(e.without_url().to_string()))?;
    if !response.status().is_redirection() {
        return Err(AuthError::BadRedirect(format!(
            "the authorize page answered HTTP {} instead of redirecting (it does not approve by itself)",
            response.status().as_u16()
        )));
    }
    let location = response
        .headers()
        .get(reqwest::header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .ok_or_else(|| AuthError::BadRedirect("the redirect has no Location".into()))?;
    let code = parse_pasted_redirect(location, &pending.state)?;
    auth.exchange_code(&code, clock()).await
}

/// How the HTTPS callback listener runs.
#[derive(Debug, Clone)]
pub struct CallbackOptions {
    /// The registered redirect URL (`https://127.0.0.1:PORT/callback`); port 0 picks a free port.
    pub redirect_url: url::Url,
    /// Where the certificate is kept (the data directory).
    pub cert_dir: PathBuf,
    /// How long to wait for the browser.
    pub timeout: Duration,
}

/// What the caller shows once the listener is up.
#[derive(Debug, Clone)]
pub struct LoginReady {
    /// The address to open in the browser.
    pub authorize_url: url::Url,
    /// Where the listener is.
    pub listening: SocketAddr,
    /// The certificate the browser will warn about once.
    pub cert_path: PathBuf,
}

/// The state of the one-shot callback route.
struct Callback {
    /// The `state` to expect.
    state: String,
    /// Hands the first valid answer to the waiting login.
    done: Mutex<Option<oneshot::Sender<Result<Secret, AuthError>>>>,
}

/// Signs in through the browser: serves `redirect_url` over HTTPS with the generated
/// certificate, calls `on_ready` (open or print the URL), waits for the redirect, checks
/// `state`, and exchanges the code (the tokens' expiry counted from `clock`'s now).
pub async fn login_with_callback(
    auth: &AuthClient,
    options: &CallbackOptions,
    clock: &Clock,
    on_ready: impl FnOnce(&LoginReady),
) -> Result<Tokens, AuthError> {
    let pending = begin_login(auth);
    let (tx, rx) = oneshot::channel();
    let callback = Arc::new(Callback {
        state: pending.state.clone(),
        done: Mutex::new(Some(tx)),
    });
    let path = options.redirect_url.path().to_string();
    let app = axum::Router::new()
        .route(&path, axum::routing::get(receive))
        .with_state(callback);
    let listener = CallbackListener::start(&options.redirect_url, &options.cert_dir, app).await?;
    on_ready(&LoginReady {
        authorize_url: pending.authorize_url.clone(),
        listening: listener.listening,
        cert_path: listener.cert_path.clone(),
    });
    let outcome = tokio::time::timeout(options.timeout, rx).await;
    listener.stop().await;
    let code = match outcome {
        Err(_) => return Err(AuthError::TimedOut),
        Ok(Err(_)) => return Err(AuthError::Listener("the listener stopped".into())),
        Ok(Ok(answer)) => answer?,
    };
    auth.exchange_code(&code, clock()).await
}

/// An HTTPS listener on the redirect URL's loopback port, with the generated certificate, serving
/// one router until stopped.
pub struct CallbackListener {
    /// Where it listens.
    pub listening: SocketAddr,
    /// The certificate the browser warns about once.
    pub cert_path: PathBuf,
    handle: axum_server::Handle<SocketAddr>,
    serving: tokio::task::JoinHandle<std::io::Result<()>>,
}

impl CallbackListener {
    /// Listens on `redirect_url`'s loopback address over HTTPS (the certificate is made in
    /// `cert_dir` on first use) and serves `app`.
    pub async fn start(
        redirect_url: &url::Url,
        cert_dir: &std::path::Path,
        app: axum::Router,
    ) -> Result<CallbackListener, AuthError> {
        let certificate = cert::load_or_create(cert_dir)?;
        let addr = callback_addr(redirect_url)?;
        let listener = std::net::TcpListener::bind(addr)
            .map_err(|e| AuthError::Listener(format!("cannot listen on {addr}: {e}")))?;
        let listening = listener
            .local_addr()
            .map_err(|e| AuthError::Listener(e.to_string()))?;
        listener
            .set_nonblocking(true)
            .map_err(|e| AuthError::Listener(e.to_string()))?;
        let tls = axum_server::tls_rustls::RustlsConfig::from_pem(
            certificate.cert_pem.into_bytes(),
            certificate.key_pem.into_bytes(),
        )
        .await
        .map_err(|e| AuthError::Listener(format!("bad certificate: {e}")))?;
        let handle = axum_server::Handle::new();
        let server = axum_server::from_tcp_rustls(listener, tls)
            .map_err(|e| AuthError::Listener(e.to_string()))?
            .handle(handle.clone());
        let serving = tokio::spawn(server.serve(app.into_make_service()));
        Ok(CallbackListener {
            listening,
            cert_path: certificate.cert_path,
            handle,
            serving,
        })
    }

    /// Stops listening (connections in flight get a second to finish) and waits for it.
    pub async fn stop(self) {
        self.handle.graceful_shutdown(Some(Duration::from_secs(1)));
        let _ = self.serving.await;
    }
}

/// Whether `redirect_url` is one the daemon can serve itself: `https://` on a loopback host.
pub fn is_loopback_https(redirect_url: &url::Url) -> bool {
    callback_addr(redirect_url).is_ok()
}

/// The loopback address to listen on, from the redirect URL (only loopback is allowed).
fn callback_addr(redirect_url: &url::Url) -> Result<SocketAddr, AuthError> {
    if redirect_url.scheme() != "https" {
        return Err(AuthError::Config(
            "the callback must be an https:// URL".into(),
        ));
    }
    let ip = match redirect_url.host() {
        Some(url::Host::Ipv4(ip)) if ip.is_loopback() => std::net::IpAddr::V4(ip),
        Some(url::Host::Ipv6(ip)) if ip.is_loopback() => std::net::IpAddr::V6(ip),
        Some(url::Host::Domain("localhost")) => std::net::IpAddr::from([127, 0, 0, 1]),
        _ => {
            return Err(AuthError::Config(format!(
                "the callback {redirect_url} is not on this computer (use https://127.0.0.1:PORT/callback, or --paste)"
            )));
        }
    };
    Ok(SocketAddr::new(ip, redirect_url.port().unwrap_or(443)))
}

/// The callback route: a valid redirect completes the login; a wrong `state` is refused and the
/// listener keeps waiting for the real one.
async fn receive(
    State(callback): State<Arc<Callback>>,
    Query(params): Query<HashMap<String, String>>,
) -> impl IntoResponse {
    let answer = code_from(&params, &callback.state);
    if matches!(
        answer,
        Err(AuthError::StateMismatch | AuthError::BadRedirect(_))
    ) {
        tracing::warn!("refused a sign-in callback that does not match this login");
        return (
            http::StatusCode::BAD_REQUEST,
            Html(
                "<h1>Vault Raider</h1><p>This sign-in link does not match the login in progress; it was refused.</p>",
            ),
        );
    }
    let ok = answer.is_ok();
    if let Some(tx) = callback
        .done
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .take()
    {
        let _ = tx.send(answer);
    }
    if ok {
        (
            http::StatusCode::OK,
            Html("<h1>Vault Raider</h1><p>Signed in. You can close this tab.</p>"),
        )
    } else {
        (
            http::StatusCode::OK,
            Html("<h1>Vault Raider</h1><p>The sign-in was declined.</p>"),
        )
    }
}
