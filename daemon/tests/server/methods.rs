//! Every method of the companion protocol against the real daemon (simulator, store, sync,
//! executor, server) over a real socket, checking each result's shape and what it did.

// Not run under Wine (scripts/test-windows.sh runs this crate's Windows modules only).
#![cfg(not(windows))]

use crate::support::demo::{Client, Demo, character_of, text};
use serde_json::{Value, json};
use std::time::Duration;

/// The result of a call that must succeed.
async fn ok(client: &mut Client, method: &str, params: Value) -> Value {
    let answer = client.call(method, params).await;
    assert!(answer.get("error").is_none(), "{method} failed: {answer}");
    answer["result"].clone()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn identify_and_status_describe_the_signed_in_session() {
    let demo = Demo::start().await;
    let mut client = Client::connect(demo.daemon.port).await;
    let identified = client
        .call(
            "session.identify",
            json!({"protocol": 1, "token": demo.admin_token(),
                "client": {"name": "t", "kind": "cli", "version": "0"}, "subscribe": ["inventory"]}),
        )
        .await;
    let result = &identified["result"];
    assert_eq!(result["protocol"], 1, "{identified}");
    assert!(result["daemon"]["version"].is_string(), "{identified}");
    assert_eq!(result["session"]["state"], "signed_in", "{identified}");
    assert!(result["session"]["account"]["membershipId"].is_string());
    assert!(result["session"]["account"]["displayName"].is_string());
    assert_eq!(result["rev"], json!(demo.rev()), "{identified}");

    let status = ok(&mut client, "session.status", json!({})).await;
    assert_eq!(status["state"], "signed_in", "{status}");
    assert_eq!(status["account"], result["session"]["account"], "{status}");
    assert!(
        status["lastSync"].is_string(),
        "a first sync happened: {status}"
    );
    assert!(status["bungie"].is_object(), "{status}");
    assert!(status["bungie"]["throttledUntil"].is_null(), "{status}");
    demo.stop().await;
}

/// The daemon's own loadouts of a `loadouts.list` answer (the in-game slots left out).
fn own(listed: &Value) -> Vec<&Value> {
    listed["loadouts"]
        .as_array()
        .expect("loadouts")
        .iter()
        .filter(|l| l["source"] == "daemon")
        .collect()
}

/// `auth.login` listens on the redirect address's port (7443 by default) while a sign-in waits:
/// the tests of this crate that sign in take turns.
static SIGN_IN_PORT: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn auth_login_gives_the_simulators_authorize_url_and_auth_complete_checks_its_state() {
    let _turn = SIGN_IN_PORT.lock().await;
    let demo = Demo::start().await;
    let mut client = demo.client().await;
    let login = ok(&mut client, "auth.login", json!({})).await;
    let url = text(&login["authorizeUrl"]);
    let state = text(&login["state"]);
    assert!(url.starts_with(&demo.sim.base_url()), "{url}");
    assert!(url.contains(&format!("state={state}")), "{url}");
    assert!(url.contains("response_type=code"), "{url}");
    let foreign = client
        .call(
            "auth.complete",
            json!({"code": "anything", "state": "not-started-here"}),
        )
        .await;
    assert_eq!(foreign["error"]["code"], -32602, "{foreign}");
    assert_eq!(foreign["error"]["data"]["field"], "state", "{foreign}");
    demo.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn accounts_are_listed_and_one_can_be_selected() {
    let demo = Demo::start().await;
    let mut client = demo.client().await;
    let accounts = ok(&mut client, "accounts.list", json!({})).await;
    let first = accounts
        .as_array()
        .and_then(|a| a.first())
        .cloned()
        .unwrap_or_else(|| panic!("at least one account: {accounts}"));
    assert!(first["membershipType"].is_number(), "{first}");
    assert!(first["membershipId"].is_string(), "{first}");
    assert!(first["displayName"].is_string(), "{first}");
    let session = ok(
        &mut client,
        "accounts.select",
        json!({"membershipType": first["membershipType"], "membershipId": first["membershipId"]}),
    )
    .await;
    assert_eq!(session["state"], "signed_in", "{session}");
    assert_eq!(session["account"]["membershipId"], first["membershipId"]);
    let unknown = client
        .call(
            "accounts.select",
            json!({"membershipType": 3, "membershipId": "1"}),
        )
        .await;
    assert_eq!(unknown["error"]["code"], -32602, "{unknown}");
    demo.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn snapshot_changes_and_sync_have_their_shapes() {
    let demo = Demo::start().await;
    let mut client = demo.client().await;
    let snapshot = ok(&mut client, "profile.snapshot", json!({})).await;
    let rev = snapshot["rev"].as_u64().expect("rev");
    assert_eq!(rev, demo.rev());
    assert!(snapshot["account"]["membershipId"].is_string());
    let characters = snapshot["characters"].as_array().expect("characters");
    assert_eq!(characters.len(), 3, "{}", snapshot["characters"]);
    for c in characters {
        assert!(c["characterId"].is_string(), "{c}");
        assert!(
            ["titan", "hunter", "warlock"].contains(&c["class"].as_str().unwrap_or("")),
            "{c}"
        );
        assert!(c["power"].is_number(), "{c}");
        assert!(
            snapshot["postmaster"][text(&c["characterId"])].is_number(),
            "every character has a postmaster count: {}",
            snapshot["postmaster"]
        );
    }
    let items = snapshot["items"].as_array().expect("items");
    assert!(items.len() > 50, "the sample account has items");
    for item in items {
        assert!(item["id"].is_string(), "{item}");
        assert!(item["hash"].is_number(), "{item}");
        assert!(
            ["character", "vault", "postmaster", "profile"]
                .contains(&item["location"]["kind"].as_str().unwrap_or("")),
            "{item}"
        );
        for flag in ["equipped", "locked", "transferable", "equippable"] {
            assert!(item[flag].is_boolean(), "{flag}: {item}");
        }
    }
    let in_vault = items
        .iter()
        .filter(|i| i["location"]["kind"] == "vault")
        .count();
    assert_eq!(snapshot["vault"]["used"], json!(in_vault));
    assert!(snapshot["vault"]["capacity"].as_u64().unwrap_or(0) >= in_vault as u64);

    let none = ok(&mut client, "profile.changes", json!({"since": rev})).await;
    assert_eq!(none["rev"], json!(rev), "{none}");
    assert_eq!(none["changes"], json!([]), "{none}");
    let past = ok(&mut client, "profile.changes", json!({"since": rev - 1})).await;
    assert_eq!(
        past["changes"].as_array().map(Vec::len),
        Some(1),
        "one revision after rev-1: {past}"
    );
    assert_eq!(past["changes"][0]["rev"], json!(rev), "{past}");

    let synced = ok(&mut client, "profile.sync", json!({})).await;
    assert_eq!(
        synced["rev"],
        json!(rev),
        "nothing changed in the game: {synced}"
    );
    assert_eq!(synced["changed"], 0, "{synced}");
    assert!(synced["tookMs"].is_number(), "{synced}");
    let reported = client
        .wait_event("sync.status", Duration::from_secs(5))
        .await
        .expect("a sync.status event");
    assert_eq!(reported["params"]["ok"], true, "{reported}");
    assert!(reported["params"]["lastSync"].is_string(), "{reported}");
    demo.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn search_and_get_answer_from_the_store() {
    let demo = Demo::start().await;
    let mut client = demo.client().await;
    demo.sim.reset_calls();
    let limited = ok(
        &mut client,
        "items.search",
        json!({"query": "is:weapon", "limit": 3}),
    )
    .await;
    assert_eq!(
        limited["items"].as_array().map(Vec::len),
        Some(3),
        "{limited}"
    );
    let exotics = ok(&mut client, "items.search", json!({"query": "is:exotic"})).await;
    let exotics = exotics["items"].as_array().expect("items").clone();
    assert!(!exotics.is_empty());
    assert!(exotics.iter().all(|i| i["tier"] == "Exotic"));
    let vaulted = ok(
        &mut client,
        "items.search",
        json!({"query": "is:invault -is:exotic"}),
    )
    .await;
    assert!(
        vaulted["items"]
            .as_array()
            .expect("items")
            .iter()
            .all(|i| i["location"]["kind"] == "vault" && i["tier"] != "Exotic"),
        "{vaulted}"
    );
    let broken = client
        .call("items.search", json!({"query": "power:>>"}))
        .await;
    assert_eq!(broken["error"]["code"], -32602, "{broken}");
    assert_eq!(broken["error"]["data"]["field"], "query", "{broken}");

    let id = text(&exotics[0]["id"]);
    let detail = ok(&mut client, "items.get", json!({"id": id})).await;
    assert_eq!(detail["id"], json!(id));
    assert_eq!(detail["name"], exotics[0]["name"]);
    assert!(
        detail["stats"].is_object() || detail["stats"].is_array(),
        "{detail}"
    );
    assert!(detail["perks"].is_array(), "{detail}");
    assert!(detail.get("description").is_some(), "{detail}");
    assert!(
        demo.sim.calls().is_empty(),
        "reads never go to Bungie: {:?}",
        demo.sim.calls()
    );
    demo.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn transfer_equip_and_lock_change_the_game_and_dry_runs_change_nothing() {
    let demo = Demo::start().await;
    let mut client = demo.client().await;
    let snapshot = ok(&mut client, "profile.snapshot", json!({})).await;
    let warlock = character_of(&snapshot, "warlock");
    let found = ok(
        &mut client,
        "items.search",
        json!({"query": "is:weapon is:invault -is:exotic", "limit": 1}),
    )
    .await;
    let id = text(&found["items"][0]["id"]);
    let rev = demo.rev();
    demo.sim.reset_calls();

    let dry = ok(
        &mut client,
        "items.transfer",
        json!({"id": id, "to": warlock, "dryRun": true}),
    )
    .await;
    assert_eq!(dry["ok"], true, "{dry}");
    assert!(!dry["steps"].as_array().expect("steps").is_empty(), "{dry}");
    assert!(dry["bungieCalls"].as_u64().unwrap_or(0) >= 1, "{dry}");
    assert_eq!(demo.rev(), rev, "a dry run changes nothing");
    assert!(demo.sim.calls().is_empty(), "a dry run calls no one");

    let moved = ok(
        &mut client,
        "items.transfer",
        json!({"id": id, "to": warlock}),
    )
    .await;
    assert_eq!(moved["ok"], true, "{moved}");
    assert!(moved["operationId"].is_string(), "{moved}");
    let step = &moved["steps"][0];
    assert_eq!(step["id"], json!(id), "{moved}");
    assert_eq!(step["ok"], true, "{moved}");
    assert_eq!(step["from"]["kind"], "vault", "{moved}");
    assert_eq!(step["to"]["characterId"], json!(warlock), "{moved}");
    assert!(moved["rev"].as_u64().unwrap_or(0) > rev, "{moved}");
    assert_eq!(demo.sim_item(&id).await["characterId"], json!(warlock));

    let equipped = ok(
        &mut client,
        "items.equip",
        json!({"id": id, "characterId": warlock}),
    )
    .await;
    assert_eq!(equipped["ok"], true, "{equipped}");
    assert_eq!(demo.sim_item(&id).await["equipped"], true);

    let was_locked = demo.sim_item(&id).await["locked"] == true;
    let dry_lock = ok(
        &mut client,
        "items.lock",
        json!({"id": id, "locked": !was_locked, "dryRun": true}),
    )
    .await;
    assert_eq!(dry_lock["ok"], true, "{dry_lock}");
    assert_eq!(demo.sim_item(&id).await["locked"], json!(was_locked));
    let locked = ok(
        &mut client,
        "items.lock",
        json!({"id": id, "locked": !was_locked}),
    )
    .await;
    assert_eq!(locked["ok"], true, "{locked}");
    assert_eq!(demo.sim_item(&id).await["locked"], json!(!was_locked));
    let stored = ok(&mut client, "items.get", json!({"id": id})).await;
    assert_eq!(stored["locked"], json!(!was_locked));
    assert_eq!(stored["equipped"], true);
    demo.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postmaster_pull_empties_a_characters_postmaster() {
    let demo = Demo::start().await;
    let mut client = demo.client().await;
    let snapshot = ok(&mut client, "profile.snapshot", json!({})).await;
    let hunter = character_of(&snapshot, "hunter");
    demo.sim_post(
        "/sim/game/postmaster",
        json!({"characterId": hunter, "count": 2}),
    )
    .await;
    ok(&mut client, "profile.sync", json!({})).await;
    let before = ok(&mut client, "profile.snapshot", json!({})).await;
    let waiting = before["postmaster"][&hunter].as_u64().unwrap_or(0);
    assert!(waiting >= 2, "{}", before["postmaster"]);
    let dry = ok(
        &mut client,
        "postmaster.pull",
        json!({"characterId": hunter, "dryRun": true}),
    )
    .await;
    assert!(
        dry["steps"].as_array().map_or(0, Vec::len) as u64 >= waiting,
        "{dry}"
    );
    let pulled = ok(
        &mut client,
        "postmaster.pull",
        json!({"characterId": hunter}),
    )
    .await;
    assert!(
        pulled["steps"].as_array().map_or(0, Vec::len) as u64 >= waiting,
        "{pulled}"
    );
    let after = ok(&mut client, "profile.snapshot", json!({})).await;
    let left = after["postmaster"][&hunter].as_u64().unwrap_or(u64::MAX);
    let failed = pulled["steps"]
        .as_array()
        .expect("steps")
        .iter()
        .filter(|s| s["ok"] == false)
        .count() as u64;
    assert_eq!(pulled["ok"], json!(failed == 0), "{pulled}");
    assert!(left <= failed, "{left} left after {pulled}");
    let missing = client.call("postmaster.pull", json!({"id": "1"})).await;
    assert_eq!(
        missing["error"]["data"]["reason"], "item_not_found",
        "{missing}"
    );
    demo.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn loadouts_save_list_export_import_equip_and_delete() {
    let demo = Demo::start().await;
    let mut client = demo.client().await;
    let snapshot = ok(&mut client, "profile.snapshot", json!({})).await;
    let titan = character_of(&snapshot, "titan");
    let saved = ok(
        &mut client,
        "loadouts.save",
        json!({"name": "Raid", "characterId": titan}),
    )
    .await;
    let loadout = &saved["loadout"];
    let loadout_id = text(&loadout["id"]);
    assert_eq!(loadout["name"], "Raid");
    assert_eq!(loadout["characterId"], json!(titan));
    assert_eq!(loadout["class"], "titan");
    let equipped: Vec<Value> = snapshot["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter(|i| i["equipped"] == true && i["location"]["characterId"] == json!(titan))
        .map(|i| i["id"].clone())
        .collect();
    let members: Vec<Value> = loadout["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| i["id"].clone())
        .collect();
    assert!(!members.is_empty(), "{loadout}");
    assert!(
        members.iter().all(|m| equipped.contains(m)),
        "no items: the character's equipped gear ({loadout})"
    );

    let listed = ok(&mut client, "loadouts.list", json!({})).await;
    assert_eq!(own(&listed).len(), 1, "{listed}");
    let for_titan = ok(&mut client, "loadouts.list", json!({"characterId": titan})).await;
    assert_eq!(for_titan["loadouts"][0]["id"], json!(loadout_id));

    let exported = ok(
        &mut client,
        "loadouts.export",
        json!({"loadoutId": loadout_id}),
    )
    .await;
    assert!(exported["dim"].is_object(), "{exported}");
    assert_eq!(exported["dim"]["name"], "Raid", "{exported}");
    let imported = ok(
        &mut client,
        "loadouts.import",
        json!({"dim": exported["dim"]}),
    )
    .await;
    let copy_id = text(&imported["loadout"]["id"]);
    assert_ne!(copy_id, loadout_id);
    assert_eq!(
        imported["loadout"]["items"].as_array().map(Vec::len),
        Some(members.len()),
        "{imported}"
    );
    let two = ok(&mut client, "loadouts.list", json!({})).await;
    assert_eq!(own(&two).len(), 2, "{two}");

    let rev = demo.rev();
    let dry = ok(
        &mut client,
        "loadouts.equip",
        json!({"loadoutId": loadout_id, "characterId": titan, "dryRun": true}),
    )
    .await;
    assert_eq!(dry["ok"], true, "{dry}");
    let worn = ok(
        &mut client,
        "loadouts.equip",
        json!({"loadoutId": loadout_id, "characterId": titan}),
    )
    .await;
    assert_eq!(worn["ok"], true, "{worn}");
    assert_eq!(
        demo.rev(),
        rev,
        "the gear was already worn: nothing changed"
    );
    let with_backup = ok(&mut client, "loadouts.list", json!({})).await;
    let names = crate::support::demo::loadout_names(&with_backup);
    assert!(
        names.contains(&"Before Raid"),
        "the gear before is kept: {names:?}"
    );

    assert_eq!(
        ok(
            &mut client,
            "loadouts.delete",
            json!({"loadoutId": copy_id})
        )
        .await,
        json!({})
    );
    let left = ok(&mut client, "loadouts.list", json!({})).await;
    assert_eq!(
        left["loadouts"].as_array().map(Vec::len),
        Some(names.len() - 1),
        "{left}"
    );
    assert!(!left.to_string().contains(&copy_id), "{left}");
    let gone = client
        .call("loadouts.delete", json!({"loadoutId": copy_id}))
        .await;
    assert_eq!(gone["error"]["code"], -32602, "{gone}");
    let bad = client
        .call("loadouts.import", json!({"dim": {"nonsense": true}}))
        .await;
    assert_eq!(bad["error"]["code"], -32602, "{bad}");
    demo.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn events_follow_the_subscribed_topics() {
    let demo = Demo::start().await;
    let mut watcher = demo.client().await;
    let topics = ok(
        &mut watcher,
        "events.subscribe",
        json!({"topics": ["inventory"]}),
    )
    .await;
    assert_eq!(topics["topics"], json!(["inventory"]), "{topics}");
    // What arrived before the subscription took effect (a late `sync.status`) does not count.
    watcher.events.clear();
    let bad = watcher
        .call("events.subscribe", json!({"topics": ["nonsense"]}))
        .await;
    assert_eq!(bad["error"]["code"], -32602, "{bad}");
    let mut actor = demo.client().await;
    let found = ok(
        &mut actor,
        "items.search",
        json!({"query": "is:weapon is:invault", "limit": 1}),
    )
    .await;
    let id = text(&found["items"][0]["id"]);
    let snapshot = ok(&mut actor, "profile.snapshot", json!({})).await;
    let hunter = character_of(&snapshot, "hunter");
    let moved = ok(
        &mut actor,
        "items.transfer",
        json!({"id": id, "to": hunter}),
    )
    .await;
    let event = watcher
        .wait_event("inventory.changed", Duration::from_secs(5))
        .await
        .expect("an inventory.changed event");
    assert_eq!(event["params"]["rev"], moved["rev"], "{event}");
    let change = &event["params"]["changes"][0];
    assert_eq!(change["kind"], "moved", "{event}");
    assert_eq!(change["id"], json!(id), "{event}");
    assert_eq!(change["to"]["characterId"], json!(hunter), "{event}");
    // The actor subscribed to everything, so it saw the operation's progress too; the watcher did not.
    assert!(
        actor
            .wait_event("operation.progress", Duration::from_secs(5))
            .await
            .is_some()
    );
    ok(&mut watcher, "session.status", json!({})).await;
    assert!(
        watcher
            .events
            .iter()
            .all(|e| e["method"] == "inventory.changed"),
        "{:?}",
        watcher.events
    );
    demo.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_paired_client_works_but_may_not_administer_and_revoking_it_ends_it() {
    let demo = Demo::start().await;
    let token = demo.pair("popup").await;
    assert!(token.len() >= 22, "at least 128 random bits: {token}");
    let (mut paired, identified) = demo.client_with_token(&token).await;
    assert_eq!(
        identified["result"]["session"]["state"], "signed_in",
        "{identified}"
    );
    ok(&mut paired, "items.search", json!({"query": "is:exotic"})).await;
    for method in ["clients.list", "pairing.pending"] {
        let refused = paired.call(method, json!({})).await;
        assert_eq!(refused["error"]["code"], 1001, "{method}: {refused}");
        assert_eq!(
            refused["error"]["data"]["reason"], "unauthorized",
            "{refused}"
        );
    }
    let refused = paired
        .call("clients.revoke", json!({"clientId": "x"}))
        .await;
    assert_eq!(
        refused["error"]["data"]["reason"], "unauthorized",
        "{refused}"
    );

    let mut admin = demo.client().await;
    let clients = ok(&mut admin, "clients.list", json!({})).await;
    let listed = clients.as_array().expect("clients");
    assert_eq!(listed.len(), 1, "{clients}");
    assert_eq!(listed[0]["client"]["name"], "popup");
    assert!(listed[0]["pairedAt"].is_string());
    assert!(
        !clients.to_string().contains(&token),
        "tokens are never listed"
    );
    let client_id = text(&listed[0]["clientId"]);
    assert_eq!(
        ok(&mut admin, "clients.revoke", json!({"clientId": client_id})).await,
        json!({})
    );
    assert_eq!(ok(&mut admin, "clients.list", json!({})).await, json!([]));
    let (_, again) = demo.client_with_token(&token).await;
    assert_eq!(again["error"]["data"]["reason"], "unauthorized", "{again}");
    demo.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn auth_logout_signs_out_but_the_store_still_answers() {
    let _turn = SIGN_IN_PORT.lock().await;
    let demo = Demo::start().await;
    let mut client = demo.client().await;
    assert_eq!(ok(&mut client, "auth.logout", json!({})).await, json!({}));
    let status = ok(&mut client, "session.status", json!({})).await;
    assert_eq!(status["state"], "signed_out", "{status}");
    let found = ok(&mut client, "items.search", json!({"query": "is:exotic"})).await;
    assert!(
        !found["items"].as_array().expect("items").is_empty(),
        "reads come from the store: {found}"
    );
    let sync = client.call("profile.sync", json!({})).await;
    assert_eq!(sync["error"]["code"], 3003, "{sync}");
    assert_eq!(sync["error"]["data"]["reason"], "signed_out", "{sync}");
    let again = ok(&mut client, "auth.login", json!({})).await;
    assert!(again["authorizeUrl"].is_string(), "{again}");
    demo.stop().await;
}
