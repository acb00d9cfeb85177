//! The simulator's OAuth bookkeeping (API.md §2): authorization codes (single-use, short-lived),
//! access tokens, rotating single-use refresh tokens, and the authorizations they belong to.
//! Pure: every call takes `now`, so lifetimes are tested without waiting.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use super::codes;

/// How long an authorization code may wait before it is exchanged.
pub const CODE_LIFETIME: Duration = Duration::from_secs(300);

/// The registered application the token endpoint authenticates against.
#[derive(Debug, Clone)]
pub struct OAuthApp {
    /// The numeric client id, as text.
    pub client_id: String,
    /// The confidential client's secret (unused for public clients).
    pub client_secret: String,
    /// A public client: no secret, no refresh tokens.
    pub public_client: bool,
    /// Lifetime of an access token.
    pub access_lifetime: Duration,
    /// Lifetime of a refresh token.
    pub refresh_lifetime: Duration,
}

/// A token request as the form and the Basic header gave it (credentials already merged).
#[derive(Debug, Clone, Default)]
pub struct TokenRequest {
    /// `grant_type`.
    pub grant_type: Option<String>,
    /// `code` for the authorization-code grant.
    pub code: Option<String>,
    /// `refresh_token` for the refresh grant.
    pub refresh_token: Option<String>,
    /// The client id from the Basic header or the form.
    pub client_id: Option<String>,
    /// The client secret from the Basic header or the form.
    pub client_secret: Option<String>,
}

/// An RFC 6749 §5.2 failure: `{"error", "error_description"}` with HTTP 400.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{error}: {description}")]
pub struct OAuthError {
    /// `invalid_request`, `invalid_client`, `invalid_grant`, `unsupported_grant_type`, `server_error`.
    pub error: &'static str,
    /// The description (Bungie puts a PlatformErrorCodes name here for grant failures).
    pub description: String,
}

impl OAuthError {
    fn new(error: &'static str, description: &str) -> Self {
        Self {
            error,
            description: description.to_string(),
        }
    }

    /// The JSON body Bungie answers with.
    pub fn body(&self) -> Value {
        json!({"error": self.error, "error_description": self.description})
    }
}

/// Why a bearer token was refused, as the Platform error code to answer with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AccessDenied {
    /// No usable token: 99 WebAuthRequired.
    Missing,
    /// The token's time is up: 2111 AccessTokenHasExpired.
    Expired,
    /// The authorization was revoked: 2124 AuthorizationRecordRevoked.
    Revoked,
}

impl AccessDenied {
    /// The `PlatformErrorCodes` number for this refusal.
    pub fn code(self) -> i32 {
        match self {
            AccessDenied::Missing => codes::WEB_AUTH_REQUIRED,
            AccessDenied::Expired => codes::ACCESS_TOKEN_HAS_EXPIRED,
            AccessDenied::Revoked => codes::AUTHORIZATION_RECORD_REVOKED,
        }
    }
}

struct Grant {
    authorization: u64,
    membership_id: i64,
    expires_at: Instant,
}

/// Every code and token the simulator has issued.
pub struct TokenStore {
    app: OAuthApp,
    codes: HashMap<String, Grant>,
    access: HashMap<String, Grant>,
    refresh: HashMap<String, Grant>,
    revoked: Vec<u64>,
    next_authorization: u64,
}

impl TokenStore {
    /// An empty store for `app`.
    pub fn new(app: OAuthApp) -> Self {
        Self {
            app,
            codes: HashMap::new(),
            access: HashMap::new(),
            refresh: HashMap::new(),
            revoked: Vec::new(),
            next_authorization: 1,
        }
    }

    /// The registered application.
    pub fn app(&self) -> &OAuthApp {
        &self.app
    }

    /// A new authorization (the player approved) for `membership_id`: its single-use code.
    pub fn issue_code(&mut self, membership_id: i64, now: Instant) -> String {
        let authorization = self.next_authorization;
        self.next_authorization += 1;
        let code = new_secret();
        self.codes.insert(
            code.clone(),
            Grant {
                authorization,
                membership_id,
                expires_at: now + CODE_LIFETIME,
            },
        );
        code
    }

    /// The token endpoint: authenticates the client, then runs the grant. Returns the token JSON.
    pub fn exchange(&mut self, request: &TokenRequest, now: Instant) -> Result<Value, OAuthError> {
        let grant_type = request.grant_type.as_deref().ok_or_else(|| {
            OAuthError::new("invalid_request", "Missing required parameter grant_type")
        })?;
        self.authenticate(request)?;
        match grant_type {
            "authorization_code" => {
                let code = request.code.as_deref().ok_or_else(|| {
                    OAuthError::new("invalid_request", "Missing required parameter code")
                })?;
                let grant = self
                    .codes
                    .remove(code)
                    .ok_or_else(|| OAuthError::new("invalid_grant", "AuthorizationCodeInvalid"))?;
                if now >= grant.expires_at {
                    return Err(OAuthError::new("invalid_grant", "AuthorizationCodeStale"));
                }
                self.check_not_revoked(grant.authorization)?;
                Ok(self.issue_tokens(grant.authorization, grant.membership_id, now))
            }
            "refresh_token" => {
                let token = request.refresh_token.as_deref().ok_or_else(|| {
                    OAuthError::new(
                        "invalid_request",
                        "Missing required parameter refresh_token",
                    )
                })?;
                let grant = self.refresh.remove(token).ok_or_else(|| {
                    OAuthError::new("invalid_grant", "ProvidedTokenNotValidRefreshToken")
                })?;
                if now >= grant.expires_at {
                    return Err(OAuthError::new("invalid_grant", "RefreshTokenExpired"));
                }
                self.check_not_revoked(grant.authorization)?;
                Ok(self.issue_tokens(grant.authorization, grant.membership_id, now))
            }
            _ => Err(OAuthError::new(
                "unsupported_grant_type",
                "Unsupported grant_type",
            )),
        }
    }

    /// The Bungie.net membership id a bearer token stands for, or why it is refused.
    pub fn check_access(&self, token: &str, now: Instant) -> Result<i64, AccessDenied> {
        let grant = self.access.get(token).ok_or(AccessDenied::Missing)?;
        if self.revoked.contains(&grant.authorization) {
            return Err(AccessDenied::Revoked);
        }
        if now >= grant.expires_at {
            return Err(AccessDenied::Expired);
        }
        Ok(grant.membership_id)
    }

    /// Makes every access token issued so far expired (the `expireTokens` fault).
    pub fn expire_all_access(&mut self, now: Instant) {
        for grant in self.access.values_mut() {
            grant.expires_at = grant.expires_at.min(now);
        }
    }

    /// Revokes every authorization issued so far: its tokens and codes stop working.
    pub fn revoke_all(&mut self) {
        let all = self
            .codes
            .values()
            .chain(self.access.values())
            .chain(self.refresh.values());
        let mut revoked: Vec<u64> = all.map(|grant| grant.authorization).collect();
        revoked.sort_unstable();
        revoked.dedup();
        self.revoked.extend(revoked);
    }

    fn authenticate(&self, request: &TokenRequest) -> Result<(), OAuthError> {
        let client_id = request
            .client_id
            .as_deref()
            .filter(|id| !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit()))
            .ok_or_else(|| OAuthError::new("invalid_request", "Cannot parse client_id"))?;
        if client_id != self.app.client_id {
            return Err(OAuthError::new("invalid_client", "Invalid client"));
        }
        match (self.app.public_client, request.client_secret.as_deref()) {
            (true, Some(_)) => Err(OAuthError::new(
                "invalid_request",
                "Public client should not attempt to authenticate.",
            )),
            (true, None) => Ok(()),
            (false, None) => Err(OAuthError::new(
                "invalid_client",
                "Client authentication required",
            )),
            (false, Some(secret)) if secret == self.app.client_secret => Ok(()),
            (false, Some(_)) => Err(OAuthError::new(
                "invalid_client",
                "Invalid client credentials",
            )),
        }
    }

    fn check_not_revoked(&self, authorization: u64) -> Result<(), OAuthError> {
        if self.revoked.contains(&authorization) {
            return Err(OAuthError::new(
                "invalid_grant",
                "AuthorizationRecordRevoked",
            ));
        }
        Ok(())
    }

    fn issue_tokens(&mut self, authorization: u64, membership_id: i64, now: Instant) -> Value {
        let access_token = new_secret();
        self.access.insert(
            access_token.clone(),
            Grant {
                authorization,
                membership_id,
                expires_at: now + self.app.access_lifetime,
            },
        );
        let mut body = json!({
            "access_token": access_token,
            "token_type": "Bearer",
            "expires_in": self.app.access_lifetime.as_secs(),
            "membership_id": membership_id.to_string(),
        });
        if !self.app.public_client {
            let refresh_token = new_secret();
            self.refresh.insert(
                refresh_token.clone(),
                Grant {
                    authorization,
                    membership_id,
                    expires_at: now + self.app.refresh_lifetime,
                },
            );
            if let Some(map) = body.as_object_mut() {
                map.insert("refresh_token".into(), json!(refresh_token));
                map.insert(
                    "refresh_expires_in".into(),
                    json!(self.app.refresh_lifetime.as_secs()),
                );
            }
        }
        body
    }
}

fn new_secret() -> String {
    format!(
        "{}{}",
        uuid::Uuid::new_v4().simple(),
        uuid::Uuid::new_v4().simple()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn app(public_client: bool) -> OAuthApp {
        OAuthApp {
            client_id: "40404".into(),
            client_secret: "s3cret".into(),
            public_client,
            access_lifetime: Duration::from_secs(3600),
            refresh_lifetime: Duration::from_secs(7_776_000),
        }
    }

    fn code_request(code: &str) -> TokenRequest {
        TokenRequest {
            grant_type: Some("authorization_code".into()),
            code: Some(code.into()),
            client_id: Some("40404".into()),
            client_secret: Some("s3cret".into()),
            ..TokenRequest::default()
        }
    }

    #[test]
    fn a_code_expires_after_its_lifetime() {
        let mut store = TokenStore::new(app(false));
        let t0 = Instant::now();
        let code = store.issue_code(7, t0);
        let err = store
            .exchange(&code_request(&code), t0 + CODE_LIFETIME)
            .unwrap_err();
        assert_eq!(err.description, "AuthorizationCodeStale");
    }

    #[test]
    fn an_access_token_expires_and_a_refresh_rotates() {
        let mut store = TokenStore::new(app(false));
        let t0 = Instant::now();
        let code = store.issue_code(7, t0);
        let tokens = store.exchange(&code_request(&code), t0).unwrap();
        let access = tokens["access_token"].as_str().unwrap().to_string();
        assert_eq!(store.check_access(&access, t0), Ok(7));
        assert_eq!(
            store.check_access(&access, t0 + Duration::from_secs(3600)),
            Err(AccessDenied::Expired)
        );
        let refresh = tokens["refresh_token"].as_str().unwrap().to_string();
        let request = TokenRequest {
            grant_type: Some("refresh_token".into()),
            refresh_token: Some(refresh.clone()),
            ..code_request("")
        };
        let later = t0 + Duration::from_secs(4000);
        let rotated = store.exchange(&request, later).unwrap();
        assert_ne!(rotated["refresh_token"], tokens["refresh_token"]);
        assert_eq!(
            store.exchange(&request, later).unwrap_err().error,
            "invalid_grant"
        );
    }

    #[test]
    fn an_expired_refresh_token_is_refused_by_name() {
        let mut store = TokenStore::new(app(false));
        let t0 = Instant::now();
        let code = store.issue_code(7, t0);
        let tokens = store.exchange(&code_request(&code), t0).unwrap();
        let request = TokenRequest {
            grant_type: Some("refresh_token".into()),
            refresh_token: tokens["refresh_token"].as_str().map(String::from),
            ..code_request("")
        };
        let err = store
            .exchange(&request, t0 + Duration::from_secs(7_776_000))
            .unwrap_err();
        assert_eq!(err.description, "RefreshTokenExpired");
    }

    #[test]
    fn revoking_stops_access_and_refresh() {
        let mut store = TokenStore::new(app(false));
        let t0 = Instant::now();
        let code = store.issue_code(7, t0);
        let tokens = store.exchange(&code_request(&code), t0).unwrap();
        store.revoke_all();
        let access = tokens["access_token"].as_str().unwrap();
        assert_eq!(store.check_access(access, t0), Err(AccessDenied::Revoked));
        let request = TokenRequest {
            grant_type: Some("refresh_token".into()),
            refresh_token: tokens["refresh_token"].as_str().map(String::from),
            ..code_request("")
        };
        assert_eq!(
            store.exchange(&request, t0).unwrap_err().description,
            "AuthorizationRecordRevoked"
        );
    }

    #[test]
    fn a_missing_grant_type_is_an_invalid_request() {
        let mut store = TokenStore::new(app(false));
        let err = store
            .exchange(&TokenRequest::default(), Instant::now())
            .unwrap_err();
        assert_eq!(err.error, "invalid_request");
        assert_eq!(err.description, "Missing required parameter grant_type");
    }
}
