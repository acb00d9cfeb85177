//! Bungie calls per operation for a fixed scenario table against the minimum a perfect planner
//! needs (target: ratio exactly 1.00), through the protocol against the simulator (pacing off),
//! counted both from the operation result's `bungieCalls` and from the simulator's own counters.
//! Criterion times one transfer round trip.

#[path = "../tests/support/demo.rs"]
#[allow(dead_code)]
mod demo;

use criterion::{Criterion, criterion_group, criterion_main};
use demo::{Client, Demo};
use serde_json::{Value, json};

/// One scenario: a name, the request, and the fewest Bungie calls it can take.
struct Scenario {
    name: &'static str,
    method: &'static str,
    params: Value,
    minimum: u64,
}

/// An unequipped weapon of `bucket` in `place` (`vault` or a character id), not exotic.
async fn pick(client: &mut Client, query: &str, taken: &[String]) -> Option<String> {
    let found = client
        .call("items.search", json!({"query": query, "limit": 50}))
        .await;
    found["result"]["items"]
        .as_array()?
        .iter()
        .filter(|i| i["transferable"] == true)
        .filter_map(|i| i["id"].as_str().map(str::to_string))
        .find(|id| !id.starts_with("hash:") && !taken.contains(id))
}

/// The scenario table, built from the sample account's first two characters.
async fn scenarios(client: &mut Client) -> Vec<Scenario> {
    let snapshot = client.call("profile.snapshot", json!({})).await;
    let ids: Vec<String> = snapshot["result"]["characters"]
        .as_array()
        .expect("characters")
        .iter()
        .filter_map(|c| c["characterId"].as_str().map(str::to_string))
        .collect();
    let (a, b) = (ids[0].clone(), ids[1 % ids.len()].clone());
    let mut taken = Vec::new();
    let mut table = Vec::new();
    let mut add =
        |taken: &mut Vec<String>, name, method, id: Option<String>, params: Value, minimum| {
            if let Some(id) = id {
                let mut params = params;
                params["id"] = json!(id);
                taken.push(id);
                table.push(Scenario {
                    name,
                    method,
                    params,
                    minimum,
                });
            }
        };
    let vault = pick(client, "is:weapon is:invault -is:exotic", &taken).await;
    add(
        &mut taken,
        "vault -> character",
        "items.transfer",
        vault,
        json!({"to": a}),
        1,
    );
    let vault = pick(client, "is:weapon is:invault -is:exotic", &taken).await;
    add(
        &mut taken,
        "vault -> equipped on character",
        "items.equip",
        vault,
        json!({"characterId": a}),
        2,
    );
    let query = "is:weapon -is:invault -is:equipped -is:postmaster -is:exotic";
    let on_character = pick(client, query, &taken).await;
    add(
        &mut taken,
        "character -> vault",
        "items.transfer",
        on_character,
        json!({"to": "vault"}),
        1,
    );
    if a != b {
        let on_character = pick(client, query, &taken).await;
        // The item may already be on `b`: then the minimum is 1, and the scenario says so.
        let owner =
            match &on_character {
                Some(id) => client.call("items.get", json!({"id": id})).await["result"]["location"]
                    ["characterId"]
                    .as_str()
                    .map(str::to_string),
                None => None,
            };
        let (to, minimum) = if owner.as_deref() == Some(a.as_str()) {
            (b.clone(), 2)
        } else {
            (a.clone(), 2)
        };
        add(
            &mut taken,
            "character -> other character",
            "items.transfer",
            on_character,
            json!({"to": to}),
            minimum,
        );
    }
    table
}

fn moves_calls(c: &mut Criterion) {
    let runtime = demo::runtime();
    let demo = runtime.block_on(Demo::start());
    let mut client = runtime.block_on(demo.client());
    let table = runtime.block_on(scenarios(&mut client));
    println!("moves: scenario | minimum | bungieCalls | simulator calls | ratio");
    let (mut total_min, mut total_made) = (0u64, 0u64);
    for scenario in &table {
        demo.sim.reset_calls();
        let answer = runtime.block_on(client.call(scenario.method, scenario.params.clone()));
        let reported = answer["result"]["bungieCalls"].as_u64();
        let actions: u64 = demo
            .sim
            .calls()
            .iter()
            .filter(|(name, _)| name.as_str() != "GetProfile")
            .map(|(_, n)| n)
            .sum();
        total_min += scenario.minimum;
        total_made += actions;
        println!(
            "moves: {} | {} | {} | {actions} | {:.2}{}",
            scenario.name,
            scenario.minimum,
            reported.map_or("error".to_string(), |n| n.to_string()),
            actions as f64 / scenario.minimum as f64,
            if answer.get("error").is_some() {
                format!(" (error: {})", answer["error"])
            } else {
                String::new()
            }
        );
    }
    println!(
        "moves: total {total_made} calls for a minimum of {total_min}: ratio {:.2} (target 1.00)",
        total_made as f64 / total_min.max(1) as f64
    );

    // Timed: one item to the vault and back (two transfers, two calls).
    let item = runtime
        .block_on(pick(&mut client, "is:weapon is:invault -is:exotic", &[]))
        .expect("an item in the vault");
    let character = table
        .first()
        .and_then(|s| s.params["to"].as_str().map(str::to_string))
        .expect("a character");
    c.bench_function("moves/transfer_round_trip", |b| {
        b.iter(|| {
            runtime.block_on(async {
                client
                    .call("items.transfer", json!({"id": item, "to": character}))
                    .await;
                client
                    .call("items.transfer", json!({"id": item, "to": "vault"}))
                    .await;
            })
        })
    });
    runtime.block_on(demo.stop());
}

criterion_group!(benches, moves_calls);
criterion_main!(benches);
