//! The command line as a player reads it (issue #22, point 10): characters by class and "Vault"
//! instead of ids, relative times and human session states in `status`, item names accepted
//! where ids are (several matches listed), dry runs that say "would", `item` with its stats and
//! perks, errors without codes, and a loadout of another class refused or, with consent, cut down.

// Not run under Wine (scripts/test-windows.sh runs this crate's Windows modules only).
#![cfg(not(windows))]

use crate::support::demo::{Demo, character_of, text};
use serde_json::{Value, json};

/// Runs the binary against the harness's daemon in an empty home.
async fn cli(demo: &Demo, home: &std::path::Path, args: &[&str]) -> (bool, String, String) {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_vault-raider"));
    command
        .args(args)
        .arg("--port")
        .arg(demo.daemon.port.to_string())
        .arg("--data-dir")
        .arg(demo.dir.path())
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_DATA_HOME", home.join("data"))
        .env_remove("RUST_LOG");
    let output = tokio::task::spawn_blocking(move || command.output())
        .await
        .expect("the command's task")
        .expect("the binary runs");
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn no_ids(text: &str, snapshot: &Value) {
    for c in snapshot["characters"].as_array().into_iter().flatten() {
        let id = c["characterId"].as_str().unwrap_or_default();
        assert!(!text.contains(id), "a character id was printed: {text}");
    }
    assert!(!text.contains("character "), "{text}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_command_reads_like_the_game() {
    let demo = Demo::start().await;
    let home = tempfile::tempdir().expect("a home");
    let home = home.path();
    let mut client = demo.client().await;
    let snapshot = client.call("profile.snapshot", json!({})).await["result"].clone();
    let titan = character_of(&snapshot, "titan");

    // status: a human state, the platform, relative times; no membership id, no UTC stamps.
    let (ok, out, err) = cli(&demo, home, &["status"]).await;
    assert!(ok, "{err}");
    assert!(out.contains("Session:   Signed in"), "{out}");
    assert!(out.contains(" on "), "{out}");
    assert!(out.contains(" ago") || out.contains("just now"), "{out}");
    assert!(!out.contains("signed_in"), "{out}");
    assert!(!out.contains("Z\n"), "no UTC stamps: {out}");
    let account_id = text(&snapshot["account"]["membershipId"]);
    assert!(!out.contains(&account_id), "{out}");
    let (_, with_ids, _) = cli(&demo, home, &["status", "--ids"]).await;
    assert!(with_ids.contains(&account_id), "{with_ids}");

    // items: places by class or "Vault".
    let (ok, out, err) = cli(&demo, home, &["items", "is:weapon"]).await;
    assert!(ok, "{err}");
    assert!(out.contains("Vault"), "{out}");
    assert!(
        out.contains("Titan") || out.contains("Hunter") || out.contains("Warlock"),
        "{out}"
    );
    no_ids(&out, &snapshot);

    // item: by name, with stats and perks.
    let items: Vec<Value> = snapshot["items"].as_array().cloned().unwrap_or_default();
    let counts = items
        .iter()
        .fold(std::collections::HashMap::new(), |mut m, i| {
            *m.entry(text(&i["name"])).or_insert(0) += 1;
            m
        });
    let unique = items
        .iter()
        .find(|i| i["power"].is_number() && counts[&text(&i["name"])] == 1)
        .expect("gear with a name of its own");
    let name = text(&unique["name"]);
    let (ok, out, err) = cli(&demo, home, &["item", &name]).await;
    assert!(ok, "{err}");
    assert!(out.starts_with(&format!("{name}\n")), "{out}");
    let detail = client.call("items.get", json!({"id": unique["id"]})).await["result"].clone();
    if detail["stats"].as_array().is_some_and(|s| !s.is_empty()) {
        assert!(out.contains("\nStats\n"), "{out}");
    }
    if detail["perks"].as_array().is_some_and(|p| !p.is_empty()) {
        assert!(out.contains("\nPerks\n"), "{out}");
    }
    assert!(!out.contains("null"), "{out}");

    // Several items of one name are listed with where they are; nothing is moved.
    if let Some((dupe, n)) = counts.iter().find(|(_, n)| **n > 1) {
        let rev = demo.rev();
        let (ok, _, err) = cli(&demo, home, &["equip", dupe, "--character", "titan"]).await;
        assert!(!ok);
        assert!(err.contains(&format!("{n} items match")), "{err}");
        assert!(err.contains("give the id"), "{err}");
        assert_eq!(demo.rev(), rev);
    }

    // A dry run by name says "would" and that nothing moved; the real run says what it did.
    let vault_one = items
        .iter()
        .find(|i| {
            i["location"]["kind"] == "vault"
                && ["kinetic", "energy", "power"].contains(&i["bucket"].as_str().unwrap_or(""))
                && !i["name"].as_str().unwrap_or("").contains('"')
        })
        .expect("a weapon in the vault");
    let vault_name = text(&vault_one["name"]);
    // By name when the name is its own; the demo vault holds several copies of most weapons,
    // so otherwise by id (the output names it either way).
    let vault_pick = if counts[&vault_name] == 1 {
        vault_name.clone()
    } else {
        text(&vault_one["id"])
    };
    let rev = demo.rev();
    let (ok, out, err) = cli(
        &demo,
        home,
        &["transfer", &vault_pick, "--to", "titan", "--dry-run"],
    )
    .await;
    assert!(ok, "{err}");
    assert!(
        out.contains(&format!("would move {vault_name} from Vault to Titan")),
        "{out}"
    );
    assert!(out.contains("; nothing moved."), "{out}");
    assert!(!out.contains("Done"), "{out}");
    assert_eq!(demo.rev(), rev, "a dry run changes nothing");
    let (ok, out, err) = cli(&demo, home, &["transfer", &vault_pick, "--to", "titan"]).await;
    assert!(ok, "{err}");
    assert!(
        out.contains(&format!("✓ Moved {vault_name} from Vault to Titan")),
        "{out}"
    );
    assert!(out.contains("Done: 1 step"), "{out}");
    no_ids(&out, &snapshot);

    // loadout list: the class, not the character id; "Before …" reads as an undo.
    let (ok, _, err) = cli(
        &demo,
        home,
        &["loadout", "save", "Raid", "--character", "warlock"],
    )
    .await;
    assert!(ok, "{err}");
    let (ok, out, err) = cli(&demo, home, &["loadout", "list"]).await;
    assert!(ok, "{err}");
    assert!(out.contains("Raid") && out.contains("Warlock"), "{out}");
    no_ids(&out, &snapshot);

    // A Warlock loadout on the Titan: refused, nothing moved, the way out named.
    let rev = demo.rev();
    let (ok, _, err) = cli(
        &demo,
        home,
        &["loadout", "equip", "Raid", "--character", "titan"],
    )
    .await;
    assert!(!ok);
    assert!(err.contains("Warlock loadout"), "{err}");
    assert!(!err.contains("(code"), "{err}");
    assert_eq!(demo.rev(), rev, "nothing moved");
    // With consent: only the class-neutral items, the others named as skipped.
    let (ok, out, err) = cli(
        &demo,
        home,
        &[
            "loadout",
            "equip",
            "Raid",
            "--character",
            "titan",
            "--class-neutral-only",
            "--dry-run",
        ],
    )
    .await;
    assert!(ok, "{err}\n{out}");
    assert!(out.contains("Skipped "), "{out}");
    assert!(out.contains("would "), "{out}");
    assert!(out.contains("nothing moved"), "{out}");
    let _ = titan;
    demo.stop().await;
}
