//! In-game loadouts through the planner and the executor against the in-memory game: one
//! EquipLoadout when everything is on the character, items brought from the vault and another
//! character first (with room made), snapshot, rename and clear, and the refusals made with no
//! call.

// Not run under Wine (scripts/test-windows.sh runs this crate's Windows modules only).
#![cfg(not(windows))]

use crate::support::moves::fake::{assert_in_sync, executor};
use crate::support::moves::*;
use vault_raider::moves::game_action::{GameAction, Identifiers};
use vault_raider::moves::{Action, Reason, Request, plan};
use vault_raider::store::model::{Class, GameLoadout, Inventory, LoadoutItem};

const RAID: Identifiers = Identifiers {
    name_hash: 11,
    color_hash: 22,
    icon_hash: 33,
};

/// The titan wears 101..=105 (kinetic, energy, power, helmet, gauntlets); its slot 0 holds
/// `items`.
fn with_slot(mut items: Vec<vault_raider::store::model::Item>, slot: &[u64]) -> Inventory {
    for (n, bucket) in [KINETIC, ENERGY, POWER, HELMET, GAUNTLETS]
        .iter()
        .enumerate()
    {
        items.push(gear(101 + n as u64, *bucket).at(on(TITAN)).equipped());
    }
    let mut inv = account(items, 600);
    inv.game_loadouts.push(GameLoadout {
        character_id: TITAN,
        index: 0,
        name_hash: 1,
        color_hash: 2,
        icon_hash: 3,
        name: "Raid".into(),
        color: String::new(),
        icon: String::new(),
        class: Class::Titan,
        items: slot
            .iter()
            .map(|n| LoadoutItem {
                id: id(*n),
                hash: 1_000_000 + *n as u32,
                equip: true,
                quantity: 1,
            })
            .collect(),
    });
    inv
}

fn equip_slot(index: u32) -> Request {
    Request::EquipGameLoadout {
        character_id: TITAN,
        index,
    }
}

#[tokio::test]
async fn a_loadout_already_on_the_character_is_one_call() {
    let inv = with_slot(
        vec![
            gear(1, KINETIC).at(on(TITAN)),
            gear(2, ENERGY).at(on(TITAN)),
        ],
        &[1, 2],
    );
    let planned = plan(&inv, &equip_slot(0)).expect("a plan");
    assert_eq!(
        planned
            .steps
            .iter()
            .map(|s| s.action.clone())
            .collect::<Vec<_>>(),
        vec![Action::Game(GameAction::Equip {
            character_id: TITAN,
            index: 0
        })]
    );
    let (exec, game, store, _) = executor(inv.clone(), inv);
    let result = exec.run("op".into(), equip_slot(0)).await;
    assert!(result.ok, "{result:?}");
    assert_eq!(result.bungie_calls, 1);
    assert!(game.item(&id(1)).expect("there").equipped);
    assert!(game.item(&id(2)).expect("there").equipped);
    assert!(!game.item(&id(101)).expect("there").equipped);
    assert_in_sync(&game, &store);
}

#[tokio::test]
async fn items_elsewhere_are_brought_first_with_room_made() {
    // 1 in the vault, 2 on the hunter; the titan's kinetic bucket is full.
    let mut items = vec![gear(1, KINETIC), gear(2, ENERGY).at(on(HUNTER))];
    items.extend(filler(200, 9, KINETIC, on(TITAN)));
    let inv = with_slot(items, &[1, 2]);
    let (exec, game, store, _) = executor(inv.clone(), inv);
    let result = exec.run("op".into(), equip_slot(0)).await;
    assert!(result.ok, "{result:?}");
    // One kinetic moved aside, 1 in from the vault, 2 through the vault, one EquipLoadout.
    assert_eq!(result.bungie_calls, 5, "{:?}", game.log());
    let log = game.log();
    assert!(
        log.last().is_some_and(|l| l.starts_with("equip_loadout")),
        "{log:?}"
    );
    assert!(game.item(&id(1)).expect("there").equipped);
    assert!(game.item(&id(2)).expect("there").equipped);
    assert_eq!(game.item(&id(2)).expect("there").location, on(TITAN));
    assert_in_sync(&game, &store);
}

#[tokio::test]
async fn snapshot_rename_and_clear_change_the_slot_in_one_call_each() {
    let inv = with_slot(Vec::new(), &[101]);
    let (exec, game, store, _) = executor(inv.clone(), inv);
    let snap = Request::SnapshotGameLoadout {
        character_id: TITAN,
        index: 3,
        identifiers: RAID,
    };
    let result = exec.run("snap".into(), snap).await;
    assert!(result.ok && result.bungie_calls == 1, "{result:?}");
    let stored = store.snapshot();
    let saved = stored
        .game_loadouts
        .iter()
        .find(|l| l.index == 3)
        .expect("slot 3 saved");
    assert_eq!(saved.items.len(), 5, "the five equipped items");
    assert_eq!(saved.name_hash, 11);
    let renamed = Identifiers {
        name_hash: 44,
        ..RAID
    };
    let result = exec
        .run(
            "rename".into(),
            Request::UpdateGameLoadout {
                character_id: TITAN,
                index: 3,
                identifiers: renamed,
            },
        )
        .await;
    assert!(result.ok && result.bungie_calls == 1, "{result:?}");
    let stored = store.snapshot();
    let slot = stored.game_loadouts.iter().find(|l| l.index == 3);
    assert_eq!(slot.map(|l| l.name_hash), Some(44));
    // The same identifiers again: nothing to do, no call.
    let again = plan(
        &stored,
        &Request::UpdateGameLoadout {
            character_id: TITAN,
            index: 3,
            identifiers: renamed,
        },
    )
    .expect("a plan");
    assert!(again.steps.is_empty());
    let result = exec
        .run(
            "clear".into(),
            Request::ClearGameLoadout {
                character_id: TITAN,
                index: 3,
            },
        )
        .await;
    assert!(result.ok && result.bungie_calls == 1, "{result:?}");
    assert!(store.snapshot().game_loadouts.iter().all(|l| l.index != 3));
    assert_in_sync(&game, &store);
}

#[test]
fn empty_slots_and_slots_past_ten_are_refused_without_a_call() {
    let inv = with_slot(Vec::new(), &[101]);
    for request in [
        equip_slot(4),
        Request::UpdateGameLoadout {
            character_id: TITAN,
            index: 4,
            identifiers: RAID,
        },
        Request::SnapshotGameLoadout {
            character_id: TITAN,
            index: 10,
            identifiers: RAID,
        },
    ] {
        let refused = plan(&inv, &request).expect_err("refused");
        assert_eq!(refused.reason, Reason::InvalidRequest, "{request:?}");
    }
    // Clearing an empty slot is nothing to do.
    let clear = plan(
        &inv,
        &Request::ClearGameLoadout {
            character_id: TITAN,
            index: 4,
        },
    )
    .expect("a plan");
    assert!(clear.steps.is_empty());
}
