//! Loading a real DestinyProfileResponse (DIM's 2021 capture) as the world's state.

use super::*;

fn real_profile() -> Option<serde_json::Value> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../shared/bungie/data/responses/GetProfile-full-2021-05-28.json"
    );
    let Ok(text) = std::fs::read_to_string(path) else {
        assert!(
            std::env::var_os("CI").is_none() || cfg!(windows),
            "CI must not skip this test: its data or D-Bus session is missing"
        );
        eprintln!("skipping: {path} is absent");
        return None;
    };
    Some(serde_json::from_str(&text).expect("the capture is JSON"))
}

#[test]
fn the_real_profile_loads_with_every_item_where_it_was() {
    let Some(profile) = real_profile() else {
        return;
    };
    let world = World::from_profile_json(&profile).expect("loads");
    let r = &profile["Response"];
    assert_eq!(world.characters.len(), 3);
    let out = world.profile_json(&[102, 103, 200, 201, 205, 300], true, now());
    for c in world.character_ids() {
        let key = c.to_string();
        for component in ["characterEquipment", "characterInventories"] {
            let ids = |v: &serde_json::Value| -> Vec<(serde_json::Value, serde_json::Value, serde_json::Value)> {
                v[component]["data"][&key]["items"].as_array().expect("items").iter()
                    .map(|i| (i["itemHash"].clone(), i["itemInstanceId"].clone(), i["bucketHash"].clone())).collect()
            };
            assert_eq!(ids(&out), ids(r), "{component} of {key}");
        }
    }
    let profile_items = |v: &serde_json::Value| {
        v["profileInventory"]["data"]["items"]
            .as_array()
            .map_or(0, Vec::len)
    };
    assert_eq!(profile_items(&out), profile_items(r));
    assert_eq!(
        out["characters"]["data"].as_object().map(|m| m.len()),
        Some(3)
    );
    let light = &r["characters"]["data"];
    for (id, c) in light.as_object().expect("characters") {
        assert_eq!(out["characters"]["data"][id]["classType"], c["classType"]);
        assert_eq!(
            out["characters"]["data"][id]["membershipId"],
            c["membershipId"]
        );
    }
}

#[test]
fn unknown_hashes_get_generated_definitions_and_the_rules_apply() {
    let Some(profile) = real_profile() else {
        return;
    };
    let mut world = World::from_profile_json(&profile).expect("loads");
    assert!(
        world
            .items
            .iter()
            .all(|i| world.catalogue.item(i.hash).is_some()),
        "every item has a definition"
    );
    let titan = world
        .characters
        .iter()
        .find(|c| c.class_type == 0)
        .map(|c| c.id)
        .expect("a titan");
    let worn = find(&world, |_, i| {
        i.place == Place::Character(titan) && i.equipped && i.instance_id.is_some()
    });
    refused(&mut world, 1656, |w| {
        w.transfer_item(&transfer_body(&worn, true, titan))
    });
    let gun = find(&world, |w, i| {
        i.place == Place::Character(titan)
            && !i.equipped
            && w.bucket_of(i) == crate::world::defs::bucket::KINETIC
    });
    world
        .transfer_item(&transfer_body(&gun, true, titan))
        .expect("to the vault");
    assert_eq!(item(&world, id(&gun)).place, Place::Vault);
}

#[test]
fn loading_accepts_the_bare_response_and_refuses_garbage() {
    let Some(profile) = real_profile() else {
        return;
    };
    let bare = World::from_profile_json(&profile["Response"]).expect("loads without the envelope");
    assert_eq!(
        bare.items.len(),
        World::from_profile_json(&profile)
            .expect("loads")
            .items
            .len()
    );
    for bad in [
        json!(null),
        json!([]),
        json!({}),
        json!({"characters": {"data": {"x": {}}}}),
        json!({"Response": 0, "ErrorCode": 5}),
    ] {
        assert!(World::from_profile_json(&bad).is_err(), "{bad}");
    }
}
