//! The Bungie client over real HTTP against a scripted fake: envelope and error shapes, read
//! retries, no blind retry of actions, throttles, back-off, action spacing, call counts.

// Not run under Wine (scripts/test-windows.sh runs this crate's Windows modules only).
#![cfg(not(windows))]

use crate::support::fake_bungie::{Fake, Reply, envelope};
use futures_util::future::BoxFuture;
use std::sync::Arc;
use std::time::Duration;
use tokio::time::Instant;
use vault_raider::bungie::auth::Secret;
use vault_raider::bungie::wire::{
    ItemActionRequest, ItemSetActionRequest, ItemStateRequest, ItemTransferRequest,
    LoadoutActionRequest,
};
use vault_raider::bungie::{BungieError, Client, ClientConfig, TokenSource};

const MANIFEST: &str = "/Platform/Destiny2/Manifest/";
const TRANSFER: &str = "/Platform/Destiny2/Actions/Items/TransferItem/";

/// A token source with one fixed token.
struct FixedToken;

impl TokenSource for FixedToken {
    fn access_token(&self) -> BoxFuture<'_, Result<Secret, BungieError>> {
        Box::pin(async { Ok(Secret::new("fixed-token")) })
    }
    fn refresh_rejected<'a>(&'a self, _: &'a Secret) -> BoxFuture<'a, Result<Secret, BungieError>> {
        Box::pin(async { Err(BungieError::SignedOut("cannot refresh".into())) })
    }
    fn sign_out<'a>(&'a self, _: &'a str) -> BoxFuture<'a, ()> {
        Box::pin(async {})
    }
}

/// What an error must look like.
type Expect = fn(&BungieError) -> bool;

fn client(fake: &Fake, tune: impl FnOnce(&mut ClientConfig)) -> Client {
    let mut config = ClientConfig::new(fake.base.clone(), Secret::new("test-api-key"));
    config.request_timeout = Duration::from_secs(5);
    tune(&mut config);
    Client::new(config, Some(Arc::new(FixedToken))).unwrap()
}

fn manifest_reply() -> Reply {
    Reply::ok(
        serde_json::json!({"version": "v1", "mobileWorldContentPaths": {"en": "/common/w.content"}}),
    )
}

fn transfer() -> ItemTransferRequest {
    ItemTransferRequest {
        item_reference_hash: 2362471601,
        stack_size: 1,
        transfer_to_vault: true,
        item_id: 6917529265091876850,
        character_id: 2305843009260802821,
        membership_type: 3,
    }
}

#[tokio::test(start_paused = true)]
async fn every_error_family_and_body_shape_becomes_a_typed_error() {
    let fake = Fake::start().await;
    let c = client(&fake, |c| {
        c.read_attempts = 1;
        c.throttle_attempts = 1;
    });
    let cases: Vec<(Reply, Expect)> = vec![
        (
            Reply::error(401, 2101, "ApiInvalidOrExpiredKey", 0),
            |e| matches!(e, BungieError::Auth(p) if p.code == 2101),
        ),
        (
            Reply::error(429, 36, "ThrottleLimitExceededMomentarily", 0),
            |e| e.throttle_seconds() == Some(0),
        ),
        (Reply::error(503, 5, "SystemDisabled", 0), |e| {
            matches!(e, BungieError::Maintenance(_))
        }),
        (
            Reply::error(404, 1601, "DestinyAccountNotFound", 0),
            |e| matches!(e, BungieError::NotFound(p) if p.code == 1601),
        ),
        (
            Reply::error(500, 1642, "DestinyNoRoomInDestination", 0),
            |e| matches!(e, BungieError::GameRule(p) if p.code == 1642 && p.status == "DestinyNoRoomInDestination" && p.http_status == 500),
        ),
        (
            Reply::error(500, 7, "ParameterParseFailure", 0),
            |e| matches!(e, BungieError::Platform(p) if p.code == 7),
        ),
        (
            Reply::json(
                503,
                r#"{"error":"server_error","error_description":"SystemDisabled"}"#,
            ),
            |e| matches!(e, BungieError::Maintenance(_)),
        ),
        (
            Reply::json(
                400,
                r#"{"error":"invalid_request","error_description":"Nope"}"#,
            ),
            |e| matches!(e, BungieError::OAuth { error, description, .. } if error == "invalid_request" && description == "Nope"),
        ),
        (
            Reply::html(
                503,
                "<html><head><title>Bungie.net is down</title></head></html>",
            ),
            |e| matches!(e, BungieError::Html { http_status: 503, title } if title == "Bungie.net is down"),
        ),
        (Reply::json(500, ""), |e| {
            matches!(e, BungieError::EmptyBody { http_status: 500 })
        }),
        (Reply::json(200, "not json at all"), |e| {
            matches!(e, BungieError::UnexpectedBody { .. })
        }),
        (
            Reply::json(200, envelope(serde_json::json!("a string"))),
            |e| matches!(e, BungieError::Decode { .. }),
        ),
    ];
    for (reply, expected) in cases {
        let shown = format!("{reply:?}");
        fake.push(MANIFEST, reply);
        let err = c.get_destiny_manifest().await.unwrap_err();
        assert!(expected(&err), "{shown} gave {err:?}");
        assert!(!err.to_string().is_empty());
    }
    fake.push(
        MANIFEST,
        Reply {
            location: Some("/elsewhere/".into()),
            ..Reply::json(301, "")
        },
    );
    assert!(matches!(
        c.get_destiny_manifest().await.unwrap_err(),
        BungieError::Redirect { http_status: 301 }
    ));
}

#[tokio::test]
async fn requests_carry_the_key_the_token_and_trailing_slashes() {
    let fake = Fake::start().await;
    fake.always(
        "/Platform/Destiny2/3/Profile/4611686018467284386/",
        Reply::ok(serde_json::json!({})),
    );
    fake.always(TRANSFER, Reply::ok(serde_json::json!(0)));
    let c = client(&fake, |_| {});
    c.get_profile(3, 4611686018467284386, &[100, 200])
        .await
        .unwrap();
    c.transfer_item(&transfer()).await.unwrap();
    let seen = fake.seen();
    assert_eq!(seen[0].query, "components=100%2C200");
    assert_eq!(seen[0].api_key.as_deref(), Some("test-api-key"));
    assert_eq!(seen[1].authorization.as_deref(), Some("Bearer fixed-token"));
    let body: serde_json::Value = serde_json::from_str(&seen[1].body).unwrap();
    assert_eq!(body["itemId"], "6917529265091876850");
    assert!(matches!(
        c.get_profile(3, 1, &[]).await,
        Err(BungieError::InvalidRequest(_))
    ));
    assert_eq!(fake.seen().len(), 2, "an invalid request is never sent");
}

#[tokio::test(start_paused = true)]
async fn reads_are_retried_on_502_to_504_and_timeouts() {
    let fake = Fake::start().await;
    fake.push(MANIFEST, Reply::html(502, "<title>Bad gateway</title>"));
    fake.push(MANIFEST, Reply::json(504, ""));
    fake.push(MANIFEST, manifest_reply());
    let c = client(&fake, |_| {});
    assert_eq!(c.get_destiny_manifest().await.unwrap().version, "v1");
    assert_eq!(fake.seen_at(MANIFEST).len(), 3);

    fake.push(MANIFEST, manifest_reply().after(Duration::from_secs(60)));
    fake.push(MANIFEST, manifest_reply());
    assert_eq!(c.get_destiny_manifest().await.unwrap().version, "v1");
    assert_eq!(
        fake.seen_at(MANIFEST).len(),
        5,
        "a timed-out read is tried again"
    );
}

#[tokio::test(start_paused = true)]
async fn read_retries_are_bounded_and_maintenance_is_not_retried() {
    let fake = Fake::start().await;
    fake.always(MANIFEST, Reply::html(503, "<title>Down</title>"));
    let c = client(&fake, |_| {});
    assert!(matches!(
        c.get_destiny_manifest().await,
        Err(BungieError::Html { .. })
    ));
    assert_eq!(fake.seen_at(MANIFEST).len(), 3);
    fake.always(MANIFEST, Reply::error(503, 5, "SystemDisabled", 0));
    assert!(matches!(
        c.get_destiny_manifest().await,
        Err(BungieError::Maintenance(_))
    ));
    assert_eq!(fake.seen_at(MANIFEST).len(), 4);
}

#[tokio::test(start_paused = true)]
async fn actions_are_never_retried_blindly() {
    let fake = Fake::start().await;
    fake.push(TRANSFER, Reply::html(502, "<title>Bad gateway</title>"));
    fake.push(
        TRANSFER,
        Reply::ok(serde_json::json!(0)).after(Duration::from_secs(60)),
    );
    fake.always(TRANSFER, Reply::ok(serde_json::json!(0)));
    let c = client(&fake, |_| {});
    assert!(matches!(
        c.transfer_item(&transfer()).await,
        Err(BungieError::Html {
            http_status: 502,
            ..
        })
    ));
    let err = c.transfer_item(&transfer()).await.unwrap_err();
    assert!(
        matches!(err, BungieError::Transport { timeout: true, .. }),
        "{err:?}"
    );
    assert_eq!(
        fake.seen_at(TRANSFER).len(),
        2,
        "one request per failed action"
    );
}

#[tokio::test(start_paused = true)]
async fn no_request_starts_before_throttle_seconds() {
    let fake = Fake::start().await;
    fake.push(
        MANIFEST,
        Reply::error(429, 36, "ThrottleLimitExceededMomentarily", 10),
    );
    fake.always(MANIFEST, manifest_reply());
    fake.always(TRANSFER, Reply::ok(serde_json::json!(0)));
    let c = client(&fake, |_| {});
    c.get_destiny_manifest().await.unwrap();
    let seen = fake.seen_at(MANIFEST);
    assert_eq!(seen.len(), 2);
    assert!(
        seen[1].at - seen[0].at >= Duration::from_secs(10),
        "{:?}",
        seen[1].at - seen[0].at
    );

    // A throttled action was not performed, so it is sent again once the wait is over.
    fake.push(
        TRANSFER,
        Reply::error(429, 51, "PerEndpointRequestThrottleExceeded", 3),
    );
    c.transfer_item(&transfer()).await.unwrap();
    let t = fake.seen_at(TRANSFER);
    assert!(t[1].at - t[0].at >= Duration::from_secs(3));
    assert_eq!(c.calls().get("TransferItem"), Some(&2));
}

#[tokio::test(start_paused = true)]
async fn backoff_grows_with_throttles_and_halves_with_successes() {
    let fake = Fake::start().await;
    fake.push(
        MANIFEST,
        Reply::error(429, 57, "PerUserThrottleExceeded", 0),
    );
    fake.push(
        MANIFEST,
        Reply::error(503, 1672, "DestinyThrottledByGameServer", 0),
    );
    fake.always(MANIFEST, manifest_reply());
    let c = client(&fake, |_| {});
    c.get_destiny_manifest().await.unwrap(); // throttle, throttle, success
    c.get_destiny_manifest().await.unwrap();
    c.get_destiny_manifest().await.unwrap();
    let at: Vec<Instant> = fake.seen_at(MANIFEST).iter().map(|s| s.at).collect();
    let gaps: Vec<Duration> = at.windows(2).map(|w| w[1] - w[0]).collect();
    // Holds of 2^1 and 2^2 × 500 ms; once a hold is over, requests go out at once.
    assert_eq!(
        gaps,
        [
            Duration::from_secs(1),
            Duration::from_secs(2),
            Duration::ZERO,
            Duration::ZERO
        ]
    );
}

#[tokio::test(start_paused = true)]
async fn a_request_is_answered_throttled_rather_than_held_past_its_budget() {
    let fake = Fake::start().await;
    for _ in 0..2 {
        fake.push(
            MANIFEST,
            Reply::error(429, 36, "ThrottleLimitExceededMomentarily", 10),
        );
    }
    fake.always(MANIFEST, manifest_reply());
    let c = client(&fake, |_| {});
    let started = Instant::now();
    // Throttled (10 s, waited: the budget is 15 s), throttled again: 10 s more would pass it.
    let err = c.get_destiny_manifest().await.unwrap_err();
    assert_eq!(err.throttle_seconds(), Some(10), "{err:?}");
    assert_eq!(Instant::now() - started, Duration::from_secs(10));
    assert_eq!(fake.seen_at(MANIFEST).len(), 2);

    // A request made during the hold is answered at once with the time left, sending nothing.
    tokio::time::sleep(Duration::from_millis(2_500)).await;
    let asked = Instant::now();
    let held = c.get_destiny_manifest().await;
    assert!(held.is_ok(), "7.5 s left fits the budget: {held:?}");
    assert_eq!(Instant::now() - asked, Duration::from_millis(7_500));

    let c = client(&fake, |cfg| {
        cfg.throttle_wait_budget = Duration::from_secs(5)
    });
    fake.push(
        MANIFEST,
        Reply::error(429, 36, "ThrottleLimitExceededMomentarily", 10),
    );
    let before = fake.seen_at(MANIFEST).len();
    let err = c.get_destiny_manifest().await.unwrap_err();
    assert_eq!(err.throttle_seconds(), Some(10), "{err:?}");
    assert_eq!(
        fake.seen_at(MANIFEST).len(),
        before + 1,
        "one call, then no wait"
    );
    let asked = Instant::now();
    let err = c.get_destiny_manifest().await.unwrap_err();
    assert_eq!(Instant::now(), asked, "answered at once");
    assert_eq!(err.throttle_seconds(), Some(10), "{err:?}");
    assert_eq!(
        fake.seen_at(MANIFEST).len(),
        before + 1,
        "nothing sent during the hold"
    );
}

#[tokio::test(start_paused = true)]
async fn item_actions_are_spaced_and_one_at_a_time() {
    let fake = Fake::start().await;
    let ok = Reply::ok(serde_json::json!(0)).after(Duration::from_millis(40));
    fake.always(TRANSFER, ok.clone());
    fake.always("/Platform/Destiny2/Actions/Items/EquipItem/", ok.clone());
    fake.always("/Platform/Destiny2/Actions/Items/SetLockState/", ok.clone());
    fake.always(
        "/Platform/Destiny2/Actions/Items/EquipItems/",
        Reply::ok(serde_json::json!({"equipResults":[{"itemInstanceId":"5","equipStatus":1641}]})),
    );
    fake.always(
        "/Platform/Destiny2/Actions/Loadouts/EquipLoadout/",
        Reply::ok(serde_json::json!(0)),
    );
    let c = client(&fake, |_| {});
    let equip = ItemActionRequest {
        item_id: 5,
        character_id: 2,
        membership_type: 3,
    };
    let lock = ItemStateRequest {
        state: true,
        item_id: 5,
        character_id: 2,
        membership_type: 3,
    };
    let move_it = transfer();
    let (a, b, d) = tokio::join!(
        c.transfer_item(&move_it),
        c.equip_item(&equip),
        c.set_lock_state(&lock)
    );
    a.unwrap();
    b.unwrap();
    d.unwrap();
    assert_eq!(fake.max_in_flight(), 1, "one action in flight");
    let at: Vec<Instant> = fake.seen().iter().map(|s| s.at).collect();
    for w in at.windows(2) {
        assert!(
            w[1] - w[0] >= Duration::from_millis(40),
            "one 40 ms action after the other, got {:?}",
            w[1] - w[0]
        );
    }
    // One endpoint's calls are spaced 100 ms (+ the margin) from start to start, however long
    // each takes.
    c.transfer_item(&move_it).await.unwrap();
    c.transfer_item(&move_it).await.unwrap();
    let t = fake.seen_at(TRANSFER);
    assert_eq!(
        t[2].at - t[1].at,
        Duration::from_millis(100) + vault_raider::bungie::pacing::SPACING_MARGIN
    );
    let results = c
        .equip_items(&ItemSetActionRequest {
            item_ids: vec![5],
            character_id: 2,
            membership_type: 3,
        })
        .await
        .unwrap();
    assert_eq!(results.equip_results[0].equip_status, 1641);

    let loadout = LoadoutActionRequest {
        loadout_index: 0,
        character_id: 2,
        membership_type: 3,
    };
    c.equip_loadout(&loadout).await.unwrap();
    c.equip_loadout(&loadout).await.unwrap();
    let l = fake.seen_at("/Platform/Destiny2/Actions/Loadouts/EquipLoadout/");
    assert!(l[1].at - l[0].at >= Duration::from_secs(1));

    let calls = c.calls();
    assert_eq!(calls.get("TransferItem"), Some(&3));
    assert_eq!(calls.get("EquipItems"), Some(&1));
    assert_eq!(calls.get("EquipLoadout"), Some(&2));
    assert_eq!(c.call_count(), 8);
}

#[tokio::test(start_paused = true)]
async fn reads_are_not_spaced() {
    let fake = Fake::start().await;
    fake.always(MANIFEST, manifest_reply());
    let c = client(&fake, |_| {});
    let start = Instant::now();
    for _ in 0..5 {
        c.get_destiny_manifest().await.unwrap();
    }
    assert_eq!(Instant::now() - start, Duration::ZERO);
}

#[tokio::test]
async fn a_download_streams_with_progress_and_refuses_foreign_paths() {
    let fake = Fake::start().await;
    let content = "x".repeat(300_000);
    fake.always(
        "/common/destiny2_content/sqlite/en/world.content",
        Reply::json(200, content.clone()),
    );
    let c = client(&fake, |_| {});
    let mut reports = Vec::new();
    let bytes = c
        .download(
            "/common/destiny2_content/sqlite/en/world.content",
            &mut |got, total| reports.push((got, total)),
        )
        .await
        .unwrap();
    assert_eq!(bytes.len(), content.len());
    assert_eq!(reports.last(), Some(&(300_000, Some(300_000))));
    assert!(reports.windows(2).all(|w| w[0].0 < w[1].0));
    assert!(
        fake.seen()[0].api_key.is_none(),
        "content downloads carry no API key"
    );
    assert_eq!(
        c.calls().get("ManifestDownload"),
        Some(&1),
        "counted under the simulator's name"
    );
    for bad in [
        "https://evil.example/x",
        "//evil.example/x",
        "/common/../x",
        "relative",
    ] {
        assert!(
            matches!(
                c.download(bad, &mut |_, _| {}).await,
                Err(BungieError::InvalidRequest(_))
            ),
            "{bad}"
        );
    }
    let small = client(&fake, |c| c.max_download_bytes = 1000);
    let err = small
        .download(
            "/common/destiny2_content/sqlite/en/world.content",
            &mut |_, _| {},
        )
        .await;
    assert!(matches!(err, Err(BungieError::Transport { .. })));
}

#[tokio::test]
async fn an_unreachable_server_is_a_transport_error() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let mut config = ClientConfig::new(base, Secret::new("k"));
    config.read_attempts = 1;
    let c = Client::new(config, None).unwrap();
    let err = c.get_destiny_manifest().await.unwrap_err();
    assert!(
        matches!(err, BungieError::Transport { timeout: false, .. }),
        "{err:?}"
    );
    assert!(
        err.to_string().to_lowercase().contains("refused"),
        "the cause is named: {err}"
    );
    assert!(matches!(
        c.get_memberships_for_current_user().await,
        Err(BungieError::SignedOut(_))
    ));
}

#[tokio::test]
async fn activity_history_and_memberships_are_read() {
    let fake = Fake::start().await;
    fake.always(
        "/Platform/Destiny2/3/Account/4611686018400000001/Character/2305843009260802821/Stats/Activities/",
        Reply::ok(serde_json::json!({"activities": [{
            "period": "2026-11-25T11:00:00Z",
            "activityDetails": {"referenceId": 2693136600u32, "directorActivityHash": 2693136600u32,
                "instanceId": "12345678901", "mode": 4, "modes": [4, 7], "isPrivate": false, "membershipType": 3},
            "values": {"completed": {"statId": "completed", "basic": {"value": 1.0, "displayValue": "Yes"}},
                       "kills": {"statId": "kills", "basic": {"value": 212.0, "displayValue": "212"}}}
        }]})),
    );
    fake.always(
        "/Platform/Destiny2/3/Account/4611686018400000001/Character/1/Stats/Activities/",
        Reply::ok(serde_json::json!({})),
    );
    let c = client(&fake, |_| {});
    let query = vault_raider::bungie::HistoryQuery {
        count: 10,
        page: 0,
        mode: Some(4),
    };
    let h = c
        .get_activity_history(3, 4611686018400000001, 2305843009260802821, query)
        .await
        .unwrap();
    let a = &h.activities[0];
    assert_eq!(
        (a.activity_details.instance_id, a.activity_details.mode),
        (12345678901, 4)
    );
    assert_eq!(
        (a.value("completed"), a.value("kills"), a.value("deaths")),
        (Some(1.0), Some(212.0), None)
    );
    assert_eq!(fake.seen()[0].query, "count=10&page=0&mode=4");
    let empty = c
        .get_activity_history(3, 4611686018400000001, 1, Default::default())
        .await
        .unwrap();
    assert!(
        empty.activities.is_empty(),
        "no activities means an absent list"
    );
    let bad = vault_raider::bungie::HistoryQuery {
        count: 0,
        ..Default::default()
    };
    assert!(matches!(
        c.get_activity_history(3, 1, 1, bad).await,
        Err(BungieError::InvalidRequest(_))
    ));
}

#[tokio::test]
async fn without_a_primary_the_most_recently_played_membership_is_followed() {
    let fake = Fake::start().await;
    fake.always(
        "/Platform/User/GetMembershipsForCurrentUser/",
        Reply::ok(serde_json::json!({"destinyMemberships": [
            {"membershipType": 1, "membershipId": "11", "displayName": "xbox"},
            {"membershipType": 3, "membershipId": "33", "displayName": "steam"}]})),
    );
    let profile = |when: &str| {
        Reply::ok(serde_json::json!({"profile": {"data": {"dateLastPlayed": when}, "privacy": 1}}))
    };
    fake.always(
        "/Platform/Destiny2/1/Profile/11/",
        profile("2025-01-01T00:00:00Z"),
    );
    fake.always(
        "/Platform/Destiny2/3/Profile/33/",
        profile("2026-11-01T00:00:00.123Z"),
    );
    let c = client(&fake, |_| {});
    let chosen = c.default_membership().await.unwrap().unwrap();
    assert_eq!(chosen.membership_id, 33);
    assert_eq!(
        fake.seen_at("/Platform/Destiny2/3/Profile/33/")[0].query,
        "components=100"
    );
}
