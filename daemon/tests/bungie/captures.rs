//! Every real capture in `../shared/bungie/data/responses/` that the client reads parses into the
//! client's wire types, with the values the captures are known to hold.

// Not run under Wine (scripts/test-windows.sh runs this crate's Windows modules only).
#![cfg(not(windows))]

use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use vault_raider::bungie::wire::component_memo::{ComponentMemo, decode_profile};
use vault_raider::bungie::wire::envelope::{decode, strip_bom};
use vault_raider::bungie::wire::{DestinyManifest, DestinyProfileResponse, UserMembershipData};

fn capture(name: &str) -> Option<Vec<u8>> {
    let dir = PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../shared/bungie/data/responses"
    ));
    if !dir.exists() {
        assert!(
            std::env::var_os("CI").is_none() || cfg!(windows),
            "CI must not skip this test: its data or D-Bus session is missing"
        );
        eprintln!("skipping: {} is absent", dir.display());
        return None;
    }
    Some(std::fs::read(dir.join(name)).unwrap())
}

/// A bare `Response` object (no envelope).
fn bare<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> T {
    serde_json::from_slice(strip_bom(bytes)).unwrap()
}

#[test]
fn the_2021_full_profile_parses_with_every_component() {
    let Some(bytes) = capture("GetProfile-full-2021-05-28.json") else {
        return;
    };
    // Read as the client reads GetProfile: once, then again reusing the unchanged components.
    let memo = Mutex::new(ComponentMemo::default());
    let first = decode_profile("GetProfile", 200, &bytes, &memo).unwrap();
    let p: DestinyProfileResponse = decode_profile("GetProfile", 200, &bytes, &memo).unwrap();
    let plain: DestinyProfileResponse = decode("GetProfile", 200, &bytes).unwrap();
    let (reused, first, plain) = (
        p.item_components.as_ref().unwrap(),
        first.item_components.as_ref().unwrap(),
        plain.item_components.as_ref().unwrap(),
    );
    assert!(Arc::ptr_eq(
        reused.instances.as_ref().unwrap(),
        first.instances.as_ref().unwrap()
    ));
    assert!(Arc::ptr_eq(
        reused.sockets.as_ref().unwrap(),
        first.sockets.as_ref().unwrap()
    ));
    assert_eq!(
        reused.instances.as_ref().map(|c| &c.data),
        plain.instances.as_ref().map(|c| &c.data)
    );
    assert_eq!(
        reused.stats.as_ref().map(|c| &c.data),
        plain.stats.as_ref().map(|c| &c.data)
    );
    assert_eq!(
        reused.sockets.as_ref().map(|c| &c.data),
        plain.sockets.as_ref().map(|c| &c.data)
    );
    assert_eq!(
        p.response_minted_timestamp, None,
        "predates minted timestamps"
    );
    let chars = p.characters.unwrap().data.unwrap();
    assert_eq!(chars.len(), 3);
    let hunter = &chars[&2305843009260802821];
    assert_eq!(
        (hunter.class_type, hunter.light, hunter.minutes_played_total),
        (1, 1314, 75957)
    );
    assert_eq!(hunter.emblem_color.red, 117);
    let inventories = p.character_inventories.unwrap().data.unwrap();
    let mut counts: Vec<usize> = inventories.values().map(|i| i.items.len()).collect();
    counts.sort();
    assert_eq!(counts, [83, 90, 190]);
    let equipment = p.character_equipment.unwrap().data.unwrap();
    assert!(
        equipment
            .values()
            .all(|e| (16..=17).contains(&e.items.len()))
    );
    let profile_items = p.profile_inventory.unwrap().data.unwrap().items;
    assert_eq!(profile_items.len(), 553);
    assert_eq!(
        profile_items
            .iter()
            .filter(|i| i.bucket_hash == 138197802)
            .count(),
        467
    );
    let instances = p
        .item_components
        .unwrap()
        .instances
        .unwrap()
        .data
        .clone()
        .unwrap();
    assert_eq!(instances.len(), 855);
    let first = &inventories[&2305843009260802821].items[0];
    assert_eq!(first.item_instance_id, Some(6917529265091876850));
    assert!(
        p.profile_currencies
            .unwrap()
            .data
            .unwrap()
            .items
            .iter()
            .any(|i| i.quantity == 239469)
    );
}

#[test]
fn the_2023_characters_profile_has_minted_timestamps() {
    let Some(bytes) = capture("GetProfile-components200-Response-2023-06-12.json") else {
        return;
    };
    let p: DestinyProfileResponse = bare(&bytes);
    let minted = p.response_minted_timestamp.unwrap();
    assert_eq!(minted.to_rfc3339(), "2023-06-12T22:23:57.305+00:00");
    assert_eq!(
        p.secondary_components_minted_timestamp, None,
        "0001-01-01 means unset"
    );
    let chars = p.characters.unwrap();
    assert_eq!(chars.privacy, 1);
    let c = &chars.data.unwrap()[&2305843009879504456];
    assert_eq!(
        (c.membership_id, c.light, c.minutes_played_this_session),
        (4611686018492795083, 1821, 209)
    );
    assert!(c.date_last_played.is_some());
}

#[test]
fn memberships_parse_and_the_primary_is_chosen() {
    let Some(bytes) = capture("GetMembershipsById-Response-2023-06.json") else {
        return;
    };
    let m: UserMembershipData = bare(&bytes);
    assert_eq!(m.destiny_memberships.len(), 4);
    assert_eq!(m.primary_membership_id, Some(4611686018492795083));
    let chosen = vault_raider::bungie::choose_membership(&m, &Default::default()).unwrap();
    assert_eq!(
        (chosen.membership_type, chosen.bungie_name()),
        (1, "TheJadeDragonz#9334".to_string())
    );
    assert_eq!(m.bungie_net_user.unwrap().membership_id, 28772016);
}

#[test]
fn both_manifests_parse_including_the_one_with_a_bom() {
    let Some(bytes) = capture("GetDestinyManifest-244164.26.06.16.json") else {
        return;
    };
    let m: DestinyManifest = decode("GetDestinyManifest", 200, &bytes).unwrap();
    assert_eq!(m.version, "244164.26.06.16.2053-2-bnet.65465");
    assert_eq!(m.mobile_world_content_paths.len(), 13);
    assert!(
        m.world_content_path("en")
            .unwrap()
            .starts_with("/common/destiny2_content/sqlite/en/")
    );
    assert_eq!(m.json_world_component_content_paths["en"].len(), 98);

    let Some(old) = capture("GetDestinyManifest-Response-106284.22.06.21.json") else {
        return;
    };
    assert!(old.starts_with(b"\xEF\xBB\xBF"));
    let m: DestinyManifest = bare(&old);
    assert_eq!(m.version, "106284.22.06.21.1351-1-bnet.44999");
    assert!(
        m.world_content_path("xx").is_some(),
        "falls back to English"
    );
}

/// The envelope is decoded by sonic-rs first and by serde_json when that fails: on every real
/// capture both must read exactly the same values.
#[test]
fn sonic_rs_and_serde_json_read_the_real_captures_alike() {
    #[derive(serde::Deserialize)]
    struct Envelope<T> {
        #[serde(rename = "Response")]
        response: T,
    }
    fn alike<T: serde::de::DeserializeOwned + std::fmt::Debug>(endpoint: &str, bytes: &[u8]) {
        let decoded: T = decode(endpoint, 200, bytes).unwrap();
        let by_serde_json: Envelope<T> = serde_json::from_slice(strip_bom(bytes)).unwrap();
        let by_sonic_rs: Envelope<T> = sonic_rs::from_slice(strip_bom(bytes)).unwrap();
        let expected = format!("{:?}", by_serde_json.response);
        assert_eq!(
            format!("{:?}", by_sonic_rs.response),
            expected,
            "{endpoint}"
        );
        assert_eq!(format!("{decoded:?}"), expected, "{endpoint}");
    }
    let Some(profile) = capture("GetProfile-full-2021-05-28.json") else {
        return;
    };
    alike::<DestinyProfileResponse>("GetProfile", &profile);
    if let Some(manifest) = capture("GetDestinyManifest-244164.26.06.16.json") {
        alike::<DestinyManifest>("GetDestinyManifest", &manifest);
    }
}
