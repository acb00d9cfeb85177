//! Bungie's profile (as the client decodes it) → the daemon's [`Inventory`].
//!
//! Definition facts come through the [`Definitions`] trait (the manifest in the daemon, a small table
//! in tests). An item whose definition is unknown is kept, with a placeholder name, rather than
//! dropped: losing sight of an item is worse than showing it plainly.

use super::recall::{ConversionMemory, ItemKey, Recall};
use crate::bungie::manifest::defs::{ActivityDef, ActivityModeDef, BucketDef, ItemDef, StatDef};
use crate::bungie::manifest::loadout_defs::{LoadoutColorDef, LoadoutIconDef, LoadoutNameDef};
use crate::bungie::manifest::objective_defs::{MilestoneDef, ObjectiveDef};
use crate::bungie::manifest::{ManifestStore, damage_slug};
use crate::bungie::wire::profile::{DestinyProfileResponse, ItemComponent, ItemComponents};
use crate::store::game_loadout::LoadoutLabels;
use crate::store::model::{
    Character, Class, CurrentActivity, Inventory, Item, ItemInfo, ItemKind, Location,
    POSTMASTER_BUCKET_HASH, Tier, VAULT_BUCKET_HASH,
};
use std::collections::{BTreeMap, HashMap};
use std::hash::{BuildHasherDefault, Hasher};

/// The definition facts conversion needs (with the names of in-game loadouts' identifiers).
pub trait Definitions: LoadoutLabels {
    /// An item definition's facts (by default, none is known).
    fn item(&self, _hash: u32) -> Option<ItemInfo> {
        None
    }
    /// A bucket's `itemCount`.
    fn bucket_capacity(&self, _hash: u32) -> Option<u32> {
        None
    }
    /// A stat's name.
    fn stat_name(&self, _hash: u32) -> Option<String> {
        None
    }
    /// An activity's name and its direct mode's hash.
    fn activity(&self, _hash: u32) -> Option<(String, Option<u32>)> {
        None
    }
    /// An activity mode's name.
    fn mode_name(&self, _hash: u32) -> Option<String> {
        None
    }
    /// Whether the activity is downtime rather than an activity: orbit or a social space.
    fn is_downtime(&self, _hash: u32) -> bool {
        false
    }
    /// A pursuit's objectives and quest line (`None`: the definition is unknown).
    fn pursuit(&self, _hash: u32) -> Option<super::progress::PursuitFacts> {
        None
    }
    /// An objective's words and completion value.
    fn objective(&self, _hash: u32) -> Option<super::progress::ObjectiveFacts> {
        None
    }
    /// A milestone's name and icon.
    fn milestone(&self, _hash: u32) -> Option<(String, String)> {
        None
    }
    /// Which definitions these are: changes whenever any answer above may change (a new
    /// manifest), so that items converted with other definitions are not reused.
    fn generation(&self) -> u64 {
        0
    }
}

/// `DestinyActivityModeType` Social (the Tower, the Farm, other social spaces).
const SOCIAL_MODE: i32 = 40;
/// Orbit's activity hash, for when the manifest lacks its definition.
const ORBIT_HASH: u32 = 82_913_930;

/// Whether an activity definition describes downtime: a social space (the Social mode, or the
/// Social activity type whose hash equals that mode's), or orbit (no mode, no activity type).
pub fn is_downtime_def(def: &ActivityDef) -> bool {
    const SOCIAL_ACTIVITY_TYPE: u32 = 1_589_650_888;
    let social = def.direct_activity_mode_type == Some(SOCIAL_MODE)
        || def.activity_mode_types.contains(&SOCIAL_MODE)
        || def.activity_type_hash == SOCIAL_ACTIVITY_TYPE;
    let orbit = def.hash == ORBIT_HASH
        || (def.activity_type_hash == 0
            && def.activity_mode_types.is_empty()
            && def.direct_activity_mode_type.is_none_or(|m| m == 0)
            && !def.is_pvp);
    social || orbit
}

impl LoadoutLabels for ManifestStore {
    fn loadout_name(&self, hash: u32) -> Option<String> {
        self.find::<LoadoutNameDef>(hash).map(|d| d.name.clone())
    }
    fn loadout_color(&self, hash: u32) -> Option<String> {
        self.find::<LoadoutColorDef>(hash)
            .map(|d| d.color_image_path.clone())
    }
    fn loadout_icon(&self, hash: u32) -> Option<String> {
        self.find::<LoadoutIconDef>(hash)
            .map(|d| d.icon_image_path.clone())
    }
}

impl Definitions for ManifestStore {
    fn item(&self, hash: u32) -> Option<ItemInfo> {
        self.find::<ItemDef>(hash)
            .map(|def| ItemInfo::from(def.as_ref()))
    }
    fn bucket_capacity(&self, hash: u32) -> Option<u32> {
        self.find::<BucketDef>(hash)
            .and_then(|b| u32::try_from(b.item_count).ok())
    }
    fn stat_name(&self, hash: u32) -> Option<String> {
        self.find::<StatDef>(hash)
            .map(|s| s.display_properties.name.clone())
            .filter(|n| !n.is_empty())
    }
    fn activity(&self, hash: u32) -> Option<(String, Option<u32>)> {
        self.find::<ActivityDef>(hash).map(|a| {
            (
                a.display_properties.name.clone(),
                a.direct_activity_mode_hash,
            )
        })
    }
    fn mode_name(&self, hash: u32) -> Option<String> {
        self.find::<ActivityModeDef>(hash)
            .map(|m| m.name().to_string())
    }
    fn is_downtime(&self, hash: u32) -> bool {
        self.find::<ActivityDef>(hash)
            .is_some_and(|def| is_downtime_def(&def))
    }
    fn pursuit(&self, hash: u32) -> Option<super::progress::PursuitFacts> {
        let def = self.find::<ItemDef>(hash)?;
        Some(super::progress::PursuitFacts {
            item_type: def.item_type,
            objective_hashes: def
                .objectives
                .as_ref()
                .map(|o| o.objective_hashes.clone())
                .unwrap_or_default(),
            quest_line: def.set_data.as_ref().map(|s| {
                (
                    s.quest_line_name.clone(),
                    s.item_list.iter().map(|i| i.item_hash).collect(),
                )
            }),
        })
    }
    fn objective(&self, hash: u32) -> Option<super::progress::ObjectiveFacts> {
        let def = self.find::<ObjectiveDef>(hash)?;
        Some(super::progress::ObjectiveFacts {
            description: def.text().to_string(),
            completion_value: def.completion_value,
        })
    }
    fn milestone(&self, hash: u32) -> Option<(String, String)> {
        let def = self.find::<MilestoneDef>(hash)?;
        Some((
            def.display_properties.name.clone(),
            def.display_properties.icon.clone(),
        ))
    }
    fn generation(&self) -> u64 {
        ManifestStore::generation(self)
    }
}

/// The vault's capacity when the manifest does not say (the 2026-06 value).
pub const FALLBACK_VAULT_CAPACITY: u32 = 1300;
/// A character bucket's capacity when the manifest does not say.
pub const FALLBACK_BUCKET_CAPACITY: u32 = 10;

/// What a profile is missing for a sync.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ConvertError {
    /// A component sync needs was absent or withheld.
    #[error(
        "Bungie's profile lacks {0} (private or disabled); sign in again to grant inventory access"
    )]
    MissingComponent(&'static str),
}

/// Whether `info` is the placeholder of an item whose definition is unknown.
pub fn is_placeholder(info: &ItemInfo) -> bool {
    info.tier == Tier::Unknown
        && info.type_name.is_empty()
        && info.name.starts_with("Unknown item ")
}

/// Facts for an item whose definition is unknown: a placeholder ([`is_placeholder`]) that may
/// move but not be equipped.
pub fn unknown_item(hash: u32, bucket_hash: u32) -> ItemInfo {
    ItemInfo {
        name: format!("Unknown item {hash}"),
        type_name: String::new(),
        description: String::new(),
        icon: String::new(),
        tier: Tier::Unknown,
        class: None,
        kind: ItemKind::Other,
        home_bucket_hash: bucket_hash,
        unique_label: None,
        max_stack: 1,
        non_transferable: false,
        equippable: false,
        pull_has_side_effects: false,
    }
}

fn race_name(race_type: i32) -> &'static str {
    match race_type {
        0 => "Human",
        1 => "Awoken",
        2 => "Exo",
        _ => "Unknown",
    }
}

/// A fast hash for the small integer keys conversion looks up thousands of times per sync
/// (definition, stat and plug hashes): FxHash's step. Not resistant to chosen collisions, which
/// only matters for keys an attacker picks; these come from Bungie's profile and are few.
#[derive(Default)]
pub(crate) struct FastHasher(u64);

impl FastHasher {
    #[inline]
    fn add(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
}

impl Hasher for FastHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for byte in bytes {
            self.add(u64::from(*byte));
        }
    }
    fn write_u8(&mut self, n: u8) {
        self.add(u64::from(n));
    }
    fn write_u32(&mut self, n: u32) {
        self.add(u64::from(n));
    }
    fn write_u64(&mut self, n: u64) {
        self.add(n);
    }
    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }
}

/// A map keyed by small integers, hashed with [`FastHasher`].
type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<FastHasher>>;

/// Adds the power, damage, stats and perks that components 300/304/305 hold under `key` (an
/// instance id, or a vendor offer's index) to `item`.
pub fn add_instance_facts<D: Definitions + ?Sized>(
    item: &mut Item,
    key: i64,
    components: &ItemComponents,
    defs: &D,
) {
    let mut builder = ItemBuilder {
        defs,
        components: Some(components),
        stack_counts: FastMap::default(),
        info_cache: FastMap::default(),
        stat_names: FastMap::default(),
        items: Vec::new(),
        instances: Vec::new(),
        recall: None,
        first_buckets: FastMap::default(),
    };
    builder.add_instance_facts(item, key, components);
}

/// Builds items from one component list, numbering uninstanced stacks per place.
struct ItemBuilder<'a, 'r, D: Definitions + ?Sized> {
    defs: &'a D,
    components: Option<&'a ItemComponents>,
    stack_counts: FastMap<(u32, Location), u32>,
    info_cache: FastMap<u32, ItemInfo>,
    stat_names: FastMap<u32, Option<String>>,
    items: Vec<Item>,
    /// (instance id, item hash) of each instanced item, for the in-game loadouts.
    instances: Vec<(u64, u32)>,
    /// What the last conversion made, to take back what has not changed.
    recall: Option<&'r mut Recall>,
    /// Per item hash, the bucket of the first item of it (an unknown item's placeholder home).
    first_buckets: FastMap<u32, u32>,
}

impl<'a, D: Definitions + ?Sized> ItemBuilder<'a, '_, D> {
    /// The definition of `hash`, looked up once per sync; for an unknown one, a placeholder whose
    /// home bucket is `bucket_hash`.
    fn info(&mut self, hash: u32, bucket_hash: u32) -> &ItemInfo {
        let defs = self.defs;
        self.info_cache.entry(hash).or_insert_with(|| {
            defs.item(hash)
                .unwrap_or_else(|| unknown_item(hash, bucket_hash))
        })
    }

    fn push(&mut self, component: &ItemComponent, location: Location, equipped: bool) {
        let instance = component
            .item_instance_id
            .and_then(|id| u64::try_from(id).ok())
            .filter(|id| *id != 0);
        let key = match instance {
            Some(instance) => ItemKey::Instance(instance),
            None => {
                let nth = self
                    .stack_counts
                    .entry((component.item_hash, location))
                    .or_insert(0);
                let key = ItemKey::Stack {
                    hash: component.item_hash,
                    location,
                    nth: *nth,
                };
                *nth += 1;
                key
            }
        };
        if let Some(instance) = instance {
            self.instances.push((instance, component.item_hash));
        }
        // An unknown item's placeholder lives in the bucket where the first item of its hash
        // lies: a fact of the whole profile, checked again for an item taken back.
        let first_bucket = *self
            .first_buckets
            .entry(component.item_hash)
            .or_insert(component.bucket_hash);
        let reused = self
            .recall
            .as_mut()
            .and_then(|recall| recall.take(key, component, location, equipped))
            .filter(|item| {
                !is_placeholder(&item.info) || item.info.home_bucket_hash == first_bucket
            });
        let was_reused = reused.is_some();
        let item = match reused {
            Some(item) => item,
            None => self.build(key, component, location, equipped, first_bucket),
        };
        self.items.push(item);
        if let Some(recall) = self.recall.as_mut() {
            recall.record(key, component, location, equipped, was_reused);
        }
    }

    /// Converts one item from its facts (`first_bucket`: where the profile's first item of its
    /// hash lies).
    fn build(
        &mut self,
        key: ItemKey,
        component: &ItemComponent,
        location: Location,
        equipped: bool,
        first_bucket: u32,
    ) -> Item {
        let mut info = self.info(component.item_hash, first_bucket).clone();
        if info.home_bucket_hash == 0 {
            info.home_bucket_hash = component.bucket_hash;
        }
        let mut item = Item {
            id: key.id(),
            hash: component.item_hash,
            quantity: u32::try_from(component.quantity).unwrap_or(0).max(1),
            location,
            bucket_hash: component.bucket_hash,
            equipped,
            locked: component.state & 1 == 1,
            lockable: component.lockable,
            power: None,
            damage: None,
            can_equip: equipped,
            equip_required_level: 0,
            info,
            stats: Vec::new(),
            perks: Vec::new(),
        };
        if let (ItemKey::Instance(instance), Some(components)) = (key, self.components)
            && let Ok(instance) = i64::try_from(instance)
        {
            self.add_instance_facts(&mut item, instance, components);
        }
        item
    }

    fn add_instance_facts(&mut self, item: &mut Item, instance: i64, components: &ItemComponents) {
        if let Some(facts) = components
            .instances
            .as_ref()
            .and_then(|c| c.data.as_ref())
            .and_then(|d| d.get(&instance))
        {
            item.power = facts.primary_stat.and_then(|s| u32::try_from(s.value).ok());
            item.damage = damage_slug(facts.damage_type).map(str::to_string);
            item.can_equip = facts.can_equip;
            item.equip_required_level = u32::try_from(facts.equip_required_level).unwrap_or(0);
        }
        if let Some(stats) = components
            .stats
            .as_ref()
            .and_then(|c| c.data.as_ref())
            .and_then(|d| d.get(&instance))
        {
            for (hash, stat) in &stats.stats {
                let defs = self.defs;
                let name = self
                    .stat_names
                    .entry(*hash)
                    .or_insert_with(|| defs.stat_name(*hash));
                if let Some(name) = name {
                    item.stats.push((name.clone(), i64::from(stat.value)));
                }
            }
        }
        if let Some(sockets) = components
            .sockets
            .as_ref()
            .and_then(|c| c.data.as_ref())
            .and_then(|d| d.get(&instance))
        {
            for plug in sockets
                .sockets
                .iter()
                .filter(|s| s.is_visible)
                .filter_map(|s| s.plug_hash)
            {
                let name = &self.info(plug, 0).name;
                if !name.is_empty() && !name.starts_with("Unknown item") {
                    item.perks.push(name.clone());
                }
            }
        }
    }
}

/// How many items `profile` lists (equipped, in character inventories and account-wide).
fn item_count(profile: &DestinyProfileResponse) -> usize {
    let per_character =
        |c: Option<&BTreeMap<i64, crate::bungie::wire::profile::InventoryComponent>>| {
            c.map_or(0, |m| m.values().map(|i| i.items.len()).sum::<usize>())
        };
    per_character(
        profile
            .character_equipment
            .as_ref()
            .and_then(|c| c.data.as_ref()),
    ) + per_character(
        profile
            .character_inventories
            .as_ref()
            .and_then(|c| c.data.as_ref()),
    ) + profile
        .profile_inventory
        .as_ref()
        .and_then(|c| c.data.as_ref())
        .map_or(0, |i| i.items.len())
}

/// Converts a profile into the daemon's inventory (revision 0: the store assigns revisions).
pub fn inventory_from_profile<D: Definitions + ?Sized>(
    profile: &DestinyProfileResponse,
    defs: &D,
) -> Result<Inventory, ConvertError> {
    convert(profile, defs, None)
}

/// [`inventory_from_profile`], taking back from `memory` every item whose facts have not
/// changed since the last conversion. The [`Recall`] returned says which, and goes back to
/// `memory` ([`ConversionMemory::keep`]) with the inventory's items once they are applied.
pub fn inventory_recalling<D: Definitions + ?Sized>(
    profile: &DestinyProfileResponse,
    defs: &D,
    memory: &mut ConversionMemory,
) -> Result<(Inventory, Recall), ConvertError> {
    let mut recall = memory.recall(profile.item_components.as_ref(), defs.generation());
    let inventory = convert(profile, defs, Some(&mut recall))?;
    recall.finish();
    Ok((inventory, recall))
}

fn convert<D: Definitions + ?Sized>(
    profile: &DestinyProfileResponse,
    defs: &D,
    recall: Option<&mut Recall>,
) -> Result<Inventory, ConvertError> {
    let characters_component = profile
        .characters
        .as_ref()
        .and_then(|c| c.data.as_ref())
        .ok_or(ConvertError::MissingComponent(
            "the characters (component 200)",
        ))?;
    let inventories = profile
        .character_inventories
        .as_ref()
        .and_then(|c| c.data.as_ref())
        .ok_or(ConvertError::MissingComponent(
            "the character inventories (component 201)",
        ))?;
    let profile_inventory = profile
        .profile_inventory
        .as_ref()
        .and_then(|c| c.data.as_ref())
        .ok_or(ConvertError::MissingComponent("the vault (component 102)"))?;
    let empty = BTreeMap::new();
    let equipment = profile
        .character_equipment
        .as_ref()
        .and_then(|c| c.data.as_ref())
        .unwrap_or(&empty);
    let activities = profile
        .character_activities
        .as_ref()
        .and_then(|c| c.data.as_ref());

    let mut characters = Vec::new();
    for (id, c) in characters_component {
        let Ok(id) = u64::try_from(*id) else { continue };
        let Some(class) = Class::from_bungie(i64::from(c.class_type)) else {
            continue;
        };
        let activity = activities
            .and_then(|a| a.get(&c.character_id))
            .and_then(|a| current_activity(a, defs));
        characters.push(Character {
            id,
            class,
            race: race_name(c.race_type).to_string(),
            power: u32::try_from(c.light).unwrap_or(0),
            level: u32::try_from(c.base_character_level).unwrap_or(0),
            emblem: c.emblem_path.clone(),
            emblem_color: format!(
                "#{:02x}{:02x}{:02x}",
                c.emblem_color.red, c.emblem_color.green, c.emblem_color.blue
            ),
            last_played: c.date_last_played,
            activity,
        });
    }
    characters.sort_by(|a, b| b.last_played.cmp(&a.last_played).then(a.id.cmp(&b.id)));

    let mut builder = ItemBuilder {
        defs,
        components: profile.item_components.as_ref(),
        stack_counts: FastMap::default(),
        info_cache: FastMap::default(),
        stat_names: FastMap::default(),
        items: Vec::with_capacity(item_count(profile)),
        instances: Vec::new(),
        recall,
        first_buckets: FastMap::default(),
    };
    for character in &characters {
        let character_id = character.id;
        let Ok(key) = i64::try_from(character_id) else {
            continue;
        };
        for item in equipment
            .get(&key)
            .map(|e| e.items.as_slice())
            .unwrap_or_default()
        {
            builder.push(item, Location::Character { character_id }, true);
        }
        for item in inventories
            .get(&key)
            .map(|e| e.items.as_slice())
            .unwrap_or_default()
        {
            let location = if item.bucket_hash == POSTMASTER_BUCKET_HASH || item.location == 4 {
                Location::Postmaster { character_id }
            } else {
                Location::Character { character_id }
            };
            builder.push(item, location, false);
        }
    }
    for item in &profile_inventory.items {
        // Consumables and mods say location 2 (vault) too in real profiles: only the bucket tells.
        let location = if item.bucket_hash == VAULT_BUCKET_HASH {
            Location::Vault
        } else {
            Location::Profile
        };
        builder.push(item, location, false);
    }
    let items = builder.items;
    let mut instances = builder.instances;
    instances.sort_unstable();

    let mut bucket_hashes: Vec<u32> = items
        .iter()
        .filter(|i| matches!(i.location, Location::Character { .. }))
        .map(|i| i.info.home_bucket_hash)
        .collect();
    bucket_hashes.sort_unstable();
    bucket_hashes.dedup();
    let bucket_capacity = bucket_hashes
        .into_iter()
        .map(|h| {
            (
                h,
                defs.bucket_capacity(h).unwrap_or(FALLBACK_BUCKET_CAPACITY),
            )
        })
        .collect();
    let game_loadouts = super::game_loadouts::game_loadouts(profile, &characters, &instances, defs);
    let progress = super::progress::progress_entries(profile, &items, defs);
    let currencies = currencies(profile, defs);
    let inventory = Inventory {
        rev: 0,
        characters,
        items,
        vault_capacity: defs
            .bucket_capacity(VAULT_BUCKET_HASH)
            .unwrap_or(FALLBACK_VAULT_CAPACITY),
        bucket_capacity,
        // Bungie knows nothing of the player's marks; the store keeps them apart.
        annotations: Default::default(),
        game_loadouts,
        progress,
        currencies,
    };
    Ok(inventory)
}

/// `quantity` of the currency (or material) `hash`, named from the manifest ("Currency <hash>"
/// when it does not know it).
pub fn named_currency<D: Definitions + ?Sized>(
    defs: &D,
    hash: u32,
    quantity: i64,
) -> crate::store::model::Currency {
    let info = defs.item(hash);
    crate::store::model::Currency {
        hash,
        name: info
            .as_ref()
            .map_or_else(|| format!("Currency {hash}"), |i| i.name.clone()),
        icon: info.map(|i| i.icon).unwrap_or_default(),
        quantity,
    }
}

/// The account's currencies from component 103, named from the manifest.
fn currencies<D: Definitions + ?Sized>(
    profile: &DestinyProfileResponse,
    defs: &D,
) -> Vec<crate::store::model::Currency> {
    profile
        .profile_currencies
        .as_ref()
        .and_then(|c| c.data.as_ref())
        .map(|inv| {
            inv.items
                .iter()
                .map(|c| named_currency(defs, c.item_hash, i64::from(c.quantity)))
                .collect()
        })
        .unwrap_or_default()
}

/// What a character is doing (component 204), `None` in orbit, a social space or nothing.
pub fn current_activity<D: Definitions + ?Sized>(
    a: &crate::bungie::wire::profile::CharacterActivitiesComponent,
    defs: &D,
) -> Option<CurrentActivity> {
    // Orbit and social spaces are where a player waits between activities.
    if a.current_activity_hash == 0
        || a.current_activity_hash == ORBIT_HASH
        || a.current_activity_mode_types.contains(&SOCIAL_MODE)
        || a.current_activity_mode_type == Some(SOCIAL_MODE)
        || defs.is_downtime(a.current_activity_hash)
    {
        return None;
    }
    let (name, direct_mode) = defs
        .activity(a.current_activity_hash)
        .unwrap_or_else(|| (format!("Activity {}", a.current_activity_hash), None));
    let mode_hash = Some(a.current_activity_mode_hash)
        .filter(|h| *h != 0)
        .or(direct_mode);
    Some(CurrentActivity {
        hash: a.current_activity_hash,
        name,
        mode: mode_hash
            .and_then(|h| defs.mode_name(h))
            .unwrap_or_default(),
        started_at: a.date_activity_started,
    })
}

/// Definitions that know nothing: every item becomes a placeholder and capacities take their
/// fallbacks. For tests and benchmarks that measure conversion without a manifest.
pub struct NoDefs;

impl LoadoutLabels for NoDefs {}

impl Definitions for NoDefs {}

#[cfg(test)]
mod tests {

    #[test]
    fn orbit_and_social_spaces_are_downtime_by_their_definitions() {
        use crate::bungie::manifest::defs::ActivityDef;
        let tower = ActivityDef {
            hash: 3_903_562_779,
            activity_type_hash: 1_589_650_888,
            direct_activity_mode_type: Some(40),
            activity_mode_types: vec![40],
            ..ActivityDef::default()
        };
        let orbit = ActivityDef {
            hash: 12_345,
            ..ActivityDef::default()
        };
        let strike = ActivityDef {
            hash: 7,
            direct_activity_mode_type: Some(3),
            activity_mode_types: vec![3, 18, 7],
            ..ActivityDef::default()
        };
        assert!(is_downtime_def(&tower));
        assert!(is_downtime_def(&orbit));
        assert!(!is_downtime_def(&strike));
    }

    use super::*;

    fn real_profile() -> Option<DestinyProfileResponse> {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../shared/bungie/data/responses/GetProfile-full-2021-05-28.json"
        );
        let Ok(bytes) = std::fs::read(path) else {
            assert!(
                std::env::var_os("CI").is_none() || cfg!(windows),
                "CI must not skip this test: its data or D-Bus session is missing"
            );
            eprintln!("skipping: {path} is absent");
            return None;
        };
        let envelope: serde_json::Value =
            serde_json::from_slice(&bytes).expect("the capture is JSON");
        Some(serde_json::from_value(envelope["Response"].clone()).expect("the capture decodes"))
    }

    #[test]
    fn the_real_2021_profile_converts_with_every_item_in_its_place() {
        let Some(profile) = real_profile() else {
            return;
        };
        let inventory = inventory_from_profile(&profile, &NoDefs).unwrap();
        assert_eq!(inventory.characters.len(), 3);
        let equipped = inventory.items.iter().filter(|i| i.equipped).count();
        let vault = inventory
            .items
            .iter()
            .filter(|i| i.location == Location::Vault)
            .count();
        // The capture's README: 16–17 equipped per character, 467 items in the vault.
        assert!((48..=51).contains(&equipped), "{equipped} equipped");
        assert_eq!(vault, 467);
        let mut ids: Vec<&crate::store::model::ItemId> =
            inventory.items.iter().map(|i| &i.id).collect();
        ids.sort();
        let before = ids.len();
        ids.dedup();
        assert_eq!(before, ids.len(), "item ids are unique");
        assert!(
            inventory.items.iter().any(|i| i.power.is_some()),
            "instances give power"
        );
    }

    #[test]
    fn a_profile_without_inventories_is_refused() {
        let profile = DestinyProfileResponse::default();
        assert!(matches!(
            inventory_from_profile(&profile, &NoDefs),
            Err(ConvertError::MissingComponent(_))
        ));
    }
}
