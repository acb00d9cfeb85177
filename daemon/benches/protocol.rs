//! The protocol server at the daemon, simulator at 0 ms (pacing off): round-trip latency of a
//! request answered from the store (`items.get`), p50/p99 over a real socket, and a change
//! (`items.lock`) fanned out to 50 subscribed clients: time from the event's publication on the
//! daemon's bus to each client's `inventory.changed` (p50/p99 over 20 changes × 50 clients), and
//! from the request for comparison. Criterion times the single request as well.

#[path = "../tests/support/demo.rs"]
#[allow(dead_code)]
mod demo;

use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use demo::Demo;
use serde_json::json;

/// The `q`-quantile of sorted durations.
fn quantile(sorted: &[Duration], q: f64) -> Duration {
    let last = sorted.len().saturating_sub(1);
    let at = ((last as f64) * q).round() as usize;
    sorted.get(at.min(last)).copied().unwrap_or_default()
}

fn protocol(c: &mut Criterion) {
    let runtime = demo::runtime();
    let demo = runtime.block_on(Demo::start());
    let mut client = runtime.block_on(demo.client());
    let found = runtime.block_on(client.call(
        "items.search",
        json!({"query": "is:weapon is:invault", "limit": 1}),
    ));
    let item = found["result"]["items"][0]["id"]
        .as_str()
        .expect("an item")
        .to_string();

    let mut rtts = Vec::with_capacity(500);
    for _ in 0..500 {
        let started = Instant::now();
        let answer = runtime.block_on(client.call("items.get", json!({"id": item})));
        rtts.push(started.elapsed());
        assert!(answer.get("result").is_some(), "{answer}");
    }
    rtts.sort();
    println!(
        "protocol: items.get round trip over 500 requests: p50 {:?}, p99 {:?} (target p99 < 2 ms)",
        quantile(&rtts, 0.5),
        quantile(&rtts, 0.99)
    );

    let (from_publication, from_request) = runtime.block_on(fan_out(&demo, &mut client, &item));
    println!(
        "protocol: one change to 50 clients, from its publication on the daemon's bus to each client's event, {} samples: p50 {:?}, p99 {:?} (target p99 < 5 ms)",
        from_publication.len(),
        quantile(&from_publication, 0.5),
        quantile(&from_publication, 0.99)
    );
    println!(
        "protocol: the same, from the items.lock request (includes its Bungie call): p50 {:?}, p99 {:?}",
        quantile(&from_request, 0.5),
        quantile(&from_request, 0.99)
    );

    c.bench_function("protocol/items_get_round_trip", |b| {
        b.iter(|| runtime.block_on(client.call("items.get", json!({"id": item}))))
    });
    runtime.block_on(demo.stop());
}

/// How many changes are fanned out.
const CHANGES: usize = 20;
/// How many subscribed clients receive each change.
const LISTENERS: usize = 50;

/// Locks and unlocks `item` [`CHANGES`] times with [`LISTENERS`] clients subscribed to inventory
/// changes. Returns, sorted, each client's arrival time measured from the event's publication on
/// the daemon's bus (seen by an in-process subscriber) and from the request.
async fn fan_out(
    demo: &Demo,
    client: &mut demo::Client,
    item: &str,
) -> (Vec<Duration>, Vec<Duration>) {
    let mut listeners = Vec::new();
    for _ in 0..LISTENERS {
        let mut listener = demo.client().await;
        let subscribed = listener
            .call("events.subscribe", json!({"topics": ["inventory"]}))
            .await;
        assert!(subscribed.get("result").is_some(), "{subscribed}");
        listeners.push(listener);
    }
    let (mut from_publication, mut from_request) = (Vec::new(), Vec::new());
    for n in 0..CHANGES {
        let mut bus = demo.daemon.daemon.bus.subscribe();
        let published = tokio::spawn(async move {
            loop {
                match bus.recv().await {
                    Ok(vault_raider::events::DaemonEvent::Inventory { .. }) => {
                        break Instant::now();
                    }
                    Ok(_) => continue,
                    Err(e) => panic!("the bus closed: {e}"),
                }
            }
        });
        let waits: Vec<_> = listeners
            .drain(..)
            .map(|mut listener| {
                tokio::spawn(async move {
                    let event = listener
                        .wait_event("inventory.changed", Duration::from_secs(10))
                        .await;
                    (listener, event.map(|_| Instant::now()))
                })
            })
            .collect();
        let asked = Instant::now();
        let locked = client
            .call("items.lock", json!({"id": item, "locked": n % 2 == 0}))
            .await;
        assert!(locked.get("result").is_some(), "{locked}");
        let published = published.await.expect("the bus subscriber");
        for wait in waits {
            let (listener, arrived) = wait.await.expect("the listener task");
            let arrived = arrived.expect("every client gets the event");
            from_publication.push(arrived.saturating_duration_since(published));
            from_request.push(arrived - asked);
            listeners.push(listener);
        }
    }
    from_publication.sort();
    from_request.sort();
    (from_publication, from_request)
}

criterion_group!(benches, protocol);
criterion_main!(benches);
