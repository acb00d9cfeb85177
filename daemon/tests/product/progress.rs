//! Progress and activity reports end to end, against the simulator through the protocol: play an
//! activity, see the bounties it advanced (`progress.changed`, `items.get`), the completion read
//! from the carnage report past its not-found window (`activity.completed` with precision kills,
//! score and the fireteam), track a pursuit in game, read the history and the lifetime figures,
//! and find pursuits by search. One profile request per poll still.

// Not run under Wine (scripts/test-windows.sh runs this crate's Windows modules only).
#![cfg(not(windows))]

use crate::support::demo::{Client, Demo, DemoOptions, character_of};
use serde_json::{Value, json};
use std::time::{Duration, Instant};
use vault_raider_sim::SimConfig;

/// The simulator's carnage reports appear this long after an activity ends.
const PGCR_DELAY: Duration = Duration::from_secs(4);

async fn start() -> Demo {
    Demo::start_with(DemoOptions {
        sim: SimConfig {
            pacing: false,
            clock: false,
            pgcr_delay: PGCR_DELAY,
            ..SimConfig::default()
        },
        desktop: false,
    })
    .await
}

fn list(result: &Value, key: &str) -> Vec<Value> {
    result[key].as_array().cloned().unwrap_or_default()
}

fn progress_sum(item: &Value) -> i64 {
    item["objectives"]
        .as_array()
        .map(|o| o.iter().filter_map(|x| x["progress"].as_i64()).sum())
        .unwrap_or(0)
}

/// Plays an activity on `character` and syncs until the daemon sees it end.
async fn play(demo: &Demo, client: &mut Client, character: &str) {
    crate::support::demo::start_activity(&demo.sim, character, 12);
    client.call("profile.sync", json!({})).await;
    let finished = demo
        .sim_post("/sim/game/activity", json!({"characterId": character}))
        .await;
    assert_eq!(finished["ErrorCode"], 1, "{finished}");
    client.call("profile.sync", json!({})).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn progress_lists_quests_bounties_and_milestones_with_their_definitions() {
    let demo = start().await;
    let mut client = demo.client().await;
    let all = client.call("progress.list", json!({})).await;
    let result = &all["result"];
    let bounties = list(result, "bounties");
    let quests = list(result, "quests");
    let milestones = list(result, "milestones");
    assert!(!bounties.is_empty(), "{all}");
    assert!(!quests.is_empty(), "{all}");
    assert!(!milestones.is_empty(), "{all}");
    for bounty in &bounties {
        assert_eq!(bounty["kind"], "bounty");
        assert!(
            bounty["expiresAt"].is_string(),
            "a bounty expires: {bounty}"
        );
        let objective = &bounty["objectives"][0];
        assert!(
            !objective["description"].as_str().unwrap_or("").is_empty(),
            "named from DestinyObjectiveDefinition: {bounty}"
        );
        assert!(objective["completionValue"].as_i64().unwrap_or(0) > 0);
    }
    let step = quests
        .iter()
        .find(|q| q["step"].is_object())
        .unwrap_or_else(|| panic!("a quest step with its place in its line: {all}"));
    let (n, of) = (
        step["step"]["step"].as_u64().unwrap_or(0),
        step["step"]["steps"].as_u64().unwrap_or(0),
    );
    assert!(n >= 1 && n <= of && of >= 2, "{step}");
    for milestone in &milestones {
        assert_eq!(milestone["kind"], "milestone");
        assert!(
            milestone["id"]
                .as_str()
                .unwrap_or("")
                .starts_with("milestone:")
        );
        assert!(
            milestone["expiresAt"].is_string(),
            "the weekly reset: {milestone}"
        );
        assert!(milestone["rewardEarned"].is_boolean());
    }
    // Filters: one character, one list.
    let character = bounties[0]["characterId"]
        .as_str()
        .expect("a character")
        .to_string();
    let mine = client
        .call(
            "progress.list",
            json!({"characterId": character, "kinds": ["bounties"]}),
        )
        .await;
    assert!(list(&mine["result"], "quests").is_empty());
    assert!(list(&mine["result"], "milestones").is_empty());
    let only = list(&mine["result"], "bounties");
    assert!(!only.is_empty());
    assert!(only.iter().all(|b| b["characterId"] == character.as_str()));
    // items.get carries the objectives; search finds pursuits.
    let id = bounties[0]["id"].as_str().expect("an id");
    let item = client.call("items.get", json!({"id": id})).await;
    assert_eq!(
        item["result"]["objectives"], bounties[0]["objectives"],
        "{item}"
    );
    let found = client
        .call("items.search", json!({"query": "is:bounty"}))
        .await;
    let ids: Vec<&str> = found["result"]["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|i| i["id"].as_str())
        .collect();
    assert_eq!(ids.len(), bounties.len(), "{found}");
    assert!(ids.contains(&id));
    let bad = client
        .call("progress.list", json!({"characterId": "12"}))
        .await;
    assert_eq!(
        bad["error"]["data"]["reason"], "character_not_found",
        "{bad}"
    );
    let unknown = client
        .call("progress.list", json!({"kinds": ["trophies"]}))
        .await;
    assert_eq!(unknown["error"]["code"], -32602, "{unknown}");
    demo.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_activity_moves_bounties_and_its_report_arrives_once_the_pgcr_exists() {
    let demo = start().await;
    let mut client = demo.client().await;
    let snapshot = client.call("profile.snapshot", json!({})).await;
    let before = client.call("progress.list", json!({})).await;
    // The character with the most bounties plays.
    let bounties = list(&before["result"], "bounties");
    let character = bounties
        .iter()
        .filter_map(|b| b["characterId"].as_str())
        .max_by_key(|c| bounties.iter().filter(|b| b["characterId"] == *c).count())
        .map(str::to_string)
        .unwrap_or_else(|| character_of(&snapshot["result"], "titan"));
    let profiles_before = demo.sim_calls("GetProfile").await;
    let syncs_before = demo.sim_calls("GetActivityHistory").await;
    play(&demo, &mut client, &character).await;
    let ended = Instant::now();
    // One profile request per poll, as before (two syncs: two requests).
    assert_eq!(demo.sim_calls("GetProfile").await - profiles_before, 2);
    let changed = client
        .wait_event("progress.changed", Duration::from_secs(10))
        .await
        .expect("progress.changed after the activity");
    let params = &changed["params"];
    assert_eq!(params["characterId"], character.as_str(), "{changed}");
    let moved = params["changed"].as_array().expect("changed");
    assert!(!moved.is_empty(), "{changed}");
    let advanced = moved
        .iter()
        .find(|m| {
            let id = m["id"].as_str().unwrap_or("");
            list(&before["result"], "bounties")
                .iter()
                .chain(list(&before["result"], "quests").iter())
                .chain(list(&before["result"], "milestones").iter())
                .any(|b| {
                    b["id"] == id
                        && b["characterId"] == m["characterId"]
                        && progress_sum(b) < progress_sum(m)
                })
        })
        .unwrap_or_else(|| panic!("an objective moved forward: {changed}"));
    // The item's objectives say the same as the event, and the change was pushed as `updated`.
    if advanced["kind"] != "milestone" {
        let id = advanced["id"].as_str().expect("an id");
        let item = client.call("items.get", json!({"id": id})).await;
        assert_eq!(
            item["result"]["objectives"], advanced["objectives"],
            "{item}"
        );
        let updated = client.received("inventory.changed").iter().any(|e| {
            e["params"]["changes"].as_array().is_some_and(|c| {
                c.iter().any(|c| {
                    c["kind"] == "updated" && c["id"] == id && c["fields"]["objectives"].is_array()
                })
            })
        });
        assert!(updated, "an `updated` change with the objectives");
    }
    // The completion waits for the carnage report (not found for PGCR_DELAY), then has it.
    let completed = client
        .wait_event("activity.completed", Duration::from_secs(60))
        .await
        .expect("activity.completed");
    assert!(
        ended.elapsed() >= PGCR_DELAY - Duration::from_secs(1),
        "waited for the report"
    );
    let p = &completed["params"];
    assert_eq!(p["characterId"], character.as_str(), "{completed}");
    assert!(
        p["pgcrId"]
            .as_str()
            .is_some_and(|s| s.parse::<i64>().is_ok()),
        "{completed}"
    );
    assert!(p["precisionKills"].is_u64(), "{completed}");
    assert!(p["score"].is_i64(), "{completed}");
    assert!(
        p["timePlayedSeconds"].as_u64().unwrap_or(0) > 0,
        "{completed}"
    );
    let fireteam = p["fireteam"].as_array().expect("fireteam");
    assert!(fireteam.len() >= 2, "players met: {completed}");
    assert_eq!(fireteam[0]["isSelf"], true);
    assert!(
        fireteam
            .iter()
            .skip(1)
            .all(|f| f["isSelf"] == false && f["name"].as_str().is_some_and(|n| n.contains('#')))
    );
    assert_eq!(
        fireteam[0]["kills"], p["kills"],
        "the report agrees with the history"
    );
    assert!(
        demo.sim_calls("GetPostGameCarnageReport").await >= 2,
        "retried past not-found"
    );
    assert!(demo.sim_calls("GetActivityHistory").await > syncs_before);
    // The history gives the same activity with the same figures.
    let history = client
        .call(
            "activities.history",
            json!({"characterId": character, "count": 3}),
        )
        .await;
    let newest = &history["result"]["activities"][0];
    assert_eq!(newest["pgcrId"], p["pgcrId"], "{history}");
    assert_eq!(newest["fireteam"], p["fireteam"], "{history}");
    let too_many = client
        .call("activities.history", json!({"count": 500}))
        .await;
    assert_eq!(too_many["error"]["code"], -32602, "{too_many}");
    demo.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tracking_reaches_the_game_and_lifetime_figures_add_up() {
    let demo = start().await;
    let mut client = demo.client().await;
    let all = client.call("progress.list", json!({})).await;
    let bounty = list(&all["result"], "bounties")
        .into_iter()
        .find(|b| b["tracked"] == false)
        .expect("an untracked bounty");
    let id = bounty["id"].as_str().expect("an id").to_string();
    let tracked = client
        .call("progress.track", json!({"id": id, "tracked": true}))
        .await;
    assert_eq!(tracked["result"]["item"]["tracked"], true, "{tracked}");
    assert_eq!(tracked["result"]["bungieCalls"], 1, "{tracked}");
    assert_eq!(
        demo.sim_calls("SetQuestTrackedState").await + demo.sim_calls("SetTrackedState").await,
        1
    );
    // The game has it tracked: the next sync keeps the flag, and asking again costs nothing.
    client.call("profile.sync", json!({})).await;
    let again = client.call("items.get", json!({"id": id})).await;
    assert!(again["result"].is_object(), "{again}");
    let listed = client
        .call("progress.list", json!({"kinds": ["bounties"]}))
        .await;
    let now = list(&listed["result"], "bounties")
        .into_iter()
        .find(|b| b["id"] == id.as_str())
        .expect("still there");
    assert_eq!(now["tracked"], true, "{now}");
    let same = client
        .call("progress.track", json!({"id": id, "tracked": true}))
        .await;
    assert_eq!(same["result"]["bungieCalls"], 0, "{same}");
    // Not a pursuit, and not an item at all.
    let snapshot = client.call("profile.snapshot", json!({})).await;
    let weapon = snapshot["result"]["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|i| i["bucket"] == "kinetic")
        .expect("a weapon")["id"]
        .clone();
    let refused = client
        .call("progress.track", json!({"id": weapon, "tracked": true}))
        .await;
    assert_eq!(refused["error"]["code"], -32602, "{refused}");
    let missing = client
        .call("progress.track", json!({"id": "123", "tracked": true}))
        .await;
    assert_eq!(
        missing["error"]["data"]["reason"], "item_not_found",
        "{missing}"
    );
    // Lifetime figures.
    let stats = client.call("stats.account", json!({})).await;
    let modes = stats["result"]["modes"].as_array().expect("modes");
    assert!(!modes.is_empty(), "{stats}");
    let seconds: Vec<u64> = modes
        .iter()
        .filter_map(|m| m["secondsPlayed"].as_u64())
        .collect();
    assert!(
        seconds.windows(2).all(|w| w[0] >= w[1]),
        "most time played first: {stats}"
    );
    let pve = modes
        .iter()
        .find(|m| m["group"] == "allPvE")
        .expect("allPvE");
    assert!(pve["kills"].as_u64().unwrap_or(0) > 0, "{pve}");
    demo.stop().await;
}
