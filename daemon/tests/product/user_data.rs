//! The player's own data survives the cache: a deleted store and a corrupted one are rebuilt
//! from the simulator with every loadout, tag, note, setting and pairing kept (the corrupted one
//! moved aside, never deleted), and `vault-raider backup` / `restore` round-trip it.

// Not run under Wine (scripts/test-windows.sh runs this crate's Windows modules only).
#![cfg(not(windows))]

use crate::support::demo::{Client, Demo, character_of};
use crate::support::demo_moves::*;
use crate::support::places::{differences, sim_places, store_places};
use serde_json::{Value, json};

/// What the player made: a loadout, a tag and a note, a guard setting, and a paired client.
struct Made {
    loadout: String,
    gun: String,
    warlock: String,
    token: String,
}

async fn make_user_data(demo: &Demo) -> Made {
    let mut client = demo.client().await;
    let snapshot = ok(&mut client, "profile.snapshot", json!({})).await;
    let warlock = character_of(&snapshot, "warlock");
    let found = search(
        &mut client,
        "is:weapon -is:equipped -is:invault -is:postmaster",
    )
    .await;
    let gun = found
        .iter()
        .find(|i| {
            i["id"]
                .as_str()
                .is_some_and(|id| id.chars().all(|c| c.is_ascii_digit()))
        })
        .expect("an instanced weapon")
        .clone();
    let saved = ok(
        &mut client,
        "loadouts.save",
        json!({"name": "Kept through anything", "characterId": warlock,
               "items": [{"id": gun["id"], "hash": gun["hash"], "equip": false}]}),
    )
    .await;
    ok(
        &mut client,
        "items.tag",
        json!({"id": gun["id"], "tag": "favorite"}),
    )
    .await;
    ok(
        &mut client,
        "items.note",
        json!({"id": gun["id"], "note": "god roll"}),
    )
    .await;
    ok(
        &mut client,
        "postmaster.setGuard",
        json!({"characterId": warlock, "enabled": true, "threshold": 11}),
    )
    .await;
    let token = demo.pair("Kept popup").await;
    Made {
        loadout: saved["loadout"]["id"].as_str().expect("an id").to_string(),
        gun: gun["id"].as_str().expect("an id").to_string(),
        warlock,
        token,
    }
}

/// Asserts that everything `made` holds is there, through the protocol, and that the cache was
/// rebuilt to the simulator's inventory.
async fn assert_kept(demo: &Demo, made: &Made) {
    let (mut paired, identified) = demo.client_with_token(&made.token).await;
    assert!(
        identified.get("result").is_some(),
        "the paired client's token still identifies: {identified}"
    );
    let listed = ok(
        &mut paired,
        "loadouts.list",
        json!({"characterId": made.warlock}),
    )
    .await;
    assert!(
        listed["loadouts"]
            .as_array()
            .expect("loadouts")
            .iter()
            .any(|l| l["id"] == made.loadout.as_str() && l["name"] == "Kept through anything"),
        "the loadout is kept: {listed}"
    );
    let item = ok(&mut paired, "items.get", json!({"id": made.gun})).await;
    assert_eq!(item["tag"], "favorite", "{item}");
    assert_eq!(item["note"], "god roll", "{item}");
    let mut admin: Client = demo.client().await;
    let guard = ok(&mut admin, "automation.status", json!({})).await;
    let text = guard.to_string();
    assert!(
        text.contains("11"),
        "the guard threshold 11 is kept: {text}"
    );
    let snapshot = admin.call("profile.snapshot", json!({})).await;
    let truth = sim_places(&demo.sim_state().await);
    let differing = differences(&truth, &store_places(&snapshot), 5);
    assert!(
        differing.is_empty(),
        "the cache is rebuilt to the simulator's inventory: {differing:?}"
    );
}

fn aside_files(dir: &std::path::Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .expect("list")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.starts_with("store.redb.unreadable-"))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_deleted_and_a_corrupted_store_are_rebuilt_keeping_the_players_data() {
    let demo = Demo::start().await;
    let made = make_user_data(&demo).await;
    let dir = demo.dir.path().to_path_buf();
    assert!(
        dir.join("user-data.json").exists(),
        "the journal is written"
    );

    // Deleted.
    let stopped = demo.stop_daemon().await;
    std::fs::remove_file(dir.join("store.redb")).expect("delete the store");
    let demo = stopped.start_daemon().await;
    assert_kept(&demo, &made).await;
    assert!(aside_files(&dir).is_empty(), "nothing to move aside");

    // Corrupted: a store whose bytes are garbage is moved aside, not deleted.
    let stopped = demo.stop_daemon().await;
    let garbage: Vec<u8> = (0..200_000u32).map(|i| (i * 7919 % 251) as u8).collect();
    std::fs::write(dir.join("store.redb"), &garbage).expect("corrupt the store");
    let demo = stopped.start_daemon().await;
    assert_kept(&demo, &made).await;
    let aside = aside_files(&dir);
    assert_eq!(aside.len(), 1, "{aside:?}");
    assert_eq!(
        std::fs::read(dir.join(&aside[0])).expect("read"),
        garbage,
        "the unreadable store is kept as it was"
    );
    demo.stop().await;
}

fn cli(args: &[&str]) -> (bool, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_vault-raider"))
        .args(args)
        .output()
        .expect("run vault-raider");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn backup_while_running_then_restore_brings_back_what_was_deleted() {
    let demo = Demo::start().await;
    let made = make_user_data(&demo).await;
    let dir = demo.dir.path().to_path_buf();
    let data_dir = dir.to_string_lossy().to_string();
    let out = tempfile::tempdir().expect("dir");
    let file = out.path().join("mine.json");
    let file_arg = file.to_string_lossy().to_string();

    let (ok_backup, said) = cli(&["backup", "--out", &file_arg, "--data-dir", &data_dir]);
    assert!(ok_backup, "{said}");
    assert!(said.contains("1 loadouts"), "{said}");
    let document: Value =
        serde_json::from_slice(&std::fs::read(&file).expect("read")).expect("json");
    assert_eq!(document["format"], "vault-raider-user-data");
    assert!(
        !document.to_string().contains(&made.token),
        "a backup holds token hashes, never tokens"
    );

    // The player deletes the loadout and clears the tag, then wants them back.
    let mut client = demo.client().await;
    ok(
        &mut client,
        "loadouts.delete",
        json!({"loadoutId": made.loadout}),
    )
    .await;
    ok(
        &mut client,
        "items.tag",
        json!({"id": made.gun, "tag": null}),
    )
    .await;
    let (ok_running, said) = cli(&["restore", &file_arg, "--data-dir", &data_dir]);
    assert!(!ok_running && said.contains("stop it first"), "{said}");

    let stopped = demo.stop_daemon().await;
    let (ok_restore, said) = cli(&["restore", &file_arg, "--data-dir", &data_dir]);
    assert!(ok_restore, "{said}");
    assert!(
        said.contains("1 loadouts") && said.contains("1 paired clients"),
        "{said}"
    );
    let demo = stopped.start_daemon().await;
    assert_kept(&demo, &made).await;

    let broken = out.path().join("broken.json");
    std::fs::write(&broken, b"{\"format\": \"something else\"}").expect("write");
    let stopped = demo.stop_daemon().await;
    let (ok_broken, said) = cli(&[
        "restore",
        &broken.to_string_lossy(),
        "--data-dir",
        &data_dir,
    ]);
    assert!(
        !ok_broken && said.contains("not a Vault Raider user-data document"),
        "{said}"
    );
    let demo = stopped.start_daemon().await;
    assert_kept(&demo, &made).await;
    assert!(
        dir.join("backups")
            .read_dir()
            .expect("daily copies")
            .count()
            >= 1,
        "a daily copy is written at start"
    );
    demo.stop().await;
}
