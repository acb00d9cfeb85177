//! The executor against an in-memory game that enforces the rules: the exact calls made, the
//! store after each operation, per-step revisions and progress, reservations, stale stores and
//! loadouts in an activity.

use crate::support::moves::fake::{assert_in_sync, executor, fingerprint};
use crate::support::moves::*;
use vault_raider::moves::{Destination, Reason, Request};
use vault_raider::store::model::{Class, Inventory, Location};

#[tokio::test]
async fn character_to_character_makes_two_calls_and_two_revisions() {
    let inv = account(vec![gear(1, KINETIC).at(on(TITAN))], 600);
    let (exec, game, store, _) = executor(inv.clone(), inv);
    let result = exec
        .run("op1".into(), to(1, Destination::Character(HUNTER)))
        .await;
    assert!(result.ok, "{result:?}");
    assert_eq!(result.bungie_calls, 2);
    assert_eq!(
        game.log(),
        vec![
            format!("transfer 1 to-vault from {TITAN} x1"),
            format!("transfer 1 from-vault to {HUNTER} x1"),
        ]
    );
    assert_eq!(result.rev, 102);
    let records = store.records.lock().unwrap().clone();
    assert_eq!(
        records.iter().map(|(rev, _)| *rev).collect::<Vec<_>>(),
        vec![101, 102]
    );
    let progress = store.progress.lock().unwrap().clone();
    assert_eq!(
        progress
            .iter()
            .map(|p| (p.step, p.of, p.ok))
            .collect::<Vec<_>>(),
        vec![(1, 2, true), (2, 2, true)]
    );
    assert_in_sync(&game, &store);
    assert_eq!(game.item(&id(1)).unwrap().location, on(HUNTER));
}

#[tokio::test]
async fn refusals_make_no_call() {
    let inv = account(
        vec![
            gear(1, HELMET).class(Class::Hunter),
            gear(2, EMBLEM).at(on(TITAN)).no_transfer(),
        ],
        600,
    );
    let (exec, game, store, _) = executor(inv.clone(), inv);
    let r = exec.run("a".into(), equip_on(1, TITAN)).await;
    assert_eq!(r.error.map(|e| e.reason), Some(Reason::CannotEquip));
    let r = exec.run("b".into(), to(2, Destination::Vault)).await;
    assert_eq!(r.error.map(|e| e.reason), Some(Reason::NotTransferable));
    assert_eq!(r.bungie_calls, 0);
    assert!(game.log().is_empty());
    assert!(store.records.lock().unwrap().is_empty());
}

#[tokio::test]
async fn equip_second_exotic_end_to_end() {
    let inv = account(
        vec![
            gear(1, KINETIC).at(on(TITAN)).equipped().exotic(),
            gear(3, KINETIC).at(on(TITAN)),
            gear(4, ENERGY).at(on(TITAN)).equipped(),
            gear(5, ENERGY).exotic(),
        ],
        600,
    );
    let (exec, game, store, _) = executor(inv.clone(), inv);
    let r = exec.run("op".into(), equip_on(5, TITAN)).await;
    assert!(r.ok, "{r:?}");
    assert_eq!(
        game.log(),
        vec![
            format!("transfer 5 from-vault to {TITAN} x1"),
            format!("equip 3 {TITAN}"),
            format!("equip 5 {TITAN}"),
        ]
    );
    assert!(game.item(&id(5)).unwrap().equipped);
    assert!(!game.item(&id(1)).unwrap().equipped);
    assert_in_sync(&game, &store);
}

#[tokio::test]
async fn stale_store_resyncs_and_replans_once() {
    // The store thinks item 1 is in the vault; in game it was just moved to the hunter.
    let store_view = account(vec![gear(1, KINETIC)], 600);
    let truth = account(vec![gear(1, KINETIC).at(on(HUNTER))], 600);
    let (exec, game, store, _) = executor(truth, store_view);
    let r = exec
        .run("op".into(), to(1, Destination::Character(TITAN)))
        .await;
    assert!(r.ok, "{r:?}");
    assert_eq!(store.resyncs.load(std::sync::atomic::Ordering::SeqCst), 1);
    assert_eq!(
        game.log(),
        vec![
            format!("transfer 1 from-vault to {TITAN} x1"),
            format!("transfer 1 to-vault from {HUNTER} x1"),
            format!("transfer 1 from-vault to {TITAN} x1"),
        ]
    );
    assert_eq!(r.bungie_calls, 3);
    assert_eq!(game.item(&id(1)).unwrap().location, on(TITAN));
    assert_in_sync(&game, &store);
}

#[tokio::test]
async fn stale_twice_reports_the_error_after_one_resync() {
    // The item is gone in game: the re-plan after the re-sync refuses it.
    let store_view = account(vec![gear(1, KINETIC)], 600);
    let truth = account(vec![], 600);
    let (exec, game, store, _) = executor(truth, store_view);
    let r = exec
        .run("op".into(), to(1, Destination::Character(TITAN)))
        .await;
    assert!(!r.ok);
    assert_eq!(r.error.map(|e| e.reason), Some(Reason::ItemNotFound));
    assert_eq!(store.resyncs.load(std::sync::atomic::Ordering::SeqCst), 1);
    assert_eq!(game.log().len(), 1);
}

#[tokio::test]
async fn loadout_over_vault_and_two_characters_uses_one_equip_items() {
    let inv = ten_item_account(&[1]);
    let (exec, game, store, loadouts) = executor(inv.clone(), inv);
    let entries: Vec<(u64, bool)> = (1..=10).map(|n| (n, true)).collect();
    let r = exec.run("op".into(), titan_loadout(&entries)).await;
    assert!(r.ok, "{r:?}");
    let log = game.log();
    assert_eq!(
        log.iter().filter(|l| l.starts_with("equip_items")).count(),
        1
    );
    assert_eq!(log.iter().filter(|l| l.starts_with("equip ")).count(), 0);
    assert_eq!(log.len(), 16);
    assert_eq!(
        log[15],
        format!("equip_items {TITAN} [2,3,4,5,6,7,8,9,10,1]")
    );
    for n in 1..=10 {
        let item = game.item(&id(n)).unwrap();
        assert!(
            item.equipped && item.location == on(TITAN),
            "item {n}: {item:?}"
        );
    }
    // One revision per success: 15 moves + 10 equips.
    assert_eq!(store.records.lock().unwrap().len(), 25);
    // The undo loadout holds what the titan wore before.
    let saved = loadouts.saved.lock().unwrap().clone();
    assert_eq!(saved.len(), 1);
    assert_eq!(saved[0].name, "Before Raid");
    let mut before: Vec<u64> = saved[0]
        .items
        .iter()
        .filter_map(|i| i.id.instance_id())
        .collect();
    before.sort();
    assert_eq!(before, (101..=110).collect::<Vec<_>>());
    assert_in_sync(&game, &store);
}

#[tokio::test]
async fn loadout_in_an_activity_moves_items_and_says_equipping_must_wait() {
    let inv = account(
        vec![
            gear(1, KINETIC),
            gear(2, ENERGY).at(on(HUNTER)),
            gear(101, KINETIC).at(on(TITAN)).equipped(),
            gear(102, ENERGY).at(on(TITAN)).equipped(),
        ],
        600,
    );
    let (exec, game, _, _) = executor(inv.clone(), inv);
    game.in_activity.lock().unwrap().insert(TITAN);
    let r = exec
        .run("op".into(), titan_loadout(&[(1, true), (2, true)]))
        .await;
    assert!(!r.ok);
    assert!(r.equip_waiting);
    assert_eq!(game.item(&id(1)).unwrap().location, on(TITAN));
    assert_eq!(game.item(&id(2)).unwrap().location, on(TITAN));
    let moves: Vec<bool> = r
        .steps
        .iter()
        .filter(|s| s.action == "transfer")
        .map(|s| s.ok)
        .collect();
    assert_eq!(moves, vec![true, true, true]);
    let equips: Vec<_> = r.steps.iter().filter(|s| s.action == "equip").collect();
    assert_eq!(equips.len(), 2);
    for e in equips {
        let error = e.error.as_ref().unwrap();
        assert_eq!(error.bungie_code, 1671);
        assert!(error.message.contains("orbit"), "{}", error.message);
    }
}

/// Weapons 1 (kinetic) and 2 (energy) in the vault; the titan has kinetic 101 equipped.
fn two_vault_weapons_and_a_titan_kinetic() -> Inventory {
    account(
        vec![
            gear(1, KINETIC),
            gear(2, ENERGY),
            gear(101, KINETIC).at(on(TITAN)).equipped(),
        ],
        600,
    )
}

#[tokio::test]
async fn one_failed_loadout_item_does_not_stop_the_rest() {
    // The store believes item 2 is in the vault; it is gone in game, so its move fails even
    // after a re-sync, while item 1 is moved and equipped.
    let view = two_vault_weapons_and_a_titan_kinetic();
    let truth = account(
        vec![
            gear(1, KINETIC),
            gear(101, KINETIC).at(on(TITAN)).equipped(),
        ],
        600,
    );
    let (exec, game, _, _) = executor(truth, view);
    let r = exec
        .run("op".into(), titan_loadout(&[(1, true), (2, true)]))
        .await;
    assert!(!r.ok);
    let item = game.item(&id(1)).unwrap();
    assert!(item.equipped && item.location == on(TITAN));
    let failed: Vec<_> = r
        .steps
        .iter()
        .filter(|s| !s.ok)
        .map(|s| s.id.clone())
        .collect();
    assert_eq!(failed, vec![id(2)]);
}

#[tokio::test(start_paused = true)]
async fn an_item_held_by_a_running_operation_is_in_use() {
    let inv = account(vec![gear(1, KINETIC).at(on(TITAN))], 600);
    let (exec, game, _, _) = executor(inv.clone(), inv);
    *game.latency.lock().unwrap() = Some(std::time::Duration::from_millis(50));
    let exec = std::sync::Arc::new(exec);
    let first = to(1, Destination::Character(WARLOCK));
    let second = Request::Lock {
        id: id(1),
        locked: true,
    };
    let (a, b) = tokio::join!(exec.run("a".into(), first), exec.run("b".into(), second));
    assert!(a.ok, "{a:?}");
    assert_eq!(b.error.map(|e| e.reason), Some(Reason::ItemInUse));
    assert_eq!(game.log().len(), 2);
    // Once the first finished, the item is free again.
    *game.latency.lock().unwrap() = None;
    let c = exec
        .run(
            "c".into(),
            Request::Lock {
                id: id(1),
                locked: true,
            },
        )
        .await;
    assert!(c.ok, "{c:?}");
}

#[tokio::test]
async fn full_buckets_end_to_end_match_the_game() {
    let mut items = vec![gear(10, KINETIC).at(on(HUNTER)).equipped()];
    items.extend(filler(11, 9, KINETIC, on(HUNTER)));
    items.push(gear(1, KINETIC).power(1999));
    items.push(gear(20, ENERGY).power(1990));
    let inv = account(items, 2);
    let (exec, game, store, _) = executor(inv.clone(), inv);
    let r = exec
        .run("op".into(), to(1, Destination::Character(HUNTER)))
        .await;
    assert!(r.ok, "{r:?}");
    assert_eq!(r.bungie_calls, 3);
    assert_eq!(game.item(&id(1)).unwrap().location, on(HUNTER));
    assert_eq!(game.item(&id(20)).unwrap().location, on(WARLOCK));
    assert_in_sync(&game, &store);
}

#[tokio::test]
async fn stacks_split_and_merge_like_the_game() {
    let inv = account(
        vec![stack(777, 20, VAULT), stack(777, 5, Location::Profile)],
        600,
    );
    let (exec, game, store, _) = executor(inv.clone(), inv);
    let from = vault_raider::store::model::ItemId::stack(777, &VAULT, 0);
    let r = exec
        .run(
            "op".into(),
            Request::Transfer {
                id: from,
                to: Destination::Character(TITAN),
                quantity: Some(7),
            },
        )
        .await;
    assert!(r.ok, "{r:?}");
    assert_eq!(
        game.log(),
        vec![format!("transfer hash:777@vault from-vault to {TITAN} x7")]
    );
    let fp = fingerprint(&store.snapshot());
    assert_eq!(fp, fingerprint(&game.truth.lock().unwrap()));
    assert!(fp.contains(&"stack 777 Vault 13".to_string()), "{fp:?}");
    assert!(fp.contains(&"stack 777 Profile 12".to_string()), "{fp:?}");
}

#[tokio::test]
async fn dry_run_shows_the_plan_and_calls_nothing() {
    let inv = account(vec![gear(1, KINETIC).at(on(TITAN))], 600);
    let (exec, game, _, _) = executor(inv.clone(), inv);
    let r = exec.dry_run("d".into(), &to(1, Destination::Character(HUNTER)));
    assert!(r.ok);
    assert_eq!(r.bungie_calls, 2);
    assert_eq!(r.steps.len(), 2);
    assert!(game.log().is_empty());
}

#[tokio::test(start_paused = true)]
async fn operations_on_different_items_queue_one_after_the_other() {
    let inv = account(
        vec![
            gear(1, KINETIC).at(on(TITAN)),
            gear(2, ENERGY).at(on(HUNTER)),
        ],
        600,
    );
    let (exec, game, _, _) = executor(inv.clone(), inv);
    *game.latency.lock().unwrap() = Some(std::time::Duration::from_millis(50));
    let first = to(1, Destination::Character(WARLOCK));
    let second = to(2, Destination::Character(WARLOCK));
    let (a, b) = tokio::join!(exec.run("a".into(), first), exec.run("b".into(), second));
    assert!(a.ok && b.ok, "{a:?} {b:?}");
    let log = game.log();
    assert!(
        log[0].starts_with("transfer 1 ") && log[1].starts_with("transfer 1 "),
        "{log:?}"
    );
    assert!(
        log[2].starts_with("transfer 2 ") && log[3].starts_with("transfer 2 "),
        "{log:?}"
    );
}

fn throttled() -> vault_raider::moves::ActionError {
    vault_raider::runtime::action_error::from_code(1672, Some(10_000))
}

#[tokio::test(start_paused = true)]
async fn a_throttled_move_is_answered_with_the_wait_not_held() {
    // The client has already waited out what throttling it could: the executor does not wait
    // again, it answers bungie_throttled with Bungie's wait.
    let inv = account(vec![gear(1, KINETIC)], 600);
    let (exec, game, _, _) = executor(inv.clone(), inv);
    game.fail_next.lock().unwrap().push(throttled());
    let started = tokio::time::Instant::now();
    let r = exec
        .run("op".into(), to(1, Destination::Character(TITAN)))
        .await;
    assert!(!r.ok, "{r:?}");
    let error = r.error.as_ref().expect("an operation error");
    assert_eq!(error.reason.as_str(), "bungie_throttled");
    assert_eq!(error.retry_after_ms, Some(10_000));
    assert_eq!(r.bungie_calls, 1);
    assert_eq!(started.elapsed(), std::time::Duration::ZERO);
    assert_eq!(game.item(&id(1)).unwrap().location, Location::Vault);
}

#[tokio::test(start_paused = true)]
async fn a_loadout_stops_at_its_first_throttled_step_and_reports_every_item() {
    let view = two_vault_weapons_and_a_titan_kinetic();
    let (exec, game, _, _) = executor(view.clone(), view);
    game.fail_next.lock().unwrap().push(throttled());
    let r = exec
        .run("op".into(), titan_loadout(&[(1, true), (2, true)]))
        .await;
    assert!(!r.ok, "{r:?}");
    assert_eq!(
        r.bungie_calls, 1,
        "nothing more is sent once Bungie throttles"
    );
    let failed: Vec<_> = r.steps.iter().filter(|s| !s.ok).collect();
    assert!(
        failed.iter().any(|s| s.id == id(1)) && failed.iter().any(|s| s.id == id(2)),
        "both items are reported: {failed:?}"
    );
    for step in failed {
        let error = step.error.as_ref().expect("a step error");
        assert_eq!(error.reason.as_str(), "bungie_throttled");
        assert_eq!(error.retry_after_ms, Some(10_000));
    }
    assert_eq!(game.item(&id(1)).unwrap().location, Location::Vault);
    assert_eq!(game.item(&id(2)).unwrap().location, Location::Vault);
}

#[tokio::test]
async fn equipped_in_game_but_not_in_the_store_is_replaced_after_a_resync() {
    // The store missed that item 1 was equipped in game; Bungie answers 1656.
    let view = account(
        vec![
            gear(1, KINETIC).at(on(TITAN)),
            gear(2, KINETIC).at(on(TITAN)).equipped(),
        ],
        600,
    );
    let truth = account(
        vec![
            gear(1, KINETIC).at(on(TITAN)).equipped(),
            gear(2, KINETIC).at(on(TITAN)),
        ],
        600,
    );
    let (exec, game, store, _) = executor(truth, view);
    let r = exec.run("op".into(), to(1, Destination::Vault)).await;
    assert!(r.ok, "{r:?}");
    assert_eq!(
        game.log(),
        vec![
            format!("transfer 1 to-vault from {TITAN} x1"),
            format!("equip 2 {TITAN}"),
            format!("transfer 1 to-vault from {TITAN} x1"),
        ]
    );
    assert_in_sync(&game, &store);
}

#[tokio::test]
async fn a_bungie_refusal_is_explained_and_stops_a_single_item_operation() {
    let inv = account(vec![gear(1, KINETIC).at(on(TITAN))], 600);
    let (exec, game, store, _) = executor(inv.clone(), inv);
    game.fail_next
        .lock()
        .unwrap()
        .push(vault_raider::runtime::action_error::from_code(5, None));
    let r = exec
        .run("op".into(), to(1, Destination::Character(HUNTER)))
        .await;
    assert!(!r.ok);
    let error = r.error.unwrap();
    assert_eq!(error.reason, Reason::Unavailable);
    assert!(error.message.contains("maintenance"));
    assert_eq!(game.log().len(), 1);
    assert!(store.records.lock().unwrap().is_empty());
    assert_eq!(r.steps.len(), 1);
    assert!(!r.steps[0].ok);
}
