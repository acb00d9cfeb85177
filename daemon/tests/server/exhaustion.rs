//! Issue #12 against the real daemon over real sockets: connections that upgrade and never
//! identify, HTTP requests whose headers never finish, and oversized batches. Each attack is
//! measured and printed; every loop is bounded and every wait has a deadline.

// Not run under Wine (scripts/test-windows.sh runs this crate's Windows modules only).
#![cfg(not(windows))]

use crate::support::demo::{Client, Demo, Received};
use serde_json::{Value, json};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// Opens `n` WebSocket connections that never identify; those the daemon admitted.
async fn unidentified(port: u16, n: usize) -> Vec<Client> {
    let mut open = Vec::new();
    for _ in 0..n {
        if let Ok(client) = Client::connect_with(port, &[]).await {
            open.push(client);
        }
    }
    open
}

/// Whether the connection is still open (nothing, or a message, arrives within `within`).
async fn still_open(client: &mut Client, within: Duration) -> bool {
    !matches!(client.next_answer(within).await, Received::Closed(_))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hundred_unidentified_sockets_keep_no_client_out_and_are_closed_after_10_s() {
    let demo = Demo::start().await;
    let port = demo.daemon.port;
    let mut before = demo.client().await;

    let started = Instant::now();
    let mut attackers = unidentified(port, 100).await;
    let opened = attackers.len();

    // A client arriving now connects, identifies and works at once.
    let joined = Instant::now();
    let mut late = demo.client().await;
    let snapshot = late.call("profile.snapshot", json!({})).await;
    let joined_in = joined.elapsed();
    assert!(snapshot["result"]["items"].is_array(), "{snapshot}");
    assert!(joined_in < Duration::from_secs(3), "{joined_in:?}");
    let status = before.call("session.status", json!({})).await;
    assert!(
        status.get("result").is_some(),
        "a client identified before still works"
    );

    let mut alive = 0;
    for attacker in &mut attackers {
        if still_open(attacker, Duration::from_millis(5)).await {
            alive += 1;
        }
    }
    assert!(alive <= 16, "{alive} unidentified connections held at once");

    // The deadline: whatever is left is closed 10 s after it connected.
    let deadline = tokio::time::Instant::now() + Duration::from_secs(13);
    for attacker in &mut attackers {
        let left = deadline.saturating_duration_since(tokio::time::Instant::now());
        assert!(
            matches!(attacker.next_answer(left).await, Received::Closed(_)),
            "an unidentified connection outlived the identify deadline"
        );
    }
    println!(
        "unidentified flood: {opened} upgrades, {alive} held at once, a new client identified and \
         answered in {joined_in:?}, all closed after {:?}",
        started.elapsed()
    );
    let answer = late.call("session.status", json!({})).await;
    assert!(
        answer.get("result").is_some(),
        "identified clients are not closed"
    );
    demo.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn three_hundred_half_sent_requests_are_dropped_within_15_s_while_a_client_connects() {
    let demo = Demo::start().await;
    let port = demo.daemon.port;
    let started = Instant::now();
    let mut half_sent = Vec::new();
    for _ in 0..300 {
        let mut tcp = TcpStream::connect(("127.0.0.1", port))
            .await
            .expect("connect");
        tcp.write_all(format!("GET /ws HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n").as_bytes())
            .await
            .expect("write");
        half_sent.push(tcp);
    }

    let joined = Instant::now();
    let mut client = demo.client().await;
    let status = client.call("session.status", json!({})).await;
    let joined_in = joined.elapsed();
    assert!(status.get("result").is_some(), "{status}");

    let deadline = tokio::time::Instant::now() + Duration::from_secs(15);
    let mut dropped = 0;
    for tcp in &mut half_sent {
        let left = deadline.saturating_duration_since(tokio::time::Instant::now());
        let mut buffer = [0u8; 256];
        // The daemon answers nothing and closes: the read ends (0 bytes or a reset).
        loop {
            match tokio::time::timeout(left, tcp.read(&mut buffer)).await {
                Ok(Ok(0)) | Ok(Err(_)) => {
                    dropped += 1;
                    break;
                }
                Ok(Ok(_)) => continue,
                Err(_) => break,
            }
        }
    }
    let all_dropped_in = started.elapsed();
    println!(
        "half-sent requests: {dropped} of 300 dropped after {all_dropped_in:?}; a client \
         identified meanwhile in {joined_in:?}"
    );
    assert_eq!(dropped, 300);
    assert!(all_dropped_in < Duration::from_secs(15));
    let after = client.call("session.status", json!({})).await;
    assert!(
        after.get("result").is_some(),
        "the WebSocket outlives the header deadline"
    );
    demo.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_batch_over_32_entries_is_one_invalid_request_and_changes_nothing() {
    let demo = Demo::start().await;
    let mut client = demo.client().await;
    let rev = demo.rev();
    let huge = format!("[{}]", vec!["1"; 30_000].join(","));
    client.send_text(&huge).await;
    match client.next_answer(Duration::from_secs(5)).await {
        Received::Json(answer) => {
            assert!(answer.is_object(), "one error, not an array: {answer}");
            assert_eq!(answer["error"]["code"], -32600, "{answer}");
        }
        other => panic!("expected one answer, got {other:?}"),
    }
    let entry = json!({"jsonrpc": "2.0", "id": 1, "method": "session.status"});
    let full: Vec<Value> = (0..32).map(|_| entry.clone()).collect();
    client.send_text(&Value::Array(full).to_string()).await;
    match client.next_answer(Duration::from_secs(5)).await {
        Received::Json(Value::Array(answers)) => assert_eq!(answers.len(), 32),
        other => panic!("32 entries are answered together, got {other:?}"),
    }
    assert_eq!(demo.rev(), rev);
    demo.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_that_never_reads_is_closed_once_a_mebibyte_waits_for_it() {
    use futures_util::SinkExt;
    use tokio_tungstenite::tungstenite::Message;
    let demo = Demo::start().await;
    let port = demo.daemon.port;
    let token = demo.admin_token();
    let mut socket =
        crate::support::demo::small_buffer_socket(port, 16 * 1024, &token, "never reads").await;
    let snapshot = r#"{"jsonrpc":"2.0","id":1,"method":"profile.snapshot"}"#;
    let started = Instant::now();
    let mut asked = 0;
    // Far more than the kernel's buffers and the 1 MiB outbox hold; one call at a time, so none
    // is refused `busy`. A send that stalls: the daemon stopped reading, it is closing.
    while asked < 400 && started.elapsed() < Duration::from_secs(60) {
        let sent =
            tokio::time::timeout(Duration::from_secs(2), socket.send(Message::text(snapshot)))
                .await;
        if !matches!(sent, Ok(Ok(()))) {
            break;
        }
        asked += 1;
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    let (received, code) =
        crate::support::demo::read_until_close(&mut socket, Duration::from_secs(30)).await;
    println!(
        "never-reading client: {asked} snapshots asked in {:?}, {received} B read afterwards, close {code:?}",
        started.elapsed()
    );
    // 1008 when the close frame got through, 0 when the daemon gave up on delivering it (reset).
    assert!(matches!(code, Some(1008) | Some(0)), "closed: {code:?}");
    // Everyone else is still served.
    let mut other = demo.client().await;
    let status = other.call("session.status", json!({})).await;
    assert!(status.get("result").is_some(), "{status}");
    demo.stop().await;
}
