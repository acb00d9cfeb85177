//! The whole product over real sockets: the simulator, the daemon, a protocol client.

use crate::support::demo::Demo;
use serde_json::json;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_transfer_through_the_protocol_moves_the_item_in_the_simulator_with_one_call() {
    let demo = Demo::start().await;
    let mut client = demo.client().await;
    let found = client
        .call(
            "items.search",
            json!({"query": "is:weapon is:invault", "limit": 1}),
        )
        .await;
    let item = &found["result"]["items"][0];
    let id = item["id"]
        .as_str()
        .expect("an item in the vault")
        .to_string();
    let snapshot = client.call("profile.snapshot", json!({})).await;
    let character = snapshot["result"]["characters"][0]["characterId"]
        .as_str()
        .expect("a character")
        .to_string();
    demo.sim.reset_calls();
    let answer = client
        .call("items.transfer", json!({"id": id, "to": character}))
        .await;
    let result = &answer["result"];
    assert_eq!(result["ok"], true, "{answer}");
    assert_eq!(result["bungieCalls"], 1, "{answer}");
    assert_eq!(demo.sim.calls().get("TransferItem"), Some(&1));
    let state = demo.sim_state().await;
    let truth = state["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|i| i["itemId"] == json!(id))
        .cloned()
        .expect("the item");
    assert_eq!(truth["characterId"], json!(character), "{truth}");
    let stored = client.call("items.get", json!({"id": id})).await;
    assert_eq!(
        stored["result"]["location"]["characterId"],
        json!(character),
        "{stored}"
    );
    demo.stop().await;
}
