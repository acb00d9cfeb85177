//! Tags and notes against the simulator: set, pushed to other clients, searched, refused when
//! wrong, kept across a restart and a sync, and carried through a DIM backup both ways.

// Not run under Wine (scripts/test-windows.sh runs this crate's Windows modules only).
#![cfg(not(windows))]

use crate::support::demo::Demo;
use crate::support::demo_moves::*;
use serde_json::{Value, json};
use std::time::Duration;

/// Two instanced weapons the store holds.
async fn two_weapons(client: &mut crate::support::demo::Client) -> (String, String) {
    let found = search(client, "is:weapon -is:equipped -is:invault -is:postmaster").await;
    let ids: Vec<String> = found
        .iter()
        .filter_map(|i| i["id"].as_str())
        .filter(|id| id.chars().all(|c| c.is_ascii_digit()))
        .map(str::to_string)
        .collect();
    assert!(ids.len() >= 2, "the sample account has weapons");
    (ids[0].clone(), ids[1].clone())
}

fn ids(items: &[Value]) -> Vec<String> {
    items
        .iter()
        .filter_map(|i| i["id"].as_str().map(str::to_string))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tags_and_notes_are_set_pushed_searched_and_survive_a_restart_and_a_sync() {
    let demo = Demo::start().await;
    let mut client = demo.client().await;
    let mut watcher = demo.client().await;
    let (gun, other) = two_weapons(&mut client).await;

    let tagged = ok(&mut client, "items.tag", json!({"id": gun, "tag": "junk"})).await;
    assert_eq!(tagged["item"]["tag"], "junk");
    let noted = ok(
        &mut client,
        "items.note",
        json!({"id": other, "note": "  God roll for PvP  "}),
    )
    .await;
    assert_eq!(noted["item"]["note"], "God roll for PvP");
    assert!(noted["rev"].as_u64() > tagged["rev"].as_u64());

    // Every other client hears it as an `updated` change with the marks.
    let mut seen = Vec::new();
    for _ in 0..2 {
        let event = watcher
            .wait_event("inventory.changed", Duration::from_secs(5))
            .await
            .expect("the change is pushed");
        seen.extend(
            event["params"]["changes"]
                .as_array()
                .expect("changes")
                .clone(),
        );
    }
    assert!(
        seen.iter().any(|c| c["kind"] == "updated"
            && c["id"] == json!(gun)
            && c["fields"]["tag"] == "junk"
            && c["fields"]["note"].is_null()),
        "{seen:?}"
    );
    assert!(
        seen.iter()
            .any(|c| c["id"] == json!(other) && c["fields"]["note"] == "God roll for PvP")
    );

    // Searched, on every item shape.
    assert_eq!(
        ids(&search(&mut client, "tag:junk").await),
        vec![gun.clone()]
    );
    assert_eq!(
        ids(&search(&mut client, "notes:\"god roll\"").await),
        vec![other.clone()]
    );
    assert_eq!(
        ids(&search(&mut client, "is:tagged").await),
        vec![gun.clone()]
    );
    assert_eq!(stored(&mut client, &gun).await["tag"], "junk");
    let snapshot = ok(&mut client, "profile.snapshot", json!({})).await;
    let in_snapshot = snapshot["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|i| i["id"] == json!(other))
        .expect("the noted item");
    assert_eq!(in_snapshot["note"], "God roll for PvP");
    assert!(in_snapshot.get("tag").is_none(), "{in_snapshot}");

    // Wrong input changes nothing.
    let rev = snapshot["rev"].clone();
    let long = "x".repeat(121);
    let error = client
        .call("items.note", json!({"id": gun, "note": long}))
        .await;
    assert_eq!(error["error"]["code"], -32602, "{error}");
    assert_eq!(error["error"]["data"]["field"], "note");
    let error = client
        .call("items.tag", json!({"id": gun, "tag": "best"}))
        .await;
    assert_eq!(error["error"]["code"], -32602, "{error}");
    let error = client.call("items.tag", json!({"id": gun})).await;
    assert_eq!(
        error["error"]["code"], -32602,
        "the tag must be given: {error}"
    );
    refused(
        &mut client,
        "items.tag",
        json!({"id": "6917529999999999999", "tag": "keep"}),
        "item_not_found",
    )
    .await;
    let stack = search(&mut client, "-is:weapon -is:armor")
        .await
        .into_iter()
        .find(|i| i["id"].as_str().is_some_and(|id| id.starts_with("hash:")))
        .expect("a stack");
    let error = client
        .call("items.tag", json!({"id": stack["id"], "tag": "keep"}))
        .await;
    assert_eq!(error["error"]["code"], -32602, "{error}");
    assert_eq!(
        ok(&mut client, "profile.snapshot", json!({})).await["rev"],
        rev
    );

    // A restart and a sync keep them (they are the player's, not Bungie's).
    drop(client);
    drop(watcher);
    let demo = demo.restart().await;
    let mut client = demo.client().await;
    sync(&mut client).await;
    game_move(&demo, &gun, "vault");
    sync(&mut client).await;
    let after = stored(&mut client, &gun).await;
    assert_eq!(after["tag"], "junk");
    assert_eq!(after["location"]["kind"], "vault");
    assert_eq!(
        stored(&mut client, &other).await["note"],
        "God roll for PvP"
    );

    // Clearing removes them.
    ok(&mut client, "items.tag", json!({"id": gun, "tag": null})).await;
    ok(&mut client, "items.note", json!({"id": other, "note": ""})).await;
    assert!(search(&mut client, "is:tagged").await.is_empty());
    assert!(stored(&mut client, &other).await.get("note").is_none());
    demo.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dim_backup_round_trips() {
    let demo = Demo::start().await;
    let mut client = demo.client().await;
    let (gun, other) = two_weapons(&mut client).await;
    // A DIM backup as DIM writes it: settings and loadouts beside the tags, one entry for an
    // item of another account, one note longer than ours.
    let backup = json!({
        "settings": {"itemSize": 48},
        "loadouts": [],
        "tags": [
            {"itemId": gun, "tag": "favorite", "notes": "raid"},
            {"itemId": other, "notes": "y".repeat(200)},
            {"itemId": "6917529000000000404", "tag": "junk"}
        ]
    });
    let imported = ok(&mut client, "tags.import", backup).await;
    assert_eq!(imported["imported"], 2, "{imported}");
    assert_eq!(imported["unknown"], 1);
    assert_eq!(imported["truncated"], 1);
    let exported = ok(&mut client, "tags.export", json!({})).await;
    let mut tags = exported["tags"].as_array().expect("tags").clone();
    tags.sort_by_key(|t| t["itemId"].as_str().map(str::to_string));
    let mut expected = vec![
        json!({"itemId": gun, "tag": "favorite", "notes": "raid"}),
        json!({"itemId": other, "notes": "y".repeat(120)}),
    ];
    expected.sort_by_key(|t| t["itemId"].as_str().map(str::to_string));
    assert_eq!(tags, expected);
    // Cleared, then the export brought back: the same marks.
    ok(&mut client, "items.tag", json!({"id": gun, "tag": null})).await;
    ok(&mut client, "items.note", json!({"id": gun, "note": null})).await;
    ok(
        &mut client,
        "items.note",
        json!({"id": other, "note": null}),
    )
    .await;
    assert!(
        ok(&mut client, "tags.export", json!({})).await["tags"]
            .as_array()
            .expect("tags")
            .is_empty()
    );
    let again = ok(&mut client, "tags.import", exported.clone()).await;
    assert_eq!(again["imported"], 2);
    let mut back = ok(&mut client, "tags.export", json!({})).await["tags"]
        .as_array()
        .expect("tags")
        .clone();
    back.sort_by_key(|t| t["itemId"].as_str().map(str::to_string));
    assert_eq!(back, expected);
    // Importing the same again changes nothing (no revision).
    let rev = ok(&mut client, "profile.snapshot", json!({})).await["rev"].clone();
    let same = ok(&mut client, "tags.import", exported).await;
    assert_eq!(same["rev"], rev);
    demo.stop().await;
}
