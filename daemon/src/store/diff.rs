//! The inventory diff: what changed between two inventories, in the protocol's change kinds.
//!
//! Pure. `diff(old, new)` lists, in this order, each group sorted by id:
//! 1. `Character` for each character of `new` that is new or whose facts changed;
//! 2. `Removed` for each item gone, and for each item *replaced* (below);
//! 3. `Added` for each new item, and for each replaced item (with its new value);
//! 4. `Moved` for each item whose location changed (one change, never removed + added);
//! 5. `Equipped` for each item that became equipped on a character, naming the item it replaced
//!    in that bucket on that character (which then gets no change of its own for that);
//! 6. `Updated` with only the fields that changed: `locked`, `quantity`, `power`, and `equipped`
//!    when no move or `Equipped` already says it;
//! 7. `Redefined` with the new definition facts when one a client shows (name, type, tier,
//!    class, home bucket, icon, transferable, equippable) changed: a new manifest re-resolved it.
//!
//! An item is *replaced* (removed, then added) when a field the client shows but no lighter
//! change carries differs: its hash, damage type, or a power that went away. The remaining
//! fields are internal or read on demand (`bucket_hash`, `lockable`, `can_equip`,
//! `equip_required_level`, stats, perks): no change reports them (a `Redefined` carries the
//! description and the other definition facts along). Applying
//! `diff(old, new)` to `old` ([`crate::store::apply`]) therefore yields `new` in every field a
//! change reports, and a store that wrote `new` holds every other field too.
//!
//! A character that disappears has no change kind; its items are reported removed.

use crate::store::model::{
    Change, CharacterId, Inventory, Item, ItemFieldChanges, ItemId, Location,
};
use std::collections::{BTreeMap, BTreeSet};

/// The changes that turn `old` into `new` (see the module doc); empty when nothing reported
/// differs. Deterministic. Duplicate ids: the last item with an id counts.
pub fn diff(old: &Inventory, new: &Inventory) -> Vec<Change> {
    let old_items: BTreeMap<&ItemId, &Item> = old.items.iter().map(|i| (&i.id, i)).collect();
    let new_items: BTreeMap<&ItemId, &Item> = new.items.iter().map(|i| (&i.id, i)).collect();

    let mut changes = character_changes(old, new);

    let replaced: BTreeSet<&ItemId> = new_items
        .iter()
        .filter(|(id, n)| old_items.get(*id).is_some_and(|o| is_replaced(o, n)))
        .map(|(id, _)| *id)
        .collect();
    // Items present on both sides that lighter changes describe.
    let kept: Vec<(&Item, &Item)> = new_items
        .iter()
        .filter(|(id, _)| !replaced.contains(*id))
        .filter_map(|(id, n)| old_items.get(*id).map(|o| (*o, *n)))
        .collect();

    for (id, _) in old_items
        .iter()
        .filter(|(id, _)| !new_items.contains_key(*id))
    {
        changes.push(Change::Removed { id: (*id).clone() });
    }
    changes.extend(
        replaced
            .iter()
            .map(|id| Change::Removed { id: (*id).clone() }),
    );
    let mut added: Vec<&Item> = new_items
        .iter()
        .filter(|(id, _)| !old_items.contains_key(*id) || replaced.contains(*id))
        .map(|(_, n)| *n)
        .collect();
    added.sort_by(|a, b| a.id.cmp(&b.id));
    changes.extend(added.into_iter().map(|item| Change::Added {
        item: Box::new(item.clone()),
    }));

    for (o, n) in &kept {
        if o.location != n.location {
            changes.push(Change::Moved {
                id: n.id.clone(),
                from: o.location,
                to: n.location,
            });
        }
    }

    let equips = equip_changes(&kept, &old_items, &new_items);
    let unequipped_by_equip: BTreeSet<&ItemId> = equips.iter().filter_map(|(_, by)| *by).collect();
    let equipped_by_change: BTreeSet<&ItemId> = equips.iter().map(|(x, _)| *x).collect();

    let mut updates = Vec::new();
    for (o, n) in &kept {
        // The equipped flag after the moves and equips above.
        let equipped_after = if equipped_by_change.contains(&n.id) {
            true
        } else if unequipped_by_equip.contains(&n.id) || o.location != n.location {
            false
        } else {
            o.equipped
        };
        let fields = ItemFieldChanges {
            locked: (o.locked != n.locked).then_some(n.locked),
            quantity: (o.quantity != n.quantity).then_some(n.quantity),
            power: if o.power != n.power { n.power } else { None },
            equipped: (equipped_after != n.equipped).then_some(n.equipped),
        };
        if fields != ItemFieldChanges::default() {
            updates.push(Change::Updated {
                id: n.id.clone(),
                fields,
            });
        }
    }

    changes.extend(equips.into_iter().filter_map(|(id, unequipped)| {
        let character_id = new_items.get(id)?.location.character_id()?;
        Some(Change::Equipped {
            id: id.clone(),
            character_id,
            unequipped: unequipped.cloned(),
        })
    }));
    changes.extend(updates);
    changes.extend(
        kept.iter()
            .filter(|(o, n)| definition_shown_differs(o, n))
            .map(|(_, n)| Change::Redefined {
                id: n.id.clone(),
                info: Box::new(n.info.clone()),
            }),
    );
    changes
}

/// `Character` changes for characters of `new` that are new or differ, by id.
fn character_changes(old: &Inventory, new: &Inventory) -> Vec<Change> {
    let old_characters: BTreeMap<CharacterId, _> =
        old.characters.iter().map(|c| (c.id, c)).collect();
    let new_characters: BTreeMap<CharacterId, _> =
        new.characters.iter().map(|c| (c.id, c)).collect();
    new_characters
        .into_iter()
        .filter(|(id, c)| old_characters.get(id) != Some(c))
        .map(|(_, c)| Change::Character {
            character: Box::new(c.clone()),
        })
        .collect()
}

/// Whether a field shown to clients differs that no lighter change can carry.
fn is_replaced(o: &Item, n: &Item) -> bool {
    o.hash != n.hash || o.damage != n.damage || (o.power.is_some() && n.power.is_none())
}

/// Whether a definition fact shown to clients differs (a `Redefined` change says it).
fn definition_shown_differs(o: &Item, n: &Item) -> bool {
    let (oi, ni) = (&o.info, &n.info);
    oi.name != ni.name
        || oi.type_name != ni.type_name
        || oi.tier != ni.tier
        || oi.class != ni.class
        || oi.home_bucket_hash != ni.home_bucket_hash
        || oi.icon != ni.icon
        || oi.non_transferable != ni.non_transferable
        || oi.equippable != ni.equippable
}

/// The items that became equipped on a character (after any move), each with the item it
/// replaced: one equipped before in the same bucket on the same character, still there and no
/// longer equipped, and not already claimed by another. Sorted by id.
fn equip_changes<'a>(
    kept: &[(&'a Item, &'a Item)],
    old_items: &BTreeMap<&'a ItemId, &'a Item>,
    new_items: &BTreeMap<&'a ItemId, &'a Item>,
) -> Vec<(&'a ItemId, Option<&'a ItemId>)> {
    let mut claimed = BTreeSet::new();
    let mut equips = Vec::new();
    for (o, n) in kept {
        let Location::Character { character_id } = n.location else {
            continue;
        };
        let was_equipped = o.equipped && o.location == n.location;
        if !n.equipped || was_equipped {
            continue;
        }
        let replaced = old_items.values().find(|y| {
            y.id != n.id
                && y.equipped
                && y.location == n.location
                && y.bucket_hash == n.bucket_hash
                && !claimed.contains(&y.id)
                && new_items.get(&y.id).is_some_and(|now| {
                    now.location == Location::Character { character_id } && !now.equipped
                })
        });
        if let Some(y) = replaced {
            claimed.insert(&y.id);
        }
        equips.push((&n.id, replaced.map(|y| &y.id)));
    }
    equips
}
