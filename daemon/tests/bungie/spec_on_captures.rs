//! The OpenAPI conformance validator on Bungie's real captures (which must pass) and on
//! mutated copies that break the wire rules (which must fail, at the right place).

// Not run under Wine (scripts/test-windows.sh runs this crate's Windows modules only).
#![cfg(not(windows))]

use std::path::Path;
use std::sync::OnceLock;

use crate::support::openapi::{Nonconformance, OpenApi};
use serde_json::{Value, json};

/// The spec, loaded once per test binary; `None` when the shared data is absent.
fn spec(test: &str) -> Option<(&'static OpenApi, std::path::PathBuf)> {
    static SPEC: OnceLock<OpenApi> = OnceLock::new();
    let data = crate::support::bungie_data(test)?;
    let spec = SPEC.get_or_init(|| {
        OpenApi::load(&data.join("openapi.json")).unwrap_or_else(|e| panic!("openapi.json: {e}"))
    });
    Some((spec, data))
}

/// A capture from `responses/`, read as UTF-8 with or without a byte-order mark.
fn capture(data: &Path, name: &str) -> Value {
    let bytes = std::fs::read(data.join("responses").join(name)).expect("capture");
    let text = String::from_utf8(bytes).expect("capture is UTF-8");
    serde_json::from_str(text.trim_start_matches('\u{feff}')).expect("capture is JSON")
}

/// Asserts `result` is a violation at `instance_path`, and that the report names it.
fn assert_fails_at(result: Result<(), Nonconformance>, instance_path: &str) {
    let err = result.expect_err("the mutated value must not conform");
    assert!(
        err.at(instance_path),
        "expected a violation at {instance_path}, got:\n{err}"
    );
    assert!(err.to_string().contains(instance_path), "{err}");
}

/// The first character id key of a `characters`-like dictionary component.
fn first_key(component: &Value) -> String {
    component["data"]
        .as_object()
        .and_then(|m| m.keys().next())
        .expect("a character")
        .clone()
}

#[test]
fn every_real_capture_conforms() {
    let Some((spec, data)) = spec("every_real_capture_conforms") else {
        return;
    };
    let operations = [
        (
            "GetDestinyManifest-244164.26.06.16.json",
            "Destiny2.GetDestinyManifest",
        ),
        ("GetProfile-full-2021-05-28.json", "Destiny2.GetProfile"),
        ("GetVendors-2026-06-29.json", "Destiny2.GetVendors"),
    ];
    let components = [
        (
            "GetDestinyManifest-Response-106284.22.06.21.json",
            "Destiny.Config.DestinyManifest",
        ),
        (
            "GetLinkedProfiles-2025-07-15.json",
            "Destiny.Responses.DestinyLinkedProfilesResponse",
        ),
        (
            "GetMembershipsById-Response-2023-06.json",
            "User.UserMembershipData",
        ),
        (
            "GetProfile-components200-Response-2023-06-12.json",
            "Destiny.Responses.DestinyProfileResponse",
        ),
    ];
    let mut failures = Vec::new();
    for (file, operation) in operations {
        if let Err(e) = spec.check_operation(operation, &capture(&data, file)) {
            failures.push(format!("{file} as {operation}: {e}"));
        }
    }
    for (file, component) in components {
        if let Err(e) = spec.check_component(component, &capture(&data, file)) {
            failures.push(format!("{file} as {component}: {e}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    let listed = std::fs::read_dir(data.join("responses"))
        .expect("responses")
        .count();
    assert_eq!(
        listed,
        operations.len() + components.len(),
        "a capture is not checked"
    );
}

#[test]
fn an_int64_sent_as_a_number_fails() {
    let Some((spec, data)) = spec("an_int64_sent_as_a_number_fails") else {
        return;
    };
    let name = "Destiny.Responses.DestinyProfileResponse";
    let mut profile = capture(&data, "GetProfile-components200-Response-2023-06-12.json");
    let id = first_key(&profile["characters"]);
    let character = &mut profile["characters"]["data"][&id];
    let digits = character["characterId"]
        .as_str()
        .expect("characterId is a string")
        .to_string();
    character["characterId"] = json!(digits.parse::<u64>().expect("digits"));
    assert_fails_at(
        spec.check_component(name, &profile),
        &format!("/characters/data/{id}/characterId"),
    );

    let mut memberships = capture(&data, "GetMembershipsById-Response-2023-06.json");
    memberships["primaryMembershipId"] = json!(4_611_686_018_467_284_386u64);
    assert_fails_at(
        spec.check_component("User.UserMembershipData", &memberships),
        "/primaryMembershipId",
    );
}

#[test]
fn a_hash_sent_as_a_string_or_out_of_range_fails() {
    let Some((spec, data)) = spec("a_hash_sent_as_a_string_or_out_of_range_fails") else {
        return;
    };
    let mut body = capture(&data, "GetProfile-full-2021-05-28.json");
    let id = first_key(&body["Response"]["characterEquipment"]);
    let item = &mut body["Response"]["characterEquipment"]["data"][&id]["items"][0];
    let hash = item["itemHash"].as_u64().expect("itemHash is a number");
    item["itemHash"] = json!(hash.to_string());
    let path = format!("/Response/characterEquipment/data/{id}/items/0/itemHash");
    assert_fails_at(spec.check_operation("Destiny2.GetProfile", &body), &path);
    body["Response"]["characterEquipment"]["data"][&id]["items"][0]["itemHash"] = json!(-5);
    assert_fails_at(spec.check_operation("Destiny2.GetProfile", &body), &path);
}

#[test]
fn a_missing_wrapper_fails() {
    let Some((spec, data)) = spec("a_missing_wrapper_fails") else {
        return;
    };
    let body = capture(&data, "GetProfile-full-2021-05-28.json");
    // The payload without its envelope.
    let bare = body["Response"].clone();
    assert_fails_at(spec.check_operation("Destiny2.GetProfile", &bare), "");
    // A component without its `{data, privacy}` wrapper.
    let mut unwrapped = body.clone();
    let inner = unwrapped["Response"]["characters"]["data"].take();
    unwrapped["Response"]["characters"] = inner;
    assert_fails_at(
        spec.check_operation("Destiny2.GetProfile", &unwrapped),
        "/Response/characters",
    );
    // An envelope that lost a field.
    let mut no_status = body;
    no_status
        .as_object_mut()
        .expect("envelope")
        .remove("ErrorStatus");
    assert_fails_at(spec.check_operation("Destiny2.GetProfile", &no_status), "");
}

#[test]
fn wire_rules_for_colours_dates_keys_nulls_and_extra_fields() {
    let Some((spec, data)) = spec("wire_rules_for_colours_dates_keys_nulls_and_extra_fields")
    else {
        return;
    };
    let name = "Destiny.Responses.DestinyProfileResponse";
    let base = capture(&data, "GetProfile-components200-Response-2023-06-12.json");
    let id = first_key(&base["characters"]);
    let colour = format!("/characters/data/{id}/emblemColor/red");

    let mut as_text = base.clone();
    as_text["characters"]["data"][&id]["emblemColor"]["red"] = json!("12");
    assert_fails_at(spec.check_component(name, &as_text), &colour);
    let mut too_big = base.clone();
    too_big["characters"]["data"][&id]["emblemColor"]["red"] = json!(256);
    assert_fails_at(spec.check_component(name, &too_big), &colour);

    let mut bad_date = base.clone();
    bad_date["characters"]["data"][&id]["dateLastPlayed"] = json!("yesterday");
    assert_fails_at(
        spec.check_component(name, &bad_date),
        &format!("/characters/data/{id}/dateLastPlayed"),
    );

    let mut bad_key = base.clone();
    let character = bad_key["characters"]["data"][&id].take();
    let map = bad_key["characters"]["data"].as_object_mut().expect("data");
    map.remove(&id);
    map.insert("Guardian".into(), character);
    assert_fails_at(spec.check_component(name, &bad_key), "/characters/data");

    let mut extra = base.clone();
    extra["characters"]["data"][&id]["dismantlePermission"] = json!(1);
    extra["somethingNew"] = json!({"x": [1, 2]});
    spec.check_component(name, &extra)
        .expect("unknown fields are allowed");

    let mut nullable = base.clone();
    nullable["characters"]["disabled"] = Value::Null;
    spec.check_component(name, &nullable)
        .expect("`disabled` is nullable");
    let mut not_nullable = base;
    not_nullable["characters"]["data"][&id]["light"] = Value::Null;
    assert_fails_at(
        spec.check_component(name, &not_nullable),
        &format!("/characters/data/{id}/light"),
    );
}

#[test]
fn unknown_schemas_and_operations_are_reported_not_passed() {
    let Some((spec, _)) = spec("unknown_schemas_and_operations_are_reported_not_passed") else {
        return;
    };
    let err = spec
        .check_component("No.Such.Schema", &json!({}))
        .expect_err("unknown schema");
    assert!(matches!(err, Nonconformance::Schema(_)), "{err}");
    let err = spec
        .check_operation("Destiny2.NoSuchThing", &json!({}))
        .expect_err("unknown op");
    assert!(matches!(err, Nonconformance::Schema(_)), "{err}");
    assert_eq!(
        spec.response_of("Destiny2.TransferItem").ok(),
        Some("int32")
    );
    let action = json!({"Response": 0, "ErrorCode": 1, "ThrottleSeconds": 0, "ErrorStatus": "Success", "Message": "Ok", "MessageData": {}});
    spec.check_operation("Destiny2.TransferItem", &action)
        .expect("a real action success body");
}

#[test]
fn an_enum_keyed_dictionary_takes_the_enum_identifiers_or_digits_only() {
    let Some((spec, data)) =
        spec("an_enum_keyed_dictionary_takes_the_enum_identifiers_or_digits_only")
    else {
        return;
    };
    let name = "Destiny.Responses.DestinyLinkedProfilesResponse";
    let mut linked = capture(&data, "GetLinkedProfiles-2025-07-15.json");
    let silver = linked["profiles"][0]["platformSilver"]["platformSilver"]
        .as_object_mut()
        .expect("platformSilver is keyed by platform");
    let steam = silver.remove("TigerSteam").expect("a TigerSteam entry");
    silver.insert("3".into(), steam.clone());
    spec.check_component(name, &linked)
        .expect("the numeric key is fine too");
    let silver = linked["profiles"][0]["platformSilver"]["platformSilver"]
        .as_object_mut()
        .expect("platformSilver");
    silver.insert("TigerGameBoy".into(), steam);
    assert_fails_at(
        spec.check_component(name, &linked),
        "/profiles/0/platformSilver/platformSilver",
    );
}
