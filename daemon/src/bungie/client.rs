//! `Client`: Bungie.net's Platform over reqwest. One place sends every request: it paces actions,
//! honours throttles, retries idempotent reads on 502–504 and timeouts, refreshes the token once
//! on an auth rejection, counts calls, and decodes the envelope.

use super::auth::Secret;
use super::calls::CallCounter;
use super::endpoint::{Endpoint, Lane};
use super::error::{BungieError, PlatformError};
use super::pacing::Pacer;
use super::token_source::TokenSource;
use super::wire::component_memo::{self, ComponentMemo};
use super::wire::{DestinyProfileResponse, envelope};
use reqwest::Method;
use serde::de::DeserializeOwned;
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// ErrorCode 99 WebAuthRequired: after a refresh, the tokens belong to another API key.
const WEB_AUTH_REQUIRED: i32 = 99;

/// A download progress callback: `(bytes so far, total if known)`.
pub type Progress<'p> = dyn FnMut(u64, Option<u64>) + Send + 'p;

/// Turns a response's status and body into the caller's value or an error.
type Finish<'f, T> = dyn Fn(u16, &[u8]) -> Result<T, BungieError> + Sync + 'f;

/// The largest Platform response accepted (a full profile is a few MiB).
pub const MAX_RESPONSE_BYTES: u64 = 64 * 1024 * 1024;

/// The project's address, for the `User-Agent` (the workspace's `repository`).
const PROJECT_URL: &str = "https://example.invalid/vault-raider";
/// Whom Bungie may write to about the application, for the `User-Agent`.
const CONTACT: &str = "vault-raider@example.invalid";

/// The `User-Agent` in the form Bungie asks applications to send (`AppName/version
/// AppId/<client id> (+url;contact)`), naming the application's client id.
pub fn user_agent(client_id: &str) -> String {
    format!(
        "VaultRaider/{} AppId/{client_id} (+{PROJECT_URL};{CONTACT})",
        env!("CARGO_PKG_VERSION"),
    )
}

/// How the client is set up.
#[derive(Debug, Clone)]
pub struct ClientConfig {
    /// The site root: `https://www.bungie.net`, or a simulator's `http://127.0.0.1:PORT`.
    pub base_url: String,
    /// Where the stats host is (`https://stats.bungie.net`; a simulator serves both). `None`: the
    /// site root.
    pub stats_url: Option<String>,
    /// The application's API key (sent as `X-API-Key`).
    pub api_key: Secret,
    /// `User-Agent`.
    pub user_agent: String,
    /// How long one request may take before it counts as timed out; for downloads, how long the
    /// body may stall (no byte arriving) instead: a large manifest on a slow link has no total
    /// deadline.
    pub request_timeout: Duration,
    /// How many times a read is tried in all when it meets 502–504 or a timeout.
    pub read_attempts: u32,
    /// How many times a request is tried in all while Bungie throttles it.
    pub throttle_attempts: u32,
    /// How long one request may wait in all for Bungie's throttles before it is answered
    /// [`BungieError::Throttled`] with the time still to wait: a caller learns to come back
    /// rather than hanging for minutes.
    pub throttle_wait_budget: Duration,
    /// The first retry delay of a read (doubled each time, ±50 % jitter).
    pub retry_base: Duration,
    /// The largest download accepted.
    pub max_download_bytes: u64,
}

impl ClientConfig {
    /// The defaults for `base_url` and `api_key`.
    pub fn new(base_url: impl Into<String>, api_key: Secret) -> ClientConfig {
        ClientConfig {
            base_url: base_url.into(),
            stats_url: None,
            api_key,
            user_agent: concat!("VaultRaider/", env!("CARGO_PKG_VERSION")).to_string(),
            request_timeout: Duration::from_secs(30),
            read_attempts: 3,
            throttle_attempts: 3,
            throttle_wait_budget: Duration::from_secs(15),
            retry_base: Duration::from_millis(500),
            max_download_bytes: 512 * 1024 * 1024,
        }
    }
}

/// Builds the one reqwest client the daemon talks to Bungie with: rustls, no redirects (a
/// redirect drops the Authorization header, and following redirects in OAuth opens SSRF).
pub fn http_client(user_agent: &str, timeout: Duration) -> Result<reqwest::Client, BungieError> {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .user_agent(user_agent)
        .timeout(timeout)
        .build()
        .map_err(|e| BungieError::Transport {
            message: format!("cannot set up HTTP: {e}"),
            timeout: false,
        })
}

/// Bungie.net's Platform API.
pub struct Client {
    /// The HTTP client.
    http: reqwest::Client,
    /// The site root without a trailing slash.
    base: url::Url,
    /// The stats host's root (the site root unless configured).
    stats_base: url::Url,
    /// The settings.
    config: ClientConfig,
    /// The player's tokens, when signed in.
    tokens: Option<Arc<dyn TokenSource>>,
    /// Action spacing and the global throttle.
    pacer: Pacer,
    /// Calls made.
    calls: CallCounter,
    /// The last profile's item components, for the next GetProfile to reuse those unchanged.
    components: Mutex<ComponentMemo>,
}

/// One request, before it is sent.
pub(crate) struct Request {
    /// Which endpoint (counting, pacing, token).
    pub endpoint: Endpoint,
    /// GET or POST.
    pub method: Method,
    /// The URL path (with its trailing slash).
    pub path: String,
    /// Query parameters.
    pub query: Vec<(&'static str, String)>,
    /// A JSON body.
    pub body: Option<Vec<u8>>,
}

impl Client {
    /// A client for `config`, using `tokens` for the player's session (none: public reads only).
    pub fn new(
        config: ClientConfig,
        tokens: Option<Arc<dyn TokenSource>>,
    ) -> Result<Client, BungieError> {
        let base = root_url(&config.base_url)?;
        let stats_base = match &config.stats_url {
            Some(url) => root_url(url)?,
            None => base.clone(),
        };
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(&config.user_agent)
            .connect_timeout(config.request_timeout)
            .read_timeout(config.request_timeout)
            .build()
            .map_err(|e| BungieError::Transport {
                message: format!("cannot set up HTTP: {e}"),
                timeout: false,
            })?;
        Ok(Client {
            http,
            base,
            stats_base,
            config,
            tokens,
            pacer: Pacer::new(),
            calls: CallCounter::default(),
            components: Mutex::new(ComponentMemo::default()),
        })
    }

    /// The site root this client talks to.
    pub fn base_url(&self) -> &url::Url {
        &self.base
    }

    /// Requests sent per endpoint name (retries included).
    pub fn calls(&self) -> BTreeMap<String, u64> {
        self.calls.snapshot()
    }

    /// Requests sent in total; the difference across an operation is its number of Bungie calls.
    pub fn call_count(&self) -> u64 {
        self.calls.total()
    }

    /// The pacing state (for diagnostics and tests).
    pub fn pacer(&self) -> &Pacer {
        &self.pacer
    }

    /// Sends a Platform request and decodes its envelope.
    pub(crate) async fn call<T: DeserializeOwned>(&self, req: Request) -> Result<T, BungieError> {
        let name = req.endpoint.name();
        self.run(&req, None, &|status, body| {
            envelope::decode(name, status, body)
        })
        .await
    }

    /// Sends GetProfile and decodes it, reusing the item components that are byte for byte the
    /// last profile's ([`component_memo`]).
    pub(crate) async fn call_profile(
        &self,
        req: Request,
    ) -> Result<DestinyProfileResponse, BungieError> {
        let name = req.endpoint.name();
        self.run(&req, None, &|status, body| {
            component_memo::decode_profile(name, status, body, &self.components)
        })
        .await
    }

    /// Downloads a file under the site root (e.g. the manifest's `mobileWorldContentPaths.en`),
    /// reporting `(bytes so far, total if known)` as chunks arrive.
    pub async fn download(
        &self,
        path: &str,
        progress: &mut Progress<'_>,
    ) -> Result<Vec<u8>, BungieError> {
        if !path.starts_with('/')
            || path.starts_with("//")
            || path.contains("..")
            || path.contains('\\')
        {
            return Err(BungieError::InvalidRequest(format!(
                "{path:?} is not a path under the site root"
            )));
        }
        let req = Request {
            endpoint: Endpoint::Download,
            method: Method::GET,
            path: path.to_string(),
            query: Vec::new(),
            body: None,
        };
        self.run(&req, Some(progress), &|status, body| {
            if status == 200 {
                Ok(body.to_vec())
            } else {
                Err(
                    envelope::decode::<serde::de::IgnoredAny>("Download", status, body)
                        .err()
                        .unwrap_or(BungieError::UnexpectedBody {
                            http_status: status,
                            snippet: String::new(),
                        }),
                )
            }
        })
        .await
    }

    /// The request loop: lane, throttle wait, token, send, then throttle / refresh / retry decisions.
    async fn run<T>(
        &self,
        req: &Request,
        mut progress: Option<&mut Progress<'_>>,
        finish: &Finish<'_, T>,
    ) -> Result<T, BungieError> {
        let mut lane = self.pacer.enter(req.endpoint).await;
        let mut token = self.token_for(req.endpoint).await?;
        let (mut refreshed, mut throttles, mut failures) = (false, 0u32, 0u32);
        let mut held = Duration::ZERO;
        loop {
            let budget = self.config.throttle_wait_budget.saturating_sub(held);
            match self.pacer.wait_turn(budget).await {
                Ok(waited) => held += waited,
                Err(left) => return Err(still_throttled(req.endpoint, left)),
            }
            if let Some(lane) = lane.as_mut() {
                lane.wait_spacing().await;
            }
            let outcome = match self
                .send(req, token.as_ref(), progress.as_deref_mut())
                .await
            {
                Ok((status, body)) => finish(status, &body),
                Err(e) => Err(e),
            };
            let err = match outcome {
                Ok(value) => {
                    self.pacer.on_success();
                    return Ok(value);
                }
                Err(err) => err,
            };
            if let Some(seconds) = err.throttle_seconds() {
                self.pacer.on_throttle(seconds);
                throttles += 1;
                tracing::warn!(
                    endpoint = req.endpoint.name(),
                    seconds,
                    "Bungie.net throttled a request"
                );
                if throttles < self.config.throttle_attempts {
                    continue;
                }
                return Err(err);
            }
            if err.wants_refresh()
                && let (Some(source), Some(rejected)) = (&self.tokens, &token)
            {
                if refreshed {
                    if err.code() == Some(WEB_AUTH_REQUIRED) {
                        source.key_mismatch(&err.to_string()).await;
                    } else {
                        source.sign_out(&err.to_string()).await;
                    }
                    return Err(BungieError::SignedOut(format!(
                        "Bungie.net rejected a freshly refreshed token: {err}"
                    )));
                }
                refreshed = true;
                tracing::info!(
                    endpoint = req.endpoint.name(),
                    "access token rejected; refreshing once"
                );
                token = Some(source.refresh_rejected(rejected).await?);
                continue;
            }
            if req.endpoint.lane() == Lane::Read
                && err.is_transient()
                && failures + 1 < self.config.read_attempts
            {
                failures += 1;
                let delay = jittered(self.config.retry_base, failures);
                tracing::warn!(endpoint = req.endpoint.name(), ?delay, error = %err, "retrying a read");
                tokio::time::sleep(delay).await;
                continue;
            }
            return Err(err);
        }
    }

    /// The token to send to `endpoint`, if any.
    async fn token_for(&self, endpoint: Endpoint) -> Result<Option<Secret>, BungieError> {
        if !endpoint.sends_token() {
            return Ok(None);
        }
        match (&self.tokens, endpoint.requires_token()) {
            (None, true) => Err(BungieError::SignedOut("no Bungie.net session".into())),
            (None, false) => Ok(None),
            (Some(source), required) => match source.access_token().await {
                Ok(token) => Ok(Some(token)),
                Err(BungieError::SignedOut(_)) if !required => Ok(None),
                Err(e) => Err(e),
            },
        }
    }

    /// Sends one request and reads its body; transport failures become [`BungieError::Transport`].
    async fn send<'p>(
        &self,
        req: &Request,
        token: Option<&Secret>,
        progress: Option<&mut Progress<'p>>,
    ) -> Result<(u16, Vec<u8>), BungieError> {
        let platform = if req.endpoint == Endpoint::Download {
            ""
        } else {
            "/Platform"
        };
        let root = if req.endpoint.on_stats_host() {
            &self.stats_base
        } else {
            &self.base
        };
        let mut url = root.clone();
        url.set_path(&format!(
            "{}{platform}{}",
            root.path().trim_end_matches('/'),
            req.path
        ));
        let mut builder = self.http.request(req.method.clone(), url);
        if req.endpoint != Endpoint::Download {
            // Downloads are only bounded by the stall timeout (the client's read timeout).
            builder = builder
                .header("X-API-Key", self.config.api_key.expose())
                .timeout(self.config.request_timeout);
        }
        if !req.query.is_empty() {
            builder = builder.query(&req.query);
        }
        if let Some(token) = token {
            builder = builder.header(
                reqwest::header::AUTHORIZATION,
                format!("Bearer {}", token.expose()),
            );
        }
        if let Some(body) = &req.body {
            builder = builder
                .header(reqwest::header::CONTENT_TYPE, "application/json")
                .body(body.clone());
        }
        self.calls.count(req.endpoint.name());
        let response = builder.send().await.map_err(transport)?;
        let status = response.status().as_u16();
        if response.status().is_redirection() {
            return Err(BungieError::Redirect {
                http_status: status,
            });
        }
        let limit = if req.endpoint == Endpoint::Download {
            self.config.max_download_bytes
        } else {
            MAX_RESPONSE_BYTES
        };
        let body = read_body(response, limit, progress).await?;
        Ok((status, body))
    }
}

/// Reads a body in chunks, reporting progress and refusing more than `limit` bytes.
async fn read_body<'p>(
    mut response: reqwest::Response,
    limit: u64,
    mut progress: Option<&mut Progress<'p>>,
) -> Result<Vec<u8>, BungieError> {
    let total = response.content_length();
    if total.is_some_and(|t| t > limit) {
        return Err(too_large(limit));
    }
    let mut body = Vec::with_capacity(total.unwrap_or(0).min(limit) as usize);
    while let Some(chunk) = response.chunk().await.map_err(transport)? {
        if body.len() as u64 + chunk.len() as u64 > limit {
            return Err(too_large(limit));
        }
        body.extend_from_slice(&chunk);
        if let Some(report) = progress.as_deref_mut() {
            report(body.len() as u64, total);
        }
    }
    Ok(body)
}

fn too_large(limit: u64) -> BungieError {
    BungieError::Transport {
        message: format!("the response is larger than {limit} bytes"),
        timeout: false,
    }
}

/// A reqwest failure as a transport error (its text names the URL, never a header).
fn transport(e: reqwest::Error) -> BungieError {
    let timeout = e.is_timeout();
    let e = e.without_url();
    let mut message = e.to_string();
    let mut source = std::error::Error::source(&e);
    while let Some(cause) = source {
        message.push_str(": ");
        message.push_str(&cause.to_string());
        source = cause.source();
    }
    BungieError::Transport { timeout, message }
}

/// The answer for a request that would wait past its budget for the global throttle: Bungie's
/// "slow down" (36 ThrottleLimitExceededMomentarily) with the seconds still to wait, rounded up.
/// Nothing was sent for it.
fn still_throttled(endpoint: Endpoint, delay: Duration) -> BungieError {
    let seconds = delay.as_secs() + u64::from(delay.subsec_nanos() > 0);
    BungieError::Throttled(PlatformError {
        code: 36,
        status: "ThrottleLimitExceededMomentarily".into(),
        message: format!(
            "Bungie.net asked us to slow down; {} is held back for {seconds} s more",
            endpoint.name()
        ),
        throttle_seconds: u32::try_from(seconds).unwrap_or(u32::MAX),
        http_status: 429,
        message_data: Default::default(),
    })
}

/// A site root (`http(s)://host[/path]`) without its trailing slash.
fn root_url(text: &str) -> Result<url::Url, BungieError> {
    let url = url::Url::parse(text.trim_end_matches('/'))
        .map_err(|e| BungieError::InvalidRequest(format!("bad base URL {text:?}: {e}")))?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
        return Err(BungieError::InvalidRequest(format!(
            "bad base URL {text:?}: must be http(s)://host"
        )));
    }
    Ok(url)
}

/// `base × 2^(attempt−1)`, ±50 % at random, so retries from many clients spread out.
fn jittered(base: Duration, attempt: u32) -> Duration {
    let exp = base.saturating_mul(1u32 << attempt.saturating_sub(1).min(10));
    exp.mul_f64(rand::random_range(0.5..1.5))
}

#[cfg(test)]
mod user_agent_tests {
    use super::user_agent;

    #[test]
    fn the_user_agent_has_bungies_form_with_the_client_id() {
        let ua = user_agent("40404");
        assert!(ua.starts_with("VaultRaider/"), "{ua}");
        assert!(ua.contains(" AppId/40404 (+"), "{ua}");
        assert!(ua.ends_with(')') && ua.contains(';'), "{ua}");
    }
}
