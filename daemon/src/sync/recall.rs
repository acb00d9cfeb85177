//! What the last sync converted, kept so that the next one converts only what Bungie changed.
//!
//! Two profiles polled one after the other differ by a handful of its 1,900 items. Each item's
//! facts on the wire (its `DestinyItemComponent`, where it lies, whether it is equipped, and its
//! instance's components 300, 304 and 305) are kept with the [`Item`] conversion made of them.
//! An item whose facts are all equal again is taken back as it was: not rebuilt, and, while the
//! store's rows are still what that sync wrote, not compared with the store either
//! ([`SyncBasis`]). Facts are compared for equality, never hashed, so a reused item is always
//! the one conversion would have built; the same definitions are a condition too
//! ([`super::convert::Definitions::generation`]).

use crate::bungie::wire::profile::{ItemComponent, ItemComponents, PerInstance};
use crate::store::model::{Item, ItemId, Location};
use crate::store::sync_delta::SyncBasis;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::hash::BuildHasherDefault;
use std::sync::Arc;

use super::convert::FastHasher;

/// A map keyed by item keys or instance ids, hashed with [`FastHasher`].
type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<FastHasher>>;

/// An item's identity in a conversion, without allocating its id's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ItemKey {
    /// An instanced item.
    Instance(u64),
    /// The `nth` uninstanced stack of `hash` at `location`.
    Stack {
        /// The item definition.
        hash: u32,
        /// Where the stack lies.
        location: Location,
        /// Its number among the stacks of `hash` there (0-based).
        nth: u32,
    },
}

impl ItemKey {
    /// The item id this key stands for.
    pub fn id(&self) -> ItemId {
        match self {
            ItemKey::Instance(instance) => ItemId::instance(*instance),
            ItemKey::Stack {
                hash,
                location,
                nth,
            } => ItemId::stack(*hash, location, *nth),
        }
    }
}

/// One item's wire facts, and where the item they converted to is kept.
#[derive(Debug)]
struct Remembered {
    component: ItemComponent,
    location: Location,
    equipped: bool,
    /// The item's place in [`ConversionMemory::items`].
    slot: usize,
}

/// What the last conversion made, for the next one.
#[derive(Debug, Default)]
pub struct ConversionMemory {
    /// The definitions' generation the items were converted with.
    defs_generation: u64,
    /// Each item's facts, by key.
    entries: FastMap<ItemKey, Remembered>,
    /// The items, in conversion order (taken out while a conversion runs).
    items: Vec<Option<Item>>,
    /// The last profile's item components (300, 304, 305 are compared).
    components: Option<ItemComponents>,
    /// The store rows' generation after that conversion was applied, if it was.
    applied: Option<u64>,
}

impl ConversionMemory {
    /// Starts a conversion of a profile whose item components are `components`, with
    /// definitions of generation `defs_generation`: what is remembered is taken out, to be
    /// reused item by item ([`Recall::take`]).
    pub fn recall(&mut self, components: Option<&ItemComponents>, defs_generation: u64) -> Recall {
        let usable = defs_generation == self.defs_generation && !self.entries.is_empty();
        let (old, old_items, changed) = if usable {
            (
                std::mem::take(&mut self.entries),
                std::mem::take(&mut self.items),
                changed_instances(self.components.as_ref(), components),
            )
        } else {
            Default::default()
        };
        Recall {
            applied: if usable { self.applied } else { None },
            defs_generation,
            new: FastMap::with_capacity_and_hasher(old.len(), Default::default()),
            old,
            old_items,
            changed,
            unchanged: Vec::new(),
            gone: Vec::new(),
            duplicate: false,
            discarded: false,
        }
    }

    /// Keeps what `recall` converted: `items` (the inventory's, in conversion order), the
    /// profile's item `components`, and the store rows' generation after it was applied
    /// (`None`: it was not). A discarded recall ([`Recall::discard`]) leaves nothing behind.
    pub fn keep(
        &mut self,
        recall: Recall,
        items: Vec<Item>,
        components: Option<ItemComponents>,
        applied: Option<u64>,
    ) {
        let usable =
            !recall.discarded && !recall.duplicate && recall.unchanged.len() == items.len();
        *self = if usable {
            ConversionMemory {
                defs_generation: recall.defs_generation,
                entries: recall.new,
                items: items.into_iter().map(Some).collect(),
                components,
                applied,
            }
        } else {
            ConversionMemory::default()
        };
    }
}

/// One conversion's use of a [`ConversionMemory`]: the items it takes back, and what it will
/// leave for the next.
#[derive(Debug)]
pub struct Recall {
    applied: Option<u64>,
    defs_generation: u64,
    /// The last conversion's facts not yet met again in this one.
    old: FastMap<ItemKey, Remembered>,
    old_items: Vec<Option<Item>>,
    /// Instances whose components 300/304/305 differ from the last profile's.
    changed: HashSet<i64, BuildHasherDefault<FastHasher>>,
    new: FastMap<ItemKey, Remembered>,
    /// Per item converted: whether it was taken back.
    unchanged: Vec<bool>,
    gone: Vec<ItemId>,
    duplicate: bool,
    discarded: bool,
}

impl Recall {
    /// The item the last conversion made of the same facts, if it did.
    pub(crate) fn take(
        &mut self,
        key: ItemKey,
        component: &ItemComponent,
        location: Location,
        equipped: bool,
    ) -> Option<Item> {
        let old = self.old.remove(&key)?;
        let instance_same = match key {
            ItemKey::Instance(id) => i64::try_from(id).is_ok_and(|id| !self.changed.contains(&id)),
            ItemKey::Stack { .. } => true,
        };
        if instance_same
            && old.location == location
            && old.equipped == equipped
            && old.component == *component
        {
            self.old_items.get_mut(old.slot)?.take()
        } else {
            None
        }
    }

    /// Notes the conversion's next item: its key and facts, and whether it was taken back.
    pub(crate) fn record(
        &mut self,
        key: ItemKey,
        component: &ItemComponent,
        location: Location,
        equipped: bool,
        reused: bool,
    ) {
        let facts = Remembered {
            component: component.clone(),
            location,
            equipped,
            slot: self.unchanged.len(),
        };
        if self.new.insert(key, facts).is_some() {
            self.duplicate = true;
        }
        self.unchanged.push(reused);
    }

    /// Ends the conversion: what the last one had that this one did not meet is gone.
    pub(crate) fn finish(&mut self) {
        for (key, old) in self.old.drain() {
            let item = self.old_items.get_mut(old.slot).and_then(Option::take);
            self.gone
                .push(item.map_or_else(|| key.id(), |item| item.id));
        }
        self.old_items = Vec::new();
    }

    /// What the store may skip for this conversion's items, when the last conversion was
    /// applied and no id repeats.
    pub fn basis(&self) -> Option<SyncBasis<'_>> {
        let generation = self
            .applied
            .filter(|_| !self.duplicate && !self.discarded)?;
        Some(SyncBasis {
            generation,
            unchanged: &self.unchanged,
            gone: &self.gone,
        })
    }

    /// How many items were taken back unchanged.
    pub fn reused(&self) -> usize {
        self.unchanged.iter().filter(|u| **u).count()
    }

    /// Forgets this conversion: the inventory was altered after it (the lag guard kept stored
    /// items), so its items no longer follow from their facts alone.
    pub fn discard(&mut self) {
        self.discarded = true;
    }
}

/// The instances whose components 300, 304 or 305 differ between `old` and `new` (added,
/// removed or changed), found by walking each pair of maps in order; a component the new profile
/// shares with the old (its text was the same: [`crate::bungie::wire::component_memo`]) is not
/// walked, and an entry it shares (the same `Arc`) is equal without comparing its fields.
fn changed_instances(
    old: Option<&ItemComponents>,
    new: Option<&ItemComponents>,
) -> HashSet<i64, BuildHasherDefault<FastHasher>> {
    let mut changed = HashSet::default();
    differing(
        old.and_then(|c| c.instances.as_ref()),
        new.and_then(|c| c.instances.as_ref()),
        &mut changed,
    );
    differing(
        old.and_then(|c| c.stats.as_ref()),
        new.and_then(|c| c.stats.as_ref()),
        &mut changed,
    );
    differing(
        old.and_then(|c| c.sockets.as_ref()),
        new.and_then(|c| c.sockets.as_ref()),
        &mut changed,
    );
    changed
}

/// Adds to `out` the instances whose values differ between two versions of one component.
fn differing<V: PartialEq>(
    old: Option<&PerInstance<V>>,
    new: Option<&PerInstance<V>>,
    out: &mut HashSet<i64, BuildHasherDefault<FastHasher>>,
) {
    if let (Some(old), Some(new)) = (old, new)
        && Arc::ptr_eq(old, new)
    {
        return;
    }
    differing_keys(
        old.and_then(|c| c.data.as_ref()),
        new.and_then(|c| c.data.as_ref()),
        out,
    );
}

/// Adds to `out` the keys whose values differ between two maps (an absent map is empty).
fn differing_keys<V: PartialEq>(
    old: Option<&BTreeMap<i64, V>>,
    new: Option<&BTreeMap<i64, V>>,
    out: &mut HashSet<i64, BuildHasherDefault<FastHasher>>,
) {
    let empty = BTreeMap::new();
    let mut old = old.unwrap_or(&empty).iter().peekable();
    let mut new = new.unwrap_or(&empty).iter().peekable();
    loop {
        match (old.peek(), new.peek()) {
            (None, None) => break,
            (Some((k, _)), None) => {
                out.insert(**k);
                old.next();
            }
            (None, Some((k, _))) => {
                out.insert(**k);
                new.next();
            }
            (Some((ko, vo)), Some((kn, vn))) => {
                if ko < kn {
                    out.insert(**ko);
                    old.next();
                } else if kn < ko {
                    out.insert(**kn);
                    new.next();
                } else {
                    if vo != vn {
                        out.insert(**ko);
                    }
                    old.next();
                    new.next();
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bungie::wire::profile::{DestinyProfileResponse, components};
    use crate::store::model::Inventory;
    use crate::sync::convert::{NoDefs, inventory_from_profile, inventory_recalling};
    use chrono::{TimeZone, Utc};
    use vault_raider_sim::world::World;

    /// The simulator's small account as the client decodes it.
    fn profile(world: &World) -> DestinyProfileResponse {
        let at = Utc
            .timestamp_opt(1_780_000_000, 0)
            .single()
            .expect("a time");
        let json = world.profile_json(&components::SYNC, true, at);
        serde_json::from_value(json).expect("the simulator's profile decodes")
    }

    /// The vault's items in `profile`.
    fn vault(
        profile: &mut DestinyProfileResponse,
    ) -> &mut Vec<crate::bungie::wire::profile::ItemComponent> {
        &mut profile
            .profile_inventory
            .as_mut()
            .and_then(|c| c.data.as_mut())
            .expect("the vault")
            .items
    }

    /// Converts `profile` with `memory`, keeps the result as applied in generation 1, and
    /// returns the inventory with what the recall said.
    fn convert_and_keep(
        profile: &DestinyProfileResponse,
        defs: &impl crate::sync::convert::Definitions,
        memory: &mut ConversionMemory,
    ) -> (Inventory, usize, Vec<ItemId>, bool) {
        let (inventory, recall) = inventory_recalling(profile, defs, memory).expect("converts");
        let reused = recall.reused();
        let gone = recall.gone.clone();
        let basis = recall.basis().is_some();
        memory.keep(
            recall,
            inventory.items.clone(),
            profile.item_components.clone(),
            Some(1),
        );
        (inventory, reused, gone, basis)
    }

    #[test]
    fn a_second_conversion_takes_back_every_item_and_equals_a_whole_one() {
        let world = World::sample(3, false);
        let profile = profile(&world);
        let mut memory = ConversionMemory::default();
        let (first, reused, _, basis) = convert_and_keep(&profile, &NoDefs, &mut memory);
        assert_eq!(reused, 0);
        assert!(!basis, "nothing was applied before");
        let (second, reused, gone, basis) = convert_and_keep(&profile, &NoDefs, &mut memory);
        assert_eq!(reused, second.items.len());
        assert!(gone.is_empty());
        assert!(basis);
        assert_eq!(second, first);
        assert_eq!(second, inventory_from_profile(&profile, &NoDefs).unwrap());
    }

    #[test]
    fn moved_and_changed_items_are_converted_again_and_gone_ones_named() {
        let mut world = World::sample(3, false);
        let mut memory = ConversionMemory::default();
        convert_and_keep(&profile(&world), &NoDefs, &mut memory);
        let state = world.state_json();
        let on_character = state["items"]
            .as_array()
            .expect("items")
            .iter()
            .filter(|i| i["location"] == "character" && i["equipped"] == false)
            .filter_map(|i| i["itemId"].as_str().map(str::to_string))
            .find(|id| id.parse::<u64>().is_ok())
            .expect("an instanced item on a character");
        world
            .game_move(&on_character, "vault")
            .expect("the item moves");
        let mut next = profile(&world);
        // One instance's power changes; one vault item disappears.
        let stats = next
            .item_components
            .as_mut()
            .and_then(|c| c.instances.as_mut())
            .and_then(|s| Arc::make_mut(s).data.as_mut())
            .expect("instances");
        let (&powered, facts) = stats
            .iter_mut()
            .find(|(id, _)| id.to_string() != on_character)
            .expect("another instance");
        Arc::make_mut(facts).primary_stat = Some(crate::bungie::wire::profile::StatValue {
            stat_hash: 1_480_404_414,
            value: 2_000,
        });
        let vault = vault(&mut next);
        let at = vault
            .iter()
            .position(|i| {
                i.item_instance_id
                    .is_some_and(|id| id != powered && id.to_string() != on_character)
            })
            .expect("another instanced vault item");
        let removed = vault.remove(at);
        let (converted, reused, gone, _) = convert_and_keep(&next, &NoDefs, &mut memory);
        let whole = inventory_from_profile(&next, &NoDefs).unwrap();
        for (a, b) in converted.items.iter().zip(&whole.items) {
            assert_eq!(a, b, "each item is the one a whole conversion makes");
        }
        assert_eq!(converted, whole);
        let fresh = converted.items.len() - reused;
        assert_eq!(fresh, 2, "the moved item and the powered one are rebuilt");
        let powered = converted
            .items
            .iter()
            .find(|i| i.id == ItemId::instance(powered as u64))
            .expect("the powered item");
        assert_eq!(powered.power, Some(2_000));
        let removed_id = removed
            .item_instance_id
            .map(|id| ItemId::instance(id as u64));
        assert_eq!(gone, removed_id.into_iter().collect::<Vec<_>>());
    }

    /// Definitions that know nothing, of another generation (a new manifest).
    struct NewDefs;
    impl crate::store::game_loadout::LoadoutLabels for NewDefs {}
    impl crate::sync::convert::Definitions for NewDefs {
        fn generation(&self) -> u64 {
            7
        }
    }

    #[test]
    fn new_definitions_or_a_discarded_recall_reuse_nothing() {
        let world = World::sample(3, false);
        let profile = profile(&world);
        let mut memory = ConversionMemory::default();
        convert_and_keep(&profile, &NoDefs, &mut memory);
        let (_, reused, _, basis) = convert_and_keep(&profile, &NewDefs, &mut memory);
        assert_eq!(reused, 0, "items made with other definitions are rebuilt");
        assert!(!basis);
        let (inventory, mut recall) =
            inventory_recalling(&profile, &NewDefs, &mut memory).expect("converts");
        assert_eq!(recall.reused(), inventory.items.len());
        recall.discard();
        assert!(recall.basis().is_none());
        memory.keep(
            recall,
            inventory.items,
            profile.item_components.clone(),
            Some(2),
        );
        let (_, reused, _, _) = convert_and_keep(&profile, &NewDefs, &mut memory);
        assert_eq!(reused, 0, "a discarded recall leaves nothing");
    }

    #[test]
    fn an_id_listed_twice_gives_no_basis() {
        let world = World::sample(3, false);
        let mut profile = profile(&world);
        let mut memory = ConversionMemory::default();
        convert_and_keep(&profile, &NoDefs, &mut memory);
        let vault = vault(&mut profile);
        let twin = vault
            .iter()
            .find(|i| i.item_instance_id.is_some())
            .cloned()
            .expect("an instanced vault item");
        vault.push(twin);
        let (_, recall) = inventory_recalling(&profile, &NoDefs, &mut memory).expect("converts");
        assert!(recall.basis().is_none(), "the store must see the twin");
    }
}
