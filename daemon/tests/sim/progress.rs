//! The simulator's progress and activity reports over real HTTP: the post-game carnage report
//! (1653 until its delay has passed, then the player's own entry agreeing with the history),
//! the account's historical stats, components 301 and 202, the objective and milestone manifest
//! tables, SetTrackedState (the Tracked bit, its errors and pacing) and `/sim/game/progress`.
//! Every answer is checked against its operation in `openapi.json` when the shared data is there.

// Not run under Wine (scripts/test-windows.sh runs this crate's Windows modules only).
#![cfg(not(windows))]

use std::time::Duration;

use crate::support::openapi::SpecChecks;
use crate::support::sim::*;
use reqwest::StatusCode;
use serde_json::{Map, Value, json};
use vault_raider_sim::SimConfig;

/// A signed-in simulator, its primary membership and the spec.
struct Game {
    sim: Sim,
    token: String,
    membership_type: i64,
    membership_id: String,
    spec: SpecChecks,
}

impl Game {
    async fn start(config: SimConfig, test: &str) -> Game {
        let spec = SpecChecks::load(test);
        let sim = Sim::start(config).await;
        let (token, membership_type, membership_id) = sim.sign_in_primary().await;
        Game {
            sim,
            token,
            membership_type,
            membership_id,
            spec,
        }
    }

    /// The first character's id.
    async fn character(&self, n: usize) -> String {
        self.sim.state().await["characters"][n]["characterId"]
            .as_str()
            .expect("a character")
            .to_string()
    }

    /// GetProfile with `components` (with the token), checked against the spec.
    async fn profile(&self, components: &str) -> Value {
        let path = format!(
            "/Destiny2/{}/Profile/{}/?components={components}",
            self.membership_type, self.membership_id
        );
        let (status, body) = self.sim.get(&path, Some(&self.token)).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        self.spec.conforms("Destiny2.GetProfile", &body);
        body
    }

    /// GetPostGameCarnageReport, without a token (the stats service needs none).
    async fn pgcr(&self, id: &str) -> (StatusCode, Value) {
        let path = format!("/Destiny2/Stats/PostGameCarnageReport/{id}/");
        let (status, body) = self.sim.get(&path, None).await;
        if status == StatusCode::OK {
            self.spec
                .conforms("Destiny2.GetPostGameCarnageReport", &body);
        }
        (status, body)
    }

    /// Finishes the character's activity through the control route; the instance id.
    async fn finish(&self, character: &str) -> String {
        let (status, event) = self
            .sim
            .control("/sim/game/activity", json!({ "characterId": character }))
            .await;
        assert_eq!(status, StatusCode::OK, "{event}");
        event["Response"]["instanceId"]
            .as_str()
            .expect("an instance id")
            .to_string()
    }

    /// The character's newest history entry.
    async fn newest(&self, character: &str) -> Value {
        let path = format!(
            "/Destiny2/{}/Account/{}/Character/{character}/Stats/Activities/?count=1",
            self.membership_type, self.membership_id
        );
        let (status, body) = self.sim.get(&path, Some(&self.token)).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        body["Response"]["activities"][0].clone()
    }

    /// Posts SetTrackedState; the answer is checked against the spec.
    async fn track(&self, state: bool, item: &str, character: &str) -> (StatusCode, Value) {
        let body = json!({
            "state": state, "itemId": item, "characterId": character,
            "membershipType": self.membership_type,
        });
        let (status, answer) = self
            .sim
            .post(
                "/Destiny2/Actions/Items/SetTrackedState/",
                &self.token,
                &body.to_string(),
            )
            .await;
        self.spec.conforms("Destiny2.SetQuestTrackedState", &answer);
        (status, answer)
    }

    /// One manifest table from its per-table JSON path.
    async fn table(&self, name: &str) -> Map<String, Value> {
        self.sim.manifest_table(name).await
    }
}

/// A config with the PGCR delay given.
fn config_with_delay(delay: Duration) -> SimConfig {
    SimConfig {
        pgcr_delay: delay,
        ..config()
    }
}

/// The items of component 301 with objectives, as (item id, first objective hash).
fn objective_items(profile: &Value) -> Vec<(String, u64)> {
    profile["Response"]["itemComponents"]["objectives"]["data"]
        .as_object()
        .expect("objectives data")
        .iter()
        .map(|(id, c)| {
            (
                id.clone(),
                c["objectives"][0]["objectiveHash"].as_u64().expect("hash"),
            )
        })
        .collect()
}

/// The `state` of an item in the profile's character inventories.
fn item_state(profile: &Value, character: &str, id: &str) -> i64 {
    profile["Response"]["characterInventories"]["data"][character]["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|i| i["itemInstanceId"] == id)
        .and_then(|i| i["state"].as_i64())
        .expect("the item is in the inventory")
}

#[tokio::test]
async fn the_pgcr_is_not_found_until_its_delay_has_passed_then_agrees_with_the_history() {
    let game = Game::start(
        config_with_delay(Duration::from_secs(2)),
        "the_pgcr_is_not_found_until_its_delay_has_passed_then_agrees_with_the_history",
    )
    .await;
    let character = game.character(0).await;
    let id = game.finish(&character).await;
    let (status, body) = game.pgcr(&id).await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
    assert_error(&body, 1653, "DestinyPGCRNotFound");
    tokio::time::sleep(Duration::from_millis(2100)).await;
    let (status, report) = game.pgcr(&id).await;
    assert_eq!(status, StatusCode::OK, "{report}");
    let history = game.newest(&character).await;
    let report = &report["Response"];
    assert_eq!(report["activityDetails"], history["activityDetails"]);
    assert_eq!(report["activityDetails"]["instanceId"], id);
    assert_eq!(report["period"], history["period"]);
    let entries = report["entries"].as_array().expect("entries");
    assert!((3..=6).contains(&entries.len()), "{}", entries.len());
    let own = &entries[0];
    assert_eq!(own["characterId"], character);
    for stat in [
        "kills",
        "deaths",
        "assists",
        "completed",
        "activityDurationSeconds",
        "timePlayedSeconds",
        "killsDeathsRatio",
        "score",
    ] {
        assert_eq!(
            own["values"][stat]["basic"], history["values"][stat]["basic"],
            "{stat}"
        );
    }
    let user = &own["player"]["destinyUserInfo"];
    assert_eq!(user["membershipId"], game.membership_id);
    assert!(user["bungieGlobalDisplayNameCode"].is_i64());
    assert!(
        own["extended"]["values"]["precisionKills"]["basic"]["value"]
            .as_f64()
            .is_some_and(|p| p
                <= history["values"]["kills"]["basic"]["value"]
                    .as_f64()
                    .unwrap_or(0.0))
    );
    // The other players stay the same from one call to the next.
    let (_, again) = game.pgcr(&id).await;
    assert_eq!(&again["Response"], report);

    let (status, unknown) = game.pgcr("123").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_error(&unknown, 1653, "DestinyPGCRNotFound");
    let (status, bad) = game.pgcr("not-a-number").await;
    assert_ne!(status, StatusCode::OK);
    assert_eq!(bad["ErrorCode"], 7, "{bad}");
    assert_eq!(game.sim.handle.calls()["GetPostGameCarnageReport"], 5);
    game.sim.handle.shutdown().await;
}

#[tokio::test]
async fn pvp_reports_have_teams_and_every_sample_activity_has_a_report_at_once() {
    let game = Game::start(
        config_with_delay(Duration::ZERO),
        "pvp_reports_have_teams_and_every_sample_activity_has_a_report_at_once",
    )
    .await;
    let character = game.character(1).await;
    let path = format!(
        "/Destiny2/{}/Account/{}/Character/{character}/Stats/Activities/?count=250&mode=5",
        game.membership_type, game.membership_id
    );
    let (_, history) = game.sim.get(&path, Some(&game.token)).await;
    let pvp = history["Response"]["activities"]
        .as_array()
        .and_then(|a| a.first())
        .cloned()
        .expect("a PvP match in the Hunter's history");
    let id = pvp["activityDetails"]["instanceId"].as_str().expect("id");
    let (status, report) = game.pgcr(id).await;
    assert_eq!(status, StatusCode::OK, "{report}");
    let report = &report["Response"];
    let teams = report["teams"].as_array().expect("teams");
    assert_eq!(teams.len(), 2);
    let own = &report["entries"][0];
    assert_eq!(own["values"]["standing"], pvp["values"]["standing"]);
    assert_eq!(own["values"]["team"]["basic"]["value"], 17.0);
    assert_eq!(
        own["standing"].as_f64(),
        teams[0]["standing"]["basic"]["value"].as_f64()
    );
    let (status, finished) = game.pgcr(&game.finish(&character).await).await;
    assert_eq!(
        status,
        StatusCode::OK,
        "a zero delay reports at once: {finished}"
    );
    game.sim.handle.shutdown().await;
}

#[tokio::test]
async fn account_stats_conform_and_add_up_the_history() {
    let game = Game::start(config(), "account_stats_conform_and_add_up_the_history").await;
    let path = format!(
        "/Destiny2/{}/Account/{}/Stats/",
        game.membership_type, game.membership_id
    );
    let character = game.character(2).await;
    game.finish(&character).await;
    let (status, stats) = game.sim.get(&path, None).await;
    assert_eq!(status, StatusCode::OK, "{stats}");
    game.spec
        .conforms("Destiny2.GetHistoricalStatsForAccount", &stats);
    let stats = &stats["Response"];
    let all = &stats["mergedAllCharacters"];
    for group in ["allPvE", "allPvP"] {
        for stat in [
            "kills",
            "deaths",
            "assists",
            "killsDeathsRatio",
            "activitiesCleared",
            "secondsPlayed",
            "precisionKills",
        ] {
            let value = &all["results"][group]["allTime"][stat];
            assert_eq!(value["statId"], stat);
            assert!(value["basic"]["value"].is_f64(), "{group}.{stat}: {value}");
        }
    }
    // The Warlock's merged kills are the sum of its whole history's kills.
    let path_history = format!(
        "/Destiny2/{}/Account/{}/Character/{character}/Stats/Activities/?count=250",
        game.membership_type, game.membership_id
    );
    let (_, history) = game.sim.get(&path_history, Some(&game.token)).await;
    let kills: f64 = history["Response"]["activities"]
        .as_array()
        .expect("activities")
        .iter()
        .filter_map(|a| a["values"]["kills"]["basic"]["value"].as_f64())
        .sum();
    let warlock = stats["characters"]
        .as_array()
        .expect("characters")
        .iter()
        .find(|c| c["characterId"] == character)
        .expect("the Warlock");
    assert_eq!(
        warlock["merged"]["allTime"]["kills"]["basic"]["value"],
        kills
    );
    let per_character: f64 = stats["characters"]
        .as_array()
        .expect("characters")
        .iter()
        .filter_map(|c| c["merged"]["allTime"]["kills"]["basic"]["value"].as_f64())
        .sum();
    assert_eq!(
        all["merged"]["allTime"]["kills"]["basic"]["value"],
        per_character
    );

    let (status, other) = game
        .sim
        .get("/Destiny2/3/Account/4611686018400000001/Stats/", None)
        .await;
    assert_ne!(status, StatusCode::OK);
    assert_error(&other, 1601, "DestinyAccountNotFound");
    game.sim.handle.shutdown().await;
}

#[tokio::test]
async fn objectives_and_milestones_conform_and_move_when_activities_end_or_by_control() {
    let game = Game::start(
        config(),
        "objectives_and_milestones_conform_and_move_when_activities_end_or_by_control",
    )
    .await;
    let character = game.character(0).await;
    let profile = game.profile("200,201,202,300,301").await;
    let items = objective_items(&profile);
    assert!(!items.is_empty(), "bounties and quests have objectives");
    let progression = &profile["Response"]["characterProgressions"]["data"][&character];
    let milestones = progression["milestones"].as_object().expect("milestones");
    assert_eq!(milestones.len(), 3);
    for m in milestones.values() {
        let end = m["endDate"].as_str().expect("endDate");
        let end = chrono::DateTime::parse_from_rfc3339(end).expect("a date");
        assert_eq!(end.format("%a %H:%M").to_string(), "Tue 17:00");
    }
    assert!(
        progression["quests"]
            .as_array()
            .is_some_and(|q| !q.is_empty())
    );
    // The daemon's own requests (without 202 or 301) carry neither.
    let plain = game.profile("100,200,201").await;
    assert!(plain["Response"].get("characterProgressions").is_none());
    assert!(plain["Response"].get("itemComponents").is_none());

    // Manifest tables: the objectives and milestones, each row a definition.
    let objectives = game.table("DestinyObjectiveDefinition").await;
    assert!(objectives.len() >= 10);
    for row in objectives.values() {
        game.spec
            .is_a("Destiny.Definitions.DestinyObjectiveDefinition", row);
    }
    let milestone_defs = game.table("DestinyMilestoneDefinition").await;
    assert_eq!(milestone_defs.len(), 3);
    for row in milestone_defs.values() {
        game.spec.is_a(
            "Destiny.Definitions.Milestones.DestinyMilestoneDefinition",
            row,
        );
    }
    for (hash, _) in milestones {
        assert!(milestone_defs.contains_key(hash));
    }
    let items_table = game.table("DestinyInventoryItemDefinition").await;
    let lines: Vec<usize> = items_table
        .values()
        .filter_map(|d| d["setData"]["itemList"].as_array().map(Vec::len))
        .collect();
    assert!(lines.contains(&3) && lines.contains(&2), "{lines:?}");
    for row in items_table.values().filter(|d| d.get("setData").is_some()) {
        game.spec
            .is_a("Destiny.Definitions.DestinyInventoryItemDefinition", row);
    }

    // Control: set an objective and a milestone.
    let (item, objective) = items[0].clone();
    let (status, set) = game
        .sim
        .control(
            "/sim/game/progress",
            json!({ "itemId": item, "objectiveHash": objective, "progress": 1 }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{set}");
    game.spec
        .is_a("Destiny.Quests.DestinyObjectiveProgress", &set["Response"]);
    let milestone: u64 = milestones
        .keys()
        .next()
        .expect("one")
        .parse()
        .expect("hash");
    let (status, set_m) = game
        .sim
        .control(
            "/sim/game/progress",
            json!({ "characterId": character, "milestoneHash": milestone, "progress": 0 }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{set_m}");
    let after = game.profile("202,301").await;
    let listed = &after["Response"]["itemComponents"]["objectives"]["data"][&item]["objectives"];
    assert!(
        listed
            .as_array()
            .expect("objectives")
            .iter()
            .any(|o| o["objectiveHash"] == objective && o["progress"] == 1)
    );
    let m = &after["Response"]["characterProgressions"]["data"][&character]["milestones"]
        [milestone.to_string()];
    assert_eq!(
        m["activities"][0]["challenges"][0]["objective"]["progress"],
        0
    );

    // Errors: unknown item, unknown objective, unknown character, missing progress.
    let (status, missing) = game
        .sim
        .control(
            "/sim/game/progress",
            json!({ "itemId": "1", "objectiveHash": objective, "progress": 1 }),
        )
        .await;
    assert_ne!(status, StatusCode::OK);
    assert_error(&missing, 1623, "DestinyItemNotFound");
    let (_, wrong) = game
        .sim
        .control(
            "/sim/game/progress",
            json!({ "itemId": item, "objectiveHash": 1, "progress": 1 }),
        )
        .await;
    assert_eq!(wrong["ErrorCode"], 18, "{wrong}");
    let (_, nobody) = game
        .sim
        .control(
            "/sim/game/progress",
            json!({ "characterId": "1", "milestoneHash": milestone, "progress": 1 }),
        )
        .await;
    assert_error(&nobody, 1620, "DestinyCharacterNotFound");
    let (_, no_progress) = game
        .sim
        .control(
            "/sim/game/progress",
            json!({ "itemId": item, "objectiveHash": objective }),
        )
        .await;
    assert_eq!(no_progress["ErrorCode"], 18, "{no_progress}");

    // Finishing activities moves objectives of the character's bounties (never down, never past
    // completion), and the same seed moves them the same way.
    let before = game.profile("301").await;
    for _ in 0..5 {
        game.finish(&character).await;
    }
    let after = game.profile("301").await;
    let progress = |p: &Value| -> Vec<(String, i64, i64)> {
        let data = p["Response"]["itemComponents"]["objectives"]["data"]
            .as_object()
            .expect("data");
        data.iter()
            .flat_map(|(id, c)| {
                c["objectives"]
                    .as_array()
                    .cloned()
                    .unwrap_or_default()
                    .into_iter()
                    .map(move |o| {
                        (
                            format!("{id}/{}", o["objectiveHash"]),
                            o["progress"].as_i64().unwrap_or(-1),
                            o["completionValue"].as_i64().unwrap_or(-1),
                        )
                    })
            })
            .collect()
    };
    let (old, new) = (progress(&before), progress(&after));
    assert_eq!(old.len(), new.len());
    assert!(
        old.iter()
            .zip(&new)
            .all(|(a, b)| b.1 >= a.1 && b.1 <= b.2.max(a.1))
    );
    assert!(
        old.iter().zip(&new).any(|(a, b)| b.1 > a.1),
        "five activities moved something: {old:?} → {new:?}"
    );
    game.sim.handle.shutdown().await;
}

#[tokio::test]
async fn tracking_flips_the_tracked_bit_and_refuses_like_bungie() {
    let game = Game::start(
        config(),
        "tracking_flips_the_tracked_bit_and_refuses_like_bungie",
    )
    .await;
    let titan = game.character(0).await;
    let hunter = game.character(1).await;
    let profile = game.profile("201,301").await;
    let inventory: Vec<String> =
        profile["Response"]["characterInventories"]["data"][&titan]["items"]
            .as_array()
            .expect("items")
            .iter()
            .filter_map(|i| i["itemInstanceId"].as_str().map(str::to_string))
            .collect();
    let (bounty, _) = objective_items(&profile)
        .into_iter()
        .find(|(id, _)| inventory.contains(id))
        .expect("a bounty on the Titan");
    let before = item_state(&profile, &titan, &bounty);
    let (status, answer) = game.track(true, &bounty, &titan).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert_eq!(answer["Response"], 0);
    let tracked = item_state(&game.profile("201").await, &titan, &bounty);
    assert_eq!(tracked, before | 2);
    let progression = game.profile("202").await;
    let quests = &progression["Response"]["characterProgressions"]["data"][&titan]["quests"];
    if let Some(quest) = quests
        .as_array()
        .and_then(|q| q.iter().find(|q| q["itemInstanceId"] == bounty))
    {
        assert_eq!(quest["tracked"], true);
    }
    let (status, _) = game.track(false, &bounty, &titan).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        item_state(&game.profile("201").await, &titan, &bounty),
        before & !2
    );

    // Errors: unknown character, another character's item, unknown item, an item that has no
    // objectives, a body of the wrong type.
    let (status, body) = game.track(true, &bounty, "2305843009000000001").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_error(&body, 1620, "DestinyCharacterNotFound");
    let (status, body) = game.track(true, &bounty, &hunter).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_error(&body, 1623, "DestinyItemNotFound");
    let (_, body) = game.track(true, "6917529000000000001", &titan).await;
    assert_error(&body, 1623, "DestinyItemNotFound");
    let weapon = profile["Response"]["characterInventories"]["data"][&titan]["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|i| i["bucketHash"] == 1_498_876_634u64)
        .and_then(|i| i["itemInstanceId"].as_str())
        .expect("a spare kinetic weapon")
        .to_string();
    let (_, body) = game.track(true, &weapon, &titan).await;
    assert_error(&body, 1663, "DestinyItemActionForbidden");
    let wrong = json!({ "state": "on", "itemId": bounty, "characterId": titan, "membershipType": game.membership_type });
    let (_, body) = game
        .sim
        .post(
            "/Destiny2/Actions/Items/SetTrackedState/",
            &game.token,
            &wrong.to_string(),
        )
        .await;
    assert_eq!(body["ErrorCode"], 7, "{body}");
    game.sim.handle.shutdown().await;
}

#[tokio::test]
async fn tracking_is_paced_a_second_apart_like_other_item_actions() {
    let game = Game::start(
        SimConfig {
            pacing: true,
            ..config()
        },
        "tracking_is_paced_a_second_apart_like_other_item_actions",
    )
    .await;
    let titan = game.character(0).await;
    let profile = game.profile("201,301").await;
    let inventory: Vec<String> =
        profile["Response"]["characterInventories"]["data"][&titan]["items"]
            .as_array()
            .expect("items")
            .iter()
            .filter_map(|i| i["itemInstanceId"].as_str().map(str::to_string))
            .collect();
    let (bounty, _) = objective_items(&profile)
        .into_iter()
        .find(|(id, _)| inventory.contains(id))
        .expect("a bounty on the Titan");
    let (status, _) = game.track(true, &bounty, &titan).await;
    assert_eq!(status, StatusCode::OK);
    let (status, body) = game.track(false, &bounty, &titan).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{body}");
    assert!(body["ThrottleSeconds"].as_i64().is_some_and(|s| s >= 1));
    tokio::time::sleep(Duration::from_millis(1050)).await;
    let (status, body) = game.track(false, &bounty, &titan).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    game.sim.handle.shutdown().await;
}
