//! The desktop pieces of a real daemon, driven by the simulator: what the notifier sends when a
//! character finishes an activity, when a postmaster fills and when a client asks to pair, and a
//! quick loadout clicked in the tray menu equipped in the game.
//! Run under `dbus-run-session -- cargo test -p vault-raider --test desktop with_the_daemon::` (skips without a bus).
#![cfg(all(feature = "tray", target_os = "linux"))]

use crate::support::demo::{Demo, DemoOptions};
use crate::support::desktop::tray_menu::{click, find, layout_when};
use crate::support::desktop::{
    BUS_TURN, Received, serve_notifications, session_bus_or_skip, wait_for,
};
use serde_json::{Value, json};
use std::time::Duration;

/// Waits until a notification whose summary or body contains `needle` has arrived.
async fn notification_with(received: &Received, needle: &str) -> crate::support::desktop::Shown {
    for _ in 0..100 {
        let shown = wait_for(received, 0).await;
        if let Some(found) = shown
            .iter()
            .find(|s| s.summary.contains(needle) || s.body.contains(needle))
        {
            return found.clone();
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!(
        "no notification mentions {needle:?}: {:?}",
        wait_for(received, 0).await
    );
}

/// This test's turn on the session bus, a notification server there recording what it is sent,
/// and a demo daemon with its desktop pieces; `None` (the test skips) without a session bus.
async fn desktop_demo(
    test: &str,
) -> Option<(
    tokio::sync::MutexGuard<'static, ()>,
    zbus::Connection,
    Received,
    Demo,
)> {
    if !session_bus_or_skip(test) {
        return None;
    }
    // One notification server on the bus at a time.
    let turn = BUS_TURN.lock().await;
    let (server, received) = serve_notifications().await;
    let demo = Demo::start_with(DemoOptions {
        desktop: true,
        ..DemoOptions::default()
    })
    .await;
    Some((turn, server, received, demo))
}

/// The simulator's item with this instance id.
async fn truth(demo: &Demo, id: &str) -> Value {
    let state = demo.sim_state().await;
    state["items"]
        .as_array()
        .and_then(|items| items.iter().find(|i| i["itemId"] == json!(id)).cloned())
        .unwrap_or_else(|| panic!("{id} is not in the simulator"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_simulator_drives_notifications_and_a_tray_click_equips_a_loadout_in_the_game() {
    let Some((_turn, _server, received, demo)) = desktop_demo(
        "the_simulator_drives_notifications_and_a_tray_click_equips_a_loadout_in_the_game",
    )
    .await
    else {
        return;
    };
    let mut client = demo.client().await;
    let snapshot = client.call("profile.snapshot", json!({})).await;
    let warlock = crate::support::demo::character_of(&snapshot["result"], "warlock");

    // An activity finishes in the game: the notification tells its result.
    crate::support::demo::start_activity(&demo.sim, &warlock, 20);
    client.call("profile.sync", json!({})).await;
    let finished = demo
        .sim_post("/sim/game/activity", json!({"characterId": warlock}))
        .await;
    assert_eq!(finished["ErrorCode"], 1, "{finished}");
    client.call("profile.sync", json!({})).await;
    let completed = client
        .wait_event("activity.completed", Duration::from_secs(10))
        .await
        .expect("activity.completed");
    let activity = completed["params"]["activity"]
        .as_str()
        .expect("an activity name")
        .to_string();
    let shown = notification_with(&received, &activity).await;
    assert_eq!(shown.app_name, "Vault Raider");
    let kills = completed["params"]["kills"].as_u64().expect("kills");
    assert!(
        shown.body.contains(&format!("{kills} kills"))
            || shown.summary.contains(&format!("{kills} kills")),
        "{shown:?}"
    );

    // With the guard off, the postmaster fills past 18 of 21 and the player is warned.
    let guard_off = client
        .call(
            "postmaster.setGuard",
            json!({"characterId": warlock, "enabled": false}),
        )
        .await;
    assert!(guard_off.get("result").is_some(), "{guard_off}");
    let filled = demo
        .sim_post(
            "/sim/game/postmaster",
            json!({"characterId": warlock, "count": 19}),
        )
        .await;
    assert!(filled.get("error").is_none(), "{filled}");
    client.call("profile.sync", json!({})).await;
    let postmaster = notification_with(&received, "of 21").await;
    assert!(
        postmaster.summary.to_lowercase().contains("postmaster")
            || postmaster.body.to_lowercase().contains("postmaster"),
        "{postmaster:?}"
    );
    // With the guard back on, it pulls what it can and says what it did, in one notification.
    let guard_on = client
        .call(
            "postmaster.setGuard",
            json!({"characterId": warlock, "enabled": true, "threshold": 16}),
        )
        .await;
    assert!(guard_on.get("result").is_some(), "{guard_on}");
    let guarded = notification_with(&received, "Postmaster guard").await;
    assert!(guarded.body.contains("Pulled"), "{guarded:?}");

    // A client asks to pair: the code is shown.
    let mut stranger = crate::support::demo::Client::connect(demo.daemon.port).await;
    let asked = stranger
        .call(
            "pairing.request",
            json!({"client": {"name": "Chromium", "kind": "extension", "version": "1"}}),
        )
        .await;
    assert!(asked.get("result").is_some(), "{asked}");
    let pending = client.call("pairing.pending", json!({})).await;
    let code = pending["result"][0]["code"]
        .as_str()
        .expect("a code")
        .to_string();
    notification_with(&received, &code).await;

    // Save the warlock's gear as "Raid", change its kinetic weapon, then click "Raid" in the tray.
    let saved = client
        .call(
            "loadouts.save",
            json!({"name": "Raid", "characterId": warlock}),
        )
        .await;
    assert!(saved.get("result").is_some(), "{saved}");
    let equipped = client
        .call(
            "items.search",
            json!({"query": format!("is:kinetic is:equipped is:warlock")}),
        )
        .await;
    let original = equipped["result"]["items"]
        .as_array()
        .and_then(|items| {
            items
                .iter()
                .find(|i| i["location"]["characterId"] == json!(warlock))
                .cloned()
        })
        .or_else(|| {
            snapshot["result"]["items"].as_array().and_then(|items| {
                items
                    .iter()
                    .find(|i| {
                        i["bucket"] == "kinetic"
                            && i["equipped"] == true
                            && i["location"]["characterId"] == json!(warlock)
                    })
                    .cloned()
            })
        })
        .expect("the warlock's kinetic weapon");
    let original_id = original["id"].as_str().expect("an id").to_string();
    let spare = client
        .call(
            "items.search",
            json!({"query": "is:kinetic is:invault is:legendary", "limit": 1}),
        )
        .await;
    let spare_id = spare["result"]["items"][0]["id"]
        .as_str()
        .expect("a legendary kinetic weapon in the vault")
        .to_string();
    let swapped = client
        .call(
            "items.equip",
            json!({"id": spare_id, "characterId": warlock}),
        )
        .await;
    assert_eq!(swapped["result"]["ok"], true, "{swapped}");
    assert_eq!(truth(&demo, &original_id).await["equipped"], false);

    let connection = zbus::Connection::session().await.expect("a session bus");
    let (name, entries) = layout_when(&connection, |e| find(e, "Raid").is_some()).await;
    let raid =
        find(&entries, "Raid").unwrap_or_else(|| panic!("no Raid in the tray: {entries:#?}"));
    assert_eq!(raid.parents, vec!["Warlock — Quick loadouts".to_string()]);
    click(&connection, &name, raid.id).await;
    let mut back = false;
    for _ in 0..100 {
        if truth(&demo, &original_id).await["equipped"] == true {
            back = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(
        back,
        "the tray's Raid loadout re-equipped {original_id} in the simulator"
    );
    notification_with(&received, "Raid").await;
    demo.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bounties_completed_in_the_game_are_one_notification() {
    let Some((_turn, _server, received, demo)) =
        desktop_demo("bounties_completed_in_the_game_are_one_notification").await
    else {
        return;
    };
    let mut client = demo.client().await;
    let listed = client
        .call("progress.list", json!({"kinds": ["bounties"]}))
        .await;
    let bounties: Vec<Value> = listed["result"]["bounties"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .into_iter()
        .filter(|b| b["complete"] == false)
        .collect();
    let character = bounties
        .first()
        .and_then(|b| b["characterId"].as_str())
        .expect("an incomplete bounty")
        .to_string();
    let mine: Vec<&Value> = bounties
        .iter()
        .filter(|b| b["characterId"] == character.as_str())
        .take(2)
        .collect();
    assert_eq!(
        mine.len(),
        2,
        "two incomplete bounties on one character: {listed}"
    );
    // Both finish in the game between two polls.
    for bounty in &mine {
        for objective in bounty["objectives"].as_array().into_iter().flatten() {
            let set = demo
                .sim_post(
                    "/sim/game/progress",
                    json!({
                        "itemId": bounty["id"],
                        "objectiveHash": objective["hash"],
                        "progress": objective["completionValue"],
                    }),
                )
                .await;
            assert_eq!(set["ErrorCode"], 1, "{set}");
        }
    }
    client.call("profile.sync", json!({})).await;
    let changed = client
        .wait_event("progress.changed", Duration::from_secs(10))
        .await
        .expect("progress.changed");
    let completed = changed["params"]["completed"]
        .as_array()
        .expect("completed");
    assert_eq!(completed.len(), 2, "{changed}");
    let shown = notification_with(&received, "2 pursuits complete").await;
    for bounty in &mine {
        let name = bounty["name"].as_str().expect("a name");
        assert!(shown.body.contains(name), "{name} in {}", shown.body);
    }
    assert!(shown.body.contains("Bounty complete"), "{}", shown.body);
    demo.stop().await;
}
