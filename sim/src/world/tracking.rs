//! SetTrackedState (`DestinyItemStateRequest`): tracks or untracks a bounty or quest step the
//! character carries by flipping bit 2 (`Tracked`) of the item's `state`.

use serde_json::{Value, json};

use super::body::Body;
use super::model::Place;
use super::{SimError, World};

/// `ItemState` Tracked.
const TRACKED: i32 = 2;

/// Sets or clears the item's Tracked bit. An unknown character is 1620; an item that is not on
/// that character (unknown, in the vault, elsewhere) is 1623; an item without objectives cannot be
/// tracked (1663). Response int32 0.
pub fn set_tracked_state(world: &mut World, body: &Value) -> Result<Value, SimError> {
    let b = Body::new(body)?;
    let state = b.boolean("state")?;
    let item_id = b.int64("itemId")?;
    let character_id = b.int64("characterId")?;
    b.int32("membershipType")?;
    world.character(character_id)?;
    let index = world
        .items
        .iter()
        .position(|i| i.instance_id == Some(item_id) && i.place == Place::Character(character_id))
        .ok_or_else(SimError::item_not_found)?;
    let trackable = world
        .items
        .get(index)
        .is_some_and(|item| world.has_objectives(item));
    if !trackable {
        return Err(SimError::action_forbidden());
    }
    if let Some(item) = world.items.get_mut(index) {
        item.state = if state {
            item.state | TRACKED
        } else {
            item.state & !TRACKED
        };
    }
    Ok(json!(0))
}
