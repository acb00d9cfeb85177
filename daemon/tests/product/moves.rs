//! Single-item moves over the protocol against the simulator: each scenario asserts the
//! simulator's final state, the store's, and the exact Bungie action calls made.

// Not run under Wine (scripts/test-windows.sh runs this crate's Windows modules only).
#![cfg(not(windows))]

use crate::support::demo::Demo;
use crate::support::demo_moves::*;
use serde_json::json;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn vault_to_character_is_one_transfer() {
    let demo = Demo::start().await;
    let mut client = demo.client().await;
    let titan = Truth::read(&demo).await.character(0);
    let item = vault_item(&demo, &mut client, "is:energy is:invault").await;
    let result = operate(
        &demo,
        &mut client,
        "items.transfer",
        json!({"id": item, "to": titan}),
        &["transfer"],
        &[("TransferItem", 1)],
    )
    .await;
    assert_eq!(result["bungieCalls"], 1, "{result}");
    let after = Truth::read(&demo).await;
    assert!(on(after.item(&item), &titan), "{}", after.item(&item));
    assert_store_agrees(&mut client, &after, &[item]).await;
    demo.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn character_to_character_goes_through_the_vault_in_two_transfers() {
    let (demo, mut client, truth) = start().await;
    let (titan, hunter) = (truth.character(0), truth.character(1));
    let item = id_of(truth.spares(&titan, bucket::ENERGY)[0]);
    demo.sim.reset_calls();
    let result = ok(
        &mut client,
        "items.transfer",
        json!({"id": item, "to": hunter}),
    )
    .await;
    assert_eq!(result["bungieCalls"], 2, "{result}");
    assert_eq!(actions(&result), ["transfer", "transfer"]);
    assert_eq!(result["steps"][0]["to"], json!({"kind": "vault"}));
    assert_eq!(action_calls(&demo), calls(&[("TransferItem", 2)]));
    let after = Truth::read(&demo).await;
    assert!(on(after.item(&item), &hunter), "{}", after.item(&item));
    assert_store_agrees(&mut client, &after, &[item]).await;
    demo.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_equipped_item_leaves_once_a_spare_from_the_same_character_replaces_it() {
    let (demo, mut client, truth) = start().await;
    let (titan, hunter) = (truth.character(0), truth.character(1));
    let item = id_of(truth.equipped(&titan, bucket::ENERGY));
    let spares: Vec<String> = truth
        .spares(&titan, bucket::ENERGY)
        .into_iter()
        .map(id_of)
        .collect();
    operate(
        &demo,
        &mut client,
        "items.transfer",
        json!({"id": item, "to": hunter}),
        &["equip", "transfer", "transfer"],
        &[("EquipItem", 1), ("TransferItem", 2)],
    )
    .await;
    let after = Truth::read(&demo).await;
    let moved = after.item(&item);
    assert!(on(moved, &hunter) && moved["equipped"] == false, "{moved}");
    let replacement = id_of(after.equipped(&titan, bucket::ENERGY));
    assert!(spares.contains(&replacement), "{replacement} was a spare");
    assert_store_agrees(&mut client, &after, &[item, replacement]).await;
    demo.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn equipping_from_the_vault_is_one_transfer_and_one_equip() {
    let (demo, mut client, truth) = start().await;
    let titan = truth.character(0);
    let before = id_of(truth.equipped(&titan, bucket::ENERGY));
    let item = vault_item(&demo, &mut client, "is:energy is:invault -is:exotic").await;
    operate(
        &demo,
        &mut client,
        "items.equip",
        json!({"id": item, "characterId": titan}),
        &["transfer", "equip"],
        &[("TransferItem", 1), ("EquipItem", 1)],
    )
    .await;
    let after = Truth::read(&demo).await;
    assert_eq!(id_of(after.equipped(&titan, bucket::ENERGY)), item);
    let old = after.item(&before);
    assert!(on(old, &titan) && old["equipped"] == false, "{old}");
    assert_store_agrees(&mut client, &after, &[item, before]).await;
    demo.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_second_exotic_weapon_first_swaps_the_equipped_exotic_for_a_non_exotic() {
    let (demo, mut client, truth) = start().await;
    let titan = truth.character(0);
    let exotic_kinetic = id_of(truth.equipped(&titan, bucket::KINETIC));
    let item = vault_item(
        &demo,
        &mut client,
        "is:exotic is:weapon -is:kinetic is:invault",
    )
    .await;
    operate(
        &demo,
        &mut client,
        "items.equip",
        json!({"id": item, "characterId": titan}),
        &["transfer", "equip", "equip"],
        &[("TransferItem", 1), ("EquipItem", 2)],
    )
    .await;
    let after = Truth::read(&demo).await;
    let equipped = after.item(&item);
    assert!(
        on(equipped, &titan) && equipped["equipped"] == true,
        "{equipped}"
    );
    let old = after.item(&exotic_kinetic);
    assert!(on(old, &titan) && old["equipped"] == false, "{old}");
    let kinetic = id_of(after.equipped(&titan, bucket::KINETIC));
    let kinetic_now = stored(&mut client, &kinetic).await;
    assert_ne!(kinetic_now["tier"], "Exotic", "{kinetic_now}");
    assert_store_agrees(&mut client, &after, &[item, exotic_kinetic, kinetic]).await;
    demo.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn another_classes_armour_is_refused_without_a_call() {
    let demo = Demo::start().await;
    let mut client = demo.client().await;
    let titan = Truth::read(&demo).await.character(0);
    let item = vault_item(&demo, &mut client, "is:armor is:hunter is:invault").await;
    demo.sim.reset_calls();
    let error = refused(
        &mut client,
        "items.equip",
        json!({"id": item, "characterId": titan}),
        "cannot_equip",
    )
    .await;
    assert!(
        error["message"]
            .as_str()
            .is_some_and(|m| m.contains("hunter")),
        "{error}"
    );
    assert_eq!(action_calls(&demo), calls(&[]));
    assert_eq!(Truth::read(&demo).await.item(&item)["location"], "vault");
    demo.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_non_transferable_item_is_refused_without_a_call() {
    let (demo, mut client, truth) = start().await;
    let titan = truth.character(0);
    let bounty =
        id_of(truth.instances(|i| on(i, &titan) && i["bucketHash"] == json!(bucket::QUESTS))[0]);
    assert_eq!(stored(&mut client, &bounty).await["transferable"], false);
    demo.sim.reset_calls();
    refused(
        &mut client,
        "items.transfer",
        json!({"id": bounty, "to": "vault"}),
        "not_transferable",
    )
    .await;
    assert_eq!(action_calls(&demo), calls(&[]));
    assert!(on(Truth::read(&demo).await.item(&bounty), &titan));
    demo.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_postmaster_is_pulled_one_item_then_all_one_call_each() {
    let (demo, mut client, truth) = start().await;
    let titan = truth.character(0);
    let lost: Vec<String> = truth
        .instances(|i| i["location"] == "postmaster" && i["characterId"] == json!(titan))
        .into_iter()
        .map(id_of)
        .collect();
    assert!(lost.len() >= 2, "the sample account has drops: {lost:?}");
    demo.sim.reset_calls();
    let one = ok(&mut client, "postmaster.pull", json!({"id": lost[0]})).await;
    assert_eq!(actions(&one), ["pull"]);
    assert_eq!(action_calls(&demo), calls(&[("PullFromPostmaster", 1)]));
    demo.sim.reset_calls();
    let all = ok(
        &mut client,
        "postmaster.pull",
        json!({"characterId": titan}),
    )
    .await;
    assert_eq!(all["ok"], true, "{all}");
    let rest = lost.len() as u64 - 1;
    assert_eq!(all["bungieCalls"], rest, "{all}");
    assert_eq!(action_calls(&demo), calls(&[("PullFromPostmaster", rest)]));
    let after = Truth::read(&demo).await;
    for id in &lost {
        assert!(on(after.item(id), &titan), "{}", after.item(id));
    }
    assert_store_agrees(&mut client, &after, &lost).await;
    demo.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn part_of_a_stack_goes_to_the_vault_in_one_call() {
    let (demo, mut client, truth) = start().await;
    let stack = truth
        .items
        .iter()
        .find(|i| {
            i["location"] == "account"
                && i["quantity"].as_u64().is_some_and(|q| q >= 3)
                && i["bucketHash"] == json!(1_469_714_392u64)
        })
        .expect("a consumable stack")
        .clone();
    let hash = stack["itemHash"].as_u64().expect("hash");
    let total = |t: &Truth, place: &str| -> u64 {
        t.items
            .iter()
            .filter(|i| i["itemHash"] == json!(hash) && i["location"] == place)
            .filter_map(|i| i["quantity"].as_u64())
            .sum()
    };
    let (profile_before, vault_before) = (total(&truth, "account"), total(&truth, "vault"));
    demo.sim.reset_calls();
    let id = format!("hash:{hash}@profile");
    let result = ok(
        &mut client,
        "items.transfer",
        json!({"id": id, "to": "vault", "quantity": 2}),
    )
    .await;
    assert_eq!(result["bungieCalls"], 1, "{result}");
    assert_eq!(action_calls(&demo), calls(&[("TransferItem", 1)]));
    let after = Truth::read(&demo).await;
    assert_eq!(total(&after, "account"), profile_before - 2);
    assert_eq!(total(&after, "vault"), vault_before + 2);
    let snapshot = ok(&mut client, "profile.snapshot", json!({})).await;
    let stored_total = |kind: &str| -> u64 {
        snapshot["items"]
            .as_array()
            .expect("items")
            .iter()
            .filter(|i| i["hash"] == json!(hash) && i["location"]["kind"] == kind)
            .filter_map(|i| i["quantity"].as_u64())
            .sum()
    };
    assert_eq!(stored_total("profile"), profile_before - 2);
    assert_eq!(stored_total("vault"), vault_before + 2);
    demo.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dry_run_shows_the_steps_and_changes_nothing() {
    let (demo, mut client, truth) = start().await;
    let (titan, hunter) = (truth.character(0), truth.character(1));
    let item = id_of(truth.equipped(&titan, bucket::ENERGY));
    let rev = ok(&mut client, "profile.snapshot", json!({})).await["rev"].clone();
    demo.sim.reset_calls();
    let result = ok(
        &mut client,
        "items.transfer",
        json!({"id": item, "to": hunter, "dryRun": true}),
    )
    .await;
    assert_eq!(
        actions(&result),
        ["equip", "transfer", "transfer"],
        "{result}"
    );
    assert_eq!(result["bungieCalls"], 3, "{result}");
    assert_eq!(result["ok"], true, "{result}");
    assert!(demo.sim.calls().is_empty(), "{:?}", demo.sim.calls());
    let after = Truth::read(&demo).await;
    assert_eq!(after.items, truth.items);
    assert_eq!(
        ok(&mut client, "profile.snapshot", json!({})).await["rev"],
        rev
    );
    demo.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_item_moved_in_game_just_before_is_found_after_one_resync() {
    let (demo, mut client, truth) = start().await;
    let (titan, hunter) = (truth.character(0), truth.character(1));
    let item = vault_item(&demo, &mut client, "is:energy is:invault").await;
    game_move(&demo, &item, &hunter);
    demo.sim.reset_calls();
    let result = ok(
        &mut client,
        "items.transfer",
        json!({"id": item, "to": titan}),
    )
    .await;
    assert_eq!(result["ok"], true, "{result}");
    let made = demo.sim.calls();
    assert_eq!(
        action_calls(&demo),
        calls(&[("TransferItem", 3)]),
        "{made:?}"
    );
    assert_eq!(made.get("GetProfile"), Some(&1), "{made:?}");
    let after = Truth::read(&demo).await;
    assert!(on(after.item(&item), &titan), "{}", after.item(&item));
    assert_store_agrees(&mut client, &after, &[item]).await;
    demo.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn locking_a_vault_item_is_one_call_and_locking_it_again_is_none() {
    let (demo, mut client, truth) = start().await;
    let item = vault_items(&demo, &mut client, "is:weapon is:invault -is:locked")
        .await
        .into_iter()
        .next()
        .expect("an unlocked vault weapon");
    assert_eq!(truth.item(&item)["locked"], false);
    operate(
        &demo,
        &mut client,
        "items.lock",
        json!({"id": item, "locked": true}),
        &["lock"],
        &[("SetLockState", 1)],
    )
    .await;
    assert_eq!(Truth::read(&demo).await.item(&item)["locked"], true);
    assert_eq!(stored(&mut client, &item).await["locked"], true);
    demo.sim.reset_calls();
    let again = ok(
        &mut client,
        "items.lock",
        json!({"id": item, "locked": true}),
    )
    .await;
    assert_eq!(again["bungieCalls"], 0, "{again}");
    assert_eq!(action_calls(&demo), calls(&[]));
    demo.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn equipping_an_item_another_character_wears_replaces_it_there_first() {
    let (demo, mut client, truth) = start().await;
    let (titan, hunter) = (truth.character(0), truth.character(1));
    let item = id_of(truth.equipped(&hunter, bucket::ENERGY));
    let result = operate(
        &demo,
        &mut client,
        "items.equip",
        json!({"id": item, "characterId": titan}),
        &["equip", "transfer", "transfer", "equip"],
        &[("EquipItem", 2), ("TransferItem", 2)],
    )
    .await;
    let after = Truth::read(&demo).await;
    assert_eq!(id_of(after.equipped(&titan, bucket::ENERGY)), item);
    let replacement = id_of(after.equipped(&hunter, bucket::ENERGY));
    assert_eq!(replacement, step_id(&result, 0));
    assert_store_agrees(&mut client, &after, &[item, replacement]).await;
    demo.stop().await;
}
