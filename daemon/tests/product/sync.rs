//! Sign-in and sync against the simulator over real HTTP, seen through the protocol: refresh and
//! rotation, revocation, maintenance and recovery, stale profiles, in-game moves, activity
//! completions (also across a restart), the local-first start and a manifest update.

// Not run under Wine (scripts/test-windows.sh runs this crate's Windows modules only).
#![cfg(not(windows))]

use crate::support::demo::{Client, Demo, DemoOptions, start_activity};
use serde_json::{Value, json};
use std::time::Duration;
use vault_raider_sim::SimConfig;

/// How long a test waits for an event that must come.
const SOON: Duration = Duration::from_secs(10);
/// How long a test listens for an event that must not come.
const QUIET: Duration = Duration::from_millis(400);

fn options(sim: SimConfig) -> DemoOptions {
    DemoOptions {
        sim: SimConfig {
            pacing: false,
            clock: false,
            pgcr_delay: Duration::ZERO,
            ..sim
        },
        desktop: false,
    }
}

async fn state(client: &mut Client) -> Value {
    let status = client.call("session.status", json!({})).await;
    status["result"]["state"].clone()
}

async fn first_character(client: &mut Client) -> String {
    let snapshot = client.call("profile.snapshot", json!({})).await;
    snapshot["result"]["characters"][0]["characterId"]
        .as_str()
        .expect("a character")
        .to_string()
}

/// Syncs once through the protocol: when it answers, the poll loop's first sync (which may still be
/// reading activity history after the store got its revision) is over too.
async fn settle(client: &mut Client) {
    let answer = client.call("profile.sync", json!({})).await;
    assert!(answer.get("result").is_some(), "{answer}");
}

async fn vault_weapon(client: &mut Client) -> String {
    let found = client
        .call(
            "items.search",
            json!({"query": "is:weapon is:invault", "limit": 1}),
        )
        .await;
    found["result"]["items"][0]["id"]
        .as_str()
        .expect("a weapon in the vault")
        .to_string()
}

/// Fails when a `method` notification arrives within [`QUIET`] (or has arrived unread).
async fn assert_quiet(client: &mut Client, method: &str) {
    if let Some(event) = client.wait_event(method, QUIET).await {
        panic!("unexpected {method}: {event}");
    }
}

fn refresh_token(demo: &Demo) -> Value {
    demo.stored_tokens()["refresh_token"].clone()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn short_lived_tokens_are_refreshed_and_each_rotated_refresh_token_is_stored() {
    // Shorter than the refresh margin: every call needs a fresh access token first.
    let demo = Demo::start_with(options(SimConfig {
        access_token_lifetime: Duration::from_secs(30),
        ..SimConfig::default()
    }))
    .await;
    let mut client = demo.client().await;
    settle(&mut client).await;
    let mut seen = vec![refresh_token(&demo)];
    demo.sim.reset_calls();
    for _ in 0..2 {
        let answer = client.call("profile.sync", json!({})).await;
        assert!(answer.get("result").is_some(), "{answer}");
        let now = refresh_token(&demo);
        assert!(now.is_string(), "a refresh token is stored");
        assert!(!seen.contains(&now), "the rotated refresh token is stored");
        seen.push(now);
    }
    // Every call that carries a token needed a fresh one first.
    let calls = demo.sim.calls();
    let count = |name: &str| calls.get(name).copied().unwrap_or(0);
    assert!(count("Token") >= 2, "{calls:?}");
    assert_eq!(
        count("Token"),
        count("GetProfile") + count("GetActivityHistory"),
        "{calls:?}"
    );
    assert_eq!(state(&mut client).await, "signed_in");
    demo.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rejected_access_token_is_refreshed_once_and_the_call_retried() {
    let demo = Demo::start().await;
    let mut client = demo.client().await;
    let before = refresh_token(&demo);
    demo.sim_post("/sim/faults", json!({"expireTokens": true}))
        .await;
    demo.sim.reset_calls();
    let answer = client.call("profile.sync", json!({})).await;
    assert!(answer.get("result").is_some(), "{answer}");
    let calls = demo.sim.calls();
    assert_eq!(calls.get("Token"), Some(&1), "{calls:?}");
    assert_ne!(refresh_token(&demo), before);
    assert_eq!(state(&mut client).await, "signed_in");
    demo.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_revoked_authorization_signs_out_and_every_client_is_told() {
    let demo = Demo::start().await;
    let mut client = demo.client().await;
    demo.sim_post("/sim/revoke", json!({})).await;
    let answer = client.call("profile.sync", json!({})).await;
    assert_eq!(answer["error"]["data"]["reason"], "signed_out", "{answer}");
    let changed = client
        .wait_event("session.changed", SOON)
        .await
        .expect("session.changed");
    assert_eq!(changed["params"]["state"], "signed_out", "{changed}");
    assert_eq!(state(&mut client).await, "signed_out");
    // The store still answers.
    let snapshot = client.call("profile.snapshot", json!({})).await;
    assert!(
        snapshot["result"]["rev"].as_u64().unwrap_or(0) > 0,
        "{snapshot}"
    );
    demo.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn maintenance_is_reported_and_the_daemon_recovers_by_itself() {
    let demo = Demo::start().await;
    let mut client = demo.client().await;
    demo.sim_post("/sim/faults", json!({"maintenance": true}))
        .await;
    demo.daemon.daemon.sync.wake();
    let changed = client
        .wait_event("session.changed", SOON)
        .await
        .expect("session.changed");
    assert_eq!(changed["params"]["state"], "maintenance", "{changed}");
    assert_eq!(state(&mut client).await, "maintenance");
    let snapshot = client.call("profile.snapshot", json!({})).await;
    assert!(
        !snapshot["result"]["items"]
            .as_array()
            .is_none_or(Vec::is_empty),
        "the store still answers: {snapshot}"
    );
    demo.sim_post("/sim/faults", json!({})).await;
    // No request from us: the poll loop retries on its own.
    let back = client
        .wait_event("session.changed", SOON)
        .await
        .expect("recovered without help");
    assert_eq!(back["params"]["state"], "signed_in", "{back}");
    assert_eq!(state(&mut client).await, "signed_in");
    demo.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_request_goes_out_before_the_throttle_seconds_have_passed() {
    let demo = Demo::start().await;
    let mut client = demo.client().await;
    settle(&mut client).await;
    // 36 ThrottleLimitExceededMomentarily: the simulator asks for 10 seconds.
    demo.sim_post("/sim/faults", json!({"errorRate": 1.0, "errorCodes": [36]}))
        .await;
    demo.sim.reset_calls();
    let syncing = tokio::spawn(async move {
        let answer = client.call("profile.sync", json!({})).await;
        (client, answer)
    });
    for _ in 0..200 {
        if demo.sim.calls().contains_key("GetProfile") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    assert_eq!(demo.sim.calls().get("GetProfile"), Some(&1));
    demo.sim_post("/sim/faults", json!({})).await;
    // Real time: the daemon talks to the simulator over real HTTP, where a paused clock would
    // fire the HTTP client's timeouts at once.
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert_eq!(
        demo.sim.calls().get("GetProfile"),
        Some(&1),
        "a request went out during the throttle"
    );
    let (_client, answer) = tokio::time::timeout(Duration::from_secs(20), syncing)
        .await
        .expect("the sync finishes after the throttle")
        .expect("the task");
    assert!(answer.get("result").is_some(), "{answer}");
    assert_eq!(demo.sim.calls().get("GetProfile"), Some(&2));
    demo.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_in_game_move_is_exactly_one_moved_change_and_an_unchanged_poll_is_silent() {
    let demo = Demo::start().await;
    let mut client = demo.client().await;
    let character = first_character(&mut client).await;
    let id = vault_weapon(&mut client).await;
    let moved = demo
        .sim_post("/sim/game/move", json!({"itemId": id, "to": character}))
        .await;
    assert_eq!(moved["ErrorCode"], 1, "{moved}");
    let rev_before = client.call("profile.snapshot", json!({})).await["result"]["rev"]
        .as_u64()
        .expect("rev");
    let synced = client.call("profile.sync", json!({})).await;
    // The move, and the mover's character: moving items in game is playing (dateLastPlayed).
    assert_eq!(synced["result"]["changed"], 2, "{synced}");
    let event = client
        .wait_event("inventory.changed", SOON)
        .await
        .expect("inventory.changed");
    let changes = event["params"]["changes"].as_array().expect("changes");
    let moves: Vec<&Value> = changes.iter().filter(|c| c["kind"] == "moved").collect();
    assert_eq!(moves.len(), 1, "{event}");
    assert_eq!(moves[0]["id"], json!(id), "{event}");
    assert_eq!(moves[0]["to"]["characterId"], json!(character), "{event}");
    assert!(
        changes
            .iter()
            .all(|c| c["kind"] == "moved" || c["kind"] == "character"),
        "{event}"
    );
    let rev_after = event["params"]["rev"].as_u64().expect("rev");
    assert_eq!(rev_after, rev_before + 2, "{event}");
    // Nothing changed in the game: nothing is written, nothing is sent.
    let again = client.call("profile.sync", json!({})).await;
    assert_eq!(again["result"]["changed"], 0, "{again}");
    assert_eq!(again["result"]["rev"], json!(rev_after), "{again}");
    assert_quiet(&mut client, "inventory.changed").await;
    demo.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stale_profile_never_moves_an_item_back() {
    let demo = Demo::start().await;
    let mut client = demo.client().await;
    let character = first_character(&mut client).await;
    let id = vault_weapon(&mut client).await;
    // The simulator keeps the profile it served before the move, and serves it when stale.
    let moved = client
        .call("items.transfer", json!({"id": id, "to": character}))
        .await;
    assert_eq!(moved["result"]["ok"], true, "{moved}");
    client.wait_event("inventory.changed", SOON).await;
    demo.sim_post("/sim/faults", json!({"staleProfile": true}))
        .await;
    demo.sim.reset_calls();
    let synced = client.call("profile.sync", json!({})).await;
    assert_eq!(synced["result"]["changed"], 0, "{synced}");
    assert_eq!(demo.sim.calls().get("GetProfile"), Some(&1));
    let stored = client.call("items.get", json!({"id": id})).await;
    assert_eq!(
        stored["result"]["location"]["characterId"],
        json!(character),
        "{stored}"
    );
    assert_quiet(&mut client, "inventory.changed").await;
    demo.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_activity_completion_is_reported_once_also_across_a_restart() {
    let demo = Demo::start().await;
    let mut client = demo.client().await;
    let character = first_character(&mut client).await;
    start_activity(&demo.sim, &character, 10);
    client.call("profile.sync", json!({})).await;
    let started = client
        .wait_event("activity.started", SOON)
        .await
        .expect("activity.started");
    assert_eq!(
        started["params"]["characterId"],
        json!(character),
        "{started}"
    );
    let finished = demo
        .sim_post("/sim/game/activity", json!({"characterId": character}))
        .await;
    assert_eq!(finished["ErrorCode"], 1, "{finished}");
    client.call("profile.sync", json!({})).await;
    let completed = client
        .wait_event("activity.completed", SOON)
        .await
        .expect("activity.completed");
    let params = &completed["params"];
    assert_eq!(params["characterId"], json!(character), "{completed}");
    for field in ["kills", "deaths", "assists"] {
        assert!(params[field].is_u64(), "{field}: {completed}");
    }
    assert!(
        params["durationSeconds"].as_u64().unwrap_or(0) >= 590,
        "{completed}"
    );
    assert!(params["activity"].as_str().is_some_and(|a| !a.is_empty()));
    client.call("profile.sync", json!({})).await;
    assert_quiet(&mut client, "activity.completed").await;

    // Stopped: one more activity ends meanwhile. The restarted daemon starts in maintenance so the
    // client is listening before its first successful poll.
    let stopped = demo.stop_daemon().await;
    start_activity(&stopped.sim, &character, 5);
    let finished = stopped
        .sim_post("/sim/game/activity", json!({"characterId": character}))
        .await;
    assert_eq!(finished["ErrorCode"], 1, "{finished}");
    stopped
        .sim_post("/sim/faults", json!({"maintenance": true}))
        .await;
    let demo = stopped.start_daemon().await;
    let mut client = demo.client().await;
    demo.sim_post("/sim/faults", json!({})).await;
    let synced = client.call("profile.sync", json!({})).await;
    assert!(synced.get("result").is_some(), "{synced}");
    let completed = client
        .wait_event("activity.completed", SOON)
        .await
        .expect("the completion that happened while stopped");
    assert_eq!(completed["params"]["characterId"], json!(character));
    client.call("profile.sync", json!({})).await;
    assert_quiet(&mut client, "activity.completed").await;
    demo.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_restart_serves_the_stored_state_before_the_first_poll() {
    let demo = Demo::start().await;
    let mut client = demo.client().await;
    let before = client.call("profile.snapshot", json!({})).await["result"].clone();
    let stopped = demo.stop_daemon().await;
    stopped
        .sim_post("/sim/faults", json!({"maintenance": true}))
        .await;
    stopped.sim.reset_calls();
    let demo = stopped.start_daemon().await;
    let mut client = demo.client().await;
    let after = client.call("profile.snapshot", json!({})).await["result"].clone();
    assert_eq!(after["rev"], before["rev"]);
    assert_eq!(after["items"], before["items"]);
    assert_eq!(after["characters"].as_array().map(Vec::len), Some(3));
    // Bungie answered nothing meanwhile (its first poll met the maintenance): the store did. The
    // first poll runs once the session loop has taken up the stored session, just after start.
    let mut seen = state(&mut client).await;
    for _ in 0..200 {
        if seen == "maintenance" {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(25)).await;
        seen = state(&mut client).await;
    }
    assert_eq!(seen, "maintenance");
    demo.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_manifest_version_is_downloaded_and_swapped_in() {
    let Some(data) =
        crate::support::bungie_data("a_new_manifest_version_is_downloaded_and_swapped_in")
    else {
        return;
    };
    let demo = Demo::start().await;
    let installed = demo.daemon.daemon.manifest.version().expect("a manifest");
    // A second Bungie whose world holds other definitions, hence another manifest version.
    let other = vault_raider_sim::start(SimConfig {
        port: 0,
        pacing: false,
        profile: Some(data.join("responses/GetProfile-full-2021-05-28.json")),
        ..SimConfig::default()
    })
    .await
    .expect("the second simulator starts");
    let newer = other.world().lock().expect("the world").manifest_version();
    assert_ne!(newer, installed);
    let config = vault_raider::config::Config {
        bungie_url: other.base_url(),
        api_key: Some(SimConfig::default().api_key),
        client_id: Some(SimConfig::default().client_id),
        ..vault_raider::config::Config::default()
    };
    let scratch = tempfile::tempdir().expect("a temporary directory");
    let parts = vault_raider::runtime::bungie_setup::connect(&config, scratch.path(), false)
        .expect("a client");
    let steps = std::sync::atomic::AtomicU32::new(0);
    vault_raider::runtime::bungie_setup::update_manifest(
        &parts.client,
        &demo.daemon.daemon.manifest,
        &|_| {
            steps.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        },
    )
    .await
    .expect("the update installs");
    assert_eq!(demo.daemon.daemon.manifest.version(), Some(newer.clone()));
    assert!(
        steps.load(std::sync::atomic::Ordering::Relaxed) > 0,
        "progress was reported"
    );
    // Up to date now: no second download.
    other.reset_calls();
    vault_raider::runtime::bungie_setup::update_manifest(
        &parts.client,
        &demo.daemon.daemon.manifest,
        &|_| {},
    )
    .await
    .expect("nothing to do");
    assert_eq!(other.calls().get("ManifestDownload"), None);
    other.shutdown().await;
    demo.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_activity_that_began_and_ended_between_two_polls_is_still_reported() {
    let demo = Demo::start().await;
    let mut client = demo.client().await;
    let character = first_character(&mut client).await;
    start_activity(&demo.sim, &character, 12);
    // No poll sees it running: it finishes before the next sync.
    let finished = demo
        .sim_post("/sim/game/activity", json!({"characterId": character}))
        .await;
    assert_eq!(finished["ErrorCode"], 1, "{finished}");
    client.call("profile.sync", json!({})).await;
    let completed = client
        .wait_event("activity.completed", SOON)
        .await
        .expect("activity.completed although no poll saw the activity running");
    assert_eq!(
        completed["params"]["characterId"],
        json!(character),
        "{completed}"
    );
    assert!(
        client
            .wait_event("activity.started", std::time::Duration::from_millis(200))
            .await
            .is_none(),
        "no start was seen, so none is reported"
    );
    demo.stop().await;
}
