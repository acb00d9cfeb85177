//! `AuthClient`: Bungie's OAuth (authorization code, confidential client) through the oauth2
//! crate: the authorize URL (no `scope`), the code exchange and the refresh, with the client id
//! and secret as form fields like DIM sends them.

use super::error::AuthError;
use super::http_adapter::Adapter;
use super::secret::Secret;
use super::tokens::Tokens;
use crate::bungie::wire::BungieTokenFields;
use crate::bungie::wire::envelope;
use chrono::{DateTime, TimeDelta, Utc};
use oauth2::basic::{
    BasicErrorResponse, BasicRevocationErrorResponse, BasicTokenIntrospectionResponse,
    BasicTokenType,
};
use oauth2::{
    AuthType, AuthUrl, AuthorizationCode, ClientId, ClientSecret, CsrfToken, EndpointNotSet,
    EndpointSet, RefreshToken, RequestTokenError, StandardRevocableToken, StandardTokenResponse,
    TokenResponse, TokenUrl,
};

/// The token response with Bungie's extra fields.
type BungieTokenResponse = StandardTokenResponse<BungieTokenFields, BasicTokenType>;

/// oauth2's client with the authorize and token endpoints set.
type OAuthClient = oauth2::Client<
    BasicErrorResponse,
    BungieTokenResponse,
    BasicTokenIntrospectionResponse,
    StandardRevocableToken,
    BasicRevocationErrorResponse,
    EndpointSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointSet,
>;

/// The application's OAuth settings.
#[derive(Debug, Clone)]
pub struct AuthConfig {
    /// The site root (`https://www.bungie.net` or a simulator).
    pub base_url: String,
    /// The application's numeric client id.
    pub client_id: String,
    /// The confidential client's secret (public clients get no refresh token).
    pub client_secret: Option<Secret>,
    /// The API key (sent as `X-API-Key`).
    pub api_key: Secret,
}

/// Bungie's OAuth endpoints.
pub struct AuthClient {
    /// oauth2's client.
    oauth: OAuthClient,
    /// Our HTTP client (no redirects).
    http: reqwest::Client,
    /// The API key.
    api_key: Secret,
}

impl AuthClient {
    /// An OAuth client for `config` over `http` (build it with [`crate::bungie::http_client`]).
    pub fn new(config: &AuthConfig, http: reqwest::Client) -> Result<AuthClient, AuthError> {
        let base = config.base_url.trim_end_matches('/');
        if config.client_id.trim().is_empty() {
            return Err(AuthError::Config("no client id (BUNGIE_CLIENT_ID)".into()));
        }
        let auth_url = AuthUrl::new(format!("{base}/en/OAuth/Authorize"))
            .map_err(|e| AuthError::Config(format!("bad base URL {base:?}: {e}")))?;
        let token_url = TokenUrl::new(format!("{base}/Platform/App/OAuth/token/"))
            .map_err(|e| AuthError::Config(format!("bad base URL {base:?}: {e}")))?;
        let mut oauth = oauth2::Client::new(ClientId::new(config.client_id.clone()))
            .set_auth_uri(auth_url)
            .set_token_uri(token_url)
            .set_auth_type(AuthType::RequestBody);
        if let Some(secret) = &config.client_secret {
            oauth = oauth.set_client_secret(ClientSecret::new(secret.expose().to_string()));
        }
        Ok(AuthClient {
            oauth,
            http,
            api_key: config.api_key.clone(),
        })
    }

    /// The HTTP client (the login flows reuse it).
    pub fn http(&self) -> &reqwest::Client {
        &self.http
    }

    /// The authorize URL: `client_id`, `response_type=code`, `state`; never `scope`.
    pub fn authorize_url(&self, state: &str) -> url::Url {
        let state = state.to_string();
        self.oauth
            .authorize_url(move || CsrfToken::new(state))
            .url()
            .0
    }

    /// Exchanges an authorization code for tokens (expiry times counted from `now`).
    pub async fn exchange_code(
        &self,
        code: &Secret,
        now: DateTime<Utc>,
    ) -> Result<Tokens, AuthError> {
        let adapter = self.adapter();
        let response = self
            .oauth
            .exchange_code(AuthorizationCode::new(code.expose().to_string()))
            .request_async(&adapter)
            .await
            .map_err(map_error)?;
        Ok(tokens_from(&response, now))
    }

    /// Exchanges a refresh token for new tokens; the old refresh token is spent.
    pub async fn refresh(
        &self,
        refresh_token: &Secret,
        now: DateTime<Utc>,
    ) -> Result<Tokens, AuthError> {
        let adapter = self.adapter();
        let token = RefreshToken::new(refresh_token.expose().to_string());
        let response = self
            .oauth
            .exchange_refresh_token(&token)
            .request_async(&adapter)
            .await
            .map_err(map_error)?;
        Ok(tokens_from(&response, now))
    }

    fn adapter(&self) -> Adapter<'_> {
        Adapter {
            http: &self.http,
            api_key: &self.api_key,
        }
    }
}

/// Our tokens from oauth2's response.
fn tokens_from(response: &BungieTokenResponse, now: DateTime<Utc>) -> Tokens {
    let seconds =
        |d: std::time::Duration| TimeDelta::seconds(d.as_secs().min(i64::MAX as u64 / 2000) as i64);
    let extra = response.extra_fields();
    Tokens {
        access_token: Secret::new(response.access_token().secret().clone()),
        access_expires_at: now + response.expires_in().map_or(TimeDelta::hours(1), seconds),
        refresh_token: response
            .refresh_token()
            .map(|t| Secret::new(t.secret().clone())),
        refresh_expires_at: extra
            .refresh_expires_in
            .map(|s| now + seconds(std::time::Duration::from_secs(s))),
        bungie_membership_id: extra.membership_id,
    }
}

/// Error descriptions after which only a new sign-in helps (DIM's list).
const RELOGIN: [&str; 7] = [
    "RefreshTokenNotYetValid",
    "RefreshTokenExpired",
    "AccessTokenHasExpired",
    "AuthorizationCodeInvalid",
    "AuthorizationRecordExpired",
    "AuthorizationRecordRevoked",
    "AuthorizationCodeStale",
];

/// oauth2's error as ours, never quoting the response body (it may hold tokens).
fn map_error(
    error: RequestTokenError<super::http_adapter::AdapterError, BasicErrorResponse>,
) -> AuthError {
    match error {
        RequestTokenError::ServerResponse(r) => {
            let code = r.error().to_string();
            let description = r.error_description().cloned().unwrap_or_default();
            if description == "SystemDisabled" {
                AuthError::Maintenance
            } else if matches!(
                code.as_str(),
                "invalid_grant" | "invalid_client" | "unauthorized_client" | "invalid_request"
            ) || RELOGIN.contains(&description.as_str())
            {
                AuthError::Rejected {
                    error: code,
                    description,
                }
            } else {
                AuthError::Unavailable(format!("{code}: {description}"))
            }
        }
        RequestTokenError::Request(e) => AuthError::Transport(e.to_string()),
        RequestTokenError::Parse(e, body) => {
            let position = format!(
                "{} (line {}, column {})",
                e.path(),
                e.inner().line(),
                e.inner().column()
            );
            describe_unparsable(&position, &body)
        }
        RequestTokenError::Other(message) => AuthError::Unavailable(message),
    }
}

/// A token response that is not RFC 6749 JSON: an envelope (maintenance, auth), a web page, or
/// malformed JSON (described by position only).
fn describe_unparsable(position: &str, body: &[u8]) -> AuthError {
    use crate::bungie::error::BungieError;
    match envelope::decode::<serde::de::IgnoredAny>("OAuth token", 0, body) {
        Err(BungieError::Maintenance(_)) => AuthError::Maintenance,
        Err(BungieError::Auth(p)) => AuthError::Rejected {
            error: p.status,
            description: p.message,
        },
        Err(
            e @ (BungieError::Html { .. }
            | BungieError::EmptyBody { .. }
            | BungieError::Platform(_)),
        ) => AuthError::Unavailable(e.to_string()),
        _ => AuthError::Unavailable(format!("malformed token response at {position}")),
    }
}
