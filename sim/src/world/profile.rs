//! GetProfile's `DestinyProfileResponse`, written from the world: component wrappers with privacy,
//! per-character dictionaries keyed by character id strings, item components keyed by instance id.

use chrono::{DateTime, Utc};
use serde_json::{Map, Value, json};

use super::World;
use super::activities;
use super::defs::{ItemDef, bucket};
use super::model::{Character, Item, Place};
use super::{objective_defs, progress};

/// `ComponentPrivacySetting` Public.
const PUBLIC: i32 = 1;
/// `ComponentPrivacySetting` Private.
const PRIVATE: i32 = 2;
/// Class hashes by `DestinyClass`.
pub const CLASS_HASHES: [u32; 3] = [3_655_393_761, 671_679_327, 2_271_682_572];
/// Race hashes by `DestinyRace`.
pub const RACE_HASHES: [u32; 3] = [3_887_404_748, 2_803_282_938, 898_834_093];
/// Gender hashes by `DestinyGender`.
pub const GENDER_HASHES: [u32; 2] = [3_111_576_190, 2_204_441_813];
/// The date Bungie writes for "unset".
pub const UNSET_DATE: &str = "0001-01-01T00:00:00Z";

/// An ISO-8601 UTC date with `Z`, without fractional seconds.
pub fn date(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// An ISO-8601 UTC date with milliseconds and `Z` (minted timestamps).
pub fn date_millis(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()
}

/// The component wrapper: `data` only when the caller may see it.
pub(super) fn wrap(data: Value, private: bool, owner: bool) -> Value {
    if private && !owner {
        json!({ "privacy": PRIVATE })
    } else {
        json!({ "data": data, "privacy": if private { PRIVATE } else { PUBLIC } })
    }
}

/// The GetProfile Response object for the requested components.
pub fn profile_json(
    world: &World,
    components: &[u32],
    owner: bool,
    minted: DateTime<Utc>,
) -> Value {
    let has = |c: u32| components.contains(&c);
    let mut out = Map::new();
    out.insert("responseMintedTimestamp".into(), json!(date_millis(minted)));
    let secondary = if has(1000) || has(800) {
        date_millis(minted)
    } else {
        UNSET_DATE.to_owned()
    };
    out.insert(
        "secondaryComponentsMintedTimestamp".into(),
        json!(secondary),
    );
    if has(100) {
        out.insert(
            "profile".into(),
            wrap(profile_component(world), false, owner),
        );
    }
    if has(102) {
        let items: Vec<Value> = world
            .items
            .iter()
            .filter(|i| {
                matches!(i.place, Place::Vault)
                    || (i.place == Place::Account && !world.is_currency(i))
            })
            .map(|i| world.item_component(i, minted))
            .collect();
        out.insert(
            "profileInventory".into(),
            wrap(json!({ "items": items }), true, owner),
        );
    }
    if has(103) {
        let items: Vec<Value> = world
            .items
            .iter()
            .filter(|i| world.is_currency(i))
            .map(|i| world.item_component(i, minted))
            .collect();
        out.insert(
            "profileCurrencies".into(),
            wrap(json!({ "items": items }), true, owner),
        );
    }
    if has(1000) {
        out.insert("profileTransitoryData".into(), transitory(world, owner));
    }
    let per_character = |f: &dyn Fn(&Character) -> Value| -> Value {
        let map: Map<String, Value> = world
            .characters
            .iter()
            .map(|c| (c.id.to_string(), f(c)))
            .collect();
        Value::Object(map)
    };
    if has(200) {
        out.insert(
            "characters".into(),
            wrap(
                per_character(&|c| world.character_component(c)),
                false,
                owner,
            ),
        );
    }
    if has(201) {
        let data = per_character(&|c| {
            let items: Vec<Value> = world
                .items
                .iter()
                .filter(|i| {
                    (i.place == Place::Character(c.id) && !i.equipped)
                        || i.place == Place::Postmaster(c.id)
                })
                .map(|i| world.item_component(i, minted))
                .collect();
            json!({ "items": items })
        });
        out.insert("characterInventories".into(), wrap(data, true, owner));
    }
    if has(204) {
        out.insert(
            "characterActivities".into(),
            wrap(
                per_character(&|c| activities_component(c, world.clock.online == Some(c.id))),
                false,
                owner,
            ),
        );
    }
    if has(205) {
        let data = per_character(&|c| {
            let items: Vec<Value> = world
                .items
                .iter()
                .filter(|i| i.place == Place::Character(c.id) && i.equipped)
                .map(|i| world.item_component(i, minted))
                .collect();
            json!({ "items": items })
        });
        out.insert("characterEquipment".into(), wrap(data, false, owner));
    }
    if has(202) {
        out.insert(
            "characterProgressions".into(),
            wrap(
                per_character(&|c| world.character_progression_json(c.id, minted)),
                true,
                owner,
            ),
        );
    }
    if has(206) {
        out.insert(
            "characterLoadouts".into(),
            wrap(per_character(&|c| c.loadouts.component_json()), true, owner),
        );
    }
    if has(800) {
        out.insert(
            "profileCollectibles".into(),
            wrap(world.profile_collectibles_json(), true, owner),
        );
        out.insert(
            "characterCollectibles".into(),
            wrap(
                per_character(&|c| world.character_collectibles_json(c)),
                true,
                owner,
            ),
        );
    }
    let item_components = item_components(world, components, owner);
    if !item_components.is_empty() {
        out.insert("itemComponents".into(), Value::Object(item_components));
    }
    Value::Object(out)
}

/// `itemComponents`: instances (300), objectives (301), stats (304), sockets (305), keyed by
/// instance id.
fn item_components(world: &World, components: &[u32], owner: bool) -> Map<String, Value> {
    let mut out = Map::new();
    let instanced = || {
        world
            .items
            .iter()
            .filter_map(|i| i.instance_id.map(|id| (id, i)))
    };
    if components.contains(&300) {
        let data: Map<String, Value> = instanced()
            .map(|(id, i)| (id.to_string(), world.instance_component(i)))
            .collect();
        out.insert("instances".into(), wrap(Value::Object(data), true, owner));
    }
    if components.contains(&301) {
        let data: Map<String, Value> = instanced()
            .filter_map(|(id, i)| Some((id.to_string(), world.item_objectives_json(i)?)))
            .collect();
        out.insert("objectives".into(), wrap(Value::Object(data), true, owner));
    }
    if components.contains(&304) {
        let data: Map<String, Value> = instanced()
            .filter(|(_, i)| world.def_of(i).is_some_and(ItemDef::counts_for_light))
            .map(|(id, i)| (id.to_string(), stats_component(world, id, i)))
            .collect();
        out.insert("stats".into(), wrap(Value::Object(data), true, owner));
    }
    if components.contains(&305) {
        let data: Map<String, Value> = instanced()
            .filter(|(_, i)| world.def_of(i).is_some_and(|d| d.equippable))
            .map(|(id, _)| (id.to_string(), json!({ "sockets": [] })))
            .collect();
        out.insert("sockets".into(), wrap(Value::Object(data), true, owner));
    }
    out
}

/// `DestinyItemStatsComponent`: a few stats derived from the instance id so they stay put.
fn stats_component(world: &World, id: i64, item: &Item) -> Value {
    let weapon = world
        .def_of(item)
        .is_some_and(|d| bucket::WEAPONS.contains(&d.bucket));
    stats_json(weapon, id)
}

/// `DestinyItemStatsComponent` of a weapon or armour piece, its values derived from `seed`.
pub(super) fn stats_json(weapon: bool, seed: i64) -> Value {
    let hashes: &[u32] = if weapon {
        &[
            4_043_523_819,
            1_240_592_695,
            155_624_089,
            943_549_884,
            4_188_031_367,
        ]
    } else {
        &[
            2_996_146_975,
            392_767_087,
            1_943_323_491,
            1_735_777_505,
            144_602_215,
            4_244_567_218,
        ]
    };
    let stats: Map<String, Value> = hashes
        .iter()
        .enumerate()
        .map(|(n, h)| {
            let value = (seed
                .unsigned_abs()
                .wrapping_mul(31)
                .wrapping_add(n as u64 * 17)
                % 60) as i64
                + if weapon { 20 } else { 2 };
            (h.to_string(), json!({ "statHash": h, "value": value }))
        })
        .collect();
    json!({ "stats": stats })
}

/// `DestinyCharacterActivitiesComponent` for one character. An online character between
/// activities is in orbit or in a social space, as the game reports it.
fn activities_component(character: &Character, online: bool) -> Value {
    let (hash, started, modes) = match &character.activity {
        Some(a) => (
            a.activity_hash,
            date(a.started),
            activities::modes_of(a.activity_hash),
        ),
        None if online => {
            let place = activities::idle_place(character.history.len());
            (
                place.hash,
                date(character.date_last_played),
                activities::modes_of(place.hash),
            )
        }
        None => (0, date(character.date_last_played), &[][..]),
    };
    activities_json(hash, started, modes)
}

/// `DestinyCharacterActivitiesComponent`: the current activity (0 = none), when it started and
/// its modes.
pub(super) fn activities_json(hash: u32, started: String, modes: &[i32]) -> Value {
    let mode = modes.first().copied().unwrap_or(0);
    let mode_hashes: Vec<u32> = modes
        .iter()
        .filter_map(|m| activities::mode_hash(*m))
        .collect();
    json!({
        "dateActivityStarted": started,
        "availableActivities": [],
        "availableActivityInteractables": [],
        "currentActivityHash": hash,
        "currentActivityModeHash": activities::mode_hash(mode).filter(|_| hash != 0).unwrap_or(0),
        "currentActivityModeType": mode,
        "currentActivityModeHashes": mode_hashes,
        "currentActivityModeTypes": modes,
        "currentPlaylistActivityHash": hash,
        "lastCompletedStoryHash": 0,
    })
}

/// `profileTransitoryData`: data only while the player is online.
fn transitory(world: &World, owner: bool) -> Value {
    let Some(playing) = world
        .clock
        .online
        .and_then(|id| world.characters.iter().find(|c| c.id == id))
    else {
        return json!({ "privacy": PUBLIC });
    };
    let mut current = json!({ "score": 0, "highestOpposingFactionScore": 0, "numberOfOpponents": 0, "numberOfPlayers": 1 });
    if let Some(a) = &playing.activity {
        current["startTime"] = json!(date(a.started));
    }
    let data = json!({
        "partyMembers": [{
            "membershipId": world.account.membership_id.to_string(),
            "emblemHash": playing.emblem_hash,
            "displayName": world.account.display_name,
            "status": 11,
        }],
        "currentActivity": current,
        "joinability": { "openSlots": 2, "privacySetting": 0, "closedReasons": 0 },
        "tracking": [],
        "lastOrbitedDestinationHash": 0,
    });
    wrap(data, false, owner)
}

/// `DestinyProfileComponent`.
fn profile_component(world: &World) -> Value {
    let last = world.characters.iter().map(|c| c.date_last_played).max();
    json!({
        "userInfo": super::account::user_info(&world.account, world.account.membership_type, world.account.membership_id),
        "dateLastPlayed": last.map_or_else(|| UNSET_DATE.to_owned(), date),
        "versionsOwned": 31,
        "characterIds": world.characters.iter().map(|c| c.id.to_string()).collect::<Vec<_>>(),
        "seasonHashes": [],
        "seasonPassHashes": [],
        "eventCardHashesOwned": [],
        "currentSeasonHash": 0,
        "currentSeasonRewardPowerCap": 2010,
        "currentGuardianRank": 6,
        "lifetimeHighestGuardianRank": 8,
        "renewedGuardianRank": 0,
    })
}

impl World {
    /// The definition of an item (every item has one: loading generates missing ones).
    pub(super) fn def_of(&self, item: &Item) -> Option<&ItemDef> {
        self.catalogue.item(item.hash)
    }

    /// Whether the item is a currency (shown in `profileCurrencies`).
    fn is_currency(&self, item: &Item) -> bool {
        item.place == Place::Account
            && self
                .catalogue
                .bucket(self.bucket_of(item))
                .is_some_and(|b| b.category == 2)
    }

    /// The bucket the item is in right now (`bucketHash`).
    pub(super) fn bucket_of(&self, item: &Item) -> u32 {
        match item.place {
            Place::Vault => bucket::VAULT,
            Place::Postmaster(_) => bucket::LOST_ITEMS,
            Place::Account | Place::Character(_) => item
                .bucket_override
                .or_else(|| self.def_of(item).map(|d| d.bucket))
                .unwrap_or(0),
        }
    }

    /// `DestinyItemComponent`; a bounty's `expirationDate` is the next reset after `now` (weekly
    /// bounties the weekly one).
    fn item_component(&self, item: &Item, now: DateTime<Utc>) -> Value {
        let def = self.def_of(item);
        let location = match item.place {
            Place::Vault => 2,
            Place::Account if self.is_currency(item) => 1,
            Place::Account => 2,
            Place::Character(_) | Place::Postmaster(_) => 1,
        };
        let mut transfer = 0;
        if item.equipped {
            transfer |= 1;
        }
        if def.is_some_and(|d| d.non_transferrable) {
            transfer |= 2;
        }
        let mut out = json!({
            "itemHash": item.hash,
            "quantity": item.quantity,
            "bindStatus": 0,
            "location": location,
            "bucketHash": self.bucket_of(item),
            "transferStatus": transfer,
            "lockable": item.lockable,
            "state": item.state,
            "dismantlePermission": if item.instance_id.is_some() { 2 } else { 0 },
            "isWrapper": false,
            "tooltipNotificationIndexes": [],
        });
        if let Some(id) = item.instance_id {
            out["itemInstanceId"] = json!(id.to_string());
            out["versionNumber"] = json!(0);
        }
        if let Some(def) = def.filter(|d| objective_defs::is_bounty(d)) {
            let expires = if def.type_name.starts_with("Weekly") {
                progress::next_weekly_reset(now)
            } else {
                progress::next_daily_reset(now)
            };
            out["expirationDate"] = json!(date(expires));
        }
        out
    }

    /// `DestinyItemInstanceComponent`.
    pub(super) fn instance_component(&self, item: &Item) -> Value {
        let def = self.def_of(item);
        let damage = def.map_or(0, |d| d.damage_type);
        let weapon = def.is_some_and(|d| bucket::WEAPONS.contains(&d.bucket));
        let mut out = json!({
            "damageType": damage,
            "itemLevel": item.power / 10,
            "quality": 0,
            "isEquipped": item.equipped,
            "canEquip": self.can_equip_here(item),
            "equipRequiredLevel": if def.is_some_and(|d| d.equippable) { 50 } else { 0 },
            "unlockHashesRequiredToEquip": [2_166_136_261u32],
            "cannotEquipReason": if self.can_equip_here(item) { 0 } else { 1 },
        });
        if let Some(hash) = super::manifest::damage_type_hash(damage) {
            out["damageTypeHash"] = json!(hash);
        }
        if def.is_some_and(ItemDef::counts_for_light) {
            let stat: u32 = if weapon { 1_480_404_414 } else { 3_897_883_278 };
            out["primaryStat"] = json!({ "statHash": stat, "value": item.power });
        }
        out
    }

    /// Whether the item could be equipped by the character holding it (or, in the vault, by anyone).
    fn can_equip_here(&self, item: &Item) -> bool {
        let Some(def) = self.def_of(item) else {
            return false;
        };
        if !def.equippable {
            return false;
        }
        match item.place {
            Place::Character(c) => self
                .characters
                .iter()
                .any(|ch| ch.id == c && (def.class_type == 3 || def.class_type == ch.class_type)),
            Place::Vault => true,
            Place::Account | Place::Postmaster(_) => false,
        }
    }

    /// The character's light: the average power of its equipped weapons and armour.
    pub(super) fn light_of(&self, character: &Character) -> i32 {
        let powers: Vec<i32> = self
            .items
            .iter()
            .filter(|i| i.place == Place::Character(character.id) && i.equipped && i.power > 0)
            .filter(|i| self.def_of(i).is_some_and(ItemDef::counts_for_light))
            .map(|i| i.power)
            .collect();
        if powers.is_empty() {
            return character.base_light;
        }
        let total: i64 = powers.iter().map(|p| i64::from(*p)).sum();
        i32::try_from(total / powers.len() as i64).unwrap_or(character.base_light)
    }

    /// `DestinyCharacterComponent`.
    fn character_component(&self, c: &Character) -> Value {
        let light = self.light_of(c);
        let class_hash = usize::try_from(c.class_type)
            .ok()
            .and_then(|i| CLASS_HASHES.get(i))
            .copied()
            .unwrap_or(0);
        let race_hash = usize::try_from(c.race_type)
            .ok()
            .and_then(|i| RACE_HASHES.get(i))
            .copied()
            .unwrap_or(0);
        let gender_hash = usize::try_from(c.gender_type)
            .ok()
            .and_then(|i| GENDER_HASHES.get(i))
            .copied()
            .unwrap_or(0);
        let seed = c.id.unsigned_abs();
        let stat = |n: u64| 20 + ((seed / (n + 3)) % 90) as i64;
        let mut out = json!({
            "membershipId": self.account.membership_id.to_string(),
            "membershipType": self.account.membership_type,
            "characterId": c.id.to_string(),
            "dateLastPlayed": date(c.date_last_played),
            "minutesPlayedThisSession": c.minutes_played_this_session.to_string(),
            "minutesPlayedTotal": c.minutes_played_total.to_string(),
            "light": light,
            "stats": {
                "144602215": stat(1), "392767087": stat(2), "1735777505": stat(3),
                "1935470627": light, "1943323491": stat(4), "2996146975": stat(5), "4244567218": stat(6),
            },
            "raceHash": race_hash,
            "genderHash": gender_hash,
            "classHash": class_hash,
            "raceType": c.race_type,
            "classType": c.class_type,
            "genderType": c.gender_type,
            "emblemPath": c.emblem_path,
            "emblemBackgroundPath": c.emblem_background_path,
            "emblemHash": c.emblem_hash,
            "emblemColor": { "red": (seed % 256) as i64, "green": ((seed / 256) % 256) as i64, "blue": ((seed / 65_536) % 256) as i64, "alpha": 255 },
            "levelProgression": {
                "progressionHash": 1_716_568_313u32, "dailyProgress": 0, "dailyLimit": 0, "weeklyProgress": 0,
                "weeklyLimit": 0, "currentProgress": 0, "level": 50, "levelCap": 50, "stepIndex": 50,
                "progressToNextLevel": 0, "nextLevelAt": 0,
            },
            "baseCharacterLevel": 50,
            "percentToNextLevel": 0.0,
        });
        if c.title_record_hash != 0 {
            out["titleRecordHash"] = json!(c.title_record_hash);
        }
        out
    }
}
