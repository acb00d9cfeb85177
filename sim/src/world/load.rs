//! Loading a real `DestinyProfileResponse` (with or without the envelope) as the world's state.
//! Items whose hash the world does not know get a generated definition built from what the
//! profile says about them (bucket, instance, stats, transfer status).

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use serde_json::Value;

use super::catalogue::Catalogue;
use super::clock::Clock;
use super::defs::{self, BucketDef, ItemDef, Scope, bucket, icon_path};
use super::loadouts::LoadoutSlots;
use super::model::{Account, Character, Item, Place};
use super::{SimError, World};

/// Builds a world from a profile response.
pub fn from_profile(profile: &Value) -> Result<World, SimError> {
    let response = match profile.get("Response") {
        Some(inner) => {
            let code = profile
                .get("ErrorCode")
                .and_then(Value::as_i64)
                .unwrap_or(1);
            if code != 1 {
                return Err(SimError::invalid_parameters("ErrorCode"));
            }
            inner
        }
        None => profile,
    };
    if !response.is_object() {
        return Err(SimError::parse_failure("Response"));
    }
    let character_data = response
        .pointer("/characters/data")
        .and_then(Value::as_object)
        .ok_or_else(|| SimError::invalid_parameters("characters"))?;
    let mut characters = Vec::new();
    for (key, c) in character_data {
        let mut character = character(key, c)?;
        character.loadouts = LoadoutSlots::from_component(
            response.pointer(&format!("/characterLoadouts/data/{key}")),
        );
        characters.push(character);
    }
    let account = account(response, character_data)?;
    let instances = response
        .pointer("/itemComponents/instances/data")
        .and_then(Value::as_object);
    let mut items = Vec::new();
    for entry in list(response, "/profileInventory/data/items")? {
        let place = if u32_field(entry, "bucketHash")? == bucket::VAULT {
            Place::Vault
        } else {
            Place::Account
        };
        items.push(item(entry, place, false, instances)?);
    }
    let mut currency_buckets = Vec::new();
    for entry in list(response, "/profileCurrencies/data/items")? {
        currency_buckets.push(u32_field(entry, "bucketHash")?);
        items.push(item(entry, Place::Account, false, instances)?);
    }
    for c in &characters {
        for entry in list(
            response,
            &format!("/characterEquipment/data/{}/items", c.id),
        )? {
            items.push(item(entry, Place::Character(c.id), true, instances)?);
        }
        for entry in list(
            response,
            &format!("/characterInventories/data/{}/items", c.id),
        )? {
            let place = if u32_field(entry, "bucketHash")? == bucket::LOST_ITEMS {
                Place::Postmaster(c.id)
            } else {
                Place::Character(c.id)
            };
            items.push(item(entry, place, false, instances)?);
        }
    }
    let mut catalogue = Catalogue::standard();
    for hash in currency_buckets {
        catalogue.buckets.entry(hash).or_insert_with(|| BucketDef {
            category: 2,
            ..defs::generated_bucket(hash, Scope::Account)
        });
    }
    add_missing_definitions(&mut catalogue, response, &items, instances);
    for i in &mut items {
        let home = catalogue.item(i.hash).map(|d| d.bucket);
        if i.bucket_override == home {
            i.bucket_override = None;
        }
    }
    let next_instance_id = items
        .iter()
        .filter_map(|i| i.instance_id)
        .max()
        .unwrap_or(6_917_529_000_000_000_000);
    let seed = account.membership_id.unsigned_abs();
    let clan = super::clan::sample(&account, chrono::Utc::now());
    Ok(World {
        account,
        characters,
        items,
        catalogue,
        clock: Clock::new(seed),
        next_instance_id,
        progress: super::progress::Progress::default(),
        shop: super::shop::Shop::default(),
        clan: Some(clan),
        definitions_id: super::fresh_definitions_id(),
    })
}

fn list<'a>(response: &'a Value, pointer: &str) -> Result<&'a [Value], SimError> {
    match response.pointer(pointer) {
        None => Ok(&[]),
        Some(Value::Array(items)) => Ok(items),
        Some(_) => Err(SimError::parse_failure(pointer.trim_start_matches('/'))),
    }
}

fn u32_field(v: &Value, name: &str) -> Result<u32, SimError> {
    v.get(name)
        .and_then(Value::as_u64)
        .and_then(|n| u32::try_from(n).ok())
        .ok_or_else(|| SimError::parse_failure(name))
}

fn i32_field(v: &Value, name: &str, default: i32) -> i32 {
    v.get(name)
        .and_then(Value::as_i64)
        .and_then(|n| i32::try_from(n).ok())
        .unwrap_or(default)
}

/// An int64 the wire carries as a digit string (numbers accepted too).
fn int64_field(v: &Value, name: &str) -> Result<i64, SimError> {
    let value = v.get(name).ok_or_else(|| SimError::parse_failure(name))?;
    super::body::parse_int64(value, name)
}

fn date_field(v: &Value, name: &str) -> DateTime<Utc> {
    v.get(name)
        .and_then(Value::as_str)
        .and_then(|s| DateTime::parse_from_rfc3339(s).ok())
        .map(|d| d.with_timezone(&Utc))
        .unwrap_or_default()
}

fn character(key: &str, c: &Value) -> Result<Character, SimError> {
    let id = key
        .parse()
        .map_err(|_| SimError::parse_failure("characters.data"))?;
    let text = |name: &str| {
        c.get(name)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned()
    };
    Ok(Character {
        id,
        class_type: i32_field(c, "classType", 3),
        race_type: i32_field(c, "raceType", 3),
        gender_type: i32_field(c, "genderType", 2),
        date_last_played: date_field(c, "dateLastPlayed"),
        minutes_played_total: int64_field(c, "minutesPlayedTotal").unwrap_or(0),
        minutes_played_this_session: int64_field(c, "minutesPlayedThisSession").unwrap_or(0),
        emblem_hash: u32_field(c, "emblemHash").unwrap_or(0),
        emblem_path: text("emblemPath"),
        emblem_background_path: text("emblemBackgroundPath"),
        title_record_hash: u32_field(c, "titleRecordHash").unwrap_or(0),
        base_light: i32_field(c, "light", 0),
        activity: None,
        equipment_locked: false,
        history: Vec::new(),
        loadouts: LoadoutSlots::default(),
    })
}

/// The account from the profile component, or from the characters when it is absent.
fn account(
    response: &Value,
    characters: &serde_json::Map<String, Value>,
) -> Result<Account, SimError> {
    let info = response
        .pointer("/profile/data/userInfo")
        .or_else(|| characters.values().next());
    let info = info.ok_or_else(|| SimError::invalid_parameters("characters"))?;
    let membership_id = int64_field(info, "membershipId")?;
    let membership_type = i32_field(info, "membershipType", 3);
    let name = response
        .pointer("/profile/data/userInfo/bungieGlobalDisplayName")
        .and_then(Value::as_str)
        .unwrap_or("Guardian")
        .to_owned();
    Ok(Account {
        bungie_net_id: 10_000_000 + membership_id.rem_euclid(10_000_000),
        membership_type,
        membership_id,
        secondary: (
            if membership_type == 2 { 3 } else { 2 },
            membership_id.saturating_add(1),
        ),
        cross_save: true,
        legacy: None,
        display_name: name,
        display_name_code: i32_field(
            response
                .pointer("/profile/data/userInfo")
                .unwrap_or(&Value::Null),
            "bungieGlobalDisplayNameCode",
            1234,
        ),
    })
}

fn item(
    entry: &Value,
    place: Place,
    equipped: bool,
    instances: Option<&serde_json::Map<String, Value>>,
) -> Result<Item, SimError> {
    let hash = u32_field(entry, "itemHash")?;
    let instance_id = match entry.get("itemInstanceId") {
        None => None,
        Some(_) => Some(int64_field(entry, "itemInstanceId")?),
    };
    let instance = instance_id.and_then(|id| instances.and_then(|m| m.get(&id.to_string())));
    let power = instance
        .and_then(|i| i.pointer("/primaryStat/value"))
        .and_then(Value::as_i64)
        .and_then(|p| i32::try_from(p).ok())
        .unwrap_or(0);
    let bucket_hash = u32_field(entry, "bucketHash")?;
    Ok(Item {
        instance_id,
        hash,
        quantity: entry
            .get("quantity")
            .and_then(Value::as_u64)
            .and_then(|q| u32::try_from(q).ok())
            .unwrap_or(1),
        place,
        equipped,
        state: i32_field(entry, "state", 0),
        lockable: entry
            .get("lockable")
            .and_then(Value::as_bool)
            .unwrap_or(false),
        power,
        bucket_override: match place {
            Place::Character(_) | Place::Account => Some(bucket_hash),
            Place::Vault | Place::Postmaster(_) => None,
        },
    })
}

/// Generates definitions for every item hash the catalogue lacks, and bucket definitions for
/// every bucket the profile names.
fn add_missing_definitions(
    catalogue: &mut Catalogue,
    response: &Value,
    items: &[Item],
    instances: Option<&serde_json::Map<String, Value>>,
) {
    let mut home: HashMap<u32, u32> = HashMap::new();
    for i in items {
        if let Some(b) = i.bucket_override {
            home.entry(i.hash).or_insert(b);
        }
        let scope = if matches!(i.place, Place::Account | Place::Vault) {
            Scope::Account
        } else {
            Scope::Character
        };
        if let Some(b) = i.bucket_override {
            catalogue.ensure_bucket(b, scope);
        }
    }
    let transfer_status: HashMap<u32, i64> = [
        "/profileInventory/data/items",
        "/profileCurrencies/data/items",
    ]
    .iter()
    .filter_map(|p| response.pointer(p).and_then(Value::as_array))
    .flatten()
    .chain(
        ["/characterInventories/data", "/characterEquipment/data"]
            .iter()
            .filter_map(|p| response.pointer(p).and_then(Value::as_object))
            .flat_map(|m| m.values())
            .filter_map(|c| c.get("items").and_then(Value::as_array))
            .flatten(),
    )
    .filter_map(|e| {
        Some((
            u32_field(e, "itemHash").ok()?,
            e.get("transferStatus").and_then(Value::as_i64)?,
        ))
    })
    .collect();
    for i in items {
        if catalogue.item(i.hash).is_some() {
            continue;
        }
        let stat = i
            .instance_id
            .and_then(|id| instances.and_then(|m| m.get(&id.to_string())))
            .and_then(|v| v.pointer("/primaryStat/statHash"))
            .and_then(Value::as_u64);
        let bucket_hash =
            home.get(&i.hash)
                .copied()
                .unwrap_or(match (i.instance_id.is_some(), stat) {
                    (true, Some(1_480_404_414)) => bucket::KINETIC,
                    (true, Some(_)) => bucket::HELMET,
                    (true, None) => bucket::GHOST,
                    (false, _) => bucket::CONSUMABLES,
                });
        let equippable = catalogue
            .bucket(bucket_hash)
            .is_some_and(|b| b.is_equippable());
        let non_transferrable = transfer_status.get(&i.hash).is_some_and(|s| s & 2 != 0);
        let name = format!("Item {}", i.hash);
        catalogue.add(ItemDef {
            hash: i.hash,
            icon: icon_path(&name),
            name,
            type_name: catalogue
                .bucket(bucket_hash)
                .map(|b| b.name.clone())
                .unwrap_or_default(),
            bucket: bucket_hash,
            tier: 5,
            class_type: 3,
            item_type: if bucket::WEAPONS.contains(&bucket_hash) {
                3
            } else if bucket::ARMOR.contains(&bucket_hash) {
                2
            } else {
                0
            },
            item_sub_type: 0,
            instanced: i.instance_id.is_some(),
            max_stack: if i.instance_id.is_some() {
                1
            } else {
                i.quantity.max(9999)
            },
            non_transferrable,
            equippable,
            unique_label: None,
            damage_type: 0,
            pull_side_effects: false,
        });
    }
}
