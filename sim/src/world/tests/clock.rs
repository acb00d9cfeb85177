//! The game clock: activities, history entries, drops, in-game moves; deterministic for a seed.

use chrono::Duration;

use super::*;
use crate::world::GameEvent;

fn run(seed: u64, hours: i64) -> (World, Vec<GameEvent>) {
    let mut world = World::sample(seed, false);
    let mut events = world.tick(now());
    for minute in 1..=hours * 60 {
        events.extend(world.tick(now() + Duration::minutes(minute)));
    }
    (world, events)
}

#[test]
fn a_day_of_play_starts_and_finishes_activities_with_history() {
    let (world, events) = run(3, 24);
    let started = events
        .iter()
        .filter(|e| matches!(e, GameEvent::ActivityStarted { .. }))
        .count();
    let completed: Vec<_> = events
        .iter()
        .filter_map(|e| match e {
            GameEvent::ActivityCompleted {
                character_id,
                instance_id,
                ..
            } => Some((*character_id, *instance_id)),
            _ => None,
        })
        .collect();
    assert!(started >= 5, "only {started} activities in a day");
    assert!(completed.len() + 1 >= started);
    for (character, instance) in completed {
        let c = world.character(character).expect("known character");
        assert!(
            c.history.iter().any(|h| h.instance_id == instance),
            "history lacks {instance}"
        );
    }
    assert!(
        events.iter().any(|e| matches!(e, GameEvent::Drop { .. })),
        "no drops in a day"
    );
    assert!(
        events
            .iter()
            .any(|e| matches!(e, GameEvent::InGameMove { .. })),
        "no in-game moves in a day"
    );
}

#[test]
fn the_clock_is_deterministic_for_a_seed() {
    let (a, events_a) = run(9, 6);
    let (b, events_b) = run(9, 6);
    assert_eq!(events_a, events_b);
    assert_eq!(a.state_json(), b.state_json());
    let (_, events_c) = run(10, 6);
    assert_ne!(events_a, events_c);
}

#[test]
fn ticking_in_one_jump_or_in_steps_tells_the_same_story() {
    let (_, stepped) = run(4, 5);
    let mut world = World::sample(4, false);
    let mut jumped = world.tick(now());
    jumped.extend(world.tick(now() + Duration::hours(5)));
    assert_eq!(stepped, jumped);
}

#[test]
fn the_current_activity_shows_in_component_204_and_transitory_data() {
    let (mut world, titan, hunter, _) = sample();
    let started = world.start_activity(titan, now()).expect("starts");
    let GameEvent::ActivityStarted {
        activity_hash,
        mode,
        ..
    } = started
    else {
        panic!("not a start: {started:?}")
    };
    let profile = world.profile_json(&[204, 1000], true, now());
    let mine = &profile["characterActivities"]["data"][titan.to_string()];
    assert_eq!(mine["currentActivityHash"], activity_hash);
    assert_eq!(mine["currentActivityModeType"], mode);
    assert_eq!(
        profile["characterActivities"]["data"][hunter.to_string()]["currentActivityHash"],
        0
    );
    assert!(profile["profileTransitoryData"]["data"]["currentActivity"]["startTime"].is_string());
    let done = world
        .finish_activity(titan, now() + Duration::minutes(12))
        .expect("finishes");
    let GameEvent::ActivityCompleted { instance_id, .. } = done else {
        panic!("not a completion: {done:?}")
    };
    // Still online between activities: in orbit or a social space, never "no activity" (0).
    let profile = world.profile_json(&[204], true, now());
    let idle = &profile["characterActivities"]["data"][titan.to_string()];
    assert!(
        idle["currentActivityHash"] == 82_913_930u32
            || (idle["currentActivityHash"] == 3_903_562_779u32
                && idle["currentActivityModeTypes"] == serde_json::json!([40])),
        "orbit or the Tower: {idle}"
    );
    let history = world
        .activity_history_json(titan, 1, 0, None)
        .expect("history");
    let newest = &history["activities"][0];
    assert_eq!(
        newest["activityDetails"]["instanceId"],
        instance_id.to_string()
    );
    assert_eq!(
        newest["values"]["activityDurationSeconds"]["basic"]["value"],
        720.0
    );
}

#[test]
fn finishing_an_idle_character_records_an_activity_and_unknown_ones_are_refused() {
    let (mut world, _, _, warlock) = sample();
    let before = world.character(warlock).expect("warlock").history.len();
    world.finish_activity(warlock, now()).expect("finishes");
    assert_eq!(
        world.character(warlock).expect("warlock").history.len(),
        before + 1
    );
    assert_eq!(
        world.finish_activity(17, now()).expect_err("unknown").code,
        1620
    );
    assert_eq!(
        world.fill_postmaster(17, 1).expect_err("unknown").code,
        1620
    );
}

#[test]
fn a_full_postmaster_loses_its_oldest_items_first() {
    let (mut world, titan, _, _) = sample();
    let first: Vec<i64> = world
        .items
        .iter()
        .filter(|i| i.place == Place::Postmaster(titan))
        .filter_map(|i| i.instance_id)
        .collect();
    assert!(!first.is_empty());
    world
        .fill_postmaster(titan, 21 - first.len() as u32)
        .expect("fills");
    assert_eq!(
        world
            .items
            .iter()
            .filter(|i| i.place == Place::Postmaster(titan))
            .count(),
        21
    );
    world.fill_postmaster(titan, 1).expect("overflows");
    let now_there: Vec<i64> = world
        .items
        .iter()
        .filter(|i| i.place == Place::Postmaster(titan))
        .filter_map(|i| i.instance_id)
        .collect();
    assert_eq!(now_there.len(), 21);
    assert!(!now_there.contains(&first[0]), "the oldest is gone");
    assert!(
        first[1..].iter().all(|id| now_there.contains(id)),
        "only the oldest is gone"
    );
}

#[test]
fn in_game_moves_follow_the_game_and_report_bad_input() {
    let (mut world, titan, hunter, _) = sample();
    let gun = spare(&world, titan, crate::world::defs::bucket::ENERGY);
    world
        .game_move(&id(&gun).to_string(), &hunter.to_string())
        .expect("moves in game");
    assert_eq!(item(&world, id(&gun)).place, Place::Character(hunter));
    world
        .game_move(&id(&gun).to_string(), "vault")
        .expect("moves in game");
    assert_eq!(item(&world, id(&gun)).place, Place::Vault);
    assert_eq!(
        world.game_move("nope", "vault").expect_err("bad id").code,
        7
    );
    assert_eq!(
        world.game_move("12", "vault").expect_err("unknown").code,
        1623
    );
    assert_eq!(
        world
            .game_move(&id(&gun).to_string(), "99")
            .expect_err("unknown character")
            .code,
        1620
    );
    let worn = find(&world, |_, i| {
        i.place == Place::Character(titan) && i.equipped
    });
    assert_eq!(
        world
            .game_move(&id(&worn).to_string(), "vault")
            .expect_err("equipped")
            .code,
        1656
    );
}
