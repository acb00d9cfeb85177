//! Unit tests of the world: the sample account, the rules, the clock, loading a real profile.

mod bodies;
mod clock;
mod history;
mod load;
mod loadout_equip;
mod loadout_saves;
mod loadouts;
mod manifest;
mod profile;
mod progress;
mod rules;
mod sample;
mod stacks;

use chrono::{DateTime, TimeZone, Utc};
use serde_json::{Value, json};

use super::World;
use super::model::{Item, Place};

/// A fixed moment for tests.
fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 6, 21, 12, 0, 0)
        .single()
        .expect("a valid date")
}

/// The sample world and its Titan, Hunter and Warlock ids.
fn sample() -> (World, i64, i64, i64) {
    let world = World::sample(1, false);
    let ids = world.character_ids();
    (world, ids[0], ids[1], ids[2])
}

/// The first item matching `pred`, cloned.
fn find(world: &World, pred: impl Fn(&World, &Item) -> bool) -> Item {
    world
        .items
        .iter()
        .find(|i| pred(world, i))
        .cloned()
        .expect("the sample holds such an item")
}

/// The hash of the catalogue's item with this name.
fn hash_of(world: &World, name: &str) -> u32 {
    world
        .catalogue
        .by_name(name)
        .map(|d| d.hash)
        .expect("the catalogue has it")
}

/// The item with this instance id.
fn item(world: &World, id: i64) -> Item {
    world
        .items
        .iter()
        .find(|i| i.instance_id == Some(id))
        .cloned()
        .expect("the item exists")
}

/// The instance id of an item, which the tests only take from instanced items.
fn id(item: &Item) -> i64 {
    item.instance_id.expect("an instanced item")
}

/// An unequipped instance of `bucket` on the character.
fn spare(world: &World, character: i64, bucket: u32) -> Item {
    find(world, |w, i| {
        i.place == Place::Character(character) && !i.equipped && w.bucket_of(i) == bucket
    })
}

/// A DestinyItemTransferRequest body.
fn transfer_body(item: &Item, to_vault: bool, character: i64) -> Value {
    json!({
        "itemReferenceHash": item.hash,
        "stackSize": 1,
        "transferToVault": to_vault,
        "itemId": item.instance_id.unwrap_or(0).to_string(),
        "characterId": character.to_string(),
        "membershipType": 3,
    })
}

/// A DestinyItemActionRequest body (EquipItem).
fn equip_body(item_id: i64, character: i64) -> Value {
    json!({ "itemId": item_id.to_string(), "characterId": character.to_string(), "membershipType": 3 })
}

/// Puts a new instance of the named definition on a character (or wherever `place` says).
fn give(world: &mut World, name: &str, place: Place) -> i64 {
    let def = world
        .catalogue
        .by_name(name)
        .cloned()
        .expect("the catalogue has it");
    let id = world.new_instance_id();
    world.items.push(Item {
        instance_id: Some(id),
        hash: def.hash,
        quantity: 1,
        place,
        equipped: false,
        state: 0,
        lockable: def.counts_for_light(),
        power: 1950,
        bucket_override: None,
    });
    id
}

/// Asserts the error code of a refused action and that the world did not change.
fn refused(
    world: &mut World,
    code: i32,
    act: impl FnOnce(&mut World) -> Result<Value, super::SimError>,
) {
    let before = world.state_json();
    let err = act(world).expect_err("the action is refused");
    assert_eq!(err.code, code, "{err}");
    assert_eq!(
        world.state_json(),
        before,
        "a refused action changed the world"
    );
}
