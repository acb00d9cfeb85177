//! The `vault-raider` binary against a daemon started by the harness: every client subcommand,
//! tables and `--json`, class names for characters, failures with the daemon's message and a
//! non-zero exit, and the message when no daemon runs.

use crate::support::demo::{Client, Demo, character_of, text};
use serde_json::{Value, json};
use std::path::Path;
use std::process::Output;

/// What one run of the binary printed and how it ended.
struct Run {
    ok: bool,
    stdout: String,
    stderr: String,
}

impl Run {
    fn json(&self) -> Value {
        assert!(self.ok, "the command failed: {}", self.stderr);
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.stdout))
    }
}

/// Runs the binary with `args` plus `--port`/`--data-dir` of `port`/`dir`, in an environment
/// whose home and config directories are empty (no config file or pointer of the machine's).
async fn run_cli(home: &Path, port: u16, dir: &Path, args: &[&str]) -> Run {
    // The connection options go before a `--` (after which everything is query words).
    let split = args.iter().position(|a| *a == "--").unwrap_or(args.len());
    let (options, words) = args.split_at(split);
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_vault-raider"));
    command
        .args(options)
        .arg("--port")
        .arg(port.to_string())
        .arg("--data-dir")
        .arg(dir)
        .args(words)
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_DATA_HOME", home.join("data"))
        .env_remove("RUST_LOG");
    let output: Output = tokio::task::spawn_blocking(move || command.output())
        .await
        .expect("the command's task")
        .expect("the binary runs");
    Run {
        ok: output.status.success(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// The binary pointed at the harness's daemon.
struct Cli {
    home: tempfile::TempDir,
    port: u16,
    dir: std::path::PathBuf,
}

impl Cli {
    fn new(demo: &Demo) -> Cli {
        Cli {
            home: tempfile::tempdir().expect("a home"),
            port: demo.daemon.port,
            dir: demo.dir.path().to_path_buf(),
        }
    }

    async fn run(&self, args: &[&str]) -> Run {
        run_cli(self.home.path(), self.port, &self.dir, args).await
    }

    async fn json(&self, args: &[&str]) -> Value {
        let mut with_json = args.to_vec();
        let split = args.iter().position(|a| *a == "--").unwrap_or(args.len());
        with_json.insert(split, "--json");
        self.run(&with_json).await.json()
    }
}

/// The id of the character of `class`, from the daemon's snapshot.
async fn class_id(demo: &Demo, class: &str) -> String {
    let mut client = demo.client().await;
    let snapshot = client.call("profile.snapshot", json!({})).await;
    character_of(&snapshot["result"], class)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn status_items_item_and_sync_print_tables_or_json() {
    let demo = Demo::start().await;
    let cli = Cli::new(&demo);
    let status = cli.run(&["status"]).await;
    assert!(status.ok, "{}", status.stderr);
    assert!(
        status.stdout.contains("Session:   Signed in"),
        "{}",
        status.stdout
    );
    assert!(status.stdout.contains("Guardian#"), "{}", status.stdout);
    assert_eq!(cli.json(&["status"]).await["state"], "signed_in");

    let exotics = cli.json(&["items", "is:exotic"]).await;
    let exotics = exotics["items"].as_array().expect("items").clone();
    assert!(!exotics.is_empty());
    assert!(exotics.iter().all(|i| i["tier"] == "Exotic"));
    let table = cli.run(&["items", "is:exotic", "--limit", "2"]).await;
    assert!(table.ok, "{}", table.stderr);
    assert!(
        table.stdout.contains(&text(&exotics[0]["name"])),
        "{}",
        table.stdout
    );
    assert!(
        !table
            .stdout
            .contains(&text(&exotics[exotics.len() - 1]["id"]))
            || exotics.len() <= 2
    );

    // A negated term is a query, not an option; options after it still count.
    let not_exotic = cli
        .json(&["items", "-is:exotic", "is:weapon", "--limit", "5"])
        .await;
    let not_exotic = not_exotic["items"].as_array().expect("items").clone();
    assert!(
        !not_exotic.is_empty() && not_exotic.len() <= 5,
        "{not_exotic:?}"
    );
    assert!(
        not_exotic.iter().all(|i| i["tier"] != "Exotic"),
        "{not_exotic:?}"
    );

    let id = text(&exotics[0]["id"]);
    assert_eq!(cli.json(&["item", &id]).await["id"], json!(id));
    let shown = cli.run(&["item", &id]).await;
    assert!(
        shown.ok && shown.stdout.contains(&text(&exotics[0]["name"])),
        "{}",
        shown.stdout
    );

    let synced = cli.run(&["sync"]).await;
    assert!(synced.ok, "{}", synced.stderr);
    assert!(synced.stdout.starts_with("Synced: "), "{}", synced.stdout);
    assert!(cli.json(&["sync"]).await["rev"].is_number());
    demo.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn transfer_equip_lock_and_unlock_act_on_the_game_with_class_names() {
    let demo = Demo::start().await;
    let cli = Cli::new(&demo);
    let warlock = class_id(&demo, "warlock").await;
    let hunter = class_id(&demo, "hunter").await;
    let found = cli
        // A negated term starts with `-`: it goes after `--`, as clap's own hint says.
        .json(&[
            "items",
            "--limit",
            "1",
            "--",
            "is:weapon",
            "is:invault",
            "-is:exotic",
        ])
        .await;
    let id = text(&found["items"][0]["id"]);

    let rev = demo.rev();
    let dry = cli
        .json(&["transfer", &id, "--to", "warlock", "--dry-run"])
        .await;
    assert_eq!(dry["ok"], true, "{dry}");
    assert_eq!(demo.rev(), rev, "a dry run changes nothing");
    let moved = cli.json(&["transfer", &id, "--to", "Warlock"]).await;
    assert_eq!(moved["ok"], true, "{moved}");
    assert_eq!(demo.sim_item(&id).await["characterId"], json!(warlock));
    let back = cli.run(&["transfer", &id, "--to", "vault"]).await;
    assert!(back.ok, "{}", back.stderr);
    assert!(back.stdout.contains("Done: "), "{}", back.stdout);
    assert_eq!(demo.sim_item(&id).await["location"], "vault");

    let equipped = cli.json(&["equip", &id, "--character", "hunter"]).await;
    assert_eq!(equipped["ok"], true, "{equipped}");
    let truth = demo.sim_item(&id).await;
    assert_eq!(truth["characterId"], json!(hunter), "{truth}");
    assert_eq!(truth["equipped"], true, "{truth}");

    let was = truth["locked"] == true;
    let (first, second) = if was {
        ("unlock", "lock")
    } else {
        ("lock", "unlock")
    };
    assert!(cli.run(&[first, &id]).await.ok);
    assert_eq!(demo.sim_item(&id).await["locked"], json!(!was));
    assert!(cli.run(&[second, &id]).await.ok);
    assert_eq!(demo.sim_item(&id).await["locked"], json!(was));
    demo.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pull_empties_the_postmaster_of_a_character_named_by_class() {
    let demo = Demo::start().await;
    let cli = Cli::new(&demo);
    let titan = class_id(&demo, "titan").await;
    demo.sim_post(
        "/sim/game/postmaster",
        json!({"characterId": titan, "count": 2}),
    )
    .await;
    assert!(cli.run(&["sync"]).await.ok);
    let pulled = cli.json(&["pull", "--character", "titan"]).await;
    assert_eq!(pulled["ok"], true, "{pulled}");
    assert!(
        pulled["steps"].as_array().map_or(0, Vec::len) >= 2,
        "{pulled}"
    );
    let left = demo.sim_state().await["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter(|i| i["location"] == "postmaster" && i["characterId"] == json!(titan))
        .count();
    assert_eq!(left, 0);
    demo.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn loadouts_are_saved_listed_exported_imported_equipped_and_deleted() {
    let demo = Demo::start().await;
    let cli = Cli::new(&demo);
    let saved = cli
        .run(&["loadout", "save", "Raid", "--character", "titan"])
        .await;
    assert!(saved.ok, "{}", saved.stderr);
    assert!(saved.stdout.starts_with("Loadout "), "{}", saved.stdout);
    let listed = cli.json(&["loadout", "list"]).await;
    let loadout = listed["loadouts"][0].clone();
    assert_eq!(loadout["name"], "Raid", "{listed}");
    assert_eq!(loadout["class"], "titan", "{listed}");
    let id = text(&loadout["id"]);
    let table = cli
        .run(&["loadout", "list", "--character", "titan", "--ids"])
        .await;
    assert!(
        table.stdout.contains(&id) && table.stdout.contains("Raid"),
        "{}",
        table.stdout
    );

    let exported = cli.json(&["loadout", "export", &id]).await;
    assert_eq!(exported["dim"]["name"], "Raid", "{exported}");
    let file = cli.home.path().join("raid.json");
    std::fs::write(&file, exported["dim"].to_string()).expect("written");
    let imported = cli
        .json(&["loadout", "import", file.to_str().expect("a UTF-8 path")])
        .await;
    let copy = text(&imported["loadout"]["id"]);
    assert_ne!(copy, id);

    let worn = cli
        .json(&["loadout", "equip", &id, "--character", "titan"])
        .await;
    assert_eq!(worn["ok"], true, "{worn}");
    let deleted = cli.run(&["loadout", "delete", &copy]).await;
    assert!(deleted.ok, "{}", deleted.stderr);
    let after = cli.json(&["loadout", "list"]).await;
    assert!(!after.to_string().contains(&copy), "{after}");
    assert!(after.to_string().contains(&id), "{after}");
    demo.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tags_notes_max_power_guard_and_farming_from_the_command_line() {
    let demo = Demo::start().await;
    let cli = Cli::new(&demo);
    let titan = class_id(&demo, "titan").await;
    let items = cli
        .json(&["items", "--", "is:weapon", "-is:postmaster"])
        .await;
    let id = text(&items["items"][0]["id"]);
    let tagged = cli.run(&["tag", &id, "junk"]).await;
    assert!(tagged.ok, "{}", tagged.stderr);
    assert!(tagged.stdout.contains("Tag: junk"), "{}", tagged.stdout);
    let noted = cli.run(&["note", &id, "shards"]).await;
    assert!(noted.stdout.contains("Note: shards"), "{}", noted.stdout);
    let exported = cli.json(&["tags", "export"]).await;
    assert_eq!(
        exported["tags"],
        json!([{"itemId": id, "tag": "junk", "notes": "shards"}])
    );
    // Cleared, then the export brought back from a file.
    assert!(cli.run(&["tag", &id, "none"]).await.ok);
    assert!(cli.run(&["note", &id]).await.ok);
    let file = cli.home.path().join("dim-backup.json");
    std::fs::write(&file, exported.to_string()).expect("written");
    let imported = cli
        .run(&["tags", "import", file.to_str().expect("a UTF-8 path")])
        .await;
    assert!(
        imported.stdout.starts_with("Imported the marks of 1 item."),
        "{}",
        imported.stdout
    );
    assert_eq!(cli.json(&["tags", "export"]).await, exported);

    let plan = cli
        .run(&["max-power", "--character", "titan", "--dry-run"])
        .await;
    assert!(plan.ok, "{}", plan.stderr);
    assert!(plan.stdout.contains("Power "), "{}", plan.stdout);
    assert!(plan.stdout.contains("nothing moved"), "{}", plan.stdout);

    let off = cli
        .run(&["guard", "--character", "titan", "--set", "off"])
        .await;
    assert!(
        off.stdout.contains("Postmaster guard for Titan: off"),
        "{}",
        off.stdout
    );
    let farming = cli.run(&["farming", "start", "--character", "titan"]).await;
    assert!(
        farming.stdout.starts_with("Farming mode: on for Titan"),
        "{}",
        farming.stdout
    );
    let status = cli.json(&["farming", "status"]).await;
    assert_eq!(status["farming"], json!(titan));
    let stopped = cli.run(&["farming", "stop"]).await;
    assert!(
        stopped.stdout.starts_with("Farming mode: off"),
        "{}",
        stopped.stdout
    );
    demo.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn progress_history_and_stats_from_the_command_line() {
    let demo = Demo::start().await;
    let cli = Cli::new(&demo);
    let listed = cli.run(&["progress"]).await;
    assert!(listed.ok, "{}", listed.stderr);
    assert!(listed.stdout.contains("Bounties"), "{}", listed.stdout);
    assert!(
        listed.stdout.contains("(step "),
        "a quest step's place: {}",
        listed.stdout
    );
    assert!(
        listed.stdout.contains("resets in"),
        "a milestone's reset: {}",
        listed.stdout
    );
    assert!(!listed.stdout.contains("null"), "{}", listed.stdout);
    let bounties = cli
        .json(&["progress", "--kind", "bounties", "--character", "titan"])
        .await;
    assert_eq!(bounties["quests"], json!([]));
    let bounty = bounties["bounties"]
        .as_array()
        .and_then(|b| b.iter().find(|b| b["tracked"] == false))
        .cloned()
        .expect("an untracked bounty on the titan");
    let id = text(&bounty["id"]);
    let tracked = cli.run(&["progress", "--track", &id]).await;
    assert!(tracked.ok, "{}", tracked.stderr);
    assert!(
        tracked
            .stdout
            .starts_with(&format!("Tracking {} on Titan", text(&bounty["name"]))),
        "{}",
        tracked.stdout
    );
    let untracked = cli.run(&["progress", "--untrack", &id]).await;
    assert!(
        untracked.stdout.starts_with("Not tracking"),
        "{}",
        untracked.stdout
    );
    let history = cli
        .run(&["history", "--character", "titan", "--count", "3"])
        .await;
    assert!(history.ok, "{}", history.stderr);
    assert!(history.stdout.contains(" kills"), "{}", history.stdout);
    assert!(
        history.stdout.contains("With: "),
        "the fireteam: {}",
        history.stdout
    );
    let stats = cli.run(&["stats"]).await;
    assert!(stats.stdout.starts_with("MODES"), "{}", stats.stdout);
    assert!(stats.stdout.contains("allPvE"), "{}", stats.stdout);
    demo.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn vendors_collections_and_clan_from_the_command_line() {
    let demo = Demo::start().await;
    let cli = Cli::new(&demo);
    let vendors = cli.run(&["vendors", "--character", "titan"]).await;
    assert!(vendors.ok, "{}", vendors.stderr);
    assert!(
        vendors.stdout.starts_with("You hold: "),
        "{}",
        vendors.stdout
    );
    assert!(
        vendors.stdout.contains("Xûr · The Tower"),
        "{}",
        vendors.stdout
    );
    assert!(
        vendors.stdout.contains("23 Strange Coin"),
        "{}",
        vendors.stdout
    );
    assert!(vendors.stdout.contains("not owned"), "{}", vendors.stdout);
    let missing = cli.run(&["vendors", "--not-owned"]).await;
    assert!(missing.ok, "{}", missing.stderr);
    assert!(missing.stdout.contains("Hawkmoon"), "{}", missing.stdout);
    assert!(
        !missing.stdout.lines().any(|l| l.contains("  owned")),
        "{}",
        missing.stdout
    );
    let json = cli.json(&["vendors", "--character", "warlock"]).await;
    assert!(
        json["vendors"].as_array().is_some_and(|v| !v.is_empty()),
        "{json}"
    );
    let found = cli.run(&["collections", "hawkmoon"]).await;
    assert!(found.ok, "{}", found.stderr);
    assert!(found.stdout.starts_with("NAME"), "{}", found.stdout);
    assert!(found.stdout.contains("Hawkmoon"), "{}", found.stdout);
    assert!(found.stdout.contains("Source: "), "{}", found.stdout);
    let refused = cli.run(&["collections", "power:>1"]).await;
    assert!(!refused.ok, "another filter fails");
    assert!(refused.stderr.contains("is:owned"), "{}", refused.stderr);
    let clan = cli.run(&["clan"]).await;
    assert!(clan.ok, "{}", clan.stderr);
    assert!(
        clan.stdout
            .starts_with("Vault Raiders Guild — \"Eyes up, Guardian.\" · 10 members, 1 online"),
        "{}",
        clan.stdout
    );
    assert!(
        clan.stdout
            .lines()
            .nth(1)
            .is_some_and(|l| l.contains("online now")),
        "{}",
        clan.stdout
    );
    demo.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pairing_clients_and_accounts_are_administered_from_the_command_line() {
    let demo = Demo::start().await;
    let cli = Cli::new(&demo);
    let none = cli.run(&["pairing"]).await;
    assert!(
        none.ok && none.stdout.contains("No pairing requests."),
        "{}",
        none.stdout
    );
    let mut fresh = Client::connect(demo.daemon.port).await;
    let requested = fresh
        .call(
            "pairing.request",
            json!({"client": {"name": "phone", "kind": "other", "version": "1"}}),
        )
        .await;
    let pairing_id = text(&requested["result"]["pairingId"]);
    let shown = cli.run(&["pairing"]).await;
    assert!(
        shown.ok && shown.stdout.contains("phone"),
        "{}",
        shown.stdout
    );
    let pending = cli.json(&["pairing"]).await;
    let code = text(&pending[0]["code"]);
    assert!(shown.stdout.contains(&code), "{}", shown.stdout);
    let completed = fresh
        .call(
            "pairing.complete",
            json!({"pairingId": pairing_id, "code": code}),
        )
        .await;
    assert!(completed["result"]["token"].is_string(), "{completed}");

    let clients = cli.json(&["clients", "list"]).await;
    let client_id = text(&clients[0]["clientId"]);
    assert_eq!(clients[0]["client"]["name"], "phone");
    let revoked = cli.run(&["clients", "revoke", &client_id]).await;
    assert!(revoked.ok, "{}", revoked.stderr);
    assert_eq!(cli.json(&["clients", "list"]).await, json!([]));
    let table = cli.run(&["clients", "list"]).await;
    assert!(table.stdout.contains("None."), "{}", table.stdout);

    let accounts = cli.json(&["accounts", "list"]).await;
    let account = accounts[0].clone();
    let listed = cli.run(&["accounts", "list"]).await;
    assert!(
        listed.stdout.contains(&text(&account["membershipId"])),
        "{}",
        listed.stdout
    );
    let kind = account["membershipType"].to_string();
    let selected = cli
        .json(&[
            "accounts",
            "select",
            &text(&account["membershipId"]),
            "--type",
            &kind,
        ])
        .await;
    assert_eq!(selected["account"]["membershipId"], account["membershipId"]);
    // The id alone is enough, and people are told what is managed now.
    let said = cli
        .run(&["accounts", "select", &text(&account["membershipId"])])
        .await;
    assert!(
        said.stdout.starts_with("Now managing ")
            && said.stdout.contains(&text(&account["displayName"])),
        "{}",
        said.stdout
    );
    demo.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn failures_exit_non_zero_with_the_daemons_message() {
    let demo = Demo::start().await;
    let cli = Cli::new(&demo);
    let missing = cli.run(&["item", "1"]).await;
    assert!(!missing.ok);
    assert!(
        missing.stderr.contains("There is no item 1"),
        "{}",
        missing.stderr
    );
    assert!(
        !missing.stderr.contains("(code") && !missing.stderr.contains("item_not_found"),
        "errors read as sentences: {}",
        missing.stderr
    );
    let transfer = cli.run(&["transfer", "1", "--to", "vault"]).await;
    assert!(
        !transfer.ok && transfer.stderr.contains("Item 1 is not in your inventory"),
        "{}",
        transfer.stderr
    );
    let bad_query = cli.run(&["items", "power:>>"]).await;
    assert!(!bad_query.ok && !bad_query.stderr.is_empty());
    let unreadable = cli
        .run(&["loadout", "import", "/nonexistent/raid.json"])
        .await;
    assert!(!unreadable.ok);
    assert!(
        unreadable
            .stderr
            .contains("cannot read /nonexistent/raid.json"),
        "{}",
        unreadable.stderr
    );
    assert!(
        !unreadable.stderr.contains("invalid"),
        "nothing is sent to the daemon: {}",
        unreadable.stderr
    );
    let revoke = cli.run(&["clients", "revoke", "nobody"]).await;
    assert!(!revoke.ok, "{}", revoke.stdout);
    demo.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_a_daemon_the_command_line_says_so() {
    let home = tempfile::tempdir().expect("a home");
    let empty = tempfile::tempdir().expect("a data directory");
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port();
    let no_token = run_cli(home.path(), port, empty.path(), &["status"]).await;
    assert!(!no_token.ok);
    assert!(
        no_token.stderr.contains("is the daemon running?"),
        "{}",
        no_token.stderr
    );
    std::fs::write(empty.path().join("admin.token"), "stale").expect("written");
    let no_daemon = run_cli(home.path(), port, empty.path(), &["status"]).await;
    assert!(!no_daemon.ok);
    assert!(
        no_daemon
            .stderr
            .contains(&format!("the daemon is not running on 127.0.0.1:{port}")),
        "{}",
        no_daemon.stderr
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn overlay_prints_the_current_address_and_rotate_replaces_its_token() {
    let demo = Demo::start().await;
    let cli = Cli::new(&demo);
    let shown = cli.run(&["overlay"]).await;
    assert!(shown.ok, "{}", shown.stderr);
    assert_eq!(shown.stdout.trim(), demo.daemon.overlay_url);
    let rotated = cli.run(&["overlay", "--rotate"]).await;
    assert!(rotated.ok, "{}", rotated.stderr);
    let fresh = rotated.stdout.trim().to_string();
    assert!(fresh.contains("/overlay?token="), "{fresh}");
    assert_ne!(fresh, demo.daemon.overlay_url);
    let again = cli.run(&["overlay"]).await;
    assert_eq!(
        again.stdout.trim(),
        fresh,
        "the new token is the current one"
    );
    demo.stop().await;
}
