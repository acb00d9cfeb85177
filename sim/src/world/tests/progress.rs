//! Objectives, milestones, tracking, the PGCR and the account's stats: what the world writes and
//! how a finished activity moves it.

use chrono::Duration;

use super::super::objective_defs::{MILESTONES, OBJECTIVES};
use super::*;

/// The bounties and quest steps a character carries.
fn with_objectives(world: &World, character: i64) -> Vec<Item> {
    world
        .items
        .iter()
        .filter(|i| i.place == Place::Character(character) && world.has_objectives(i))
        .cloned()
        .collect()
}

/// A character's objectives as component 301 writes them: (item id, objective hash) → progress.
fn objectives(world: &World) -> Vec<(String, u64, u64, u64)> {
    let profile = world.profile_json(&[301], true, now());
    let data = profile["itemComponents"]["objectives"]["data"]
        .as_object()
        .expect("objectives data")
        .clone();
    let mut out = Vec::new();
    for (id, component) in data {
        for o in component["objectives"].as_array().expect("objectives") {
            out.push((
                id.clone(),
                o["objectiveHash"].as_u64().expect("hash"),
                o["progress"].as_u64().expect("progress"),
                o["completionValue"].as_u64().expect("completion"),
            ));
        }
    }
    out
}

#[test]
fn bounties_and_quest_steps_carry_objectives_and_bounties_expire_at_the_next_reset() {
    let (world, titan, hunter, warlock) = sample();
    for character in [titan, hunter, warlock] {
        assert!(
            !with_objectives(&world, character).is_empty(),
            "every character carries bounties or quests"
        );
    }
    let listed = objectives(&world);
    assert!(!listed.is_empty());
    assert!(listed.iter().all(|(_, _, p, c)| p <= c && *c > 0));
    let profile = world.profile_json(&[201], true, now());
    let items = profile["characterInventories"]["data"][titan.to_string()]["items"]
        .as_array()
        .expect("items")
        .clone();
    let bounties: Vec<&Value> = items
        .iter()
        .filter(|i| {
            world
                .catalogue
                .item(i["itemHash"].as_u64().unwrap_or(0) as u32)
                .is_some_and(|d| d.item_type == 26)
        })
        .collect();
    assert!(!bounties.is_empty(), "the Titan carries bounties");
    for bounty in bounties {
        let expires = bounty["expirationDate"].as_str().expect("expirationDate");
        // `now()` is Sunday 2026-06-21 12:00: dailies end that day at 17:00, weeklies on Tuesday.
        assert!(
            expires == "2026-06-21T17:00:00Z" || expires == "2026-06-23T17:00:00Z",
            "{expires}"
        );
    }
    assert!(
        items.iter().all(|i| {
            i.get("expirationDate").is_none()
                || world
                    .catalogue
                    .item(i["itemHash"].as_u64().unwrap_or(0) as u32)
                    .is_some_and(|d| d.item_type == 26)
        }),
        "only bounties expire"
    );
}

#[test]
fn finishing_a_strike_moves_strike_objectives_and_the_vanguard_milestone() {
    let (mut world, titan, _, _) = sample();
    let strike = super::super::activities::ACTIVITIES
        .iter()
        .find(|a| a.modes.contains(&18))
        .expect("a strike");
    // Every character has had a "Strike Specialist" (strikes) or not: give the Titan one to be sure.
    let def = world
        .catalogue
        .by_name("Strike Specialist")
        .cloned()
        .expect("the bounty");
    let id = 6_917_529_999_000_000_001;
    world.items.push(Item {
        instance_id: Some(id),
        hash: def.hash,
        quantity: 1,
        place: Place::Character(titan),
        equipped: false,
        state: 0,
        lockable: false,
        power: 0,
        bucket_override: None,
    });
    let strikes = OBJECTIVES
        .iter()
        .find(|o| o.key == "strikes-weekly")
        .expect("objective");
    let before = world.progress.objective(id, strikes);
    let vanguard = &MILESTONES[0];
    let milestone_objective = super::super::objective_defs::objective(vanguard.objective_hash())
        .expect("milestone objective");
    let milestone_before = world
        .progress
        .milestone(titan, vanguard.hash(), milestone_objective);
    // Finish strikes until one is completed (the clock decides completion).
    let mut completed = 0;
    for n in 0..20 {
        let at = now() + Duration::hours(n);
        world.start_activity(titan, at).expect("start");
        world.character_mut(titan).expect("titan").activity =
            Some(super::super::model::CurrentActivity {
                activity_hash: strike.hash(),
                started: at,
                instance_id: 15_900_000_000 + n,
            });
        let event = world
            .finish_activity(titan, at + Duration::minutes(15))
            .expect("finish");
        if matches!(
            event,
            super::super::GameEvent::ActivityCompleted {
                completed: true,
                ..
            }
        ) {
            completed += 1;
        }
    }
    assert!(completed > 0);
    let after = world.progress.objective(id, strikes);
    assert_eq!(after, (before + completed).min(strikes.completion));
    let milestone_after = world
        .progress
        .milestone(titan, vanguard.hash(), milestone_objective);
    assert_eq!(
        milestone_after,
        (milestone_before + completed).min(milestone_objective.completion)
    );
}

#[test]
fn progress_can_be_set_and_refuses_what_is_not_there() {
    let (mut world, titan, _, _) = sample();
    let item = with_objectives(&world, titan)
        .into_iter()
        .next()
        .expect("an item with objectives");
    let id = item.instance_id.expect("instanced");
    let def = world.def_of(&item).cloned().expect("def");
    let hash = super::super::objective_defs::item_objectives(&def)[0];
    let set = world
        .set_objective_progress(id, hash, 1)
        .expect("set progress");
    assert_eq!(set["progress"], 1);
    assert!(objectives(&world).contains(&(
        id.to_string(),
        u64::from(hash),
        1,
        set["completionValue"].as_u64().expect("completion")
    )));
    assert_eq!(
        world.set_objective_progress(id, 12345, 1).unwrap_err().code,
        18
    );
    assert_eq!(
        world.set_objective_progress(1, hash, 1).unwrap_err().code,
        1623
    );
    let milestone = MILESTONES[2].hash();
    let set = world
        .set_milestone_progress(titan, milestone, 1)
        .expect("milestone");
    assert_eq!(set["complete"], true);
    let profile = world.profile_json(&[202], true, now());
    let m = &profile["characterProgressions"]["data"][titan.to_string()]["milestones"]
        [milestone.to_string()];
    assert_eq!(
        m["activities"][0]["challenges"][0]["objective"]["complete"],
        true
    );
    assert_eq!(m["rewards"][0]["entries"][0]["earned"], true);
    assert_eq!(m["endDate"], "2026-06-23T17:00:00Z");
    assert_eq!(
        world
            .set_milestone_progress(1, milestone, 1)
            .unwrap_err()
            .code,
        1620
    );
    assert_eq!(
        world.set_milestone_progress(titan, 1, 1).unwrap_err().code,
        18
    );
    let private = world.profile_json(&[202, 301], false, now());
    assert!(private["characterProgressions"].get("data").is_none());
    assert!(
        private["itemComponents"]["objectives"]
            .get("data")
            .is_none()
    );
}

#[test]
fn quests_list_their_steps_and_quest_lines() {
    let (world, titan, _, _) = sample();
    let profile = world.profile_json(&[202], true, now());
    let quests = profile["characterProgressions"]["data"][titan.to_string()]["quests"]
        .as_array()
        .expect("quests")
        .clone();
    assert!(!quests.is_empty(), "the Titan carries a quest");
    let tables = world.manifest_tables();
    let items = &tables
        .iter()
        .find(|t| t.name == "DestinyInventoryItemDefinition")
        .expect("items")
        .rows;
    let row = |hash: u32| {
        items
            .iter()
            .find(|(h, _)| *h == hash)
            .map(|(_, v)| v.clone())
            .expect("a row")
    };
    let lie = row(hash_of(&world, "The Lie"));
    assert_eq!(lie["setData"]["itemList"].as_array().map(Vec::len), Some(3));
    assert_eq!(
        lie["objectives"]["questlineItemHash"],
        hash_of(&world, "The Lie")
    );
    let sword = row(hash_of(&world, "Sword Logic: Raid"));
    assert_eq!(
        sword["setData"]["itemList"].as_array().map(Vec::len),
        Some(2)
    );
    assert_eq!(
        sword["setData"]["itemList"][1]["itemHash"],
        hash_of(&world, "Sword Logic: Raid")
    );
    for name in ["DestinyObjectiveDefinition", "DestinyMilestoneDefinition"] {
        let table = tables.iter().find(|t| t.name == name).expect(name);
        assert!(table.rows.len() >= 3, "{name}");
    }
    // Later steps are never handed out.
    assert!(world.items.iter().all(|i| {
        world
            .def_of(i)
            .is_none_or(|d| !super::super::objective_defs::is_later_step(&d.name))
    }));
}

#[test]
fn tracking_flips_the_tracked_bit_of_bounties_only() {
    let (mut world, titan, hunter, _) = sample();
    let bounty = with_objectives(&world, titan)
        .into_iter()
        .next()
        .expect("a bounty");
    let id = bounty.instance_id.expect("instanced").to_string();
    let body = |state: bool, item: &str, character: i64| json!({ "state": state, "itemId": item, "characterId": character.to_string(), "membershipType": 3 });
    world
        .set_tracked_state(&body(true, &id, titan))
        .expect("tracked");
    let tracked = item(&world, bounty.instance_id.unwrap_or(0));
    assert_eq!(tracked.state & 2, 2);
    assert_eq!(tracked.state & !2, bounty.state & !2, "other bits stay");
    world
        .set_tracked_state(&body(false, &id, titan))
        .expect("untracked");
    assert_eq!(item(&world, bounty.instance_id.unwrap_or(0)).state & 2, 0);
    assert_eq!(
        world
            .set_tracked_state(&body(true, &id, 1))
            .unwrap_err()
            .code,
        1620
    );
    assert_eq!(
        world
            .set_tracked_state(&body(true, &id, hunter))
            .unwrap_err()
            .code,
        1623
    );
    assert_eq!(
        world
            .set_tracked_state(&body(true, "42", titan))
            .unwrap_err()
            .code,
        1623
    );
    let weapon = spare(&world, titan, super::super::defs::bucket::KINETIC);
    let weapon_id = weapon.instance_id.expect("instanced").to_string();
    assert_eq!(
        world
            .set_tracked_state(&body(true, &weapon_id, titan))
            .unwrap_err()
            .code,
        1663
    );
    let wrong = json!({ "state": "yes", "itemId": id, "characterId": titan.to_string(), "membershipType": 3 });
    assert_eq!(world.set_tracked_state(&wrong).unwrap_err().code, 7);
}

#[test]
fn the_pgcr_waits_for_the_delay_and_its_own_entry_is_the_history_entry() {
    let (mut world, titan, _, _) = sample();
    let event = world.finish_activity(titan, now()).expect("finish");
    let super::super::GameEvent::ActivityCompleted { instance_id, .. } = event else {
        panic!("not a completion: {event:?}");
    };
    let delay = Duration::seconds(20);
    assert_eq!(
        world.pgcr_json(instance_id, now(), delay).unwrap_err().code,
        1653
    );
    assert_eq!(
        world
            .pgcr_json(instance_id, now() + Duration::seconds(19), delay)
            .unwrap_err()
            .code,
        1653
    );
    let report = world
        .pgcr_json(instance_id, now() + delay, delay)
        .expect("the report");
    assert!(
        world
            .pgcr_json(instance_id, now(), Duration::zero())
            .is_ok()
    );
    assert_eq!(world.pgcr_json(1, now(), delay).unwrap_err().code, 1653);
    let history = world
        .activity_history_json(titan, 1, 0, None)
        .expect("history");
    let entry = &history["activities"][0];
    assert_eq!(report["activityDetails"], entry["activityDetails"]);
    assert_eq!(report["period"], entry["period"]);
    let entries = report["entries"].as_array().expect("entries");
    assert!((3..=6).contains(&entries.len()), "{}", entries.len());
    let own = &entries[0];
    assert_eq!(own["characterId"], titan.to_string());
    for stat in [
        "kills",
        "deaths",
        "assists",
        "completed",
        "activityDurationSeconds",
        "timePlayedSeconds",
        "killsDeathsRatio",
        "score",
        "playerCount",
    ] {
        assert_eq!(own["values"][stat], entry["values"][stat], "{stat}");
    }
    assert_eq!(
        entry["values"]["playerCount"]["basic"]["value"],
        entries.len() as f64
    );
    assert_eq!(
        own["player"]["destinyUserInfo"]["bungieGlobalDisplayName"],
        "Guardian"
    );
    assert_eq!(own["player"]["characterClass"], "Titan");
    // The same activity gives the same report.
    assert_eq!(
        world
            .pgcr_json(instance_id, now() + delay, delay)
            .expect("again"),
        report
    );
}

#[test]
fn pvp_reports_carry_teams_and_standings() {
    let (world, _, _, _) = sample();
    let pvp = world
        .characters
        .iter()
        .flat_map(|c| c.history.iter())
        .find(|e| super::super::entry_stats::is_pvp(e))
        .expect("a PvP match in the sample history");
    let report = world
        .pgcr_json(pvp.instance_id, now(), Duration::zero())
        .expect("report");
    let teams = report["teams"].as_array().expect("teams");
    assert_eq!(teams.len(), 2);
    let standings: Vec<f64> = teams
        .iter()
        .filter_map(|t| t["standing"]["basic"]["value"].as_f64())
        .collect();
    assert!(standings.contains(&0.0) && standings.contains(&1.0));
    let own = &report["entries"][0];
    assert_eq!(own["values"]["team"]["basic"]["value"], 17.0);
    assert_eq!(
        own["values"]["standing"]["basic"]["value"],
        teams[0]["standing"]["basic"]["value"]
    );
    let pve = world
        .characters
        .iter()
        .flat_map(|c| c.history.iter())
        .find(|e| !super::super::entry_stats::is_pvp(e))
        .expect("a PvE activity");
    let report = world
        .pgcr_json(pve.instance_id, now(), Duration::zero())
        .expect("report");
    assert_eq!(report["teams"], json!([]));
    assert!(report["entries"][0]["values"].get("standing").is_none());
}

#[test]
fn account_stats_add_up_the_history() {
    let (world, _, _, _) = sample();
    let stats = world.account_stats_json();
    let value = |v: &Value, stat: &str| {
        v["allTime"][stat]["basic"]["value"]
            .as_f64()
            .unwrap_or(-1.0)
    };
    let mut kills = 0.0;
    let mut seconds = 0.0;
    for c in &world.characters {
        let id = c.id.to_string();
        let character = stats["characters"]
            .as_array()
            .expect("characters")
            .iter()
            .find(|s| s["characterId"].as_str() == Some(id.as_str()))
            .expect("the character");
        let own_kills: u32 = c.history.iter().map(|e| e.kills).sum();
        assert_eq!(value(&character["merged"], "kills"), f64::from(own_kills));
        let pvp_kills: u32 = c
            .history
            .iter()
            .filter(|e| super::super::entry_stats::is_pvp(e))
            .map(|e| e.kills)
            .sum();
        assert_eq!(
            value(&character["results"]["allPvP"], "kills"),
            f64::from(pvp_kills)
        );
        let cleared = c
            .history
            .iter()
            .filter(|e| {
                e.completed
                    && !super::super::entry_stats::is_pvp(e)
                    && super::super::activities::modes_of(e.activity_hash).contains(&7)
            })
            .count();
        assert_eq!(
            value(&character["results"]["allPvE"], "activitiesCleared"),
            cleared as f64
        );
        kills += f64::from(own_kills);
        seconds += c
            .history
            .iter()
            .map(|e| f64::from(e.duration_seconds))
            .sum::<f64>();
    }
    let all = &stats["mergedAllCharacters"];
    assert_eq!(value(&all["merged"], "kills"), kills);
    assert_eq!(value(&all["merged"], "secondsPlayed"), seconds);
    let precision: u32 = world
        .characters
        .iter()
        .flat_map(|c| c.history.iter())
        .map(super::super::entry_stats::precision_kills)
        .sum();
    assert_eq!(
        value(&all["merged"], "precisionKills"),
        f64::from(precision)
    );
}
