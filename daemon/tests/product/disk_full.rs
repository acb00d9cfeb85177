//! The daemon on a full disk (a real tmpfs, where the machine lets a test mount one): a sync
//! that cannot be saved is reported in `session.status` and once on the event bus (the desktop
//! notification), reads go on from the store, and once there is room again the next sync saves
//! what the game changed meanwhile.

#![cfg(target_os = "linux")]

use crate::support::demo::{Stopped, character_of};
use serde_json::json;
use std::io::Write;
use vault_raider::events::DaemonEvent;
use vault_raider_sim::{SimConfig, start};

struct Unmount(std::path::PathBuf);

impl Drop for Unmount {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount")
            .arg("-l")
            .arg(&self.0)
            .status();
    }
}

/// Fills the filesystem at `dir` with a file until it is full.
fn hog(dir: &std::path::Path) -> std::path::PathBuf {
    let path = dir.join("hog");
    let mut file = std::fs::File::create(&path).expect("hog");
    let chunk = vec![7u8; 64 * 1024];
    while file
        .write_all(&chunk)
        .and_then(|()| file.sync_data())
        .is_ok()
    {}
    path
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_disk_is_reported_once_reads_go_on_and_the_daemon_recovers() {
    let outer = tempfile::tempdir().expect("dir");
    let mounted = std::process::Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=96m", "tmpfs"])
        .arg(outer.path())
        .status()
        .is_ok_and(|s| s.success());
    if !mounted {
        eprintln!("skipped: cannot mount a tmpfs here (store::disk_full covers the store)");
        return;
    }
    let _unmount = Unmount(outer.path().to_path_buf());
    let sim = start(SimConfig {
        port: 0,
        auto_approve: true,
        pacing: false,
        clock: false,
        ..SimConfig::default()
    })
    .await
    .expect("the simulator starts");
    let dir = tempfile::tempdir_in(outer.path()).expect("data dir");
    let demo = Stopped { sim, dir }.start_daemon().await;
    let store = demo.daemon.daemon.store.clone();
    let mut events = demo.daemon.daemon.bus.subscribe();
    let mut client = demo.client().await;
    let snapshot = client.call("profile.snapshot", json!({})).await;
    let hunter = character_of(&snapshot["result"], "hunter");
    let items_before = snapshot["result"]["items"].as_array().expect("items").len();

    // The disk fills up: another program's file, then the store's own spare pages.
    let hog = hog(outer.path());
    let mut n = 0;
    loop {
        match store.set_setting(&format!("filler{n}"), &"f".repeat(64 * 1024)) {
            Ok(()) => n += 1,
            Err(e) if e.is_disk_full() => break,
            Err(e) => panic!("{e}"),
        }
        assert!(n < 2000, "the store never filled the disk");
    }

    // The game changes; the daemon cannot save it.
    let dropped = demo
        .sim_post(
            "/sim/game/postmaster",
            json!({"characterId": hunter, "count": 6}),
        )
        .await;
    assert!(dropped.get("error").is_none(), "{dropped}");
    for _ in 0..2 {
        let answer = client.call("profile.sync", json!({})).await;
        assert!(
            answer["error"]
                .to_string()
                .contains("disk holding Vault Raider's store is full"),
            "a sync that cannot be saved fails and says why: {answer}"
        );
    }
    // The first sync.status saying not ok (one from the sync before the disk filled may come
    // first when the machine is busy).
    let said = loop {
        let event = client
            .wait_event("sync.status", std::time::Duration::from_secs(5))
            .await
            .expect("a sync.status event saying the sync failed");
        if event["params"]["ok"] == false {
            break event;
        }
    };
    assert!(
        said["params"]["error"]
            .to_string()
            .contains("disk holding Vault Raider's store is full"),
        "{said}"
    );
    let mut told = 0;
    while let Ok(event) = events.try_recv() {
        if matches!(event, DaemonEvent::DiskFull { .. }) {
            told += 1;
        }
    }
    assert_eq!(told, 1, "told once, not at every failed sync");

    // Reads go on.
    let read = client.call("profile.snapshot", json!({})).await;
    assert_eq!(
        read["result"]["items"].as_array().expect("items").len(),
        items_before
    );

    // Room comes back: the next sync saves what the game changed.
    std::fs::remove_file(hog).expect("free the room");
    let answer = client.call("profile.sync", json!({})).await;
    assert!(answer.get("result").is_some(), "{answer}");
    let after = client.call("profile.snapshot", json!({})).await;
    let items_after = after["result"]["items"].as_array().expect("items").len();
    assert!(
        items_after > items_before,
        "the drops are saved once there is room ({items_before} → {items_after})"
    );
    let mut recovered = false;
    while let Some(said) = client
        .wait_event("sync.status", std::time::Duration::from_secs(5))
        .await
    {
        if said["params"]["ok"] == true {
            recovered = true;
            break;
        }
    }
    assert!(recovered, "a sync.status with ok: true follows");
    drop(client);
    demo.stop().await;
}
