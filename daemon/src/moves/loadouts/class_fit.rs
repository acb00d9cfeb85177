//! Whether a loadout fits a character's class: a Warlock's loadout put on a Titan is refused as a
//! whole before any move (its armour cannot be worn, so moving its weapons over would leave the
//! Titan half-dressed), unless the player asks for only its class-neutral items.

use crate::moves::error::{MoveError, Reason};
use crate::store::model::{CharacterId, Class, Inventory, Item, ItemId, Loadout};

/// A loadout cut down to what a character of another class can use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClassNeutralPart {
    /// The loadout with only its class-neutral items (weapons, ghost, …), for the new class.
    pub loadout: Loadout,
    /// The items left out: only the loadout's class can use them, or the game keeps them on
    /// another character (emblems and other non-transferable gear).
    pub skipped: Vec<ItemId>,
}

/// The class an item of the loadout is restricted to, found by id (or, for a stack, by hash)
/// among `items`; `None` for class-neutral items and items no longer there.
fn item_class(items: &[&Item], id: &ItemId, hash: u32) -> Option<Class> {
    items
        .iter()
        .find(|i| &i.id == id)
        .or_else(|| items.iter().find(|i| i.hash == hash))
        .and_then(|i| i.info.class)
}

/// The loadout's items that only another class than `class` can use.
fn foreign_items(loadout: &Loadout, items: &[&Item], class: Class) -> Vec<ItemId> {
    loadout
        .items
        .iter()
        .filter(|entry| item_class(items, &entry.id, entry.hash).is_some_and(|c| c != class))
        .map(|entry| entry.id.clone())
        .collect()
}

/// "Titan" for the class.
fn class_name(class: Class) -> &'static str {
    match class {
        Class::Titan => "Titan",
        Class::Hunter => "Hunter",
        Class::Warlock => "Warlock",
    }
}

/// Refuses `loadout` for a character of `class` when it holds items only another class can use;
/// the error names the loadout, both classes and the way to take only the class-neutral items.
/// `items` is the inventory (the planner's working copy).
pub fn check(loadout: &Loadout, items: &[&Item], class: Class) -> Result<(), MoveError> {
    let foreign = foreign_items(loadout, items, class);
    if foreign.is_empty() {
        return Ok(());
    }
    Err(MoveError::new(
        Reason::CannotEquip,
        format!(
            "\"{}\" is a {} loadout: a {} can't wear {} of its items. Equip it on your {}, or ask for its class-neutral items only (nothing was moved).",
            loadout.name,
            class_name(loadout.class),
            class_name(class),
            foreign.len(),
            class_name(loadout.class),
        ),
    ))
}

/// The part of `loadout` the character `character_id` (of `class`) can use: everything but the
/// items restricted to another class and those the game keeps on another character, which are
/// listed as skipped.
pub fn class_neutral_part(
    loadout: &Loadout,
    inventory: &Inventory,
    class: Class,
    character_id: CharacterId,
) -> ClassNeutralPart {
    let items: Vec<&Item> = inventory.items.iter().collect();
    let mut skipped = foreign_items(loadout, &items, class);
    for entry in &loadout.items {
        let kept_elsewhere = items.iter().find(|i| i.id == entry.id).is_some_and(|i| {
            !i.transferable()
                && i.location
                    .character_id()
                    .is_some_and(|holder| holder != character_id)
        });
        if kept_elsewhere && !skipped.contains(&entry.id) {
            skipped.push(entry.id.clone());
        }
    }
    let mut cut = loadout.clone();
    cut.class = class;
    cut.items.retain(|entry| !skipped.contains(&entry.id));
    ClassNeutralPart {
        loadout: cut,
        skipped,
    }
}
