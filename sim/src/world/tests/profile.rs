//! GetProfile's JSON: wire conventions, components, privacy.

use super::*;

#[test]
fn only_requested_components_appear_with_their_wrappers() {
    let (world, _, _, _) = sample();
    let out = world.profile_json(&[100, 200], true, now());
    assert!(out.get("profile").is_some() && out.get("characters").is_some());
    assert!(out.get("profileInventory").is_none() && out.get("characterEquipment").is_none());
    assert!(out.get("itemComponents").is_none());
    assert_eq!(out["characters"]["privacy"], 1);
    assert_eq!(out["responseMintedTimestamp"], "2026-06-21T12:00:00.000Z");
    assert_eq!(
        out["secondaryComponentsMintedTimestamp"],
        "0001-01-01T00:00:00Z"
    );
}

#[test]
fn private_components_are_only_for_the_owner() {
    let (world, _, _, _) = sample();
    let all = [100, 102, 103, 200, 201, 205, 206, 300];
    let stranger = world.profile_json(&all, false, now());
    for key in [
        "profileInventory",
        "profileCurrencies",
        "characterInventories",
        "characterLoadouts",
    ] {
        assert_eq!(stranger[key]["privacy"], 2, "{key}");
        assert!(stranger[key].get("data").is_none(), "{key} leaked");
    }
    assert!(
        stranger["itemComponents"]["instances"]
            .get("data")
            .is_none()
    );
    assert!(
        stranger["characters"]["data"].is_object()
            && stranger["characterEquipment"]["data"].is_object()
    );
    let owner = world.profile_json(&all, true, now());
    assert!(owner["profileInventory"]["data"]["items"].is_array());
    assert_eq!(owner["profileInventory"]["privacy"], 2);
}

#[test]
fn int64s_are_strings_hashes_are_numbers_and_keys_are_strings() {
    let (world, titan, _, _) = sample();
    let out = world.profile_json(&[100, 102, 200, 201, 205, 300], true, now());
    let ids = out["profile"]["data"]["characterIds"]
        .as_array()
        .expect("ids");
    assert!(ids.iter().all(serde_json::Value::is_string));
    assert!(out["profile"]["data"]["userInfo"]["membershipId"].is_string());
    let c = &out["characters"]["data"][titan.to_string()];
    for key in [
        "membershipId",
        "characterId",
        "minutesPlayedTotal",
        "minutesPlayedThisSession",
    ] {
        assert!(
            c[key].as_str().is_some_and(|s| s.parse::<i64>().is_ok()),
            "{key}"
        );
    }
    assert!(
        c["classHash"].is_u64()
            && c["dateLastPlayed"]
                .as_str()
                .is_some_and(|d| d.ends_with('Z'))
    );
    let items = out["profileInventory"]["data"]["items"]
        .as_array()
        .expect("items");
    for i in items {
        assert!(i["itemHash"].is_u64() && i["bucketHash"].is_u64());
        if let Some(id) = i.get("itemInstanceId") {
            assert!(id.is_string());
            assert!(
                out["itemComponents"]["instances"]["data"]
                    .get(id.as_str().expect("string"))
                    .is_some()
            );
        }
    }
    assert!(
        items
            .iter()
            .any(|i| i["bucketHash"] == 138_197_802 && i["location"] == 2)
    );
}

#[test]
fn vault_and_account_items_live_in_profile_inventory() {
    let (world, titan, _, _) = sample();
    let out = world.profile_json(&[102, 103, 201], true, now());
    let buckets: std::collections::BTreeSet<u64> = out["profileInventory"]["data"]["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|i| i["bucketHash"].as_u64())
        .collect();
    assert_eq!(
        buckets,
        [138_197_802u64, 1_469_714_392, 3_313_201_758]
            .into_iter()
            .collect()
    );
    assert_eq!(
        out["profileCurrencies"]["data"]["items"]
            .as_array()
            .map(Vec::len),
        Some(3)
    );
    let inventory = out["characterInventories"]["data"][titan.to_string()]["items"]
        .as_array()
        .expect("items");
    assert!(
        inventory.iter().any(|i| i["bucketHash"] == 215_593_132),
        "postmaster items ride in the character inventory"
    );
}
