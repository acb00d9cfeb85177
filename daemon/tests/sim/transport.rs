//! The simulator's transport over real HTTP: API key, trailing-slash redirect, unknown paths,
//! every fault, pacing, bad input, call counting (API.md §1, §3.2, §4).

// Not run under Wine (scripts/test-windows.sh runs this crate's Windows modules only).
#![cfg(not(windows))]

use std::time::{Duration, Instant};

use crate::support::sim::*;
use reqwest::StatusCode;
use serde_json::{Value, json};
use vault_raider_sim::SimConfig;

#[tokio::test]
async fn the_api_key_is_required_and_checked() {
    let sim = Sim::start(config()).await;
    let response = sim
        .http
        .get(sim.url("/Platform/Destiny2/Manifest/"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
    assert_error(
        &response.json().await.unwrap(),
        2102,
        "ApiKeyMissingFromRequest",
    );
    let response = sim
        .http
        .get(sim.url("/Platform/Destiny2/Manifest/"))
        .header("X-API-Key", "wrong")
        .send()
        .await
        .unwrap();
    assert_error(
        &response.json().await.unwrap(),
        2101,
        "ApiInvalidOrExpiredKey",
    );
    let (status, body) = sim.get("/Destiny2/Manifest/", None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["ErrorCode"], 1);
    assert_eq!(body["ErrorStatus"], "Success");
    assert_eq!(body["Message"], "Ok");
    assert_eq!(body["ThrottleSeconds"], 0);
    assert_eq!(body["MessageData"], json!({}));
    sim.handle.shutdown().await;
}

#[tokio::test]
async fn a_missing_trailing_slash_redirects_and_the_followed_redirect_loses_authorization() {
    let sim = Sim::start(config()).await;
    let token = sim.access_token().await;
    let response = sim
        .http
        .get(sim.url("/Platform/User/GetMembershipsForCurrentUser?x=1"))
        .header("X-API-Key", API_KEY)
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::MOVED_PERMANENTLY);
    let location = response.headers()["location"].to_str().unwrap().to_string();
    assert!(
        location.ends_with("/Platform/User/GetMembershipsForCurrentUser/?x=1"),
        "{location}"
    );

    let following = reqwest::Client::new();
    let response = following
        .get(sim.url("/Platform/User/GetMembershipsForCurrentUser"))
        .header("X-API-Key", API_KEY)
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    assert_error(&response.json().await.unwrap(), 99, "WebAuthRequired");
    sim.handle.shutdown().await;
}

#[tokio::test]
async fn unknown_paths_get_a_404_envelope() {
    let sim = Sim::start(config()).await;
    let (status, body) = sim.get("/Destiny2/Nope/Nothing/", None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(body["ErrorCode"], 21);
    let response = sim.http.get(sim.url("/nothing/here")).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert_eq!(response.json::<Value>().await.unwrap()["ErrorCode"], 21);
    sim.handle.shutdown().await;
}

#[tokio::test]
async fn maintenance_answers_system_disabled_everywhere_until_cleared() {
    let sim = Sim::start(config()).await;
    let token = sim.access_token().await;
    assert_eq!(
        sim.control("/sim/faults", json!({"maintenance": true}))
            .await
            .0,
        StatusCode::OK
    );
    let (status, body) = sim.get("/Destiny2/Manifest/", None).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert_error(&body, 5, "SystemDisabled");
    let (status, body) = sim
        .post("/Destiny2/Actions/Items/TransferItem/", &token, "{}")
        .await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert_error(&body, 5, "SystemDisabled");
    assert_eq!(body["Response"], 0);
    let (status, body) = sim
        .token(&[("grant_type", "refresh_token"), ("refresh_token", "x")])
        .await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(body["error_description"], "SystemDisabled");
    sim.control("/sim/faults", json!({})).await;
    assert_eq!(sim.get("/Destiny2/Manifest/", None).await.0, StatusCode::OK);
    sim.handle.shutdown().await;
}

#[tokio::test]
async fn the_error_rate_draws_from_the_given_codes() {
    let sim = Sim::start(config()).await;
    sim.control(
        "/sim/faults",
        json!({"errorRate": 1.0, "errorCodes": [1672, 5]}),
    )
    .await;
    for _ in 0..6 {
        let (status, body) = sim.get("/Destiny2/Manifest/", None).await;
        assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
        assert!(
            body["ErrorCode"] == 1672 || body["ErrorCode"] == 5,
            "{body}"
        );
    }
    sim.control("/sim/faults", json!({"errorRate": 1.0, "errorCodes": [36]}))
        .await;
    let (status, body) = sim.get("/Destiny2/Manifest/", None).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert!(body["ThrottleSeconds"].as_u64().is_some_and(|s| s >= 1));
    sim.handle.shutdown().await;
}

#[tokio::test]
async fn latency_delays_every_answer() {
    let sim = Sim::start(config()).await;
    sim.control("/sim/faults", json!({"latencyMs": 300})).await;
    let started = Instant::now();
    assert_eq!(sim.get("/Destiny2/Manifest/", None).await.0, StatusCode::OK);
    assert!(started.elapsed() >= Duration::from_millis(300));
    sim.handle.shutdown().await;
}

#[tokio::test]
async fn dropped_connections_close_without_an_answer() {
    let sim = Sim::start(config()).await;
    sim.control("/sim/faults", json!({"dropConnections": 1.0}))
        .await;
    let result = sim
        .http
        .get(sim.url("/Platform/Destiny2/Manifest/"))
        .header("X-API-Key", API_KEY)
        .send()
        .await;
    let error = result.expect_err("no answer comes back");
    assert!(!error.is_timeout(), "{error}");
    sim.control("/sim/faults", json!({})).await;
    assert_eq!(sim.get("/Destiny2/Manifest/", None).await.0, StatusCode::OK);
    sim.handle.shutdown().await;
}

#[tokio::test]
async fn expire_tokens_expires_every_outstanding_access_token_only() {
    let sim = Sim::start(config()).await;
    let old = sim.access_token().await;
    sim.control("/sim/faults", json!({"expireTokens": true}))
        .await;
    let (status, body) = sim
        .get("/User/GetMembershipsForCurrentUser/", Some(&old))
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_error(&body, 2111, "AccessTokenHasExpired");
    let fresh = sim.access_token().await;
    assert_eq!(
        sim.get("/User/GetMembershipsForCurrentUser/", Some(&fresh))
            .await
            .0,
        StatusCode::OK
    );
    sim.handle.shutdown().await;
}

#[tokio::test]
async fn a_stale_profile_carries_an_older_minted_timestamp_and_older_data() {
    let sim = Sim::start(config()).await;
    let token = sim.access_token().await;
    let path = sim.profile_path(&token, "100,201,205").await;
    let (_, first) = sim.get(&path, Some(&token)).await;
    let (_, second) = sim.get(&path, Some(&token)).await;
    let minted = |body: &Value| {
        body["Response"]["responseMintedTimestamp"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let parse = |text: String| chrono::DateTime::parse_from_rfc3339(&text).unwrap();
    assert!(
        parse(minted(&second)) > parse(minted(&first)),
        "minted timestamps strictly increase"
    );

    sim.control("/sim/faults", json!({"staleProfile": true}))
        .await;
    let world = sim.handle.world();
    let (item, character) = {
        let state = world.lock().unwrap().state_json();
        let item = state["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["location"] == "vault" && i["itemId"].is_string())
            .cloned()
            .unwrap();
        (
            item,
            state["characters"][0]["characterId"]
                .as_str()
                .unwrap()
                .to_string(),
        )
    };
    let item_id = item["itemId"].as_str().unwrap();
    world
        .lock()
        .unwrap()
        .game_move(item_id, &character)
        .unwrap();
    let (status, stale) = sim.get(&path, Some(&token)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        parse(minted(&stale)) <= parse(minted(&second)),
        "a stale answer is not newer"
    );
    assert_eq!(
        stale["Response"]["characterInventories"],
        second["Response"]["characterInventories"]
    );

    sim.control("/sim/faults", json!({})).await;
    let (_, fresh) = sim.get(&path, Some(&token)).await;
    assert!(parse(minted(&fresh)) > parse(minted(&second)));
    assert_ne!(
        fresh["Response"]["characterInventories"],
        second["Response"]["characterInventories"]
    );
    sim.handle.shutdown().await;
}

#[tokio::test]
async fn bad_fault_requests_are_refused_and_change_nothing() {
    let sim = Sim::start(config()).await;
    let (status, body) = sim.control("/sim/faults", json!({"errorRate": 3})).await;
    assert_ne!(status, StatusCode::OK);
    assert_eq!(body["ErrorCode"], 18);
    let (status, _) = sim
        .control("/sim/faults", json!({"maintainance": true}))
        .await;
    assert_ne!(status, StatusCode::OK);
    assert_eq!(sim.get("/Destiny2/Manifest/", None).await.0, StatusCode::OK);
    sim.handle.shutdown().await;
}

#[tokio::test]
async fn pacing_throttles_actions_closer_than_a_tenth_of_a_second() {
    let sim = Sim::start(SimConfig {
        pacing: true,
        ..config()
    })
    .await;
    let token = sim.access_token().await;
    let body = r#"{"itemId":"1","state":true,"characterId":"1","membershipType":3}"#;
    let path = "/Destiny2/Actions/Items/SetLockState/";
    let (a, b) = tokio::join!(sim.post(path, &token, body), sim.post(path, &token, body));
    let throttled: Vec<&Value> = [&a, &b]
        .into_iter()
        .filter(|(s, _)| *s == StatusCode::TOO_MANY_REQUESTS)
        .map(|(_, b)| b)
        .collect();
    assert_eq!(
        throttled.len(),
        1,
        "one of two simultaneous actions is throttled: {a:?} {b:?}"
    );
    assert_error(throttled[0], 36, "ThrottleLimitExceededMomentarily");
    assert!(
        throttled[0]["ThrottleSeconds"]
            .as_u64()
            .is_some_and(|s| s >= 1)
    );
    sim.handle.shutdown().await;
}

#[tokio::test]
async fn the_request_budget_answers_51_when_spent() {
    let sim = Sim::start(SimConfig {
        pacing: true,
        ..config()
    })
    .await;
    let mut last = None;
    for _ in 0..260 {
        let (status, body) = sim.get("/Destiny2/Nope/", None).await;
        if status == StatusCode::TOO_MANY_REQUESTS {
            last = Some(body);
            break;
        }
    }
    let body = last.expect("the budget runs out within 260 requests");
    assert_error(&body, 51, "PerEndpointRequestThrottleExceeded");
    assert!(body["ThrottleSeconds"].as_u64().is_some_and(|s| s >= 1));
    sim.handle.shutdown().await;
}

#[tokio::test]
async fn bad_action_bodies_get_bungies_codes_and_change_nothing() {
    let sim = Sim::start(config()).await;
    let token = sim.access_token().await;
    let before = sim.handle.world().lock().unwrap().state_json();
    let path = "/Destiny2/Actions/Items/TransferItem/";
    let cases = [
        ("", 26),
        ("{\"itemId\": ", 30),
        ("[1]", 25),
        (
            r#"{"itemReferenceHash":1,"stackSize":1,"transferToVault":true,"itemId":"1","membershipType":3}"#,
            18,
        ),
        (
            r#"{"itemReferenceHash":"x","stackSize":1,"transferToVault":true,"itemId":"1","characterId":"1","membershipType":3}"#,
            7,
        ),
    ];
    for (body, code) in cases {
        let (status, envelope) = sim.post(path, &token, body).await;
        assert_ne!(status, StatusCode::OK, "{body}");
        assert_eq!(envelope["ErrorCode"], code, "{body}: {envelope}");
        assert_eq!(envelope["Response"], 0);
    }
    let state = sim.handle.world().lock().unwrap().state_json();
    let character = state["characters"][0]["characterId"]
        .as_str()
        .unwrap()
        .to_string();
    let unknown_item = json!({"itemReferenceHash": 0, "stackSize": 1, "transferToVault": true,
        "itemId": "999999999", "characterId": character, "membershipType": 3});
    let (status, envelope) = sim.post(path, &token, &unknown_item.to_string()).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(envelope["ErrorCode"], 1623);
    assert_eq!(before, sim.handle.world().lock().unwrap().state_json());
    sim.handle.shutdown().await;
}

#[tokio::test]
async fn bad_profile_requests_get_bungies_codes() {
    let sim = Sim::start(config()).await;
    let token = sim.access_token().await;
    let (membership_type, id) = sim.primary_membership(&token).await;
    let cases = [
        (format!("/Destiny2/{membership_type}/Profile/{id}/"), 18),
        (
            format!("/Destiny2/{membership_type}/Profile/{id}/?components=Bogus"),
            7,
        ),
        (
            format!("/Destiny2/{membership_type}/Profile/abc/?components=100"),
            7,
        ),
        (
            format!("/Destiny2/{membership_type}/Profile/12345/?components=100"),
            1601,
        ),
    ];
    for (path, code) in cases {
        let (status, body) = sim.get(&path, Some(&token)).await;
        assert_ne!(status, StatusCode::OK, "{path}");
        assert_eq!(body["ErrorCode"], code, "{path}: {body}");
    }
    sim.handle.shutdown().await;
}

#[tokio::test]
async fn calls_are_counted_by_endpoint_and_reset() {
    let sim = Sim::start(config()).await;
    let token = sim.access_token().await;
    sim.http
        .post(sim.url("/sim/calls/reset"))
        .send()
        .await
        .unwrap();
    let path = sim.profile_path(&token, "100").await;
    sim.get(&path, Some(&token)).await;
    sim.get(&path, Some(&token)).await;
    sim.post("/Destiny2/Actions/Items/EquipItems/", &token, "{}")
        .await;
    let calls: Value = sim
        .http
        .get(sim.url("/sim/calls"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(calls["GetProfile"], 2);
    assert_eq!(calls["GetMembershipsForCurrentUser"], 1);
    assert_eq!(calls["EquipItems"], 1);
    assert_eq!(sim.handle.calls().get("GetProfile"), Some(&2));
    sim.http
        .post(sim.url("/sim/calls/reset"))
        .send()
        .await
        .unwrap();
    assert!(sim.handle.calls().is_empty());
    sim.handle.shutdown().await;
}

#[tokio::test]
async fn a_simulator_with_its_clock_running_serves_and_shuts_down() {
    let sim = Sim::start(SimConfig {
        clock: true,
        ..config()
    })
    .await;
    let token = sim.access_token().await;
    let path = sim.profile_path(&token, "100,204,1000").await;
    let (status, body) = sim.get(&path, Some(&token)).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    sim.control("/sim/faults", json!({"latencyMs": 5, "maintenance": false}))
        .await;
    let faults: Value = sim
        .http
        .get(sim.url("/sim/faults"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(faults["latencyMs"], 5);
    tokio::time::timeout(Duration::from_secs(10), sim.handle.shutdown())
        .await
        .expect("shutdown finishes with the clock running and connections open");
}
