//! The player buys a vendor's offer in game: the costs come out of the account's currencies and
//! materials, the item goes to the character (its postmaster when the bucket is full; stacks to
//! the account), and its collectible becomes acquired. 1675 when the player cannot pay.

use serde_json::{Value, json};

use super::World;
use super::error::SimError;
use super::model::{Item, Place};

/// 1675 DestinyCannotAffordMaterialRequirements.
fn cannot_afford(hash: u32, needed: u32, held: u64) -> SimError {
    SimError::new(
        1675,
        "DestinyCannotAffordMaterialRequirements",
        "You cannot afford the material requirements for this action.",
    )
    .with_data("itemHash", hash.to_string())
    .with_data("required", needed.to_string())
    .with_data("held", held.to_string())
}

/// Buys offer `index` of `vendor_hash` for `character_id`. Answers what was bought and where it
/// went: `{itemHash, quantity, itemInstanceId?, location, collectibleHash?, costs}`.
pub fn buy(
    world: &mut World,
    character_id: i64,
    vendor_hash: u32,
    index: u32,
) -> Result<Value, SimError> {
    let character = world.character(character_id)?;
    let power = world.light_of(character);
    let offer = world.offer(vendor_hash, index)?;
    for (hash, quantity) in &offer.costs {
        let held = world.spendable(*hash);
        if held < u64::from(*quantity) {
            return Err(cannot_afford(*hash, *quantity, held));
        }
    }
    let def = world
        .catalogue
        .item(offer.item_hash)
        .cloned()
        .ok_or_else(SimError::item_not_found)?;
    for (hash, quantity) in &offer.costs {
        pay(world, *hash, *quantity);
    }
    let mut answer = json!({
        "itemHash": offer.item_hash,
        "quantity": offer.quantity,
        "costs": offer.costs.iter().map(|(h, q)| json!({ "itemHash": h, "quantity": q })).collect::<Vec<_>>(),
    });
    if def.instanced {
        let place = match world.check_room(Place::Character(character_id), def.bucket) {
            Ok(()) => Place::Character(character_id),
            Err(_) => Place::Postmaster(character_id),
        };
        let id = world.new_instance_id();
        let power = if def.counts_for_light() { power } else { 0 };
        world
            .items
            .push(Item::instance(Some(id), offer.item_hash, place, power));
        answer["itemInstanceId"] = json!(id.to_string());
        answer["location"] = json!(match place {
            Place::Postmaster(_) => "postmaster",
            _ => "inventory",
        });
    } else {
        let stack = world
            .items
            .iter_mut()
            .find(|i| i.hash == offer.item_hash && i.place == Place::Account);
        match stack {
            Some(stack) => stack.quantity = stack.quantity.saturating_add(offer.quantity),
            None => world
                .items
                .push(Item::stack(offer.item_hash, offer.quantity, Place::Account)),
        }
        answer["location"] = json!("account");
    }
    if let Some(collectible) = world.collectible_of(offer.item_hash) {
        world.shop.acquired.insert(offer.item_hash);
        world.shop.recent.retain(|h| *h != collectible);
        world.shop.recent.insert(0, collectible);
        answer["collectibleHash"] = json!(collectible);
    }
    Ok(answer)
}

/// Takes `quantity` of `hash` out of the account's stacks (a currency's stack stays, at zero).
fn pay(world: &mut World, hash: u32, quantity: u32) {
    let mut left = quantity;
    for item in world
        .items
        .iter_mut()
        .filter(|i| i.hash == hash && i.place == Place::Account)
    {
        let taken = left.min(item.quantity);
        item.quantity -= taken;
        left -= taken;
        if left == 0 {
            break;
        }
    }
    let currency = world.catalogue.item(hash).is_some_and(|d| d.item_type == 1);
    if !currency {
        world
            .items
            .retain(|i| !(i.hash == hash && i.place == Place::Account && i.quantity == 0));
    }
}
