//! The daemon against a simulator that behaves like the real Bungie.net between polls: with a
//! client connected, the game's own changes reach it within one poll; a played activity is
//! reported soon after its end while orbit and social spaces are not; and every Bungie response
//! is compressed.
//!
//! The activity run plays 5 s in CI; `VR_ACTIVITY_SECONDS=60` is the full run.

// Not run under Wine (scripts/test-windows.sh runs this crate's Windows modules only).
#![cfg(not(windows))]

use crate::support::demo::{Demo, DemoOptions};
use serde_json::{Value, json};
use std::time::{Duration, Instant};
use vault_raider_sim::SimConfig;

/// One active poll (20 s) and room for a loaded machine.
const ONE_POLL: Duration = Duration::from_secs(25);
/// How soon after its end an activity's completion must be reported.
const AFTER_THE_END: Duration = Duration::from_secs(45);

/// Starts or finishes (`action`) an activity of `character` in the simulator's game, which
/// accepts it.
async fn game_activity(demo: &Demo, character: &str, action: &str) {
    let answer = demo
        .sim_post(
            "/sim/game/activity",
            json!({"characterId": character, "action": action}),
        )
        .await;
    assert_eq!(answer["ErrorCode"], 1, "{action}: {answer}");
}
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_in_game_move_reaches_a_connected_client_within_one_poll() {
    let demo = Demo::start().await;
    let mut client = demo.client().await;
    let truth = demo.sim_state().await;
    let item = truth["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|i| i["location"] == "character" && i["equipped"] == false && i["itemId"].is_string())
        .expect("an unequipped item on a character")["itemId"]
        .as_str()
        .expect("an id")
        .to_string();
    let moved = demo
        .sim_post("/sim/game/move", json!({"itemId": item, "to": "vault"}))
        .await;
    assert_eq!(moved["ErrorCode"], 1, "{moved}");
    let started = Instant::now();
    // No forced sync: only the poll loop, which a connected client keeps at 20 s.
    let mut seen = false;
    while started.elapsed() < ONE_POLL && !seen {
        let Some(event) = client
            .wait_event(
                "inventory.changed",
                ONE_POLL.saturating_sub(started.elapsed()),
            )
            .await
        else {
            break;
        };
        seen = event["params"]["changes"]
            .as_array()
            .is_some_and(|changes| changes.iter().any(|c| c["id"] == json!(item)));
    }
    assert!(
        seen,
        "the in-game move of {item} reached the client within {ONE_POLL:?} (waited {:?})",
        started.elapsed()
    );
    demo.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_played_activity_is_reported_soon_after_its_end_and_orbit_is_not_an_activity() {
    let play = Duration::from_secs(
        std::env::var("VR_ACTIVITY_SECONDS")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(5),
    );
    let demo = Demo::start().await;
    let mut client = demo.client().await;
    let snapshot = client.call("profile.snapshot", json!({})).await;
    let character = snapshot["result"]["characters"][0]["characterId"]
        .as_str()
        .expect("a character")
        .to_string();
    game_activity(&demo, &character, "start").await;
    let started = client
        .wait_event("activity.started", ONE_POLL)
        .await
        .expect("activity.started within one poll");
    assert_ne!(started["params"]["activity"], "Orbit", "{started}");
    tokio::time::sleep(play).await;
    game_activity(&demo, &character, "finish").await;
    let ended = Instant::now();
    // Between activities the character is in orbit (or a social space), as GetProfile shows.
    let activities =
        demo.sim
            .world()
            .lock()
            .expect("the world")
            .profile_json(&[204], true, chrono::Utc::now());
    let now_in = &activities["characterActivities"]["data"][&character]["currentActivityHash"];
    assert!(
        *now_in == json!(82_913_930u32) || *now_in == json!(3_903_562_779u32),
        "online between activities means orbit or the Tower: {now_in}"
    );
    let completed = client
        .wait_event("activity.completed", AFTER_THE_END)
        .await
        .expect("activity.completed within 45 s of the end");
    assert_eq!(completed["params"]["characterId"], json!(character));
    assert!(ended.elapsed() <= AFTER_THE_END, "{:?}", ended.elapsed());
    // Another poll while in orbit: no activity starts.
    let sync = client.call("profile.sync", json!({})).await;
    assert!(sync.get("result").is_some(), "{sync}");
    assert!(
        client
            .wait_event("activity.started", Duration::from_millis(500))
            .await
            .is_none(),
        "orbit was reported as an activity"
    );
    demo.stop().await;
}

/// Bytes of one poll's GetProfile, uncompressed and as sent, for the sample or the large account.
async fn bytes_per_poll(large: bool) -> (u64, u64) {
    let demo = Demo::start_with(DemoOptions {
        sim: SimConfig {
            pacing: false,
            clock: false,
            large,
            ..SimConfig::default()
        },
        desktop: false,
    })
    .await;
    let mut client = demo.client().await;
    demo.sim_post("/sim/traffic/reset", json!({})).await;
    let sync = client.call("profile.sync", json!({})).await;
    assert!(sync.get("result").is_some(), "{sync}");
    let traffic = demo.sim_get("/sim/traffic").await;
    let profile = &traffic["GetProfile"];
    assert_eq!(profile["responses"], 1, "{traffic}");
    let bytes = (
        profile["uncompressedBytes"].as_u64().expect("bytes"),
        profile["sentBytes"].as_u64().expect("bytes"),
    );
    demo.stop().await;
    bytes
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_bungie_response_the_daemon_reads_comes_compressed() {
    for (name, large) in [("sample", false), ("large", true)] {
        let (plain, sent) = bytes_per_poll(large).await;
        eprintln!("bytes per poll, {name} account: {plain} uncompressed, {sent} as sent");
        assert!(
            sent * 4 < plain,
            "GetProfile of the {name} account was sent compressed: {sent} of {plain} bytes"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_manifest_is_installed_while_running_when_an_unknown_item_shows_up() {
    // A manifest of a few MB, so its download comes in many pieces.
    let demo = Demo::start_with(DemoOptions {
        sim: SimConfig {
            manifest_size_mb: 3,
            pacing: false,
            clock: false,
            ..SimConfig::default()
        },
        ..DemoOptions::default()
    })
    .await;
    let mut client = demo.client().await;
    let installed = demo.daemon.daemon.manifest.version();
    let bumped = demo.sim_post("/sim/manifest/bump", json!({})).await;
    assert_eq!(bumped["ErrorCode"], 1, "{bumped}");
    let id = bumped["Response"]["itemInstanceId"]
        .as_str()
        .expect("the new item's id")
        .to_string();
    let synced = client.call("profile.sync", json!({})).await;
    assert!(synced.get("result").is_some(), "{synced}");
    // The unknown item asks for a manifest check; the new version is installed and the item
    // re-resolved, without a restart.
    let deadline = Instant::now() + Duration::from_secs(20);
    let mut item = Value::Null;
    while Instant::now() < deadline {
        item = client.call("items.get", json!({"id": id})).await;
        let name = item["result"]["name"].as_str().unwrap_or("");
        if !name.is_empty() && !name.starts_with("Unknown item") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
    let name = item["result"]["name"].as_str().unwrap_or("");
    assert!(name.contains("(Season"), "the new item is named: {item}");
    // Clients learn the new name from an `updated` change, with no snapshot. The store answers
    // `items.get` as soon as it committed, so the event may still be on its way.
    let renaming = |event: &Value| {
        event["params"]["changes"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|c| {
                c["kind"] == "updated" && c["id"] == json!(id) && c["fields"]["name"].is_string()
            })
            .cloned()
    };
    let deadline = Instant::now() + Duration::from_secs(10);
    let mut renamed = None;
    while renamed.is_none() {
        let within = deadline.saturating_duration_since(Instant::now());
        let Some(event) = client.wait_event("inventory.changed", within).await else {
            break;
        };
        renamed = renaming(&event);
    }
    let renamed = renamed.unwrap_or_else(|| panic!("an `updated` change names item {id}"));
    assert_eq!(renamed["fields"]["name"], json!(name), "{renamed}");
    assert_eq!(renamed["fields"]["equippable"], true, "{renamed}");
    assert_ne!(demo.daemon.daemon.manifest.version(), installed);
    let character =
        client.call("profile.snapshot", json!({})).await["result"]["characters"][0]["characterId"]
            .as_str()
            .expect("a character")
            .to_string();
    let equipped = client
        .call("items.equip", json!({"id": id, "characterId": character}))
        .await;
    assert_eq!(
        equipped["result"]["ok"], true,
        "the new item is equippable: {equipped}"
    );
    // Every client saw it happen in `sync.status`: the download's progress, the install, then
    // the new version current; `session.status` says the same afterwards.
    let new_version = demo.daemon.daemon.manifest.version().expect("a version");
    let reports: Vec<Value> = client
        .received("sync.status")
        .iter()
        .filter_map(|e| e["params"].get("manifest").cloned())
        .filter(|m| m["version"] == new_version.as_str())
        .collect();
    let states: Vec<&str> = reports.iter().filter_map(|m| m["state"].as_str()).collect();
    let downloading: Vec<&Value> = reports
        .iter()
        .filter(|m| m["state"] == "downloading")
        .collect();
    assert!(downloading.len() >= 2, "download progress: {reports:?}");
    let total = downloading[0]["totalBytes"].as_u64().expect("the size");
    assert!(total > 3_000_000, "{total}");
    let bytes: Vec<u64> = downloading
        .iter()
        .filter_map(|m| m["bytes"].as_u64())
        .collect();
    assert!(bytes.windows(2).all(|w| w[0] <= w[1]), "{bytes:?}");
    assert!(bytes.iter().all(|b| *b <= total), "{bytes:?}");
    let first = |state: &str| states.iter().position(|s| *s == state);
    assert!(
        first("downloading") < first("installing") && first("installing") < first("current"),
        "{states:?}"
    );
    let status = client.call("session.status", json!({})).await;
    assert_eq!(status["result"]["manifest"]["state"], "current", "{status}");
    assert_eq!(
        status["result"]["manifest"]["version"],
        new_version.as_str(),
        "{status}"
    );
    demo.stop().await;
}
