//! The Windows build's smoke test, run by `scripts/test-windows.sh`: `vault-raider.exe demo` runs
//! under Wine, and this Linux client pairs with it, syncs, and moves an item over the protocol,
//! checking the move in the daemon's store and in the simulator's truth.
//!
//! It needs that running daemon, so it is ignored in the ordinary test run; the script runs it with
//! `--ignored` and passes `VR_SMOKE_PORT` (the protocol port), `VR_SMOKE_DATA_DIR` (the demo's data
//! directory, holding `admin.token`) and `VR_SMOKE_SIM_URL` (the simulator's address).

mod support;

use serde_json::{Value, json};
use support::demo::{Client, pair_client};

fn env(name: &str) -> String {
    std::env::var(name)
        .unwrap_or_else(|_| panic!("{name} is not set (see scripts/test-windows.sh)"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs vault-raider.exe demo running under Wine: scripts/test-windows.sh"]
async fn a_linux_client_pairs_syncs_and_moves_an_item_through_the_windows_daemon() {
    let port: u16 = env("VR_SMOKE_PORT").parse().expect("a port number");
    let data_dir = std::path::PathBuf::from(env("VR_SMOKE_DATA_DIR"));
    let sim_url = env("VR_SMOKE_SIM_URL");
    let admin_token = std::fs::read_to_string(data_dir.join("admin.token"))
        .expect("the Windows daemon's admin.token")
        .trim()
        .to_string();
    let mut admin = Client::connect_identified(port, &admin_token).await;
    let token = pair_client(port, &mut admin, "Linux smoke test").await;
    let mut client = Client::connect_identified(port, &token).await;

    // Under Wine on a slow machine the demo may still be installing its manifest when the
    // client arrives: until then no item is known to be a weapon. Sync and ask again until one
    // shows, for at most two minutes.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(120);
    let id = loop {
        let synced = client.call("profile.sync", json!({})).await;
        let found = client
            .call(
                "items.search",
                json!({"query": "is:weapon is:invault", "limit": 1}),
            )
            .await;
        if let Some(id) = found["result"]["items"][0]["id"].as_str() {
            break id.to_string();
        }
        assert!(
            std::time::Instant::now() < deadline,
            "no weapon in the vault after two minutes: sync {synced}, search {found}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    };
    let snapshot = client.call("profile.snapshot", json!({})).await;
    let character = snapshot["result"]["characters"][0]["characterId"]
        .as_str()
        .unwrap_or_else(|| panic!("a character: {snapshot}"))
        .to_string();

    let moved = client
        .call("items.transfer", json!({"id": id, "to": character}))
        .await;
    assert_eq!(moved["result"]["ok"], true, "{moved}");
    let stored = client.call("items.get", json!({"id": id})).await;
    assert_eq!(
        stored["result"]["location"]["characterId"],
        json!(character),
        "{stored}"
    );
    let state: Value = reqwest::get(format!("{sim_url}/sim/state"))
        .await
        .expect("the simulator answers")
        .json()
        .await
        .expect("its state is JSON");
    let truth = state["items"]
        .as_array()
        .and_then(|items| items.iter().find(|i| i["itemId"] == json!(id)))
        .unwrap_or_else(|| panic!("the simulator knows item {id}"));
    assert_eq!(truth["characterId"], json!(character), "{truth}");
    eprintln!("smoke: paired, synced, moved item {id} to character {character}");
}
