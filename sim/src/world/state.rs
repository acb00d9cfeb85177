//! The world's truth for tests (`GET /sim/state`): every item with where it is, plus characters
//! (with their in-game loadout slots).

use serde_json::{Value, json};

use super::World;
use super::model::Place;

/// Every item and character as plain JSON.
pub fn state_json(world: &World) -> Value {
    let items: Vec<Value> = world
        .items
        .iter()
        .map(|i| {
            let (location, character) = match i.place {
                Place::Vault => ("vault", None),
                Place::Account => ("account", None),
                Place::Character(c) => ("character", Some(c)),
                Place::Postmaster(c) => ("postmaster", Some(c)),
            };
            json!({
                "itemId": i.instance_id.map(|id| id.to_string()),
                "itemHash": i.hash,
                "quantity": i.quantity,
                "location": location,
                "characterId": character.map(|c| c.to_string()),
                "equipped": i.equipped,
                "locked": i.is_locked(),
                "bucketHash": world.bucket_of(i),
            })
        })
        .collect();
    let characters: Vec<Value> = world
        .characters
        .iter()
        .map(|c| {
            json!({
                "characterId": c.id.to_string(),
                "classType": c.class_type,
                "light": world.light_of(c),
                "currentActivityHash": c.activity.as_ref().map_or(0, |a| a.activity_hash),
                "equipmentLocked": c.equipment_locked,
                "historyCount": c.history.len(),
                "loadouts": c.loadouts.state_json(),
            })
        })
        .collect();
    json!({
        "membershipType": world.account.membership_type,
        "membershipId": world.account.membership_id.to_string(),
        "vaultCapacity": world.catalogue.vault_capacity(),
        "characters": characters,
        "items": items,
    })
}
