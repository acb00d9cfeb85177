//! Issue #12 against the real daemon over real sockets: the pairing brute-force budget, every
//! method called with the overlay token, the overlay token's rotation, origin-bound tokens (a
//! Firefox origin pairing with no configuration), the data directory's modes at rest, and an
//! invalid UTF-8 text frame. Each attack is measured and printed.

// Not run under Wine (scripts/test-windows.sh runs this crate's Windows modules only).
#![cfg(not(windows))]

use crate::support::demo::{Client, Demo, Received};
use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use std::time::{Duration, Instant};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::protocol::frame::Frame;
use tokio_tungstenite::tungstenite::protocol::frame::coding::{Data, OpCode};
use vault_raider::events::DaemonEvent;
use vault_raider_protocol::methods::Access;
use vault_raider_protocol::{Method, overlay_may_call};

const FIREFOX: &str = "moz-extension://3f2a9c1e-7b4d-4e2a-9a51-0c6d2b8e4f10";
const OTHER_FIREFOX: &str = "moz-extension://0b1c2d3e-0000-4000-8000-000000000001";
const OUR_CHROME: &str = "chrome-extension://kihckelfkjonpclbnijcicclgdclolim";

fn reason(answer: &Value) -> &str {
    answer["error"]["data"]["reason"].as_str().unwrap_or("")
}

fn popup() -> Value {
    json!({"client": {"name": "attacker", "kind": "extension", "version": "1"}})
}

/// The code of a pending pairing, read by the admin.
async fn code_of(admin: &mut Client, pairing_id: &str) -> String {
    let pending = admin.call("pairing.pending", json!({})).await;
    pending["result"]
        .as_array()
        .and_then(|list| list.iter().find(|p| p["pairingId"] == json!(pairing_id)))
        .and_then(|p| p["code"].as_str())
        .unwrap_or_else(|| panic!("the pairing's code: {pending}"))
        .to_string()
}

/// A six-digit code other than `code`.
fn wrong(code: &str) -> String {
    let n: u32 = code.parse().expect("six digits");
    format!("{:06}", (n + 1) % 1_000_000)
}

fn token_of(url: &str) -> String {
    url.split("token=").nth(1).unwrap_or_default().to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_pairing_budget_accepts_20_wrong_codes_then_answers_rate_limited_and_tells_once() {
    let demo = Demo::start().await;
    let port = demo.daemon.port;
    let mut bus = demo.daemon.daemon.bus.subscribe();
    let mut admin = demo.client().await;

    // A real pairing waits meanwhile; its connection may not open a second one.
    let mut keeper = Client::connect(port).await;
    let kept = keeper.call("pairing.request", popup()).await;
    let kept_id = kept["result"]["pairingId"]
        .as_str()
        .expect("id")
        .to_string();
    let second = keeper.call("pairing.request", popup()).await;
    assert_eq!(
        reason(&second),
        "pairing_failed",
        "one pending pairing per connection"
    );
    let kept_code = code_of(&mut admin, &kept_id).await;

    let started = Instant::now();
    let mut accepted = 0u32;
    let mut limited = None;
    'attack: for _ in 0..50 {
        let mut attacker = Client::connect(port).await;
        let asked = attacker.call("pairing.request", popup()).await;
        if reason(&asked) == "rate_limited" {
            limited = Some(asked);
            break;
        }
        let id = asked["result"]["pairingId"]
            .as_str()
            .expect("id")
            .to_string();
        let bad = wrong(&code_of(&mut admin, &id).await);
        for _ in 0..5 {
            let answer = attacker
                .call("pairing.complete", json!({"pairingId": id, "code": bad}))
                .await;
            match reason(&answer) {
                "pairing_failed" => accepted += 1,
                "rate_limited" => {
                    limited = Some(answer);
                    break 'attack;
                }
                other => panic!("unexpected answer {other}: {answer}"),
            }
        }
    }
    let limited = limited.expect("the budget ran out");
    println!(
        "pairing brute force: {accepted} wrong codes accepted in {:?} before rate_limited",
        started.elapsed()
    );
    assert_eq!(accepted, 20);
    assert_eq!(limited["error"]["code"], 1005);
    let retry = limited["error"]["data"]["retryAfterMs"]
        .as_u64()
        .expect("retryAfterMs");
    assert!(retry > 0 && retry <= 600_000, "{retry}");

    // Even the right code waits now, and more tries change nothing.
    let right = keeper
        .call(
            "pairing.complete",
            json!({"pairingId": kept_id, "code": kept_code}),
        )
        .await;
    assert_eq!(reason(&right), "rate_limited");
    for _ in 0..30 {
        let mut attacker = Client::connect(port).await;
        assert_eq!(
            reason(&attacker.call("pairing.request", popup()).await),
            "rate_limited"
        );
    }
    let mut told = 0;
    while let Ok(event) = bus.try_recv() {
        if matches!(event, DaemonEvent::PairingLocked { .. }) {
            told += 1;
        }
    }
    assert_eq!(told, 1, "the player is told once");
    demo.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_overlay_token_calls_only_its_allow_list_and_rotation_closes_it_out() {
    let demo = Demo::start().await;
    let port = demo.daemon.port;
    let overlay_token = token_of(&demo.daemon.overlay_url);
    let mut overlay = Client::connect_identified(port, &overlay_token).await;
    let rev = demo.rev();

    let mut forbidden = Vec::new();
    let mut allowed = 0;
    for method in Method::ALL {
        if method.access() == Access::Anyone {
            continue;
        }
        // Params that fit no method: access is checked before they are read.
        let answer = overlay.call(method.name(), json!({"bogus": [1]})).await;
        if overlay_may_call(method.name()) {
            assert_ne!(reason(&answer), "forbidden", "{method}: {answer}");
            assert_ne!(reason(&answer), "unauthorized", "{method}: {answer}");
            allowed += 1;
        } else {
            assert_eq!(answer["error"]["code"], 1006, "{method}: {answer}");
            assert_eq!(reason(&answer), "forbidden", "{method}: {answer}");
            forbidden.push(method.name());
        }
    }
    for must_refuse in [
        "items.transfer",
        "items.lock",
        "loadouts.save",
        "loadouts.delete",
        "auth.login",
        "auth.complete",
        "auth.logout",
        "clients.list",
        "overlay.url",
    ] {
        assert!(forbidden.contains(&must_refuse), "{must_refuse}");
    }
    assert_eq!(demo.rev(), rev, "nothing changed");
    let loadouts = overlay.call("loadouts.list", json!({})).await;
    assert!(loadouts["result"]["loadouts"].is_array(), "{loadouts}");
    println!(
        "overlay token: {} methods forbidden, {allowed} allowed",
        forbidden.len()
    );

    // A paired client may call auth.* (it is neither forbidden nor unauthorized).
    let paired = demo.pair("paired").await;
    let mut client = Client::connect_identified(port, &paired).await;
    let auth = client
        .call(
            "auth.complete",
            json!({"code": "x", "state": "not-pending"}),
        )
        .await;
    assert!(
        !["forbidden", "unauthorized"].contains(&reason(&auth)),
        "{auth}"
    );

    // Rotation: the old token's connection closes, the old token is refused, the new one works.
    let mut admin = demo.client().await;
    let shown = admin.call("overlay.url", json!({})).await;
    assert_eq!(
        token_of(shown["result"]["url"].as_str().expect("url")),
        overlay_token
    );
    let rotated = admin.call("overlay.url", json!({"rotate": true})).await;
    let fresh = token_of(rotated["result"]["url"].as_str().expect("url"));
    assert_ne!(fresh, overlay_token);
    assert_eq!(
        overlay.next_answer(Duration::from_secs(5)).await,
        Received::Closed(Some(1008))
    );
    let (_, refused) = demo.client_with_token(&overlay_token).await;
    assert_eq!(reason(&refused), "unauthorized");
    let (_, admitted) = demo.client_with_token(&fresh).await;
    assert!(admitted.get("result").is_some(), "{admitted}");
    let on_disk = std::fs::read_to_string(demo.dir.path().join("overlay.token")).expect("file");
    assert_eq!(on_disk.trim(), fresh, "the new token outlives a restart");
    demo.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_firefox_origin_pairs_with_no_configuration_and_its_token_is_refused_elsewhere() {
    let demo = Demo::start().await;
    let port = demo.daemon.port;
    let mut admin = demo.client().await;
    let mut firefox = Client::connect_with(port, &[("Origin", FIREFOX)])
        .await
        .expect("a Firefox origin may connect to pair");
    let asked = firefox.call("pairing.request", popup()).await;
    let id = asked["result"]["pairingId"]
        .as_str()
        .expect("id")
        .to_string();
    let code = code_of(&mut admin, &id).await;
    let done = firefox
        .call("pairing.complete", json!({"pairingId": id, "code": code}))
        .await;
    let token = done["result"]["token"].as_str().expect("token").to_string();

    let mut same = Client::connect_with(port, &[("Origin", FIREFOX)])
        .await
        .expect("connect");
    assert!(same.identify(&token).await.get("result").is_some());
    for origin in [Some(OTHER_FIREFOX), Some(OUR_CHROME), None] {
        let headers: Vec<(&str, &str)> = origin.iter().map(|o| ("Origin", *o)).collect();
        let mut elsewhere = Client::connect_with(port, &headers).await.expect("connect");
        assert_eq!(
            reason(&elsewhere.identify(&token).await),
            "unauthorized",
            "{origin:?}"
        );
    }
    // allowed_extension_ids still narrows Chromium ids: a stranger's extension is refused.
    let stranger = Client::connect_with(
        port,
        &[(
            "Origin",
            "chrome-extension://abcdefghijklmnopabcdefghijklmnop",
        )],
    )
    .await;
    assert!(stranger.is_err(), "refused before the upgrade");
    demo.stop().await;
}

#[cfg(unix)]
fn assert_private(dir: &std::path::Path) -> usize {
    use std::os::unix::fs::PermissionsExt;
    let mut files = 0;
    for entry in std::fs::read_dir(dir).expect("read_dir") {
        let path = entry.expect("entry").path();
        let meta = std::fs::symlink_metadata(&path).expect("metadata");
        let mode = meta.permissions().mode() & 0o777;
        if meta.is_dir() {
            assert_eq!(mode, 0o700, "{}", path.display());
            files += assert_private(&path);
        } else {
            assert_eq!(mode, 0o600, "{}", path.display());
            files += 1;
        }
    }
    files
}

#[cfg(unix)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_data_directory_is_0700_and_every_file_0600_and_an_open_one_is_tightened() {
    use std::os::unix::fs::PermissionsExt;
    let demo = Demo::start().await;
    let dir = demo.dir.path().to_path_buf();
    let mode =
        |p: &std::path::Path| std::fs::metadata(p).expect("meta").permissions().mode() & 0o777;
    assert_eq!(mode(&dir), 0o700);
    let files = assert_private(&dir);
    assert!(dir.join("store.redb").exists());
    println!("at rest: {files} files, all 0600, after a first start");

    let stopped = demo.stop_daemon().await;
    let set = |p: &std::path::Path, m: u32| {
        std::fs::set_permissions(p, std::fs::Permissions::from_mode(m)).expect("chmod")
    };
    set(&dir, 0o755);
    set(&dir.join("store.redb"), 0o644);
    let demo = stopped.start_daemon().await;
    assert_eq!(mode(&dir), 0o700);
    assert_private(&dir);
    demo.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_invalid_utf8_text_frame_closes_with_1007() {
    let demo = Demo::start().await;
    let (mut socket, _) =
        tokio_tungstenite::connect_async(format!("ws://127.0.0.1:{}/ws", demo.daemon.port))
            .await
            .expect("connect");
    let broken = Frame::message(vec![b'{', 0xff, 0xfe, b'}'], OpCode::Data(Data::Text), true);
    socket.send(Message::Frame(broken)).await.expect("send");
    let code = tokio::time::timeout(Duration::from_secs(5), async {
        while let Some(message) = socket.next().await {
            if let Ok(Message::Close(frame)) = message {
                return frame.map(|f| u16::from(f.code));
            }
        }
        None
    })
    .await
    .expect("closed within 5 s");
    assert_eq!(code, Some(1007));
    demo.stop().await;
}
