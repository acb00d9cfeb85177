//! Issue #12: an unread flood of batches against the real daemon. Clients send batches of invalid
//! entries, batches far over 32 entries, batches of 32 `session.status` (answers five times
//! their size) and `profile.snapshot` calls (answers of hundreds of KB) as fast as they can and
//! never read; the daemon's
//! outbox to each is bounded (1 MiB) and the process's resident memory stays within 64 MB of its
//! idle size. Alone in its binary so no other test moves the RSS.

mod support;

use futures_util::SinkExt;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};
use support::demo::Demo;
use tokio_tungstenite::tungstenite::Message;

/// How many flooding clients.
const FLOODERS: usize = 8;
/// How many frames each sends at most.
const FRAMES: usize = 2_500;
/// The growth allowed over idle.
const BUDGET_BYTES: u64 = 64 * 1024 * 1024;

/// This process's resident set, in bytes (Linux).
fn rss() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unread_flood_of_batches_keeps_rss_within_64_mb_of_idle() {
    let Some(_) = rss() else {
        eprintln!("skipped: no /proc/self/status on this system");
        return;
    };
    let demo = Demo::start().await;
    let port = demo.daemon.port;
    let mut warm = demo.client().await;
    let _ = warm.call("profile.snapshot", serde_json::json!({})).await;
    let idle = rss().unwrap_or(0);

    let peak = Arc::new(AtomicU64::new(idle));
    let sampling = {
        let peak = Arc::clone(&peak);
        tokio::spawn(async move {
            loop {
                peak.fetch_max(rss().unwrap_or(0), Ordering::Relaxed);
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
        })
    };
    let admin = demo.admin_token();
    let small = format!("[{}]", vec!["1"; 32].join(","));
    let huge = format!("[{}]", vec!["1"; 30_000].join(","));
    let status = r#"{"jsonrpc":"2.0","id":1,"method":"session.status"}"#;
    let statuses = format!("[{}]", vec![status; 32].join(","));
    let snapshot = r#"{"jsonrpc":"2.0","id":2,"method":"profile.snapshot"}"#.to_string();
    let started = Instant::now();
    let mut floods = Vec::new();
    for n in 0..FLOODERS {
        let (small, huge, statuses, snapshot, admin) = (
            small.clone(),
            huge.clone(),
            statuses.clone(),
            snapshot.clone(),
            admin.clone(),
        );
        floods.push(tokio::spawn(async move {
            // A small receive buffer, as a slow reader has (tcp_rmem's maximum is 32 MiB here).
            let mut socket =
                support::demo::small_buffer_socket(port, 64 * 1024, &admin, "flood").await;
            let mut sent_bytes = 0usize;
            for i in 0..FRAMES {
                let frame = match (i + n) % 10 {
                    0 => &huge,
                    5 => &small,
                    3 | 7 => &snapshot,
                    _ => &statuses,
                };
                // A send that stalls means the daemon stopped reading: it is closing.
                let sent = tokio::time::timeout(
                    Duration::from_millis(300),
                    socket.send(Message::text(frame.clone())),
                )
                .await;
                match sent {
                    Ok(Ok(())) => sent_bytes += frame.len(),
                    _ => break,
                }
                // Paced so each batch is answered rather than refused `busy`: the answers, five
                // times the requests, pile up unread.
                tokio::time::sleep(Duration::from_millis(1)).await;
            }
            // Now read: what was queued, then the close frame. `None`: still open.
            let (received, code) =
                support::demo::read_until_close(&mut socket, Duration::from_secs(20)).await;
            eprintln!("flooder {n}: sent {sent_bytes} B, then read {received} B, close {code:?}");
            (sent_bytes, code)
        }));
    }
    let mut sent = 0;
    let mut codes = Vec::new();
    for flood in floods {
        let (bytes, code) = flood.await.expect("a flooder");
        sent += bytes;
        codes.push(code);
    }
    sampling.abort();
    let peak = peak.load(Ordering::Relaxed).max(rss().unwrap_or(0));
    let grew = peak.saturating_sub(idle);
    println!(
        "unread batch flood: {FLOODERS} clients sent {} MiB in {:?}; close codes {codes:?}; RSS \
         idle {} MiB, peak {} MiB (+{} MiB)",
        sent / (1024 * 1024),
        started.elapsed(),
        idle / (1024 * 1024),
        peak / (1024 * 1024),
        grew / (1024 * 1024)
    );
    // Most of these are refused `busy` or answered small; the closing of a client that does not
    // read is asserted on its own in server/exhaustion.rs, where it can be made certain.
    assert!(grew < BUDGET_BYTES, "RSS grew by {grew} bytes");
    let status = warm.call("session.status", serde_json::json!({})).await;
    assert!(status.get("result").is_some(), "the daemon still answers");
    demo.stop().await;
}
