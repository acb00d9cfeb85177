//! GetPostGameCarnageReport's `DestinyPostGameCarnageReportData`: the player's own character first
//! (its numbers are the history entry's), then 2–5 made-up other players fixed by the activity id;
//! PvP activities carry two teams and standings. A report exists only once the activity has been
//! over for the stats service's delay.

use chrono::{DateTime, Duration, Utc};
use rand::RngExt;
use serde_json::{Map, Value, json};

use super::account::user_info;
use super::activities::details_json;
use super::entry_stats::{self, is_pvp, minutes_seconds, standing_name, team_name};
use super::model::{Character, HistoryEntry};
use super::profile::{CLASS_HASHES, GENDER_HASHES, RACE_HASHES, date};
use super::{SimError, World, seeded_rng};

/// The player's own team in PvP (`teamId`).
pub const ALPHA: i32 = 17;
/// The other team.
pub const BRAVO: i32 = 18;
/// The emblem the made-up players wear.
const OTHER_EMBLEM: u32 = 2_390_666_069;
/// Names of the made-up players.
const NAMES: [&str; 8] = [
    "Shaxx Fan",
    "Cayde's Chicken",
    "Ghost Whisperer",
    "Traveler's Light",
    "Vex Milk",
    "Riven's Wish",
    "Thorn Apologist",
    "Crota's Bane",
];
/// Class names by `DestinyClass`.
const CLASS_NAMES: [&str; 3] = ["Titan", "Hunter", "Warlock"];

/// One made-up player of a report.
struct Other {
    name: &'static str,
    code: i32,
    membership_type: i32,
    membership_id: i64,
    character_id: i64,
    class_type: usize,
    race_type: usize,
    gender_type: usize,
    light: i32,
    kills: u32,
    deaths: u32,
    assists: u32,
    precision: u32,
    seconds: u32,
    team: i32,
}

/// The other players of the activity, fixed by its instance id (2–5 of them).
fn others(entry: &HistoryEntry) -> Vec<Other> {
    let mut rng = seeded_rng(entry.instance_id.unsigned_abs() ^ 0x9c3c_4e9e);
    let count = rng.random_range(2..=5usize);
    (0..count)
        .map(|n| {
            let kills = rng.random_range(0..entry.kills.saturating_add(30));
            Other {
                name: NAMES[rng.random_range(0..NAMES.len())],
                code: rng.random_range(1000..10_000),
                membership_type: [1, 2, 3, 6][rng.random_range(0..4usize)],
                membership_id: 4_611_686_018_400_000_000 + rng.random_range(0..99_999_999i64),
                character_id: 2_305_843_009_200_000_000 + rng.random_range(0..99_999_999i64),
                class_type: rng.random_range(0..3usize),
                race_type: rng.random_range(0..3usize),
                gender_type: rng.random_range(0..2usize),
                light: rng.random_range(1900..2020),
                kills,
                deaths: rng.random_range(0..15),
                assists: rng.random_range(0..40),
                precision: kills * rng.random_range(10..50u32) / 100,
                seconds: rng.random_range(entry.duration_seconds / 2..=entry.duration_seconds),
                team: if n % 2 == 0 { BRAVO } else { ALPHA },
            }
        })
        .collect()
}

/// How many players the report lists (the history's `playerCount`).
pub fn player_count(entry: &HistoryEntry) -> usize {
    1 + others(entry).len()
}

/// The two teams' scores of a PvP activity (own, other); `None` for PvE.
pub fn team_scores(entry: &HistoryEntry) -> Option<(u32, u32)> {
    if !is_pvp(entry) {
        return None;
    }
    let own = entry_stats::score(true, entry.kills, entry.assists);
    let mut scores = (own, 0u32);
    for other in others(entry) {
        let score = entry_stats::score(true, other.kills, other.assists);
        if other.team == ALPHA {
            scores.0 = scores.0.saturating_add(score);
        } else {
            scores.1 = scores.1.saturating_add(score);
        }
    }
    Some(scores)
}

/// The own team's standing in PvP: 0 Victory (a tie counts as one), 1 Defeat.
pub fn own_standing(entry: &HistoryEntry) -> i32 {
    match team_scores(entry) {
        Some((own, other)) if own < other => 1,
        _ => 0,
    }
}

/// `{basic: {value, displayValue}}`.
fn basic(value: f64, display: String) -> Value {
    json!({ "basic": { "value": value, "displayValue": display } })
}

fn hash_of(table: &[u32], index: usize) -> u32 {
    table.get(index).copied().unwrap_or(0)
}

/// `extended`: no weapons, the precision kills and the ability kills.
fn extended(kills: u32, precision: u32) -> Value {
    let value = |n: u32| basic(f64::from(n), n.to_string());
    json!({
        "weapons": [],
        "values": {
            "precisionKills": value(precision),
            "weaponKillsGrenade": value(kills / 10),
            "weaponKillsMelee": value(kills / 12),
            "weaponKillsSuper": value(kills / 15),
            "weaponKillsAbility": value(kills / 20),
        },
    })
}

/// The player's own entry: the history entry's numbers.
fn own_entry(world: &World, character: &Character, entry: &HistoryEntry) -> Value {
    let index = |n: i32| usize::try_from(n).unwrap_or(usize::MAX);
    let values = entry_stats::values(entry);
    let standing = own_standing(entry);
    let score = entry_stats::score(is_pvp(entry), entry.kills, entry.assists);
    let account = &world.account;
    json!({
        "standing": if is_pvp(entry) { standing } else { 0 },
        "score": basic(f64::from(score), score.to_string()),
        "player": {
            "destinyUserInfo": user_info(account, account.membership_type, account.membership_id),
            "characterClass": CLASS_NAMES.get(index(character.class_type)).copied().unwrap_or("Unknown"),
            "classHash": hash_of(&CLASS_HASHES, index(character.class_type)),
            "raceHash": hash_of(&RACE_HASHES, index(character.race_type)),
            "genderHash": hash_of(&GENDER_HASHES, index(character.gender_type)),
            "characterLevel": 50,
            "lightLevel": world.light_of(character),
            "emblemHash": character.emblem_hash,
        },
        "characterId": character.id.to_string(),
        "values": values,
        "extended": extended(entry.kills, entry_stats::precision_kills(entry)),
    })
}

/// A made-up player's entry.
fn other_entry(entry: &HistoryEntry, other: &Other) -> Value {
    let theirs = HistoryEntry {
        kills: other.kills,
        deaths: other.deaths,
        assists: other.assists,
        ..entry.clone()
    };
    let pvp = is_pvp(entry);
    let mut values = entry_stats::values(&theirs);
    let mut put = |id: &str, value: f64, display: String| {
        values.insert(id.to_owned(), entry_stats::stat(id, value, display));
    };
    put(
        "timePlayedSeconds",
        f64::from(other.seconds),
        minutes_seconds(other.seconds),
    );
    let fireteam = other.membership_id % 1_000_000;
    put("fireteamId", fireteam as f64, fireteam.to_string());
    let standing = match team_scores(entry) {
        Some((own, theirs_score)) => {
            let (team_score, standing) = if other.team == ALPHA {
                (own, own_standing(entry))
            } else {
                (theirs_score, 1 - own_standing(entry))
            };
            put("teamScore", f64::from(team_score), team_score.to_string());
            put(
                "team",
                f64::from(other.team),
                team_name(other.team).to_owned(),
            );
            put(
                "standing",
                f64::from(standing),
                standing_name(standing).to_owned(),
            );
            standing
        }
        None => 0,
    };
    let score = entry_stats::score(pvp, other.kills, other.assists);
    json!({
        "standing": standing,
        "score": basic(f64::from(score), score.to_string()),
        "player": {
            "destinyUserInfo": {
                "iconPath": "", "crossSaveOverride": 0,
                "applicableMembershipTypes": [other.membership_type], "isPublic": true,
                "membershipType": other.membership_type,
                "membershipId": other.membership_id.to_string(),
                "displayName": other.name,
                "bungieGlobalDisplayName": other.name,
                "bungieGlobalDisplayNameCode": other.code,
            },
            "characterClass": CLASS_NAMES.get(other.class_type).copied().unwrap_or("Unknown"),
            "classHash": hash_of(&CLASS_HASHES, other.class_type),
            "raceHash": hash_of(&RACE_HASHES, other.race_type),
            "genderHash": hash_of(&GENDER_HASHES, other.gender_type),
            "characterLevel": 50,
            "lightLevel": other.light,
            "emblemHash": OTHER_EMBLEM,
        },
        "characterId": other.character_id.to_string(),
        "values": values,
        "extended": extended(other.kills, other.precision),
    })
}

/// `teams`: both teams with their standing and score in PvP, none in PvE.
fn teams(entry: &HistoryEntry) -> Vec<Value> {
    let Some((own, other)) = team_scores(entry) else {
        return Vec::new();
    };
    let standing = own_standing(entry);
    [(ALPHA, standing, own), (BRAVO, 1 - standing, other)]
        .iter()
        .map(|&(team, standing, score)| {
            json!({
                "teamId": team,
                "standing": basic(f64::from(standing), standing_name(standing).to_owned()),
                "score": basic(f64::from(score), score.to_string()),
                "teamName": team_name(team),
            })
        })
        .collect()
}

/// The report for `instance_id`: 1653 when no character of this world played it, or when it
/// ended less than `delay` before `now`.
pub fn pgcr_json(
    world: &World,
    instance_id: i64,
    now: DateTime<Utc>,
    delay: Duration,
) -> Result<Value, SimError> {
    let (character, entry) = world
        .characters
        .iter()
        .find_map(|c| {
            c.history
                .iter()
                .find(|e| e.instance_id == instance_id)
                .map(|e| (c, e))
        })
        .ok_or_else(SimError::pgcr_not_found)?;
    let ready = entry
        .period
        .checked_add_signed(Duration::seconds(i64::from(entry.duration_seconds)))
        .and_then(|ended| ended.checked_add_signed(delay))
        .unwrap_or(DateTime::<Utc>::MAX_UTC);
    if now < ready {
        return Err(SimError::pgcr_not_found());
    }
    let mut entries = vec![own_entry(world, character, entry)];
    entries.extend(others(entry).iter().map(|o| other_entry(entry, o)));
    let mut out = Map::new();
    out.insert("period".into(), json!(date(entry.period)));
    out.insert("startingPhaseIndex".into(), json!(0));
    out.insert("activityWasStartedFromBeginning".into(), json!(true));
    out.insert(
        "activityDetails".into(),
        details_json(entry, world.account.membership_type),
    );
    out.insert("entries".into(), Value::Array(entries));
    out.insert("teams".into(), Value::Array(teams(entry)));
    Ok(Value::Object(out))
}
