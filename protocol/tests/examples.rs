//! Every JSON example of `PROTOCOL.md` (copied here: it is our own spec text) parsed into the
//! protocol's types, re-serialized and compared as JSON values, and validated against the
//! generated JSON Schema. Where the spec abbreviates a nested object as `{…}`, the spec's own
//! item and character examples stand in for it.

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use vault_raider_protocol::generate::json_schema;
use vault_raider_protocol::inventory::{ChangesResult, OperationResult, Snapshot};
use vault_raider_protocol::model::{Change, Character, Item, Loadout};
use vault_raider_protocol::session::{IdentifyParams, IdentifyResult};
use vault_raider_protocol::{
    Event, Notification, Reason, Request, Response, RpcError, decode_params,
};

const IDENTIFY_REQUEST: &str = r##"{"jsonrpc":"2.0","id":1,"method":"session.identify","params":{"protocol":1,"token":"…","client":{"name":"Vault Raider popup","kind":"extension","version":"0.1.0"},"subscribe":["inventory","activity","operations","session"]}}"##;
const IDENTIFY_RESPONSE: &str = r##"{"jsonrpc":"2.0","id":1,"result":{"protocol":1,"daemon":{"version":"0.1.0"},"session":{"state":"signed_in","account":{"membershipType":3,"membershipId":"4611686018400000001","displayName":"Guardian#1234"}},"rev":1834}}"##;
const ITEM: &str = r##"{"id":"6917529035440581369","hash":1331482397,"name":"MIDA Multi-Tool","type":"Scout Rifle",
 "tier":"Exotic","bucket":"kinetic","class":"any","power":1810,"damage":"kinetic",
 "icon":"/common/destiny2_content/icons/077e9577fb39cb521b49048db236e39d.jpg",
 "location":{"kind":"character","characterId":"2305843009260000001"},"equipped":true,
 "quantity":1,"locked":false,"transferable":true,"equippable":true,"lockable":true}"##;
const CHARACTER: &str = r##"{"characterId":"2305843009260000001","class":"warlock","race":"Awoken","power":1810,
 "emblem":"/common/destiny2_content/icons/emblem.jpg","emblemColor":"#1a2b3c",
 "lastPlayed":"2026-11-24T20:01:00Z","activity":{"name":"Savathûn's Song","mode":"Strike","startedAt":"…"}}"##;
const LOADOUT: &str = r##"{"id":"6f1c…","name":"Raid","characterId":"2305843009260000001","class":"warlock",
 "items":[{"id":"6917529035440581369","hash":1331482397,"equip":true}],
 "createdAt":"…","updatedAt":"…","source":"daemon"}"##;
/// An in-game loadout, as `loadouts.list` gives it.
const GAME_LOADOUT: &str = r##"{"id":"game:2305843009260000001:2","name":"Raid","characterId":"2305843009260000001",
 "class":"warlock","items":[{"id":"6917529035440581369","hash":1331482397,"equip":true}],
 "createdAt":"","updatedAt":"","source":"game","index":2,"nameHash":1797558498,
 "colorHash":3871954967,"iconHash":797343014,"color":"/img/loadout/color.png",
 "icon":"/img/loadout/icon.png"}"##;
const CHANGES: [&str; 8] = [
    r##"{"rev":1835,"kind":"moved","id":"6917529035440581369","from":{"kind":"character","characterId":"…"},"to":{"kind":"vault"}}"##,
    r##"{"rev":1836,"kind":"equipped","id":"…","characterId":"…","unequipped":"…"}"##,
    r##"{"rev":1837,"kind":"added","item":ITEM}"##,
    r##"{"rev":1838,"kind":"removed","id":"…"}"##,
    r##"{"rev":1839,"kind":"updated","id":"…","fields":{"locked":true}}"##,
    r##"{"rev":1840,"kind":"character","character":CHARACTER}"##,
    r##"{"rev":1841,"kind":"loadout","characterId":"2305843009260000001","index":2,"loadout":GAME_LOADOUT}"##,
    r##"{"rev":1842,"kind":"loadout","characterId":"2305843009260000001","index":2,"loadout":null}"##,
];

/// Parses `text` into `T`, re-serializes it, and asserts the JSON values are equal; returns
/// the typed value.
fn check<T: DeserializeOwned + Serialize>(text: &str) -> T {
    let original: Value = serde_json::from_str(text).expect("the example is JSON");
    let typed: T = serde_json::from_value(original.clone()).expect("the example fits the type");
    let again = serde_json::to_value(&typed).expect("the type serializes");
    assert_eq!(again, original, "re-serialized example differs");
    typed
}

/// Asserts that `value` is valid against `$defs/<def>` of the generated schema.
fn assert_valid(def: &str, value: &Value) {
    let mut schema = json_schema();
    let root = schema.as_object_mut().expect("the schema is an object");
    root.remove("oneOf");
    root.insert("$ref".into(), json!(format!("#/$defs/{def}")));
    let validator = jsonschema::validator_for(&schema).expect("the schema compiles");
    let errors: Vec<String> = validator
        .iter_errors(value)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{def}: {errors:?}\n{value}");
}

fn expand(text: &str) -> String {
    text.replace("GAME_LOADOUT", GAME_LOADOUT)
        .replace("ITEM", ITEM)
        .replace("CHARACTER", CHARACTER)
}

#[test]
fn session_identify_request_and_response() {
    let request: Request = check(IDENTIFY_REQUEST);
    assert_eq!(request.method, "session.identify");
    let params: IdentifyParams = decode_params(request.params.clone()).expect("identify params");
    assert_eq!(params.protocol, 1);
    let params_json = serde_json::to_value(&params).expect("serializes");
    assert_eq!(Some(params_json.clone()), request.params);
    assert_valid(
        "Request",
        &serde_json::from_str(IDENTIFY_REQUEST).expect("json"),
    );
    assert_valid("IdentifyParams", &params_json);

    let response: Response = check(IDENTIFY_RESPONSE);
    let vault_raider_protocol::Outcome::Result(result) = response.outcome else {
        panic!("the example is a result")
    };
    let typed: IdentifyResult = serde_json::from_value(result.clone()).expect("identify result");
    assert_eq!(typed.rev, 1834);
    assert_eq!(serde_json::to_value(&typed).expect("serializes"), result);
    assert_valid("IdentifyResult", &result);
    assert_valid(
        "Response",
        &serde_json::from_str(IDENTIFY_RESPONSE).expect("json"),
    );
}

#[test]
fn item_character_and_loadout() {
    let item: Item = check(ITEM);
    assert_eq!(item.id, "6917529035440581369");
    assert_valid("Item", &serde_json::from_str(ITEM).expect("json"));
    let character: Character = check(CHARACTER);
    assert!(character.activity.is_some());
    assert_valid("Character", &serde_json::from_str(CHARACTER).expect("json"));
    let loadout: Loadout = check(LOADOUT);
    assert_eq!(loadout.items.len(), 1);
    assert_valid("Loadout", &serde_json::from_str(LOADOUT).expect("json"));
    let game: Loadout = check(GAME_LOADOUT);
    assert_eq!(game.index, Some(2));
    assert_valid(
        "Loadout",
        &serde_json::from_str(GAME_LOADOUT).expect("json"),
    );
}

#[test]
fn every_change_kind() {
    for text in CHANGES {
        let text = expand(text);
        let _: Change = check(&text);
        assert_valid("Change", &serde_json::from_str(&text).expect("json"));
    }
}

#[test]
fn a_character_outside_an_activity_says_null() {
    let mut value: Value = serde_json::from_str(CHARACTER).expect("json");
    value["activity"] = Value::Null;
    let _: Character = check(&value.to_string());
}

#[test]
fn results_described_in_prose() {
    let snapshot = format!(
        r##"{{"rev":7,"account":null,"characters":[{CHARACTER}],"items":[{ITEM}],"vault":{{"used":1,"capacity":700}},"postmaster":{{"2305843009260000001":3}}}}"##
    );
    let _: Snapshot = check(&snapshot);
    assert_valid("Snapshot", &serde_json::from_str(&snapshot).expect("json"));
    let _: ChangesResult = check(r##"{"rev":1840,"reset":true}"##);
    let changes = format!(r##"{{"rev":1840,"changes":[{}]}}"##, expand(CHANGES[5]));
    let _: ChangesResult = check(&changes);
    let operation = r##"{"operationId":"op-1","ok":false,"steps":[
        {"action":"transfer","id":"1","from":{"kind":"character","characterId":"2"},"to":{"kind":"vault"},"ok":true},
        {"action":"equip","id":"1","ok":false,"error":{"code":2005,"message":"exotic already equipped","data":{"reason":"cannot_equip"}}}
      ],"rev":12,"bungieCalls":2}"##;
    let _: OperationResult = check(operation);
    assert_valid(
        "OperationResult",
        &serde_json::from_str(operation).expect("json"),
    );
}

#[test]
fn errors_and_notifications() {
    let error: RpcError = check(
        r##"{"code":3001,"message":"Bungie asks us to wait","data":{"reason":"bungie_throttled","retryAfterMs":1500}}"##,
    );
    assert_eq!(error.reason(), Some(Reason::BungieThrottled));
    let _: RpcError = check(
        r##"{"code":1003,"message":"protocol 2 is not spoken","data":{"reason":"unsupported_protocol","versions":[1]}}"##,
    );
    let _: RpcError =
        check(r##"{"code":-32602,"message":"expected a string","data":{"field":"query"}}"##);
    let _: Response =
        check(r##"{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"not JSON"}}"##);
    let notification = format!(
        r##"{{"jsonrpc":"2.0","method":"inventory.changed","params":{{"rev":1840,"changes":[{}]}}}}"##,
        expand(CHANGES[2])
    );
    let typed: Notification = check(&notification);
    assert!(matches!(typed.event, Event::InventoryChanged(_)));
    assert_valid(
        "Notification",
        &serde_json::from_str(&notification).expect("json"),
    );
    for text in [
        r##"{"jsonrpc":"2.0","method":"operation.progress","params":{"operationId":"op","step":1,"of":3,"action":"transfer","id":"1","ok":true}}"##,
        r##"{"jsonrpc":"2.0","method":"activity.started","params":{"characterId":"1","activity":"Strike","mode":"Strike","startedAt":"2026-11-25T10:00:00Z"}}"##,
        r##"{"jsonrpc":"2.0","method":"activity.completed","params":{"characterId":"1","activity":"Strike","mode":"Strike","completed":true,"kills":10,"deaths":1,"assists":3,"durationSeconds":600,"endedAt":"2026-11-25T10:10:00Z","pgcrId":"123","precisionKills":4,"score":120,"timePlayedSeconds":590,"fireteam":[{"name":"Guardian#1234","class":"Warlock","power":1810,"kills":10,"deaths":1,"isSelf":true}]}}"##,
        r##"{"jsonrpc":"2.0","method":"progress.changed","params":{"characterId":"1","changed":[{"id":"6917529035440581370","characterId":"1","kind":"bounty","hash":12,"name":"Gunsmith Bounty","icon":"","objectives":[{"hash":5,"description":"Defeat combatants","progress":40,"completionValue":40,"complete":true}],"complete":true,"expiresAt":"2026-12-08T17:00:00Z","tracked":false}],"completed":["6917529035440581370"],"removed":[]}}"##,
        r##"{"jsonrpc":"2.0","method":"session.changed","params":{"state":"maintenance","message":"Bungie.net is down for maintenance; retrying."}}"##,
        r##"{"jsonrpc":"2.0","method":"session.changed","params":{"state":"signed_out","reason":"expired","message":"Your Bungie.net sign-in expired: sign in again."}}"##,
        r##"{"jsonrpc":"2.0","method":"session.changed","params":{"state":"app_rejected","reason":"api_key_invalid","message":"Bungie.net refuses the API key."}}"##,
        r##"{"jsonrpc":"2.0","method":"session.changed","params":{"state":"not_configured","message":"Set api_key and client_id."}}"##,
        r##"{"jsonrpc":"2.0","method":"inventory.changed","params":{"rev":12,"changes":[],"reset":true}}"##,
        r##"{"jsonrpc":"2.0","method":"sync.status","params":{"lastSync":"2026-11-25T10:00:00Z","nextSync":null,"ok":false,"error":"offline"}}"##,
    ] {
        let _: Notification = check(text);
        assert_valid("Notification", &serde_json::from_str(text).expect("json"));
    }
}
