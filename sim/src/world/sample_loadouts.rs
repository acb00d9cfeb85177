//! The sample account's saved in-game loadouts: 2–3 per character (5 on the large account). The
//! first is what the character wears; the others mix its spare gear with items that have since
//! gone to the vault or to another character, as a player's saved loadouts drift. Drawn from their
//! own seeded source, so the rest of the sample stays as it was.

use rand::RngExt;
use rand::rngs::StdRng;

use super::defs::bucket;
use super::loadout_actions::snapshot_items;
use super::loadout_defs::{self, NAMES};
use super::loadouts::{Loadout, LoadoutItem, SLOT_BUCKETS};
use super::model::{Item, Place};
use super::{World, seeded_rng};

/// Where a loadout's item for one slot is taken from.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Source {
    /// What the character wears.
    Worn,
    /// The character's unequipped gear.
    Spare,
    /// The vault.
    Vault,
    /// Another character's unequipped gear.
    Other,
}

/// Adds the saved loadouts to every character of the sample.
pub fn add_loadouts(world: &mut World, seed: u64, large: bool) {
    let mut rng = seeded_rng(seed ^ 0x10ad_0075);
    let characters: Vec<(i64, i32)> = world
        .characters
        .iter()
        .map(|c| (c.id, c.class_type))
        .collect();
    for (n, &(id, class_type)) in characters.iter().enumerate() {
        let other = characters
            .get((n + 1) % characters.len())
            .map(|c| c.0)
            .filter(|o| *o != id);
        let count = if large {
            5
        } else {
            rng.random_range(2..=3usize)
        };
        let mut names: Vec<&str> = NAMES.to_vec();
        let mut saved = Vec::new();
        for k in 0..count {
            let items = if k == 0 {
                snapshot_items(world, id)
            } else {
                // The second loadout holds an item now in the vault and one now on another
                // character; the third, another one of those.
                let forced = match k {
                    1 => vec![Source::Vault, Source::Other],
                    2 => vec![Source::Other],
                    _ => Vec::new(),
                };
                let holder = Holder {
                    id,
                    class_type,
                    other,
                };
                mixed(world, &mut rng, &holder, forced)
            };
            let name = if names.is_empty() {
                "Loadout"
            } else {
                names.remove(rng.random_range(0..names.len()))
            };
            saved.push(Loadout {
                color_hash: pick(&mut rng, &loadout_defs::color_hashes()),
                icon_hash: pick(&mut rng, &loadout_defs::icon_hashes()),
                name_hash: loadout_defs::name_hash(name).unwrap_or(loadout_defs::EMPTY_NAME),
                items,
            });
        }
        if let Some(character) = world.characters.iter_mut().find(|c| c.id == id) {
            for (k, loadout) in saved.into_iter().enumerate() {
                character.loadouts.set(k, Some(loadout));
            }
        }
    }
}

/// The character a loadout is built for.
struct Holder {
    /// Its id.
    id: i64,
    /// Its class.
    class_type: i32,
    /// The character whose gear may have wandered into it.
    other: Option<i64>,
}

/// One of `hashes` other than the first (the default), at random.
fn pick(rng: &mut StdRng, hashes: &[u32]) -> u32 {
    let choices = hashes.get(1..).unwrap_or_default();
    choices
        .get(rng.random_range(0..choices.len().max(1)))
        .or_else(|| hashes.first())
        .copied()
        .unwrap_or(0)
}

/// A loadout of mixed sources in slot order; each `forced` source, in turn, is used for the next
/// weapon or armour slot that has such an item. At most one item per unique-equip label, as the
/// game saves them.
fn mixed(
    world: &World,
    rng: &mut StdRng,
    holder: &Holder,
    mut forced: Vec<Source>,
) -> Vec<LoadoutItem> {
    let mut labels: Vec<String> = Vec::new();
    SLOT_BUCKETS
        .iter()
        .map(|&slot| {
            let roll = rng.random_range(0..100);
            let random = match roll {
                0..60 => Source::Spare,
                60..85 => Source::Worn,
                _ => Source::Vault,
            };
            let next = forced.first().copied();
            let sources: Vec<Source> = match next {
                _ if slot == bucket::SUBCLASS => vec![Source::Spare, Source::Worn],
                Some(f) if !candidates(world, holder, slot, f, &labels).is_empty() => {
                    forced.remove(0);
                    vec![f]
                }
                _ => vec![random, Source::Worn],
            };
            let chosen = sources.iter().find_map(|source| {
                let found = candidates(world, holder, slot, *source, &labels);
                found.get(rng.random_range(0..found.len().max(1))).copied()
            });
            if let Some(label) = chosen.and_then(|item| world.def_of(item)?.unique_label.clone()) {
                labels.push(label);
            }
            LoadoutItem {
                instance_id: chosen.and_then(|item| item.instance_id),
                plugs: Vec::new(),
            }
        })
        .collect()
}

/// The items of `source` the holder could save for `slot`: equippable by its class, instanced,
/// and without a unique-equip label already in the loadout.
fn candidates<'w>(
    world: &'w World,
    holder: &Holder,
    slot: u32,
    source: Source,
    labels: &[String],
) -> Vec<&'w Item> {
    world
        .items
        .iter()
        .filter(|i| match source {
            Source::Worn => i.place == Place::Character(holder.id) && i.equipped,
            Source::Spare => i.place == Place::Character(holder.id) && !i.equipped,
            Source::Vault => i.place == Place::Vault,
            Source::Other => {
                holder.other.is_some_and(|o| i.place == Place::Character(o)) && !i.equipped
            }
        })
        .filter(|i| i.instance_id.is_some())
        .filter(|i| {
            world.def_of(i).is_some_and(|d| {
                d.bucket == slot
                    && d.equippable
                    && (d.class_type == 3 || d.class_type == holder.class_type)
                    && d.unique_label.as_ref().is_none_or(|l| !labels.contains(l))
            })
        })
        .collect()
}
