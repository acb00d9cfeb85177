//! The sample account: Titan, Hunter and Warlock with full loadouts (an exotic weapon and their
//! class's exotic armour each), spare gear, a vault, postmaster drops, consumables, mods, currencies
//! and an activity history. `large` fills the characters and brings the vault near its capacity.

use chrono::{DateTime, Duration, TimeZone, Utc};
use rand::RngExt;
use rand::rngs::StdRng;

use super::activities::ACTIVITIES;
use super::catalogue::Catalogue;
use super::clock::Clock;
use super::defs::{ItemDef, bucket, icon_path};
use super::loadouts::LoadoutSlots;
use super::model::{Account, Character, HistoryEntry, Item, Place};
use super::objective_defs;
use super::{World, seeded_rng};

/// The moment the sample account was last played (histories end here).
fn epoch() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 6, 20, 18, 0, 0)
        .single()
        .unwrap_or_default()
}

/// Buckets each character fills: every equippable bucket with transferable gear.
const GEAR_BUCKETS: [u32; 11] = [
    bucket::KINETIC,
    bucket::ENERGY,
    bucket::POWER,
    bucket::HELMET,
    bucket::GAUNTLETS,
    bucket::CHEST,
    bucket::LEGS,
    bucket::CLASS_ITEM,
    bucket::GHOST,
    bucket::SHIPS,
    bucket::VEHICLE,
];

/// Builds the sample world.
pub fn build(seed: u64, large: bool) -> World {
    let mut rng = seeded_rng(seed);
    let catalogue = Catalogue::standard();
    let account = Account {
        bungie_net_id: 20_000_000 + rng.random_range(0..9_000_000),
        membership_type: 3,
        membership_id: 4_611_686_018_400_000_000 + rng.random_range(0..99_999_999),
        secondary: (
            2,
            4_611_686_018_500_000_000 + rng.random_range(0..99_999_999),
        ),
        display_name: "Guardian".to_owned(),
        display_name_code: rng.random_range(1000..9999),
        cross_save: true,
        legacy: None,
    };
    let mut world = World {
        account,
        characters: Vec::new(),
        items: Vec::new(),
        catalogue,
        clock: Clock::new(seed),
        next_instance_id: 6_917_529_000_000_000_000 + rng.random_range(0..100_000_000),
        progress: super::progress::Progress::default(),
        shop: super::shop::Shop::default(),
        clan: None,
        definitions_id: super::fresh_definitions_id(),
    };
    let base_character = 2_305_843_009_300_000_000 + rng.random_range(0..99_999_999);
    for class_type in 0..3 {
        let id = base_character + i64::from(class_type) + 1;
        world
            .characters
            .push(new_character(&mut rng, id, class_type));
        equip_loadout(&mut world, &mut rng, id, class_type);
        let spare = if large { 9 } else { 3 };
        for bucket in GEAR_BUCKETS {
            let count = if large {
                spare
            } else {
                rng.random_range(1..=spare)
            };
            for _ in 0..count {
                if let Some(def) = pick(&world.catalogue, &mut rng, bucket, Some(class_type)) {
                    add_instance(&mut world, &mut rng, &def, Place::Character(id), false);
                }
            }
        }
        let engram = world.catalogue.by_name("Bright Engram").cloned();
        for _ in 0..if large { 10 } else { 1 } {
            if let Some(def) = &engram {
                add_instance(&mut world, &mut rng, def, Place::Character(id), false);
            }
        }
        for _ in 0..if large { 50 } else { 3 } {
            if let Some(def) = pick_bounty(&world.catalogue, &mut rng) {
                add_instance(&mut world, &mut rng, &def, Place::Character(id), false);
            }
        }
        let drops = if large { 21 } else { rng.random_range(2..=5) };
        for _ in 0..drops {
            let bucket = GEAR_BUCKETS
                .get(rng.random_range(0..8))
                .copied()
                .unwrap_or(bucket::KINETIC);
            if let Some(def) = pick(&world.catalogue, &mut rng, bucket, None) {
                add_instance(&mut world, &mut rng, &def, Place::Postmaster(id), false);
            }
        }
    }
    let vault = if large {
        world.catalogue.vault_capacity().saturating_sub(20)
    } else {
        180
    };
    add_vault(&mut world, &mut rng, vault);
    add_stacks(&mut world, &mut rng);
    add_carried(&mut world, seed, large);
    super::sample_loadouts::add_loadouts(&mut world, seed, large);
    add_shop_and_clan(&mut world);
    world
}

/// The vendors' own items and currencies (after everything random, so the rest of the sample
/// stays as it was): the vendor-only items and Strange Coin join the catalogue, the wallet holds
/// fixed amounts (Glimmer 125,000, Bright Dust 7,500, Silver 1,000, Strange Coins 30), and the
/// account is in the sample clan.
fn add_shop_and_clan(world: &mut World) {
    super::vendor_catalogue::furnish(&mut world.catalogue);
    let (coin, coin_hash) = super::vendor_catalogue::STRANGE_COIN;
    for (name, quantity) in [
        ("Glimmer", 125_000),
        ("Bright Dust", 7_500),
        ("Silver", 1_000),
    ] {
        let hash = world.catalogue.by_name(name).map(|d| d.hash);
        if let Some(stack) = world
            .items
            .iter_mut()
            .find(|i| Some(i.hash) == hash && i.place == Place::Account)
        {
            stack.quantity = quantity;
        }
    }
    if world.catalogue.by_name(coin).is_some() {
        world.items.push(Item::stack(coin_hash, 30, Place::Account));
    }
    world.clan = Some(super::clan::sample(&world.account, epoch()));
}

/// What real characters carry besides gear: 2–4 unequipped subclasses of their class, 1–3 more
/// emblems and a quest or two (drawn from their own seeded source, so the rest of the sample stays
/// as it was). Subclasses and emblems cannot leave their character (1660), quests neither.
fn add_carried(world: &mut World, seed: u64, large: bool) {
    let mut rng = seeded_rng(seed ^ 0x0ca4_41ed);
    let characters: Vec<(i64, i32)> = world
        .characters
        .iter()
        .map(|c| (c.id, c.class_type))
        .collect();
    for (id, class_type) in characters {
        let equipped: Vec<u32> = world
            .items
            .iter()
            .filter(|i| i.place == Place::Character(id) && i.equipped)
            .map(|i| i.hash)
            .collect();
        let spare = |bucket_hash: u32| -> Vec<ItemDef> {
            world
                .catalogue
                .in_bucket(bucket_hash)
                .into_iter()
                .filter(|d| d.class_type == class_type || d.class_type == 3)
                .filter(|d| !equipped.contains(&d.hash))
                .cloned()
                .collect()
        };
        let subclasses = spare(bucket::SUBCLASS);
        let emblems = spare(bucket::EMBLEMS);
        let quests: Vec<ItemDef> = spare(bucket::QUESTS)
            .into_iter()
            .filter(|d| d.item_type == 12 && !objective_defs::is_later_step(&d.name))
            .collect();
        let wanted = [
            (subclasses, rng.random_range(2..=4usize)),
            (
                emblems,
                if large {
                    3
                } else {
                    rng.random_range(1..=3usize)
                },
            ),
            (quests, rng.random_range(1..=2usize)),
        ];
        for (pool, count) in wanted {
            for def in pool.iter().take(count) {
                add_instance(world, &mut rng, def, Place::Character(id), false);
            }
        }
    }
}

fn new_character(rng: &mut StdRng, id: i64, class_type: i32) -> Character {
    let total = rng.random_range(5_000..90_000);
    let last = epoch() - Duration::hours(i64::from(class_type) * 20);
    let emblem = ["High-Risk, High-Reward", "Gilded Age", "Deep Stone Crypt"]
        .get(class_type as usize)
        .copied()
        .unwrap_or("Emblem");
    let mut history = Vec::new();
    let mut at = last - Duration::days(14);
    for _ in 0..rng.random_range(25..40) {
        let def = ACTIVITIES.get(rng.random_range(0..ACTIVITIES.len()));
        let Some(def) = def else { continue };
        let minutes = rng.random_range(def.minutes.0..=def.minutes.1);
        history.push(HistoryEntry {
            period: at,
            activity_hash: def.hash(),
            instance_id: 14_000_000_000 + rng.random_range(0..999_999_999i64),
            kills: rng.random_range(5..150),
            deaths: rng.random_range(0..12),
            assists: rng.random_range(0..40),
            duration_seconds: minutes * 60 + rng.random_range(0..60),
            completed: rng.random_bool(0.85),
        });
        at += Duration::minutes(i64::from(minutes) + rng.random_range(2..600));
        if at > last {
            break;
        }
    }
    Character {
        id,
        class_type,
        race_type: rng.random_range(0..3),
        gender_type: rng.random_range(0..2),
        date_last_played: last,
        minutes_played_total: total,
        minutes_played_this_session: 0,
        emblem_hash: super::defs::fnv32(emblem.as_bytes()),
        emblem_path: icon_path(&format!("emblem:{emblem}")),
        emblem_background_path: icon_path(&format!("emblem-bg:{emblem}")),
        title_record_hash: 0,
        base_light: 1900,
        activity: None,
        equipment_locked: false,
        history,
        loadouts: LoadoutSlots::default(),
    }
}

/// One equipped item per bucket: an exotic kinetic weapon, the class's exotic helmet, legendaries
/// elsewhere, the class's subclass and an emblem.
fn equip_loadout(world: &mut World, rng: &mut StdRng, id: i64, class_type: i32) {
    let exotic_weapon = ["Ace of Spades", "Sturm", "Rat King"]
        .get(class_type as usize)
        .copied();
    let exotic_helmet = [
        "One-Eyed Mask",
        "Celestial Nighthawk",
        "Eye of Another World",
    ]
    .get(class_type as usize)
    .copied();
    let mut buckets = GEAR_BUCKETS.to_vec();
    buckets.extend([bucket::SUBCLASS, bucket::EMBLEMS]);
    for bucket_hash in buckets {
        let named = match bucket_hash {
            bucket::KINETIC => exotic_weapon,
            bucket::HELMET => exotic_helmet,
            // The first subclass of the class and the first emblem, with the one draw the single
            // choice they had always took (so the rest of the sample stays the same).
            bucket::SUBCLASS | bucket::EMBLEMS => {
                let _ = rng.random_range(0..1usize);
                match bucket_hash {
                    bucket::SUBCLASS => ["Striker", "Arcstrider", "Dawnblade"]
                        .get(class_type as usize)
                        .copied(),
                    _ => Some("High-Risk, High-Reward"),
                }
            }
            _ => None,
        };
        let def = match named.and_then(|n| world.catalogue.by_name(n)).cloned() {
            Some(def) => Some(def),
            None => pick_legendary(&world.catalogue, rng, bucket_hash, class_type),
        };
        if let Some(def) = def {
            add_instance(world, rng, &def, Place::Character(id), true);
        }
    }
}

/// A random non-exotic definition for the bucket usable by the class.
fn pick_legendary(
    catalogue: &Catalogue,
    rng: &mut StdRng,
    bucket_hash: u32,
    class_type: i32,
) -> Option<ItemDef> {
    let pool: Vec<&ItemDef> = catalogue
        .in_bucket(bucket_hash)
        .into_iter()
        .filter(|d| d.unique_label.is_none() && (d.class_type == 3 || d.class_type == class_type))
        .collect();
    pool.get(rng.random_range(0..pool.len().max(1)))
        .map(|d| (*d).clone())
}

/// A random bounty (quests are added separately, by [`add_carried`]).
fn pick_bounty(catalogue: &Catalogue, rng: &mut StdRng) -> Option<ItemDef> {
    let pool: Vec<&ItemDef> = catalogue
        .in_bucket(bucket::QUESTS)
        .into_iter()
        .filter(|d| d.instanced && d.type_name.ends_with("Bounty"))
        .collect();
    pool.get(rng.random_range(0..pool.len().max(1)))
        .map(|d| (*d).clone())
}

/// A random definition for the bucket (for `class`, or any class).
fn pick(
    catalogue: &Catalogue,
    rng: &mut StdRng,
    bucket_hash: u32,
    class: Option<i32>,
) -> Option<ItemDef> {
    let pool: Vec<&ItemDef> = catalogue
        .in_bucket(bucket_hash)
        .into_iter()
        .filter(|d| {
            d.instanced
                && !d.pull_side_effects
                && class.is_none_or(|c| d.class_type == 3 || d.class_type == c)
        })
        .collect();
    pool.get(rng.random_range(0..pool.len().max(1)))
        .map(|d| (*d).clone())
}

fn add_instance(world: &mut World, rng: &mut StdRng, def: &ItemDef, place: Place, equipped: bool) {
    let id = world.next_instance_id + rng.random_range(1..5_000);
    world.next_instance_id = id;
    let gear = def.counts_for_light();
    let locked = gear && rng.random_bool(0.3);
    let masterwork = gear && rng.random_bool(0.2);
    world.items.push(Item {
        instance_id: Some(id),
        hash: def.hash,
        quantity: 1,
        place,
        equipped,
        state: i32::from(locked) | if masterwork { 4 } else { 0 },
        lockable: gear || matches!(def.bucket, bucket::GHOST | bucket::SHIPS | bucket::VEHICLE),
        power: if gear {
            rng.random_range(1900..=2010)
        } else {
            0
        },
        bucket_override: None,
    });
}

/// `count` random weapons and armour pieces in the vault.
fn add_vault(world: &mut World, rng: &mut StdRng, count: u32) {
    for _ in 0..count {
        let bucket = GEAR_BUCKETS
            .get(rng.random_range(0..GEAR_BUCKETS.len()))
            .copied()
            .unwrap_or(bucket::KINETIC);
        if let Some(def) = pick(&world.catalogue, rng, bucket, None) {
            add_instance(world, rng, &def, Place::Vault, false);
        }
    }
}

/// Consumables and mods (account-wide, some in the vault) and the three currencies.
fn add_stacks(world: &mut World, rng: &mut StdRng) {
    let stackable: Vec<ItemDef> = world
        .catalogue
        .items
        .values()
        .filter(|d| !d.instanced && matches!(d.bucket, bucket::CONSUMABLES | bucket::MODIFICATIONS))
        .cloned()
        .collect();
    for def in stackable {
        let quantity = rng.random_range(1..=def.max_stack.min(500));
        let stack = |place| Item::stack(def.hash, quantity, place);
        world.items.push(stack(Place::Account));
        if rng.random_bool(0.3) {
            world.items.push(stack(Place::Vault));
        }
    }
    for (name, quantity) in [
        ("Glimmer", rng.random_range(10_000..250_000)),
        ("Bright Dust", rng.random_range(0..20_000)),
        ("Silver", rng.random_range(0..2_000)),
    ] {
        if let Some(def) = world.catalogue.by_name(name) {
            let hash = def.hash;
            world
                .items
                .push(Item::stack(hash, quantity, Place::Account));
        }
    }
}
