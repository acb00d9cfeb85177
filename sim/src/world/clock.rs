//! The game clock: the player logs in, plays activities on one character at a time, gets drops in
//! the postmaster and moves items in game. Every choice comes from the world's seeded random source,
//! so the same seed and the same tick times give the same story.

use chrono::{DateTime, Duration, Utc};
use rand::RngExt;
use rand::rngs::StdRng;

use super::activities::{self, ACTIVITIES};
use super::catalogue::SIDE_EFFECT_ENGRAM;
use super::defs::bucket;
use super::model::{CurrentActivity, HistoryEntry, Item, Place};
use super::{GameEvent, SimError, World};

/// The most steps one tick takes, so a huge jump in time cannot hang the caller.
const MAX_STEPS: usize = 10_000;

/// The clock's schedule and random source.
#[derive(Debug)]
pub struct Clock {
    /// The random source every game decision draws from.
    pub rng: StdRng,
    /// When the next activity change happens; `None` until the first tick.
    pub next_at: Option<DateTime<Utc>>,
    /// When the player next moves an item in game.
    pub next_move_at: Option<DateTime<Utc>>,
    /// The character being played while the player is online.
    pub online: Option<i64>,
}

/// A copy of the schedule whose random source starts over from a fixed seed: clones are snapshots
/// for showing a past state (profile lag), never ticked on.
impl Clone for Clock {
    fn clone(&self) -> Clock {
        Clock {
            rng: super::seeded_rng(0x5eed_c10c),
            next_at: self.next_at,
            next_move_at: self.next_move_at,
            online: self.online,
        }
    }
}

impl Clock {
    /// A clock that has not started yet.
    pub fn new(seed: u64) -> Clock {
        Clock {
            rng: super::seeded_rng(seed ^ 0x5eed_c10c),
            next_at: None,
            next_move_at: None,
            online: None,
        }
    }

    fn minutes(&mut self, low: i64, high: i64) -> Duration {
        Duration::seconds(self.rng.random_range(low * 60..=high * 60))
    }
}

/// Advances the world to `now`.
pub fn tick(world: &mut World, now: DateTime<Utc>) -> Vec<GameEvent> {
    let mut events = Vec::new();
    if world.characters.is_empty() {
        return events;
    }
    if world.clock.next_move_at.is_none() {
        let first = world.clock.minutes(1, 3);
        let moves = world.clock.minutes(4, 10);
        world.clock.next_at = Some(world.clock.next_at.unwrap_or(now + first));
        world.clock.next_move_at = Some(now + moves);
        return events;
    }
    for _ in 0..MAX_STEPS {
        let (Some(next), Some(next_move)) = (world.clock.next_at, world.clock.next_move_at) else {
            break;
        };
        let at = next.min(next_move);
        if at > now {
            break;
        }
        if next_move <= next {
            let gap = world.clock.minutes(5, 15);
            world.clock.next_move_at = Some(at + gap);
            events.extend(random_move(world));
        } else {
            events.extend(activity_step(world, at));
        }
    }
    events
}

/// One change of the player's activity state at `at`.
fn activity_step(world: &mut World, at: DateTime<Utc>) -> Vec<GameEvent> {
    let playing = world
        .clock
        .online
        .and_then(|id| world.characters.iter().find(|c| c.id == id));
    match playing.map(|c| (c.id, c.activity.is_some())) {
        Some((id, true)) => {
            let events = complete(world, id, at);
            if world.clock.rng.random_bool(0.25) {
                world.clock.online = None;
                let gap = world.clock.minutes(20, 90);
                world.clock.next_at = Some(at + gap);
            } else {
                let gap = world.clock.minutes(1, 4);
                world.clock.next_at = Some(at + gap);
            }
            events
        }
        Some((id, false)) => {
            let id = if world.clock.rng.random_bool(0.2) {
                random_character(world)
            } else {
                id
            };
            begin(world, id, at).into_iter().collect()
        }
        None => {
            let id = random_character(world);
            begin(world, id, at).into_iter().collect()
        }
    }
}

fn random_character(world: &mut World) -> i64 {
    let n = world.clock.rng.random_range(0..world.characters.len());
    world.characters.get(n).map_or(0, |c| c.id)
}

/// Puts a character into a random activity at `at` and schedules its end.
fn begin(world: &mut World, character_id: i64, at: DateTime<Utc>) -> Option<GameEvent> {
    let n = world.clock.rng.random_range(0..ACTIVITIES.len());
    let def = ACTIVITIES.get(n)?;
    let duration = world
        .clock
        .minutes(i64::from(def.minutes.0), i64::from(def.minutes.1));
    let instance_id = 15_000_000_000 + world.clock.rng.random_range(0..1_000_000_000i64);
    let character = world.characters.iter_mut().find(|c| c.id == character_id)?;
    character.activity = Some(CurrentActivity {
        activity_hash: def.hash(),
        started: at,
        instance_id,
    });
    character.equipment_locked = def.locks_equipment;
    character.date_last_played = at;
    world.clock.online = Some(character_id);
    world.clock.next_at = Some(at + duration);
    Some(GameEvent::ActivityStarted {
        character_id,
        activity_hash: def.hash(),
        mode: def.mode(),
        at,
    })
}

/// Ends a character's activity at `at`: a history entry, then drops in the postmaster.
fn complete(world: &mut World, character_id: i64, at: DateTime<Utc>) -> Vec<GameEvent> {
    let Some(event) = end_activity(world, character_id, at) else {
        return Vec::new();
    };
    let mut events = vec![event];
    let drops = world.clock.rng.random_range(0..=2);
    for _ in 0..drops {
        events.extend(drop_item(world, character_id));
    }
    events
}

/// Ends the activity and writes its history entry (moving the character's objectives and
/// milestones); `None` when the character is idle.
fn end_activity(world: &mut World, character_id: i64, at: DateTime<Utc>) -> Option<GameEvent> {
    let completed = world.clock.rng.random_bool(0.85);
    let kills = world.clock.rng.random_range(5..150u32);
    let deaths = world.clock.rng.random_range(0..12u32);
    let assists = world.clock.rng.random_range(0..40u32);
    let character = world.characters.iter_mut().find(|c| c.id == character_id)?;
    let current = character.activity.take()?;
    let seconds = (at - current.started).num_seconds().max(1);
    character.equipment_locked = false;
    character.date_last_played = at;
    character.minutes_played_total = character.minutes_played_total.saturating_add(seconds / 60);
    character.minutes_played_this_session = character
        .minutes_played_this_session
        .saturating_add(seconds / 60);
    let entry = HistoryEntry {
        period: current.started,
        activity_hash: current.activity_hash,
        instance_id: current.instance_id,
        kills,
        deaths,
        assists,
        duration_seconds: u32::try_from(seconds).unwrap_or(u32::MAX),
        completed,
    };
    character.history.push(entry.clone());
    super::progress::on_activity_end(world, character_id, &entry);
    Some(GameEvent::ActivityCompleted {
        character_id,
        activity_hash: current.activity_hash,
        instance_id: current.instance_id,
        completed,
        at,
    })
}

/// A random weapon or armour piece (sometimes an engram that can only be claimed in game) lands in
/// the character's postmaster; the oldest item there is lost when it is full.
fn drop_item(world: &mut World, character_id: i64) -> Option<GameEvent> {
    let prime = world.clock.rng.random_bool(0.1);
    let pool: Vec<u32> = world
        .catalogue
        .items
        .values()
        .filter(|d| {
            if prime {
                d.name == SIDE_EFFECT_ENGRAM
            } else {
                d.counts_for_light() && !super::vendor_catalogue::is_vendor_only(&d.name)
            }
        })
        .map(|d| d.hash)
        .collect();
    let n = world.clock.rng.random_range(0..pool.len().max(1));
    let hash = *pool.get(n)?;
    let power = world.clock.rng.random_range(1900..2010);
    let capacity = world
        .catalogue
        .bucket(bucket::LOST_ITEMS)
        .map_or(21, |b| b.item_count) as usize;
    let held: Vec<usize> = world
        .items
        .iter()
        .enumerate()
        .filter(|(_, i)| i.place == Place::Postmaster(character_id))
        .map(|(n, _)| n)
        .collect();
    let mut lost = None;
    if let Some(&oldest) = held.first().filter(|_| held.len() >= capacity) {
        let gone = world.items.remove(oldest);
        lost = Some(
            gone.instance_id
                .map_or_else(|| gone.hash.to_string(), |id| id.to_string()),
        );
    }
    let id = world.new_instance_id();
    world.items.push(Item {
        instance_id: Some(id),
        hash,
        quantity: 1,
        place: Place::Postmaster(character_id),
        equipped: false,
        state: 0,
        lockable: !prime,
        power: if prime { 0 } else { power },
        bucket_override: None,
    });
    Some(GameEvent::Drop {
        character_id,
        item_hash: hash,
        item_instance_id: Some(id.to_string()),
        lost,
    })
}

/// The player moves one unequipped item between the played character and the vault.
fn random_move(world: &mut World) -> Option<GameEvent> {
    let character_id = world.clock.online?;
    let candidates: Vec<i64> = world
        .items
        .iter()
        .filter(|i| {
            !i.equipped && (i.place == Place::Vault || i.place == Place::Character(character_id))
        })
        .filter(|i| {
            world
                .def_of(i)
                .is_some_and(|d| d.counts_for_light() && !d.non_transferrable)
        })
        .filter_map(|i| i.instance_id)
        .collect();
    for _ in 0..4 {
        let n = world.clock.rng.random_range(0..candidates.len().max(1));
        let id = *candidates.get(n)?;
        let to = match world
            .items
            .iter()
            .find(|i| i.instance_id == Some(id))
            .map(|i| i.place)
        {
            Some(Place::Vault) => character_id.to_string(),
            _ => "vault".to_owned(),
        };
        if game_move(world, &id.to_string(), &to).is_ok() {
            return Some(GameEvent::InGameMove {
                item_id: id.to_string(),
                to,
            });
        }
    }
    None
}

/// An in-game move of an instance to `"vault"` or a character.
pub fn game_move(world: &mut World, item_id: &str, to: &str) -> Result<(), SimError> {
    let id: i64 = item_id
        .trim()
        .parse()
        .map_err(|_| SimError::parse_failure("itemId"))?;
    let destination = if to == "vault" {
        Place::Vault
    } else {
        let character: i64 = to
            .trim()
            .parse()
            .map_err(|_| SimError::parse_failure("to"))?;
        world.character(character)?;
        Place::Character(character)
    };
    let index = world
        .items
        .iter()
        .position(|i| i.instance_id == Some(id))
        .ok_or_else(SimError::item_not_found)?;
    let item = world
        .items
        .get(index)
        .ok_or_else(SimError::item_not_found)?;
    if item.place == destination {
        return Ok(());
    }
    if item.equipped {
        return Err(SimError::equipped_item());
    }
    let def = world.def_of(item).ok_or_else(SimError::item_not_found)?;
    if def.non_transferrable && destination == Place::Vault {
        return Err(SimError::not_transferrable());
    }
    world.check_room(destination, def.bucket)?;
    if let Some(item) = world.items.get_mut(index) {
        item.place = destination;
        item.bucket_override = None;
    }
    Ok(())
}

/// Starts an activity for a character now (a no-op returning the current one when already inside).
pub fn start_activity(
    world: &mut World,
    character_id: i64,
    now: DateTime<Utc>,
) -> Result<GameEvent, SimError> {
    let character = world.character(character_id)?;
    if let Some(a) = &character.activity {
        let mode = activities::activity(a.activity_hash).map_or(0, |d| d.mode());
        return Ok(GameEvent::ActivityStarted {
            character_id,
            activity_hash: a.activity_hash,
            mode,
            at: a.started,
        });
    }
    begin(world, character_id, now).ok_or_else(SimError::character_not_found)
}

/// Finishes a character's activity now, starting one ten minutes ago first if it is idle.
pub fn finish_activity(
    world: &mut World,
    character_id: i64,
    now: DateTime<Utc>,
) -> Result<GameEvent, SimError> {
    if world.character(character_id)?.activity.is_none() {
        start_activity(world, character_id, now - Duration::minutes(10))?;
    }
    let event = end_activity(world, character_id, now).ok_or_else(SimError::character_not_found)?;
    let gap = world.clock.minutes(1, 4);
    world.clock.next_at = Some(now + gap);
    Ok(event)
}

/// Drops `count` items into the character's postmaster; the drops, each naming what it cost
/// (the oldest item a full postmaster lost).
pub fn fill_postmaster(
    world: &mut World,
    character_id: i64,
    count: u32,
) -> Result<Vec<GameEvent>, SimError> {
    world.character(character_id)?;
    Ok((0..count)
        .filter_map(|_| drop_item(world, character_id))
        .collect())
}
