//! The simulator's vendors, collections, currencies and clan over real HTTP: GetVendors from its
//! own vendors and from the real 2026 capture (served back with the same sales, every sale item
//! and cost named in the manifest), the token it needs (12 without), component 800 and its
//! privacy, a purchase through `/sim/game/buy` (costs paid, collectible acquired, 1675 when it
//! cannot be paid), GetGroupsForMember and GetMembersOfGroup with and without a clan,
//! `/sim/clan/online` and members' public profiles (their current activity). Every answer is
//! checked against its operation in `openapi.json` when the shared data is there.

// Not run under Wine (scripts/test-windows.sh runs this crate's Windows modules only).
#![cfg(not(windows))]

use crate::support::openapi::SpecChecks;
use crate::support::sim::*;
use reqwest::StatusCode;
use serde_json::{Map, Value, json};
use vault_raider_sim::{SimConfig, SimStartError};

/// Xûr, Banshee-44, Ada-1 and Tess Everis.
const XUR: u64 = 2_190_858_386;
const BANSHEE: u64 = 672_118_013;
const ADA: u64 = 350_061_650;
const TESS: u64 = 3_361_454_721;
/// Glimmer, Bright Dust and Strange Coin.
const GLIMMER: u64 = 3_159_615_086;
const BRIGHT_DUST: u64 = 2_817_410_917;
const STRANGE_COIN: u64 = 800_069_450;
/// The vault bucket (stacks there cannot be spent).
const VAULT: u64 = 138_197_802;
/// The components a vendor screen asks for.
const VENDOR_COMPONENTS: &str = "400,401,402,300,302,304,305,310,600";

/// A signed-in simulator, its primary membership, a character and the spec.
struct Game {
    sim: Sim,
    token: String,
    membership_type: i64,
    membership_id: String,
    spec: SpecChecks,
}

impl Game {
    async fn start(config: SimConfig, test: &str) -> Game {
        let spec = SpecChecks::load(test);
        let sim = Sim::start(config).await;
        let (token, membership_type, membership_id) = sim.sign_in_primary().await;
        Game {
            sim,
            token,
            membership_type,
            membership_id,
            spec,
        }
    }

    /// The id and class of character `n`.
    async fn character(&self, n: usize) -> (String, i64) {
        let state = self.sim.state().await;
        let character = &state["characters"][n];
        let id = character["characterId"].as_str().expect("a character");
        let profile = self.profile("200").await;
        let class = profile["Response"]["characters"]["data"][id]["classType"]
            .as_i64()
            .expect("a class");
        (id.to_string(), class)
    }

    fn vendors_path(&self, character: &str, components: &str) -> String {
        format!(
            "/Destiny2/{}/Profile/{}/Character/{character}/Vendors/?components={components}",
            self.membership_type, self.membership_id
        )
    }

    /// GetVendors with the token, checked against the spec.
    async fn vendors(&self, character: &str, components: &str) -> Value {
        let (status, body) = self
            .sim
            .get(&self.vendors_path(character, components), Some(&self.token))
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        self.spec.conforms("Destiny2.GetVendors", &body);
        body
    }

    /// GetProfile with `components`, with the token or without, checked against the spec.
    async fn profile_as(&self, components: &str, token: Option<&str>) -> Value {
        let path = format!(
            "/Destiny2/{}/Profile/{}/?components={components}",
            self.membership_type, self.membership_id
        );
        let (status, body) = self.sim.get(&path, token).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        self.spec.conforms("Destiny2.GetProfile", &body);
        body
    }

    async fn profile(&self, components: &str) -> Value {
        self.profile_as(components, Some(&self.token)).await
    }

    /// GetGroupsForMember's path for the primary membership and clans.
    fn groups_path(&self) -> String {
        format!(
            "/GroupV2/User/{}/{}/0/1/",
            self.membership_type, self.membership_id
        )
    }

    /// One manifest table from its per-table JSON path.
    async fn table(&self, name: &str) -> Map<String, Value> {
        self.sim.manifest_table(name).await
    }

    /// Buys through the control endpoint.
    async fn buy(&self, character: &str, vendor: u64, index: u64) -> (StatusCode, Value) {
        self.sim
            .control(
                "/sim/game/buy",
                json!({ "characterId": character, "vendorHash": vendor, "vendorItemIndex": index }),
            )
            .await
    }

    /// The quantity of `hash` in the wallet (103) or the account's stacks outside the vault (102).
    async fn held(&self, hash: u64) -> u64 {
        let profile = self.profile("102,103").await;
        ["profileCurrencies", "profileInventory"]
            .iter()
            .flat_map(|c| {
                profile["Response"][c]["data"]["items"]
                    .as_array()
                    .cloned()
                    .unwrap_or_default()
            })
            .filter(|i| i["itemHash"] == hash && i["bucketHash"] != VAULT)
            .map(|i| i["quantity"].as_u64().unwrap_or(0))
            .sum()
    }

    /// The state of `collectible` in component 800 (profile or `character`'s).
    async fn collectible_state(&self, collectible: u64, character: &str) -> i64 {
        let profile = self.profile("800").await;
        let key = collectible.to_string();
        let response = &profile["Response"];
        response["profileCollectibles"]["data"]["collectibles"][&key]["state"]
            .as_i64()
            .or_else(|| {
                response["characterCollectibles"]["data"][character]["collectibles"][&key]["state"]
                    .as_i64()
            })
            .unwrap_or_else(|| panic!("collectible {collectible} in component 800"))
    }

    /// The sale `index` of `vendor` now.
    async fn sale(&self, character: &str, vendor: u64, index: u64) -> Value {
        let body = self.vendors(character, "402").await;
        body["Response"]["sales"]["data"][vendor.to_string()]["saleItems"][index.to_string()]
            .clone()
    }
}

/// The sale items of a GetVendors Response: (vendor hash, sale).
fn sales(response: &Value) -> Vec<(String, Value)> {
    response["sales"]["data"]
        .as_object()
        .expect("sales data")
        .iter()
        .flat_map(|(vendor, set)| {
            set["saleItems"]
                .as_object()
                .expect("saleItems")
                .values()
                .map(|s| (vendor.clone(), s.clone()))
                .collect::<Vec<_>>()
        })
        .collect()
}

#[tokio::test]
async fn the_sims_own_vendors_answer_in_the_real_shape_with_costs_and_rolls() {
    let game = Game::start(config(), "the_sims_own_vendors_answer_in_the_real_shape").await;
    let (character, _) = game.character(0).await;
    let body = game.vendors(&character, VENDOR_COMPONENTS).await;
    let response = &body["Response"];
    for vendor in [XUR, BANSHEE, ADA, TESS] {
        let key = vendor.to_string();
        let component = &response["vendors"]["data"][&key];
        assert_eq!(component["vendorHash"], vendor, "{component}");
        assert_eq!(component["enabled"], true);
        let refresh = component["nextRefreshDate"]
            .as_str()
            .expect("a refresh date");
        assert!(
            refresh.ends_with("T17:00:00Z"),
            "refresh at a reset: {refresh}"
        );
        assert!(response["categories"]["data"][&key]["categories"][0]["itemIndexes"].is_array());
    }
    assert_eq!(response["vendors"]["privacy"], 2);
    let groups = response["vendorGroups"]["data"]["groups"]
        .as_array()
        .expect("groups");
    assert_eq!(groups.len(), 2);
    // Every sale costs something, in currencies or materials the manifest names.
    let items = game.table("DestinyInventoryItemDefinition").await;
    let all = sales(response);
    assert_eq!(all.len(), 13, "4 + 4 + 3 + 2 offers");
    for (vendor, sale) in &all {
        assert!(
            !sale["costs"].as_array().expect("costs").is_empty(),
            "{vendor}: {sale}"
        );
        let hash = sale["itemHash"].to_string();
        assert!(items.contains_key(&hash), "item {hash} named");
        for cost in sale["costs"].as_array().unwrap() {
            assert!(items.contains_key(&cost["itemHash"].to_string()), "{cost}");
        }
    }
    // Hawkmoon, Xûr's offer 0, costs 23 Strange Coins and comes with its roll.
    let hawkmoon = &response["sales"]["data"][XUR.to_string()]["saleItems"]["0"];
    assert_eq!(
        items[&hawkmoon["itemHash"].to_string()]["displayProperties"]["name"],
        "Hawkmoon"
    );
    assert_eq!(hawkmoon["costs"][0]["itemHash"], STRANGE_COIN);
    assert_eq!(hawkmoon["costs"][0]["quantity"], 23);
    assert_eq!(hawkmoon["saleStatus"], 0, "30 Strange Coins pay for it");
    let roll = &response["itemComponents"][XUR.to_string()];
    assert!(
        roll["instances"]["data"]["0"]["primaryStat"]["value"]
            .as_i64()
            .unwrap()
            > 0
    );
    assert!(
        roll["stats"]["data"]["0"]["stats"]
            .as_object()
            .is_some_and(|s| !s.is_empty())
    );
    assert!(roll["sockets"]["data"]["0"]["sockets"].is_array());
    // Banshee's Enhancement Core is not instanced: no roll.
    assert!(response["itemComponents"][BANSHEE.to_string()]["instances"]["data"]["3"].is_null());
    // The player's currencies, as the vendor screen sees them.
    let quantities = &response["currencyLookups"]["data"]["itemQuantities"];
    assert_eq!(quantities[GLIMMER.to_string()], 125_000);
    assert_eq!(quantities[BRIGHT_DUST.to_string()], 7_500);
    assert_eq!(quantities[STRANGE_COIN.to_string()], 30);
    assert_eq!(response["stringVariables"], json!({ "privacy": 2 }));
    // Without 401 the categories come as Bungie's capture shows them: privacy, no data.
    let body = game.vendors(&character, "400,402").await;
    assert_eq!(body["Response"]["categories"], json!({ "privacy": 2 }));
    assert_eq!(body["Response"]["itemComponents"], json!({}));
    // The manifest names each vendor, its location and its group.
    let vendor_defs = game.table("DestinyVendorDefinition").await;
    let destinations = game.table("DestinyDestinationDefinition").await;
    for (hash, name) in [
        (XUR, "Xûr"),
        (BANSHEE, "Banshee-44"),
        (ADA, "Ada-1"),
        (TESS, "Tess Everis"),
    ] {
        let def = &vendor_defs[&hash.to_string()];
        game.spec
            .is_a("Destiny.Definitions.DestinyVendorDefinition", def);
        assert_eq!(def["displayProperties"]["name"], name);
        let place = def["locations"][0]["destinationHash"].to_string();
        assert_eq!(
            destinations[&place]["displayProperties"]["name"],
            "The Tower"
        );
    }
    let banshee = &vendor_defs[&BANSHEE.to_string()];
    assert_eq!(banshee["categories"][1]["displayTitle"], "Materials");
    assert_eq!(banshee["categories"][1]["vendorItemIndexes"], json!([3]));
    assert_eq!(banshee["itemList"][3]["currencies"][0]["itemHash"], GLIMMER);
    let groups = game.table("DestinyVendorGroupDefinition").await;
    assert!(groups.contains_key("679769104"));
}

#[tokio::test]
async fn vendors_need_the_players_token_and_one_of_their_characters() {
    let game = Game::start(config(), "vendors_need_the_players_token").await;
    let (character, _) = game.character(0).await;
    let (status, body) = game
        .sim
        .get(&game.vendors_path(&character, "400"), None)
        .await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_error(&body, 12, "InsufficientPrivileges");
    let (status, body) = game
        .sim
        .get(
            &game.vendors_path("2305843009300000999", "400"),
            Some(&game.token),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_error(&body, 1620, "DestinyCharacterNotFound");
    let (status, body) = game
        .sim
        .get(&game.vendors_path(&character, ""), Some(&game.token))
        .await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_error(&body, 18, "InvalidParameters");
    assert_eq!(game.sim.handle.calls().get("GetVendors"), Some(&3));
}

#[tokio::test]
async fn collectibles_are_private_and_named_in_the_manifest() {
    let game = Game::start(config(), "collectibles_are_private").await;
    let public = game.profile_as("800", None).await;
    assert_eq!(
        public["Response"]["profileCollectibles"],
        json!({ "privacy": 2 })
    );
    assert_eq!(
        public["Response"]["characterCollectibles"],
        json!({ "privacy": 2 })
    );
    let profile = game.profile("800,102,201,205").await;
    let response = &profile["Response"];
    assert_ne!(
        response["secondaryComponentsMintedTimestamp"],
        "0001-01-01T00:00:00Z"
    );
    let collectibles = game.table("DestinyCollectibleDefinition").await;
    let items = game.table("DestinyInventoryItemDefinition").await;
    // Every weapon the account holds is acquired, and its collectible names it.
    let mut held = Vec::new();
    for list in [
        response["profileInventory"]["data"]["items"].clone(),
        response["characterInventories"]["data"].clone(),
        response["characterEquipment"]["data"].clone(),
    ] {
        let mut stack = vec![list];
        while let Some(value) = stack.pop() {
            match value {
                Value::Array(values) => stack.extend(values),
                Value::Object(map) if map.contains_key("itemHash") => {
                    held.push(map["itemHash"].to_string())
                }
                Value::Object(map) => stack.extend(map.into_values()),
                _ => {}
            }
        }
    }
    let mut checked = 0;
    for hash in held {
        let def = &items[&hash];
        let Some(collectible) = def["collectibleHash"].as_u64() else {
            continue;
        };
        let row = &collectibles[&collectible.to_string()];
        game.spec.is_a(
            "Destiny.Definitions.Collectibles.DestinyCollectibleDefinition",
            row,
        );
        assert_eq!(row["itemHash"].to_string(), hash);
        assert!(
            row["sourceString"]
                .as_str()
                .is_some_and(|s| s.starts_with("Source:"))
        );
        if row["scope"] == 1 {
            let state = &response["profileCollectibles"]["data"]["collectibles"]
                [collectible.to_string()]["state"];
            assert_eq!(
                state, 0,
                "{} is held, so acquired",
                def["displayProperties"]["name"]
            );
            checked += 1;
        }
    }
    assert!(checked > 10, "the held gear has collectibles ({checked})");
}

#[tokio::test]
async fn a_purchase_costs_currency_and_turns_the_collectible_acquired() {
    let game = Game::start(config(), "a_purchase_costs_currency").await;
    let (character, _) = game.character(0).await;
    let items = game.table("DestinyInventoryItemDefinition").await;
    let hawkmoon = game.sale(&character, XUR, 0).await;
    let hawkmoon_hash = hawkmoon["itemHash"].to_string();
    let collectible = items[&hawkmoon_hash]["collectibleHash"]
        .as_u64()
        .expect("a collectible");
    assert_eq!(
        game.collectible_state(collectible, &character).await,
        1,
        "NotAcquired"
    );
    assert_eq!(hawkmoon["augments"], 0);
    assert_eq!(game.held(STRANGE_COIN).await, 30);

    let (status, bought) = game.buy(&character, XUR, 0).await;
    assert_eq!(status, StatusCode::OK, "{bought}");
    assert_eq!(bought["Response"]["itemHash"].to_string(), hawkmoon_hash);
    assert_eq!(bought["Response"]["collectibleHash"], collectible);
    let instance = bought["Response"]["itemInstanceId"]
        .as_str()
        .expect("an instance")
        .to_string();
    assert_eq!(game.held(STRANGE_COIN).await, 7, "23 of 30 coins paid");
    assert_eq!(
        game.collectible_state(collectible, &character).await,
        0,
        "acquired"
    );
    let truth = game.sim.state().await;
    let item = truth["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["itemId"] == instance.as_str())
        .cloned()
        .expect("the new Hawkmoon in the world");
    assert_eq!(item["characterId"], character.as_str(), "{item}");
    let sale = game.sale(&character, XUR, 0).await;
    assert_eq!(sale["augments"], 128, "Owned");
    assert_eq!(sale["saleStatus"], 2, "NoFunds: 7 coins left");

    // Xûr's next exotic costs 23 coins too: 7 cannot pay.
    let (status, refused) = game.buy(&character, XUR, 1).await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_error(&refused, 1675, "DestinyCannotAffordMaterialRequirements");
    assert_eq!(game.held(STRANGE_COIN).await, 7, "nothing paid");

    // Glimmer pays for Banshee's Funnelweb.
    assert_eq!(game.held(GLIMMER).await, 125_000);
    let (status, bought) = game.buy(&character, BANSHEE, 0).await;
    assert_eq!(status, StatusCode::OK, "{bought}");
    assert_eq!(game.held(GLIMMER).await, 115_000);
    // Unknown vendors and offers.
    let (_, body) = game.buy(&character, 1, 0).await;
    assert_error(&body, 1627, "DestinyVendorNotFound");
    let (_, body) = game.buy(&character, BANSHEE, 99).await;
    assert_error(&body, 1625, "DestinyVendorItemNotFound");
    let (_, body) = game.buy("1", BANSHEE, 0).await;
    assert_error(&body, 1620, "DestinyCharacterNotFound");
}

/// The real 2026 capture, when the shared data is there.
fn capture(test: &str) -> Option<(std::path::PathBuf, Value)> {
    let path = crate::support::bungie_data(test)?.join("responses/GetVendors-2026-06-29.json");
    let text = std::fs::read(&path).expect("the capture");
    Some((path, serde_json::from_slice(&text).expect("capture JSON")))
}

#[tokio::test]
async fn the_real_capture_is_served_back_with_every_sale_named_and_costed() {
    let Some((path, file)) = capture("the_real_capture_is_served_back") else {
        return;
    };
    let config = SimConfig {
        vendors: Some(path),
        ..config()
    };
    let game = Game::start(config, "the_real_capture_is_served_back").await;
    let (character, _) = game.character(1).await;
    let body = game.vendors(&character, "400,401,402,600").await;
    let response = &body["Response"];
    let expected = &file["Response"];
    let served = sales(response);
    assert_eq!(
        served.len(),
        sales(expected).len(),
        "every sale item of the file"
    );
    assert_eq!(served.len(), 2938);
    assert_eq!(response["sales"], expected["sales"], "sales unchanged");
    assert_eq!(
        response["vendors"], expected["vendors"],
        "vendors unchanged"
    );
    assert_eq!(response["vendorGroups"], expected["vendorGroups"]);
    assert_eq!(response["vendors"]["data"].as_object().unwrap().len(), 231);
    // The player's own currencies, not the capture's.
    assert_eq!(
        response["currencyLookups"]["data"]["itemQuantities"][GLIMMER.to_string()],
        125_000
    );
    // Every sale item and every cost has a definition; every vendor too.
    let items = game.table("DestinyInventoryItemDefinition").await;
    let vendors = game.table("DestinyVendorDefinition").await;
    let mut unnamed = Vec::new();
    for (vendor, sale) in &served {
        assert!(vendors.contains_key(vendor), "vendor {vendor}");
        for hash in std::iter::once(&sale["itemHash"]).chain(
            sale["costs"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|c| &c["itemHash"]),
        ) {
            let name = items
                .get(&hash.to_string())
                .and_then(|d| d["displayProperties"]["name"].as_str());
            if name.is_none_or(str::is_empty) {
                unnamed.push(hash.to_string());
            }
        }
    }
    assert!(unnamed.is_empty(), "unnamed items: {unnamed:?}");
    let xur = &vendors[&XUR.to_string()];
    assert_eq!(xur["displayProperties"]["name"], "Xûr");
    game.spec
        .is_a("Destiny.Definitions.DestinyVendorDefinition", xur);
    // A capture offer can be bought with the player's Glimmer.
    let (vendor, sale) = served
        .iter()
        .find(|(_, s)| {
            s["costs"].as_array().is_some_and(|c| {
                c.len() == 1
                    && c[0]["itemHash"] == GLIMMER
                    && c[0]["quantity"].as_u64() < Some(1000)
            })
        })
        .cloned()
        .expect("a Glimmer offer in the capture");
    let price = sale["costs"][0]["quantity"].as_u64().unwrap();
    let (status, bought) = game
        .buy(
            &character,
            vendor.parse().unwrap(),
            sale["vendorItemIndex"].as_u64().unwrap(),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{bought}");
    let glimmer_after = game.held(GLIMMER).await;
    let gained = if sale["itemHash"] == GLIMMER {
        sale["quantity"].as_u64().unwrap()
    } else {
        0
    };
    assert_eq!(glimmer_after, 125_000 - price + gained);
}

#[tokio::test]
async fn a_bad_vendors_file_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    for (name, text, expected) in [
        ("missing.json", None, "vendors file"),
        ("garbage.json", Some("not json"), "expected"),
        (
            "shape.json",
            Some(r#"{"Response": {"vendors": 5}}"#),
            "vendors.data",
        ),
        (
            "sale.json",
            Some(
                r#"{"vendors": {"data": {}}, "sales": {"data": {"1": {"saleItems": {"3": {"vendorItemIndex": 4, "itemHash": 5}}}}}}"#,
            ),
            "vendorItemIndex",
        ),
    ] {
        let path = dir.path().join(name);
        if let Some(text) = text {
            std::fs::write(&path, text).unwrap();
        }
        let config = SimConfig {
            vendors: Some(path),
            ..config()
        };
        let error = match vault_raider_sim::start(config).await {
            Ok(_) => panic!("{name} accepted"),
            Err(error) => error,
        };
        assert!(
            matches!(
                error,
                SimStartError::VendorsRead { .. } | SimStartError::VendorsRejected { .. }
            ),
            "{error}"
        );
        assert!(error.to_string().contains(expected), "{name}: {error}");
    }
}

#[tokio::test]
async fn the_clan_roster_with_one_member_online_and_paging() {
    let game = Game::start(config(), "the_clan_roster").await;
    let (status, body) = game.sim.get(&game.groups_path(), None).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    game.spec.conforms("GroupV2.GetGroupsForMember", &body);
    let results = body["Response"]["results"].as_array().expect("results");
    assert_eq!(results.len(), 1);
    let group = &results[0]["group"];
    assert_eq!(group["name"], "Vault Raiders Guild");
    assert_eq!(group["motto"], "Eyes up, Guardian.");
    assert_eq!(group["memberCount"], 10);
    assert_eq!(group["clanInfo"]["clanCallsign"], "VRG");
    assert_eq!(
        results[0]["member"]["destinyUserInfo"]["membershipId"],
        game.membership_id.as_str()
    );
    let group_id = group["groupId"].as_str().expect("an int64 id").to_string();
    assert_eq!(group_id, "4071526");

    let members_path = format!("/GroupV2/{group_id}/Members/?currentpage=1");
    let (status, body) = game.sim.get(&members_path, None).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    game.spec.conforms("GroupV2.GetMembersOfGroup", &body);
    let members = body["Response"]["results"].as_array().expect("members");
    assert_eq!(members.len(), 10);
    assert_eq!(body["Response"]["hasMore"], false);
    let online: Vec<&Value> = members.iter().filter(|m| m["isOnline"] == true).collect();
    assert_eq!(online.len(), 1);
    assert_eq!(
        online[0]["destinyUserInfo"]["bungieGlobalDisplayName"],
        "Crow"
    );
    for member in members {
        let seconds = member["lastOnlineStatusChange"]
            .as_str()
            .expect("epoch seconds as a string");
        assert!(
            seconds.parse::<i64>().is_ok_and(|s| s > 1_500_000_000),
            "{seconds}"
        );
    }

    // A member goes offline, another comes online.
    let crow = online[0]["destinyUserInfo"]["membershipId"]
        .as_str()
        .unwrap()
        .to_string();
    let hawthorne = members
        .iter()
        .find(|m| m["destinyUserInfo"]["bungieGlobalDisplayName"] == "Hawthorne")
        .and_then(|m| m["destinyUserInfo"]["membershipId"].as_str())
        .unwrap()
        .to_string();
    for (id, on) in [(&crow, false), (&hawthorne, true)] {
        let (status, body) = game
            .sim
            .control(
                "/sim/clan/online",
                json!({ "membershipId": id, "online": on }),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
    }
    let (_, body) = game.sim.get(&members_path, None).await;
    let online: Vec<&str> = body["Response"]["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["isOnline"] == true)
        .filter_map(|m| m["destinyUserInfo"]["bungieGlobalDisplayName"].as_str())
        .collect();
    assert_eq!(online, ["Hawthorne"]);

    // Members' public profiles: Hawthorne, online now, is in an activity; Crow, offline, is not.
    for (member, playing) in [(&hawthorne, true), (&crow, false)] {
        let path = format!("/Destiny2/3/Profile/{member}/?components=100,204,201");
        let (status, body) = game.sim.get(&path, Some(&game.token)).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        game.spec.conforms("Destiny2.GetProfile", &body);
        let response = &body["Response"];
        assert_eq!(response["characterInventories"], json!({ "privacy": 2 }));
        let characters = response["profile"]["data"]["characterIds"]
            .as_array()
            .unwrap();
        let character = characters[0].as_str().unwrap();
        let activity = &response["characterActivities"]["data"][character];
        assert_eq!(
            activity["currentActivityHash"] != 0,
            playing,
            "{member}: {activity}"
        );
    }
    let (status, body) = game
        .sim
        .get(
            "/Destiny2/3/Profile/4611686018400000001/?components=204",
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "not a member: {body}");

    let (_, body) = game
        .sim
        .get(&format!("/GroupV2/{group_id}/Members/?currentpage=2"), None)
        .await;
    assert_eq!(body["Response"]["results"], json!([]));
    let (_, body) = game
        .sim
        .get(
            &format!("/GroupV2/{group_id}/Members/?nameSearch=haw"),
            None,
        )
        .await;
    assert_eq!(body["Response"]["totalResults"], 1);
    let (status, body) = game.sim.get("/GroupV2/12345/Members/", None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_error(&body, 622, "GroupNotFound");
}

#[tokio::test]
async fn a_player_in_no_clan_gets_an_empty_result_list() {
    let config = SimConfig {
        clan: false,
        ..config()
    };
    let game = Game::start(config, "a_player_in_no_clan").await;
    let (status, body) = game.sim.get(&game.groups_path(), None).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    game.spec.conforms("GroupV2.GetGroupsForMember", &body);
    assert_eq!(body["Response"]["results"], json!([]));
    assert_eq!(body["Response"]["totalResults"], 0);
}
