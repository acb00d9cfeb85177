//! Conformance of the simulator: signs in through its OAuth, calls every Bungie endpoint the
//! daemon uses over real HTTP, and checks each body against its operation's 200 schema in
//! `openapi.json` under the wire rules (int64 as strings…). Error bodies are checked too: they
//! share the envelope. The manifest it serves installs into the daemon's `ManifestStore`.

// Not run under Wine (scripts/test-windows.sh runs this crate's Windows modules only).
#![cfg(not(windows))]

use crate::support::openapi::OpenApi;
use crate::support::sim::Sim;
use serde_json::{Value, json};
use vault_raider::bungie::manifest::ManifestStore;
use vault_raider::bungie::manifest::defs::ItemDef;

/// The postmaster bucket.
const POSTMASTER: u64 = 215_593_132;

/// Collects what did not conform, so one run reports every endpoint.
struct Report<'a> {
    /// The validator.
    spec: &'a OpenApi,
    /// "operation: report" for each failure.
    failures: Vec<String>,
    /// Operations checked at least once.
    checked: Vec<&'static str>,
}

impl<'a> Report<'a> {
    /// A report with nothing checked yet.
    fn new(spec: &'a OpenApi) -> Report<'a> {
        Report {
            spec,
            failures: Vec::new(),
            checked: Vec::new(),
        }
    }

    /// Checks one body against `operation`'s schema.
    fn check(&mut self, operation: &'static str, body: &Value) {
        if let Err(e) = self.spec.check_operation(operation, body) {
            self.failures
                .push(format!("{operation} ({}): {e}", body["ErrorStatus"]));
        }
        if !self.checked.contains(&operation) {
            self.checked.push(operation);
        }
    }
}

/// Instanced items (instance id, hash, bucket) in `component.data[character].items`.
fn items_of(profile: &Value, component: &str, character: &str) -> Vec<(String, u64, u64)> {
    let items = profile["Response"][component]["data"][character]["items"].as_array();
    items
        .into_iter()
        .flatten()
        .filter_map(|item| {
            Some((
                item["itemInstanceId"].as_str()?.to_string(),
                item["itemHash"].as_u64()?,
                item["bucketHash"].as_u64()?,
            ))
        })
        .collect()
}

/// Posts `body` to action `path` and checks the answer; true when it succeeded.
async fn act(
    sim: &Sim,
    report: &mut Report<'_>,
    token: &str,
    op: &'static str,
    path: &str,
    body: Value,
) -> bool {
    let (_, answer) = sim.post(path, token, &body.to_string()).await;
    report.check(op, &answer);
    answer["ErrorCode"] == 1
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_endpoint_the_daemon_uses_conforms_to_the_spec() {
    let Some(data) =
        crate::support::bungie_data("every_endpoint_the_daemon_uses_conforms_to_the_spec")
    else {
        return;
    };
    let spec = OpenApi::load(&data.join("openapi.json")).expect("openapi.json");
    let mut report = Report::new(&spec);
    let sim = Sim::start(crate::support::sim::config()).await;
    let token = sim.access_token().await;

    let (_, memberships) = sim
        .get("/User/GetMembershipsForCurrentUser/", Some(&token))
        .await;
    report.check("User.GetMembershipDataForCurrentUser", &memberships);
    let (membership_type, membership_id) = sim.primary_membership(&token).await;
    let components = "100,102,103,200,201,204,205,206,300,304,305,1000";
    let profile_path =
        format!("/Destiny2/{membership_type}/Profile/{membership_id}/?components={components}");
    let (_, profile) = sim.get(&profile_path, Some(&token)).await;
    report.check("Destiny2.GetProfile", &profile);
    let (_, public_profile) = sim.get(&profile_path, None).await;
    report.check("Destiny2.GetProfile", &public_profile);

    let characters: Vec<String> = profile["Response"]["characters"]["data"]
        .as_object()
        .map(|m| m.keys().cloned().collect())
        .unwrap_or_default();
    let character = characters
        .first()
        .expect("the account has characters")
        .clone();

    // Activity history, after finishing an activity so there is an entry.
    let (_, _) = sim
        .control("/sim/game/activity", json!({"characterId": character}))
        .await;
    let history = format!(
        "/Destiny2/{membership_type}/Account/{membership_id}/Character/{character}/Stats/Activities/?count=25&page=0"
    );
    let (_, activities) = sim.get(&history, Some(&token)).await;
    report.check("Destiny2.GetActivityHistory", &activities);
    assert!(
        activities["Response"]["activities"]
            .as_array()
            .is_some_and(|a| !a.is_empty()),
        "{activities}"
    );

    // Transfer to the vault and back, lock, equip one, equip a set.
    let transfer = "/Destiny2/Actions/Items/TransferItem/";
    let mut moved = None;
    for (id, hash, _) in items_of(&profile, "characterInventories", &character)
        .into_iter()
        .take(40)
    {
        let body = json!({"itemReferenceHash": hash, "stackSize": 1, "transferToVault": true, "itemId": id, "characterId": character, "membershipType": membership_type});
        if act(
            &sim,
            &mut report,
            &token,
            "Destiny2.TransferItem",
            transfer,
            body,
        )
        .await
        {
            moved = Some((id, hash));
            break;
        }
    }
    let (moved_id, moved_hash) = moved.expect("some item moves to the vault");
    let back = json!({"itemReferenceHash": moved_hash, "stackSize": 1, "transferToVault": false, "itemId": moved_id, "characterId": character, "membershipType": membership_type});
    assert!(
        act(
            &sim,
            &mut report,
            &token,
            "Destiny2.TransferItem",
            transfer,
            back
        )
        .await
    );
    let unknown = json!({"itemReferenceHash": 1, "stackSize": 1, "transferToVault": true, "itemId": "1", "characterId": character, "membershipType": membership_type});
    assert!(
        !act(
            &sim,
            &mut report,
            &token,
            "Destiny2.TransferItem",
            transfer,
            unknown
        )
        .await
    );

    let lock = json!({"state": true, "itemId": moved_id, "characterId": character, "membershipType": membership_type});
    assert!(
        act(
            &sim,
            &mut report,
            &token,
            "Destiny2.SetItemLockState",
            "/Destiny2/Actions/Items/SetLockState/",
            lock
        )
        .await
    );

    let inventory = items_of(&profile, "characterInventories", &character);
    let mut equipped_one = false;
    for (id, _, _) in inventory.iter().take(40) {
        let body =
            json!({"itemId": id, "characterId": character, "membershipType": membership_type});
        if act(
            &sim,
            &mut report,
            &token,
            "Destiny2.EquipItem",
            "/Destiny2/Actions/Items/EquipItem/",
            body,
        )
        .await
        {
            equipped_one = true;
            break;
        }
    }
    assert!(equipped_one, "no item could be equipped");
    let ids: Vec<&str> = inventory
        .iter()
        .take(3)
        .map(|(id, _, _)| id.as_str())
        .collect();
    let set = json!({"itemIds": ids, "characterId": character, "membershipType": membership_type});
    assert!(
        act(
            &sim,
            &mut report,
            &token,
            "Destiny2.EquipItems",
            "/Destiny2/Actions/Items/EquipItems/",
            set
        )
        .await
    );

    // Postmaster: drops arrive, one is pulled.
    let (status, _) = sim
        .control(
            "/sim/game/postmaster",
            json!({"characterId": character, "count": 4}),
        )
        .await;
    assert!(status.is_success());
    let (_, profile) = sim.get(&profile_path, Some(&token)).await;
    report.check("Destiny2.GetProfile", &profile);
    let all_items = profile["Response"]["characterInventories"]["data"][&character]["items"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let mut pulled = false;
    for item in all_items
        .iter()
        .filter(|i| i["bucketHash"].as_u64() == Some(POSTMASTER))
    {
        let body = json!({"itemReferenceHash": item["itemHash"], "stackSize": item["quantity"], "itemId": item.get("itemInstanceId").cloned().unwrap_or(json!("0")), "characterId": character, "membershipType": membership_type});
        if act(
            &sim,
            &mut report,
            &token,
            "Destiny2.PullFromPostmaster",
            "/Destiny2/Actions/Items/PullFromPostmaster/",
            body,
        )
        .await
        {
            pulled = true;
            break;
        }
    }
    assert!(pulled, "nothing could be pulled from the postmaster");

    // The manifest: its description conforms, and its database installs into the daemon's store.
    let (_, manifest) = sim.get("/Destiny2/Manifest/", None).await;
    report.check("Destiny2.GetDestinyManifest", &manifest);
    let version = manifest["Response"]["version"]
        .as_str()
        .expect("version")
        .to_string();
    let path = manifest["Response"]["mobileWorldContentPaths"]["en"]
        .as_str()
        .expect("en path")
        .to_string();
    let zip = sim
        .http
        .get(sim.url(&path))
        .send()
        .await
        .expect("download")
        .bytes()
        .await
        .expect("body");
    let dir = tempfile::tempdir().expect("temp dir");
    let store = ManifestStore::open(dir.path()).expect("open");
    store
        .install_bytes(&version, &zip, &mut |_| {})
        .expect("the simulator's manifest installs");
    let def = store
        .lookup::<ItemDef>(moved_hash as u32)
        .expect("lookup")
        .expect("the moved item's definition");
    assert!(!def.display_properties.name.is_empty());

    let expected = [
        "User.GetMembershipDataForCurrentUser",
        "Destiny2.GetProfile",
        "Destiny2.GetActivityHistory",
        "Destiny2.TransferItem",
        "Destiny2.SetItemLockState",
        "Destiny2.EquipItem",
        "Destiny2.EquipItems",
        "Destiny2.PullFromPostmaster",
        "Destiny2.GetDestinyManifest",
    ];
    assert!(
        expected.iter().all(|op| report.checked.contains(op)),
        "{:?}",
        report.checked
    );
    assert!(report.failures.is_empty(), "{}", report.failures.join("\n"));
    sim.handle.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_platforms_without_cross_save_conform_and_are_two_games() {
    let Some(data) =
        crate::support::bungie_data("two_platforms_without_cross_save_conform_and_are_two_games")
    else {
        return;
    };
    let spec = OpenApi::load(&data.join("openapi.json")).expect("openapi.json");
    let mut report = Report::new(&spec);
    let sim = Sim::start(vault_raider_sim::SimConfig {
        separate_accounts: true,
        ..crate::support::sim::config()
    })
    .await;
    let token = sim.access_token().await;
    let (_, memberships) = sim
        .get("/User/GetMembershipsForCurrentUser/", Some(&token))
        .await;
    report.check("User.GetMembershipDataForCurrentUser", &memberships);
    let data = &memberships["Response"];
    // No cross save: no primary, no override, each card for its own platform.
    assert!(data.get("primaryMembershipId").is_none(), "{data}");
    let cards = data["destinyMemberships"].as_array().expect("memberships");
    // Two games and a membership on a platform Destiny 2 left (Stadia), answered 1670.
    assert_eq!(cards.len(), 3, "{data}");
    let mut games = Vec::new();
    for card in cards {
        assert_eq!(card["crossSaveOverride"], 0, "{card}");
        assert_eq!(
            card["applicableMembershipTypes"],
            json!([card["membershipType"]]),
            "{card}"
        );
        let path = format!(
            "/Destiny2/{}/Profile/{}/?components=100,200",
            card["membershipType"],
            card["membershipId"].as_str().expect("an id")
        );
        let (_, profile) = sim.get(&path, Some(&token)).await;
        // A read's error carries no `Response`, as Bungie's do (the schema describes successes).
        if card["membershipType"] == 5 {
            assert_eq!(profile["ErrorCode"], 1670, "{profile}");
            assert_eq!(
                profile["ErrorStatus"], "DestinyLegacyPlatformInaccessible",
                "{profile}"
            );
            continue;
        }
        report.check("Destiny2.GetProfile", &profile);
        assert_eq!(profile["ErrorCode"], 1, "{profile}");
        let mut characters: Vec<String> = profile["Response"]["characters"]["data"]
            .as_object()
            .map(|c| c.keys().cloned().collect())
            .unwrap_or_default();
        characters.sort();
        games.push(characters);
    }
    assert_ne!(games[0], games[1], "two games, not one profile twice");
    assert!(report.failures.is_empty(), "{:#?}", report.failures);
}
