//! The protocol server at the daemon, simulator at 0 ms (pacing off): round-trip latency of a
//! request answered from the store (`items.get`), p50/p99 over a real socket, and one change
//! (`items.lock`) fanned out to 50 subscribed clients (time from the request to each client's
//! `inventory.changed`, p50/p99). Criterion times the single request as well.

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

    let arrivals = runtime.block_on(async {
        let mut listeners = Vec::new();
        for _ in 0..50 {
            let mut listener = demo.client().await;
            let subscribed = listener
                .call("events.subscribe", json!({"topics": ["inventory"]}))
                .await;
            assert!(subscribed.get("result").is_some(), "{subscribed}");
            listeners.push(listener);
        }
        let started = Instant::now();
        let waits: Vec<_> = listeners
            .into_iter()
            .map(|mut listener| {
                tokio::spawn(async move {
                    listener
                        .wait_event("inventory.changed", Duration::from_secs(10))
                        .await
                        .map(|_| started.elapsed())
                })
            })
            .collect();
        let locked = client
            .call("items.lock", json!({"id": item, "locked": true}))
            .await;
        assert!(locked.get("result").is_some(), "{locked}");
        let mut arrivals = Vec::new();
        for wait in waits {
            let arrival = wait.await.expect("the listener task").expect("the event");
            arrivals.push(arrival);
        }
        arrivals
    });
    let mut arrivals = arrivals;
    arrivals.sort();
    println!(
        "protocol: one change to 50 clients, from the request to each event: p50 {:?}, p99 {:?} (target p99 < 5 ms; includes the lock's Bungie call)",
        quantile(&arrivals, 0.5),
        quantile(&arrivals, 0.99)
    );

    c.bench_function("protocol/items_get_round_trip", |b| {
        b.iter(|| runtime.block_on(client.call("items.get", json!({"id": item}))))
    });
    runtime.block_on(demo.stop());
}

criterion_group!(benches, protocol);
criterion_main!(benches);
