//! The protocol under load against the real daemon: a reconnecting client catches up with exactly
//! what it missed, fifty clients each see every change once and in order, and ten thousand random
//! and mutated frames change nothing.

// Not run under Wine (scripts/test-windows.sh runs this crate's Windows modules only).
#![cfg(not(windows))]

use crate::support::demo::{Client, Demo, Received, text};
use serde_json::{Value, json};
use std::time::Duration;

/// `count` non-exotic weapons in the vault, by id.
async fn vaulted_weapons(client: &mut Client, count: usize) -> Vec<String> {
    let found = client
        .call(
            "items.search",
            json!({"query": "is:weapon is:invault -is:exotic", "limit": count}),
        )
        .await;
    let ids: Vec<String> = found["result"]["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| text(&i["id"]))
        .collect();
    assert_eq!(ids.len(), count, "{found}");
    ids
}

async fn character_ids(client: &mut Client) -> Vec<String> {
    let snapshot = client.call("profile.snapshot", json!({})).await;
    snapshot["result"]["characters"]
        .as_array()
        .expect("characters")
        .iter()
        .map(|c| text(&c["characterId"]))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_that_reconnects_gets_exactly_the_changes_it_missed() {
    let demo = Demo::start().await;
    let mut client = demo.client().await;
    let since = client.call("session.status", json!({})).await;
    assert!(since.get("result").is_some());
    let since = demo.rev();
    let weapons = vaulted_weapons(&mut client, 2).await;
    let characters = character_ids(&mut client).await;
    drop(client);

    // Moved in game, while the client was away; the daemon learns of it by syncing.
    for (weapon, character) in weapons.iter().zip(&characters) {
        let moved = demo
            .sim_post("/sim/game/move", json!({"itemId": weapon, "to": character}))
            .await;
        assert_eq!(moved["ErrorCode"], 1, "{moved}");
    }
    let mut other = demo.client().await;
    let synced = other.call("profile.sync", json!({})).await;
    // (The background poll may have noticed first; either way the store now holds both moves.)
    assert!(synced["result"]["rev"].is_number(), "{synced}");
    let rev = demo.rev();
    // The two moves, and each mover's character (moving items in game is playing).
    assert!((since + 2..=since + 4).contains(&rev), "{since} → {rev}");

    let mut back = demo.client().await;
    let missed = back.call("profile.changes", json!({"since": since})).await;
    let changes = missed["result"]["changes"].as_array().expect("changes");
    assert_eq!(missed["result"]["rev"], json!(rev));
    let revs: Vec<u64> = changes.iter().filter_map(|c| c["rev"].as_u64()).collect();
    let every_rev: Vec<u64> = (since + 1..=rev).collect();
    assert_eq!(revs, every_rev, "{missed}");
    let moves = changes.iter().filter(|c| c["kind"] == "moved").count();
    assert_eq!(moves, 2, "{missed}");
    assert!(
        changes
            .iter()
            .all(|c| c["kind"] == "moved" || c["kind"] == "character"),
        "{missed}"
    );
    for (weapon, character) in weapons.iter().zip(&characters) {
        let change = changes
            .iter()
            .find(|c| c["id"] == json!(weapon))
            .unwrap_or_else(|| panic!("a change for {weapon}: {missed}"));
        assert_eq!(change["kind"], "moved", "{change}");
        assert_eq!(change["from"]["kind"], "vault", "{change}");
        assert_eq!(change["to"]["characterId"], json!(character), "{change}");
    }
    let nothing_more = back.call("profile.changes", json!({"since": rev})).await;
    assert_eq!(nothing_more["result"]["changes"], json!([]));
    let ancient = back.call("profile.changes", json!({"since": 0})).await;
    assert!(
        ancient["result"]["changes"].is_array() || ancient["result"]["reset"] == true,
        "{ancient}"
    );
    demo.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fifty_clients_each_receive_every_change_once_in_rev_order() {
    let demo = Demo::start().await;
    let mut listeners = Vec::new();
    for _ in 0..50 {
        let mut client = demo.client().await;
        let topics = client
            .call("events.subscribe", json!({"topics": ["inventory"]}))
            .await;
        assert!(topics.get("result").is_some(), "{topics}");
        listeners.push(client);
    }
    let since = demo.rev();
    let mut actor = demo.client().await;
    let weapons = vaulted_weapons(&mut actor, 3).await;
    let characters = character_ids(&mut actor).await;
    for (weapon, character) in weapons.iter().zip(&characters) {
        let moved = actor
            .call("items.transfer", json!({"id": weapon, "to": character}))
            .await;
        assert_eq!(moved["result"]["ok"], true, "{moved}");
    }
    // And one change the daemon learns of by syncing.
    let back = &weapons[0];
    demo.sim_post("/sim/game/move", json!({"itemId": back, "to": "vault"}))
        .await;
    actor.call("profile.sync", json!({})).await;
    let rev = demo.rev();
    let expected: Vec<u64> = (since + 1..=rev).collect();
    assert_eq!(expected.len(), 4, "three transfers and one sync");

    let mut tasks = tokio::task::JoinSet::new();
    for (n, mut client) in listeners.into_iter().enumerate() {
        let count = expected.len();
        tasks.spawn(async move {
            let mut revs = Vec::new();
            let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
            while revs.len() < count && tokio::time::Instant::now() < deadline {
                let events = client
                    .collect_events("inventory.changed", 1, Duration::from_secs(5))
                    .await;
                for event in events {
                    for change in event["params"]["changes"].as_array().into_iter().flatten() {
                        revs.push(change["rev"].as_u64().unwrap_or(0));
                    }
                }
            }
            (n, revs)
        });
    }
    while let Some(joined) = tasks.join_next().await {
        let (n, revs) = joined.expect("a listener");
        assert_eq!(revs, expected, "client {n} saw {revs:?}");
    }
    demo.stop().await;
}

/// A small deterministic random source (xorshift), so a failing frame can be found again.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Valid frames to mutate: reads, and writes that name no real item or loadout (so even a
/// mutation that stays valid changes nothing).
fn templates() -> Vec<String> {
    [
        json!({"jsonrpc": "2.0", "id": 1, "method": "session.status"}),
        json!({"jsonrpc": "2.0", "id": "a", "method": "items.search", "params": {"query": "is:exotic power:>=1800", "limit": 2}}),
        json!({"jsonrpc": "2.0", "id": 2, "method": "items.get", "params": {"id": "12"}}),
        json!({"jsonrpc": "2.0", "id": 3, "method": "items.transfer", "params": {"id": "13", "to": "vault"}}),
        json!({"jsonrpc": "2.0", "id": 4, "method": "items.lock", "params": {"id": "14", "locked": true}}),
        json!({"jsonrpc": "2.0", "id": 5, "method": "items.equip", "params": {"id": "15", "characterId": "16"}}),
        json!({"jsonrpc": "2.0", "id": 6, "method": "postmaster.pull", "params": {"id": "17"}}),
        json!({"jsonrpc": "2.0", "id": 7, "method": "loadouts.delete", "params": {"loadoutId": "none"}}),
        json!({"jsonrpc": "2.0", "id": 8, "method": "loadouts.equip", "params": {"loadoutId": "none", "characterId": "18"}}),
        json!({"jsonrpc": "2.0", "id": 9, "method": "profile.changes", "params": {"since": 1}}),
        json!({"jsonrpc": "2.0", "id": 10, "method": "events.subscribe", "params": {"topics": ["inventory"]}}),
        json!([{"jsonrpc": "2.0", "id": 11, "method": "accounts.list"}, {"jsonrpc": "2.0", "method": "session.status"}]),
        json!({"jsonrpc": "2.0", "id": 12, "method": "clients.revoke", "params": {"clientId": "nobody"}}),
    ]
    .iter()
    .map(Value::to_string)
    .collect()
}

const ALPHABET: &[u8] = b"{}[]\":,0123456789-.eE truefalsnul\\\"abcxyz\xc3\xa9";

/// One frame: random bytes, a mutated template, or a structurally odd one.
fn fuzz_frame(rng: &mut Rng, templates: &[String]) -> String {
    let template = &templates[rng.below(templates.len())];
    match rng.below(8) {
        0 => {
            let len = rng.below(200);
            (0..len)
                .map(|_| ALPHABET[rng.below(ALPHABET.len())] as char)
                .collect()
        }
        1 => {
            let cut = rng.below(template.len());
            template.chars().take(cut).collect()
        }
        2 => format!(
            "{}{}{}",
            "[".repeat(rng.below(300)),
            template,
            "]".repeat(rng.below(300))
        ),
        3 => template.replacen("\"2.0\"", ["\"1.0\"", "2", "null", "\"\""][rng.below(4)], 1),
        4 => {
            let values = [
                "null",
                "[]",
                "{}",
                "-1",
                "1e400",
                "\"\"",
                "true",
                "99999999999999999999999",
            ];
            let value = values[rng.below(values.len())];
            let fields = [
                "\"params\":",
                "\"id\":",
                "\"method\":",
                "\"query\":",
                "\"locked\":",
                "\"to\":",
            ];
            let field = fields[rng.below(fields.len())];
            match template.find(field) {
                Some(at) => {
                    let start = at + field.len();
                    let end = template[start..]
                        .find([',', '}'])
                        .map_or(template.len(), |e| start + e);
                    format!("{}{}{}", &template[..start], value, &template[end..])
                }
                None => template.clone(),
            }
        }
        5 => format!(
            "{{\"jsonrpc\":\"2.0\",\"id\":\"{}\",\"method\":\"items.search\",\"params\":{{\"query\":\"{}\"}}}}",
            "i".repeat(rng.below(600)),
            (0..rng.below(40))
                .map(|_| ["is:", "power:>", "\\\"", "-", "or ", "name:", "(", ")"][rng.below(8)])
                .collect::<String>()
        ),
        _ => {
            let mut bytes: Vec<char> = template.chars().collect();
            for _ in 0..1 + rng.below(4) {
                let at = rng.below(bytes.len());
                let c = ALPHABET[rng.below(ALPHABET.len())] as char;
                match rng.below(3) {
                    0 => bytes[at] = c,
                    1 => bytes.insert(at, c),
                    _ => {
                        bytes.remove(at);
                    }
                }
                if bytes.is_empty() {
                    break;
                }
            }
            bytes.into_iter().collect()
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ten_thousand_random_and_mutated_frames_change_nothing() {
    let demo = Demo::start().await;
    let rev = demo.rev();
    let templates = templates();
    let mut rng = Rng(0x5eed_f00d_dead_beef);
    let mut client = demo.client().await;
    let mut stranger = Client::connect(demo.daemon.port).await;
    demo.sim.reset_calls();
    let mut sent = 0;
    for round in 0..100 {
        for _ in 0..100 {
            let frame = fuzz_frame(&mut rng, &templates);
            if round % 2 == 0 {
                client.send_text(&frame).await;
            } else {
                stranger.send_text(&frame).await;
            }
            sent += 1;
        }
        // A marker after each round: the connection still answers, in order of its own requests.
        let target = if round % 2 == 0 {
            &mut client
        } else {
            &mut stranger
        };
        let marker = format!("marker-{round}");
        target
            .send_text(
                &json!({"jsonrpc": "2.0", "id": marker, "method": "session.status"}).to_string(),
            )
            .await;
        loop {
            match target.next_answer(Duration::from_secs(10)).await {
                Received::Json(answer) if answer["id"] == json!(marker) => break,
                Received::Json(_) => {}
                other => panic!("round {round}: the daemon stopped answering: {other:?}"),
            }
        }
    }
    assert_eq!(sent, 10_000);
    assert_eq!(demo.rev(), rev, "no frame changed the store");
    let calls = demo.sim.calls();
    for write in [
        "TransferItem",
        "EquipItem",
        "EquipItems",
        "SetLockState",
        "PullFromPostmaster",
    ] {
        assert!(!calls.contains_key(write), "{write} was called: {calls:?}");
    }
    let mut fresh = demo.client().await;
    let status = fresh.call("session.status", json!({})).await;
    assert_eq!(status["result"]["state"], "signed_in", "{status}");
    demo.stop().await;
}
