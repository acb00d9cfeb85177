//! Moves into full places over the protocol against the simulator: a full character bucket, a
//! full vault, both at once; each asserts what was moved aside, the final state and the calls.

// Not run under Wine (scripts/test-windows.sh runs this crate's Windows modules only).
#![cfg(not(windows))]

use crate::support::demo::Demo;
use crate::support::demo_moves::*;
use serde_json::json;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_character_bucket_sends_one_spare_to_the_vault_first() {
    let demo = Demo::start().await;
    let mut client = demo.client().await;
    let titan = Truth::read(&demo).await.character(0);
    fill_bucket(&demo, &mut client, &titan, bucket::KINETIC, "kinetic").await;
    sync(&mut client).await;
    let truth = Truth::read(&demo).await;
    let spares: Vec<String> = truth
        .spares(&titan, bucket::KINETIC)
        .into_iter()
        .map(id_of)
        .collect();
    assert_eq!(spares.len(), 9);
    let item = vault_item(&demo, &mut client, "is:invault bucket:kinetic").await;
    let result = operate(
        &demo,
        &mut client,
        "items.transfer",
        json!({"id": item, "to": titan}),
        &["transfer", "transfer"],
        &[("TransferItem", 2)],
    )
    .await;
    let aside = step_id(&result, 0);
    assert!(spares.contains(&aside), "{aside} was one of the spares");
    let after = Truth::read(&demo).await;
    assert_eq!(after.item(&aside)["location"], "vault");
    assert!(on(after.item(&item), &titan));
    assert_eq!(after.spares(&titan, bucket::KINETIC).len(), 9);
    assert_store_agrees(&mut client, &after, &[item, aside]).await;
    demo.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_vault_sends_one_item_to_the_least_recently_played_character_first() {
    let (demo, mut client, truth) = start().await;
    let (titan, warlock) = (truth.character(0), truth.character(2));
    fill_vault(&demo, &titan, 0);
    sync(&mut client).await;
    let truth = Truth::read(&demo).await;
    assert_eq!(truth.vault_used(), truth.vault_capacity);
    let item = id_of(truth.spares(&titan, bucket::ENERGY)[0]);
    let result = operate(
        &demo,
        &mut client,
        "items.transfer",
        json!({"id": item, "to": "vault"}),
        &["transfer", "transfer"],
        &[("TransferItem", 2)],
    )
    .await;
    let aside = step_id(&result, 0);
    assert_eq!(
        result["steps"][0]["to"],
        json!({"kind": "character", "characterId": warlock}),
        "{result}"
    );
    let after = Truth::read(&demo).await;
    assert!(on(after.item(&aside), &warlock));
    assert_eq!(after.item(&item)["location"], "vault");
    assert_eq!(after.vault_used(), after.vault_capacity);
    assert_store_agrees(&mut client, &after, &[item, aside]).await;
    demo.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_both_full_the_vault_makes_room_on_another_character_then_the_bucket_in_the_vault() {
    let (demo, mut client, truth) = start().await;
    let (titan, warlock) = (truth.character(0), truth.character(2));
    fill_bucket(&demo, &mut client, &titan, bucket::KINETIC, "kinetic").await;
    let item = vault_item(&demo, &mut client, "is:invault bucket:kinetic").await;
    fill_vault(&demo, &titan, 0);
    sync(&mut client).await;
    let result = operate(
        &demo,
        &mut client,
        "items.transfer",
        json!({"id": item, "to": titan}),
        &["transfer", "transfer", "transfer"],
        &[("TransferItem", 3)],
    )
    .await;
    let steps = result["steps"].as_array().expect("steps");
    assert_eq!(
        steps[0]["to"],
        json!({"kind": "character", "characterId": warlock}),
        "{result}"
    );
    assert_eq!(steps[1]["to"], json!({"kind": "vault"}), "{result}");
    let after = Truth::read(&demo).await;
    assert!(on(after.item(&item), &titan));
    assert_eq!(after.spares(&titan, bucket::KINETIC).len(), 9);
    // One item out to the warlock, one spare in, the requested item out.
    assert_eq!(after.vault_used(), after.vault_capacity - 1);
    let ids: Vec<String> = steps
        .iter()
        .map(|s| s["id"].as_str().expect("an id").to_string())
        .collect();
    assert_store_agrees(&mut client, &after, &ids).await;
    demo.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn when_nothing_can_move_aside_the_answer_is_no_room_without_a_call() {
    // The large account: every gear bucket of every character is full.
    let demo = Demo::start_large().await;
    let mut client = demo.client().await;
    let titan = Truth::read(&demo).await.character(0);
    fill_vault(&demo, &titan, 0);
    sync(&mut client).await;
    let truth = Truth::read(&demo).await;
    assert_eq!(truth.spares(&titan, bucket::KINETIC).len(), 9);
    let item = id_of(truth.spares(&titan, bucket::KINETIC)[0]);
    demo.sim.reset_calls();
    let error = refused(
        &mut client,
        "items.transfer",
        json!({"id": item, "to": "vault"}),
        "no_room",
    )
    .await;
    assert!(
        error["message"]
            .as_str()
            .is_some_and(|m| m.contains("vault")),
        "{error}"
    );
    assert_eq!(action_calls(&demo), calls(&[]));
    let after = Truth::read(&demo).await;
    assert_eq!(after.items, truth.items);
    demo.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bucket_filled_in_game_behind_the_stores_back_is_found_full_after_one_resync() {
    let (demo, mut client, truth) = start().await;
    let titan = truth.character(0);
    // The store still thinks the titan has room: Bungie answers 1642 to the first try.
    fill_bucket(&demo, &mut client, &titan, bucket::KINETIC, "kinetic").await;
    let item = vault_item(&demo, &mut client, "is:invault bucket:kinetic").await;
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
    assert!(on(after.item(&item), &titan));
    assert_eq!(after.spares(&titan, bucket::KINETIC).len(), 9);
    let aside = step_id(&result, 0);
    assert_eq!(after.item(&aside)["location"], "vault");
    assert_store_agrees(&mut client, &after, &[item, aside]).await;
    demo.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pulling_from_the_postmaster_into_a_full_bucket_moves_a_spare_to_the_vault_first() {
    let (demo, mut client, _) = start().await;
    let gear = [
        ("kinetic", bucket::KINETIC),
        ("energy", bucket::ENERGY),
        ("power", bucket::POWER),
        ("helmet", bucket::HELMET),
        ("gauntlets", bucket::GAUNTLETS),
        ("chest", bucket::CHEST),
        ("legs", bucket::LEGS),
        ("class_item", bucket::CLASS_ITEM),
    ];
    let lost = search(&mut client, "is:postmaster").await;
    let (lost, (slug, bucket_hash)) = lost
        .iter()
        .find_map(|i| {
            let found = gear.iter().find(|(slug, _)| i["bucket"] == *slug)?;
            Some((i.clone(), *found))
        })
        .expect("gear in a postmaster");
    let owner = lost["location"]["characterId"]
        .as_str()
        .expect("its character")
        .to_string();
    let id = lost["id"].as_str().expect("an id").to_string();
    fill_bucket(&demo, &mut client, &owner, bucket_hash, slug).await;
    sync(&mut client).await;
    let result = operate(
        &demo,
        &mut client,
        "postmaster.pull",
        json!({"id": id}),
        &["transfer", "pull"],
        &[("TransferItem", 1), ("PullFromPostmaster", 1)],
    )
    .await;
    let after = Truth::read(&demo).await;
    assert!(on(after.item(&id), &owner), "{}", after.item(&id));
    let aside = step_id(&result, 0);
    assert_eq!(after.item(&aside)["location"], "vault");
    assert_store_agrees(&mut client, &after, &[id, aside]).await;
    demo.stop().await;
}
