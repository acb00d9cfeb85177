//! The simulator's OAuth over real HTTP (API.md §2): authorize (auto, approve, deny), code exchange
//! with Basic and form credentials, refresh rotation, public clients, expiry and revocation.

// Not run under Wine (scripts/test-windows.sh runs this crate's Windows modules only).
#![cfg(not(windows))]

use std::time::Duration;

use crate::support::sim::*;
use base64::Engine;
use reqwest::StatusCode;
use serde_json::json;
use vault_raider_sim::{SimConfig, SimStartError, start};

fn query_param(location: &str, name: &str) -> Option<String> {
    let url = url::Url::parse(location).ok()?;
    url.query_pairs()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
}

#[tokio::test]
async fn auto_approve_redirects_to_the_registered_url_with_code_and_state() {
    let sim = Sim::start(config()).await;
    let response = sim
        .http
        .get(sim.url(&format!(
            "/en/OAuth/Authorize?client_id={CLIENT_ID}&response_type=code&state=abc%20123"
        )))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::FOUND);
    let location = response.headers()["location"].to_str().unwrap().to_string();
    assert!(location.starts_with(REDIRECT), "{location}");
    assert_eq!(query_param(&location, "state").as_deref(), Some("abc 123"));
    assert!(query_param(&location, "code").is_some_and(|c| c.len() >= 16));
    sim.handle.shutdown().await;
}

#[tokio::test]
async fn the_manual_page_approves_or_denies_through_its_forms() {
    let sim = Sim::start(SimConfig {
        auto_approve: false,
        ..config()
    })
    .await;
    let page = sim
        .http
        .get(sim.url(&format!(
            "/en/oauth/authorize?client_id={CLIENT_ID}&response_type=code&state=s1"
        )))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.unwrap();
    assert!(
        html.contains("Approve") && html.contains("Deny") && html.contains("value=\"s1\""),
        "{html}"
    );

    let location = sim.decide("s1", "approve").await;
    let code = query_param(&location, "code").expect("a code");
    assert_eq!(query_param(&location, "state").as_deref(), Some("s1"));
    let (status, _) = sim.exchange(&code).await;
    assert_eq!(status, StatusCode::OK);

    let location = sim.decide("s2", "deny").await;
    assert_eq!(
        query_param(&location, "error").as_deref(),
        Some("access_denied")
    );
    assert_eq!(query_param(&location, "code"), None);
    sim.handle.shutdown().await;
}

#[tokio::test]
async fn a_foreign_redirect_uri_or_client_is_refused_without_redirecting() {
    let sim = Sim::start(config()).await;
    for query in [
        format!(
            "client_id={CLIENT_ID}&response_type=code&redirect_uri=https%3A%2F%2Fevil.example%2Fcb"
        ),
        "client_id=999&response_type=code".to_string(),
    ] {
        let response = sim
            .http
            .get(sim.url(&format!("/en/OAuth/Authorize?{query}")))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{query}");
        assert!(response.headers().get("location").is_none());
    }
    sim.handle.shutdown().await;
}

#[tokio::test]
async fn an_http_redirect_url_is_refused_at_start() {
    let result = start(SimConfig {
        redirect_url: "http://127.0.0.1:7420/callback".into(),
        ..config()
    })
    .await;
    assert!(matches!(result, Err(SimStartError::RedirectUrl { .. })));
}

#[tokio::test]
async fn the_code_exchange_with_form_credentials_returns_bungies_token_json() {
    let sim = Sim::start(config()).await;
    let body = sim.sign_in().await;
    assert_eq!(body["token_type"], "Bearer");
    assert_eq!(body["expires_in"], 3600);
    assert_eq!(body["refresh_expires_in"], 7_776_000);
    assert!(body["access_token"].as_str().is_some_and(|t| !t.is_empty()));
    assert!(
        body["refresh_token"]
            .as_str()
            .is_some_and(|t| !t.is_empty())
    );
    let membership = body["membership_id"]
        .as_str()
        .expect("membership_id is a string");
    let expected = sim
        .handle
        .world()
        .lock()
        .unwrap()
        .bungie_net_membership_id();
    assert_eq!(membership, expected.to_string());
    sim.handle.shutdown().await;
}

#[tokio::test]
async fn the_code_exchange_accepts_basic_credentials() {
    let sim = Sim::start(config()).await;
    let code = sim.code().await;
    let basic = base64::engine::general_purpose::STANDARD.encode(format!("{CLIENT_ID}:{SECRET}"));
    let response = sim
        .http
        .post(sim.url("/Platform/App/OAuth/token/"))
        .header("Authorization", format!("Basic {basic}"))
        .form(&[
            ("grant_type", "authorization_code"),
            ("code", code.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["token_type"], "Bearer");
    sim.handle.shutdown().await;
}

#[tokio::test]
async fn a_wrong_secret_is_an_invalid_client_and_spends_nothing() {
    let sim = Sim::start(config()).await;
    let code = sim.code().await;
    let (status, body) = sim
        .token(&[
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("client_id", CLIENT_ID),
            ("client_secret", "nope"),
        ])
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["error"], "invalid_client");
    assert!(body["error_description"].is_string());
    let (status, _) = sim.exchange(&code).await;
    assert_eq!(
        status,
        StatusCode::OK,
        "the code survives a failed client authentication"
    );
    sim.handle.shutdown().await;
}

#[tokio::test]
async fn a_code_is_single_use() {
    let sim = Sim::start(config()).await;
    let code = sim.code().await;
    let form = [
        ("grant_type", "authorization_code"),
        ("code", code.as_str()),
        ("client_id", CLIENT_ID),
        ("client_secret", SECRET),
    ];
    assert_eq!(sim.token(&form).await.0, StatusCode::OK);
    let (status, body) = sim.token(&form).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        body,
        json!({"error": "invalid_grant", "error_description": "AuthorizationCodeInvalid"})
    );
    sim.handle.shutdown().await;
}

#[tokio::test]
async fn a_missing_grant_type_is_an_invalid_request() {
    let sim = Sim::start(config()).await;
    let (status, body) = sim
        .token(&[("client_id", CLIENT_ID), ("client_secret", SECRET)])
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["error"], "invalid_request");
    sim.handle.shutdown().await;
}

#[tokio::test]
async fn refresh_rotates_and_a_spent_refresh_token_is_refused() {
    let sim = Sim::start(config()).await;
    let first = sim.sign_in().await;
    let old_refresh = first["refresh_token"].as_str().unwrap().to_string();
    let form = [
        ("grant_type", "refresh_token"),
        ("refresh_token", old_refresh.as_str()),
        ("client_id", CLIENT_ID),
        ("client_secret", SECRET),
    ];
    let (status, second) = sim.token(&form).await;
    assert_eq!(status, StatusCode::OK, "{second}");
    assert_ne!(second["refresh_token"], first["refresh_token"]);
    assert_ne!(second["access_token"], first["access_token"]);
    let new_access = second["access_token"].as_str().unwrap();
    assert_eq!(
        sim.get("/User/GetMembershipsForCurrentUser/", Some(new_access))
            .await
            .0,
        StatusCode::OK
    );

    let (status, reused) = sim.token(&form).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(reused["error"], "invalid_grant");
    sim.handle.shutdown().await;
}

#[tokio::test]
async fn a_public_client_gets_no_refresh_token_and_may_not_send_a_secret() {
    let sim = Sim::start(SimConfig {
        public_client: true,
        ..config()
    })
    .await;
    let code = sim.code().await;
    let (status, body) = sim.exchange(&code).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        body["error_description"],
        "Public client should not attempt to authenticate."
    );
    let (status, body) = sim
        .token(&[
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("client_id", CLIENT_ID),
        ])
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(
        body.get("refresh_token").is_none() && body.get("refresh_expires_in").is_none(),
        "{body}"
    );
    assert!(body["access_token"].is_string());
    sim.handle.shutdown().await;
}

#[tokio::test]
async fn lifetimes_follow_the_config_and_an_expired_token_gets_2111() {
    let config = SimConfig {
        access_token_lifetime: Duration::ZERO,
        refresh_token_lifetime: Duration::from_secs(60),
        ..config()
    };
    let sim = Sim::start(config).await;
    let body = sim.sign_in().await;
    assert_eq!(body["expires_in"], 0);
    assert_eq!(body["refresh_expires_in"], 60);
    let token = body["access_token"].as_str().unwrap();
    let (status, envelope) = sim
        .get("/User/GetMembershipsForCurrentUser/", Some(token))
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_error(&envelope, 2111, "AccessTokenHasExpired");
    sim.handle.shutdown().await;
}

#[tokio::test]
async fn no_token_on_an_authed_endpoint_is_99() {
    let sim = Sim::start(config()).await;
    let (status, envelope) = sim.get("/User/GetMembershipsForCurrentUser/", None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_error(&envelope, 99, "WebAuthRequired");
    let (status, envelope) = sim
        .get("/User/GetMembershipsForCurrentUser/", Some("made-up"))
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_error(&envelope, 99, "WebAuthRequired");
    sim.handle.shutdown().await;
}

#[tokio::test]
async fn revoking_ends_tokens_and_refresh() {
    let sim = Sim::start(config()).await;
    let body = sim.sign_in().await;
    let (status, _) = sim.control("/sim/revoke", json!({})).await;
    assert_eq!(status, StatusCode::OK);
    let token = body["access_token"].as_str().unwrap();
    let (status, envelope) = sim
        .get("/User/GetMembershipsForCurrentUser/", Some(token))
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_error(&envelope, 2124, "AuthorizationRecordRevoked");
    let refresh = body["refresh_token"].as_str().unwrap();
    let (status, body) = sim.refresh(refresh).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(body["error_description"], "AuthorizationRecordRevoked");
    sim.handle.shutdown().await;
}
