//! Every error the real daemon can answer, with its code and reason, and the guards that refuse a
//! connection or a caller: each error changes nothing and leaves the connection open.

// Not run under Wine (scripts/test-windows.sh runs this crate's Windows modules only).
#![cfg(not(windows))]

use crate::support::demo::{Client, Demo, Received, character_of, text};
use serde_json::{Value, json};
use std::time::Duration;

/// Calls `method` and checks the answer is the daemon's error `code` with `reason`; returns it.
async fn refused(
    client: &mut Client,
    method: &str,
    params: Value,
    code: i64,
    reason: &str,
) -> Value {
    let answer = client.call(method, params).await;
    let error = &answer["error"];
    assert_eq!(error["code"], code, "{method}: {answer}");
    assert_eq!(error["data"]["reason"], reason, "{method}: {answer}");
    assert!(
        error["message"].as_str().is_some_and(|m| !m.is_empty()),
        "a message a person can read: {answer}"
    );
    error.clone()
}

async fn snapshot(client: &mut Client) -> Value {
    client.call("profile.snapshot", json!({})).await["result"].clone()
}

fn items(snapshot: &Value) -> Vec<Value> {
    snapshot["items"].as_array().cloned().unwrap_or_default()
}

async fn first_vaulted_weapon(client: &mut Client) -> String {
    let found = client
        .call(
            "items.search",
            json!({"query": "is:weapon is:invault -is:exotic", "limit": 1}),
        )
        .await;
    text(&found["result"]["items"][0]["id"])
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn inventory_errors_carry_their_reasons_and_change_nothing() {
    let demo = Demo::start().await;
    let mut client = demo.client().await;
    let snap = snapshot(&mut client).await;
    let titan = character_of(&snap, "titan");
    let warlock = character_of(&snap, "warlock");
    let rev = demo.rev();
    demo.sim.reset_calls();

    refused(
        &mut client,
        "items.get",
        json!({"id": "1"}),
        2001,
        "item_not_found",
    )
    .await;
    refused(
        &mut client,
        "items.transfer",
        json!({"id": "1", "to": "vault"}),
        2001,
        "item_not_found",
    )
    .await;
    let weapon = first_vaulted_weapon(&mut client).await;
    refused(
        &mut client,
        "items.transfer",
        json!({"id": weapon, "to": "2305843009999999999"}),
        2002,
        "character_not_found",
    )
    .await;
    refused(
        &mut client,
        "items.equip",
        json!({"id": weapon, "characterId": "2305843009999999999"}),
        2002,
        "character_not_found",
    )
    .await;

    // Warlock armor on a titan breaks the class rule, dry run or not.
    let warlock_armor = items(&snap)
        .into_iter()
        .find(|i| i["class"] == "warlock" && i["location"]["kind"] != "postmaster")
        .expect("a piece of warlock gear");
    for dry in [true, false] {
        refused(
            &mut client,
            "items.equip",
            json!({"id": warlock_armor["id"], "characterId": titan, "dryRun": dry}),
            2005,
            "cannot_equip",
        )
        .await;
    }
    // Something the game will not move (a subclass, an equipped-only item…).
    let fixed = items(&snap)
        .into_iter()
        .find(|i| i["transferable"] == false && i["location"]["kind"] == "character")
        .expect("an item that cannot be transferred");
    let to_vault = refused(
        &mut client,
        "items.transfer",
        json!({"id": fixed["id"], "to": "vault"}),
        2004,
        "not_transferable",
    )
    .await;
    assert!(to_vault["data"]["steps"].is_array(), "{to_vault}");
    assert_eq!(demo.rev(), rev, "refusals change nothing");
    assert!(
        demo.sim.calls().is_empty(),
        "refusals the store can decide call no one: {:?}",
        demo.sim.calls()
    );
    let _ = warlock;
    demo.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_item_held_by_one_operation_is_in_use_for_another() {
    let demo = Demo::start().await;
    let mut client = demo.client().await;
    let snap = snapshot(&mut client).await;
    let hunter = character_of(&snap, "hunter");
    let weapon = first_vaulted_weapon(&mut client).await;
    demo.sim_post("/sim/faults", json!({"latencyMs": 400}))
        .await;
    let first = json!({"jsonrpc": "2.0", "id": "first", "method": "items.transfer",
        "params": {"id": weapon, "to": hunter}});
    let second = json!({"jsonrpc": "2.0", "id": "second", "method": "items.lock",
        "params": {"id": weapon, "locked": true}});
    demo.sim.reset_calls();
    client.send_text(&first.to_string()).await;
    // Once the transfer has reached the simulator (which holds it 400 ms), the item is held.
    for _ in 0..500 {
        if demo.sim.calls().contains_key("TransferItem") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    assert!(
        demo.sim.calls().contains_key("TransferItem"),
        "the transfer started"
    );
    client.send_text(&second.to_string()).await;
    let mut answers = Vec::new();
    for _ in 0..2 {
        match client.next_answer(Duration::from_secs(10)).await {
            Received::Json(answer) => answers.push(answer),
            other => panic!("no answer: {other:?}"),
        }
    }
    let by_id = |id: &str| {
        answers
            .iter()
            .find(|a| a["id"] == id)
            .cloned()
            .unwrap_or_else(|| panic!("an answer to {id}: {answers:?}"))
    };
    assert_eq!(by_id("first")["result"]["ok"], true, "{answers:?}");
    let busy_item = by_id("second");
    assert_eq!(busy_item["error"]["code"], 2006, "{busy_item}");
    assert_eq!(
        busy_item["error"]["data"]["reason"], "item_in_use",
        "{busy_item}"
    );
    demo.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_destination_bungie_reports_is_no_room() {
    let demo = Demo::start().await;
    let mut client = demo.client().await;
    let snap = snapshot(&mut client).await;
    let hunter = character_of(&snap, "hunter");
    let weapon = first_vaulted_weapon(&mut client).await;
    let rev = demo.rev();
    demo.sim_post(
        "/sim/faults",
        json!({"errorRate": 1.0, "errorCodes": [1642]}),
    )
    .await;
    refused(
        &mut client,
        "items.transfer",
        json!({"id": weapon, "to": hunter}),
        2003,
        "no_room",
    )
    .await;
    assert_eq!(demo.rev(), rev);
    demo.stop().await;
}

/// Every Bungie call answers 1672 (ThrottledByGameServer). The client retries with a growing
/// back-off (about 3 s for three tries) before it gives up, so each test makes one such call on a
/// fresh daemon.
async fn throttled_demo() -> (Demo, Client, String) {
    let demo = Demo::start().await;
    let mut client = demo.client().await;
    let weapon = first_vaulted_weapon(&mut client).await;
    demo.sim_post(
        "/sim/faults",
        json!({"errorRate": 1.0, "errorCodes": [1672]}),
    )
    .await;
    (demo, client, weapon)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sync_bungie_keeps_throttling_is_bungie_throttled() {
    let (demo, mut client, _) = throttled_demo().await;
    let rev = demo.rev();
    refused(
        &mut client,
        "profile.sync",
        json!({}),
        3001,
        "bungie_throttled",
    )
    .await;
    assert_eq!(demo.rev(), rev);
    demo.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_operation_bungie_keeps_throttling_is_bungie_throttled() {
    let (demo, mut client, weapon) = throttled_demo().await;
    let rev = demo.rev();
    let error = refused(
        &mut client,
        "items.lock",
        json!({"id": weapon, "locked": true}),
        3001,
        "bungie_throttled",
    )
    .await;
    assert!(error["data"]["steps"].is_array(), "{error}");
    assert_eq!(demo.rev(), rev);
    demo.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn maintenance_is_bungie_unavailable_and_a_revoked_sign_in_is_signed_out() {
    let demo = Demo::start().await;
    let mut client = demo.client().await;
    let weapon = first_vaulted_weapon(&mut client).await;
    let rev = demo.rev();
    demo.sim_post("/sim/faults", json!({"maintenance": true}))
        .await;
    refused(
        &mut client,
        "profile.sync",
        json!({}),
        3002,
        "bungie_unavailable",
    )
    .await;
    refused(
        &mut client,
        "items.lock",
        json!({"id": weapon, "locked": true}),
        3002,
        "bungie_unavailable",
    )
    .await;
    let status = client.call("session.status", json!({})).await;
    assert_eq!(status["result"]["state"], "maintenance", "{status}");
    let changed = client
        .wait_event("session.changed", Duration::from_secs(5))
        .await
        .expect("a session.changed event");
    assert_eq!(changed["params"]["state"], "maintenance", "{changed}");
    // A status of the demo's first sync may still be on its way: the failed one follows it.
    let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
    let failed = loop {
        let left = deadline.saturating_duration_since(tokio::time::Instant::now());
        let event = client
            .wait_event("sync.status", left)
            .await
            .expect("a failed sync.status event");
        if event["params"]["ok"] == false {
            break event;
        }
    };
    assert!(failed["params"]["error"].is_string(), "{failed}");

    demo.sim_post("/sim/faults", json!({})).await;
    demo.sim_post("/sim/revoke", json!({})).await;
    refused(&mut client, "profile.sync", json!({}), 3003, "signed_out").await;
    assert_eq!(demo.rev(), rev, "failed calls change nothing");
    let status = client.call("session.status", json!({})).await;
    assert!(
        ["signed_out", "expired"].contains(&status["result"]["state"].as_str().unwrap_or("")),
        "{status}"
    );
    demo.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn session_errors_unauthorized_unsupported_protocol_and_busy() {
    let demo = Demo::start().await;
    let mut stranger = Client::connect(demo.daemon.port).await;
    for method in [
        "items.search",
        "profile.snapshot",
        "clients.list",
        "pairing.pending",
    ] {
        refused(
            &mut stranger,
            method,
            json!({"query": ""}),
            1001,
            "unauthorized",
        )
        .await;
    }
    let bad_token = stranger.identify("not-a-token").await;
    assert_eq!(
        bad_token["error"]["data"]["reason"], "unauthorized",
        "{bad_token}"
    );
    let future = refused(
        &mut stranger,
        "session.identify",
        json!({"protocol": 2, "token": demo.admin_token(),
            "client": {"name": "t", "kind": "other", "version": "0"}}),
        1003,
        "unsupported_protocol",
    )
    .await;
    assert!(
        future.to_string().contains('1'),
        "names the versions it speaks: {future}"
    );
    refused(
        &mut stranger,
        "profile.snapshot",
        json!({}),
        1001,
        "unauthorized",
    )
    .await;

    let mut client = demo.client().await;
    let batch: Vec<Value> = (0..40)
        .map(|i| json!({"jsonrpc": "2.0", "id": i, "method": "session.status"}))
        .collect();
    client.send_text(&Value::Array(batch).to_string()).await;
    let Received::Json(answers) = client.next_answer(Duration::from_secs(10)).await else {
        panic!("the batch is answered");
    };
    // A batch holds at most 32 entries: a longer one is one -32600 (`busy` past 32 calls in
    // flight is held by against_a_fake_backend's the_33rd_request_in_flight_is_busy).
    assert_eq!(answers["error"]["code"], -32600, "{answers}");
    let full: Vec<Value> = (0..32)
        .map(|i| json!({"jsonrpc": "2.0", "id": i, "method": "session.status"}))
        .collect();
    client.send_text(&Value::Array(full).to_string()).await;
    let Received::Json(answers) = client.next_answer(Duration::from_secs(10)).await else {
        panic!("the batch is answered");
    };
    let answers = answers.as_array().expect("a batch answer");
    assert_eq!(answers.len(), 32);
    assert!(
        answers.iter().all(|a| a.get("result").is_some()),
        "{answers:?}"
    );
    let after = client.call("session.status", json!({})).await;
    assert!(after.get("result").is_some(), "{after}");
    demo.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn malformed_frames_get_json_rpc_errors_and_the_connection_stays_open() {
    let demo = Demo::start().await;
    let mut client = demo.client().await;
    let rev = demo.rev();
    let cases: [(&str, i64); 9] = [
        ("not json at all", -32700),
        ("{\"jsonrpc\":\"2.0\",\"id\":1,", -32700),
        ("{\"jsonrpc\":\"2.0\",\"id\":7}", -32600),
        (
            "{\"jsonrpc\":\"1.0\",\"id\":7,\"method\":\"session.status\"}",
            -32600,
        ),
        ("[]", -32600),
        ("42", -32600),
        (
            "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"items.teleport\"}",
            -32601,
        ),
        (
            "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"items.get\",\"params\":{\"id\":5}}",
            -32602,
        ),
        (
            "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"items.lock\",\"params\":[1,2]}",
            -32602,
        ),
    ];
    for (frame, code) in cases {
        client.send_text(frame).await;
        let Received::Json(answer) = client.next_answer(Duration::from_secs(5)).await else {
            panic!("{frame}: no answer");
        };
        assert_eq!(answer["error"]["code"], code, "{frame}: {answer}");
    }
    client
        .send_text("{\"jsonrpc\":\"2.0\",\"id\":8,\"method\":\"items.get\",\"params\":{}}")
        .await;
    let Received::Json(missing) = client.next_answer(Duration::from_secs(5)).await else {
        panic!("no answer");
    };
    assert_eq!(missing["error"]["code"], -32602, "{missing}");
    assert_eq!(missing["error"]["data"]["field"], "id", "{missing}");
    let deep = format!("{}{}", "[".repeat(200), "]".repeat(200));
    client.send_text(&deep).await;
    let Received::Json(nested) = client.next_answer(Duration::from_secs(5)).await else {
        panic!("no answer to deep nesting");
    };
    assert!(
        nested["error"]["code"].as_i64().is_some_and(|c| c < -32000),
        "{nested}"
    );
    client.send_binary(vec![0, 159, 146, 150]).await;
    let Received::Json(binary) = client.next_answer(Duration::from_secs(5)).await else {
        panic!("no answer to a binary frame");
    };
    assert_eq!(binary["error"]["code"], -32700, "{binary}");
    // A notification with a fault gets no answer; the next call does.
    client
        .send_text("{\"jsonrpc\":\"2.0\",\"method\":\"items.teleport\"}")
        .await;
    let status = client.call("session.status", json!({})).await;
    assert!(status.get("result").is_some(), "{status}");
    assert_eq!(demo.rev(), rev);

    client.send_text(&"x".repeat(64 * 1024 + 1)).await;
    assert_eq!(
        client.next_answer(Duration::from_secs(5)).await,
        Received::Closed(Some(1009))
    );
    demo.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn foreign_origins_and_rebinding_hosts_are_refused_before_the_upgrade() {
    let demo = Demo::start().await;
    let port = demo.daemon.port;
    let refused_with_403 =
        |result: Result<Client, tokio_tungstenite::tungstenite::Error>| match result {
            Err(tokio_tungstenite::tungstenite::Error::Http(response)) => {
                response.status().as_u16() == 403
            }
            _ => false,
        };
    let evil_host = format!("evil.example:{port}");
    for headers in [
        vec![("Origin", "https://evil.example")],
        vec![("Origin", "null")],
        vec![(
            "Origin",
            "chrome-extension://abcdefghijklmnopabcdefghijklmnop",
        )],
        vec![("Host", evil_host.as_str())],
        vec![("Host", "127.0.0.1:1")],
    ] {
        let result = Client::connect_with(port, &headers).await;
        assert!(refused_with_403(result), "{headers:?} was admitted");
    }
    let own = format!("http://127.0.0.1:{port}");
    let localhost = format!("localhost:{port}");
    for headers in [
        vec![("Origin", own.as_str())],
        vec![("Host", localhost.as_str())],
    ] {
        let mut client = Client::connect_with(port, &headers)
            .await
            .unwrap_or_else(|e| panic!("{headers:?} refused: {e}"));
        let answer = client.identify(&demo.admin_token()).await;
        assert!(answer.get("result").is_some(), "{answer}");
    }
    demo.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn five_wrong_pairing_codes_end_the_pairing() {
    let demo = Demo::start().await;
    let mut admin = demo.client().await;
    let mut fresh = Client::connect(demo.daemon.port).await;
    let requested = fresh
        .call(
            "pairing.request",
            json!({"client": {"name": "guesser", "kind": "other", "version": "1"}}),
        )
        .await;
    let pairing_id = text(&requested["result"]["pairingId"]);
    let expires = requested["result"]["expiresIn"].as_u64().unwrap_or(0);
    assert!((1..=120).contains(&expires), "{requested}");
    let pending = admin.call("pairing.pending", json!({})).await;
    let code = pending["result"][0]["code"]
        .as_str()
        .unwrap_or("")
        .to_string();
    assert_eq!(code.len(), 6, "{pending}");
    assert!(code.chars().all(|c| c.is_ascii_digit()), "{pending}");
    assert_eq!(pending["result"][0]["client"]["name"], "guesser");
    let wrong = if code == "000000" { "111111" } else { "000000" };
    for _ in 0..5 {
        refused(
            &mut fresh,
            "pairing.complete",
            json!({"pairingId": pairing_id, "code": wrong}),
            1002,
            "pairing_failed",
        )
        .await;
    }
    refused(
        &mut fresh,
        "pairing.complete",
        json!({"pairingId": pairing_id, "code": code}),
        1002,
        "pairing_failed",
    )
    .await;
    let after = admin.call("pairing.pending", json!({})).await;
    assert_eq!(after["result"], json!([]), "{after}");
    let clients = admin.call("clients.list", json!({})).await;
    assert_eq!(clients["result"], json!([]), "{clients}");
    demo.stop().await;
}
