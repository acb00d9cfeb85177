//! The activity catalogue (activities with their modes) and GetActivityHistory's JSON, shaped like
//! Bungie's `DestinyHistoricalStatsPeriodGroup`.

use serde_json::{Value, json};

use super::defs::{fnv32, icon_path};
use super::entry_stats;
use super::model::HistoryEntry;
use super::{SimError, World};

/// One `DestinyActivityModeDefinition`: hash, mode type, name, friendly name, parent mode hashes.
pub struct ModeDef {
    /// The mode hash.
    pub hash: u32,
    /// `DestinyActivityModeType`.
    pub mode_type: i32,
    /// Display name.
    pub name: &'static str,
    /// `friendlyName`.
    pub friendly: &'static str,
    /// Parent mode hashes.
    pub parents: &'static [u32],
}

const PVE: u32 = 1_164_760_493;
const CRUCIBLE: u32 = 1_164_760_504;
const STRIKES: u32 = 2_394_616_003;
const GAMBIT: u32 = 1_848_252_830;

/// The activity modes (real hashes from the manifest where known).
#[rustfmt::skip]
pub const MODES: &[ModeDef] = &[
    ModeDef { hash: 748_895_195, mode_type: 0, name: "All", friendly: "all", parents: &[] },
    ModeDef { hash: 1_686_739_444, mode_type: 2, name: "Story", friendly: "story", parents: &[PVE] },
    ModeDef { hash: 4_110_605_575, mode_type: 3, name: "Normal Strikes", friendly: "strikes-normal", parents: &[STRIKES] },
    ModeDef { hash: 2_043_403_989, mode_type: 4, name: "Raid", friendly: "raid", parents: &[PVE] },
    ModeDef { hash: CRUCIBLE, mode_type: 5, name: "Crucible", friendly: "crucible", parents: &[] },
    ModeDef { hash: 3_497_767_639, mode_type: 6, name: "Free Roam", friendly: "patrol", parents: &[PVE] },
    ModeDef { hash: PVE, mode_type: 7, name: "PvE", friendly: "pve", parents: &[] },
    ModeDef { hash: 3_199_098_480, mode_type: 10, name: "Control", friendly: "control", parents: &[CRUCIBLE] },
    ModeDef { hash: 1_585_787_840, mode_type: 12, name: "Clash", friendly: "clash", parents: &[CRUCIBLE] },
    ModeDef { hash: 3_789_021_730, mode_type: 16, name: "Nightfall Strikes", friendly: "nightfall", parents: &[STRIKES] },
    ModeDef { hash: STRIKES, mode_type: 18, name: "Strikes", friendly: "strikes", parents: &[PVE] },
    ModeDef { hash: 1_826_469_369, mode_type: 19, name: "Iron Banner", friendly: "iron-banner", parents: &[CRUCIBLE] },
    ModeDef { hash: 1_589_650_888, mode_type: 40, name: "Social", friendly: "social", parents: &[] },
    ModeDef { hash: GAMBIT, mode_type: 63, name: "Gambit", friendly: "gambit", parents: &[] },
    ModeDef { hash: 608_898_761, mode_type: 82, name: "Dungeon", friendly: "dungeon", parents: &[PVE] },
    ModeDef { hash: 1_673_724_806, mode_type: 84, name: "Trials of Osiris", friendly: "trials_of_osiris", parents: &[CRUCIBLE] },
];

/// One activity of the catalogue.
pub struct ActivityDef {
    /// Display name.
    pub name: &'static str,
    /// Description.
    pub description: &'static str,
    /// The direct mode type; the first of `modes`.
    pub modes: &'static [i32],
    /// Recommended light.
    pub light: i32,
    /// Player-versus-player.
    pub pvp: bool,
    /// The character's equipment is locked while inside.
    pub locks_equipment: bool,
    /// Typical duration in minutes (low, high).
    pub minutes: (u32, u32),
}

/// The activities the clock sends characters into.
#[rustfmt::skip]
pub const ACTIVITIES: &[ActivityDef] = &[
    ActivityDef { name: "Savathûn's Song", description: "Strike: Destroy Savathûn's Song and the Hive who guard it.", modes: &[3, 18, 7], light: 1950, pvp: false, locks_equipment: false, minutes: (10, 20) },
    ActivityDef { name: "The Inverted Spire", description: "Strike: End the Red Legion expedition that's drilling into the planet's core.", modes: &[3, 18, 7], light: 1950, pvp: false, locks_equipment: false, minutes: (12, 22) },
    ActivityDef { name: "Lake of Shadows", description: "Strike: Stem the tide of Taken flowing into the European Dead Zone.", modes: &[3, 18, 7], light: 1950, pvp: false, locks_equipment: false, minutes: (10, 18) },
    ActivityDef { name: "Nightfall: The Glassway", description: "Nightfall: A high-risk strike with modifiers.", modes: &[16, 18, 7], light: 2010, pvp: false, locks_equipment: false, minutes: (18, 30) },
    ActivityDef { name: "Vault of Glass", description: "Raid: Beneath Venus, evil stirs.", modes: &[4, 7], light: 2000, pvp: false, locks_equipment: false, minutes: (45, 90) },
    ActivityDef { name: "Garden of Salvation", description: "Raid: Track the source of the Unknown Artifact's signal into the Black Garden.", modes: &[4, 7], light: 2000, pvp: false, locks_equipment: false, minutes: (50, 95) },
    ActivityDef { name: "Prophecy", description: "Dungeon: Enter the realm of the Nine and ask the question: What is the nature of the Darkness?", modes: &[82, 7], light: 1980, pvp: false, locks_equipment: false, minutes: (30, 55) },
    ActivityDef { name: "Control: Javelin-4", description: "Crucible: Capture and hold zones to earn points.", modes: &[10, 5], light: 1800, pvp: true, locks_equipment: false, minutes: (8, 14) },
    ActivityDef { name: "Clash: Midtown", description: "Crucible: Defeat opposing Guardians.", modes: &[12, 5], light: 1800, pvp: true, locks_equipment: false, minutes: (8, 12) },
    ActivityDef { name: "Iron Banner: Altar of Flame", description: "Iron Banner: Lord Saladin's tournament.", modes: &[19, 5], light: 1800, pvp: true, locks_equipment: false, minutes: (9, 14) },
    ActivityDef { name: "Trials of Osiris: Burnout", description: "Trials of Osiris: Win seven matches for a trip to the Lighthouse.", modes: &[84, 5], light: 1800, pvp: true, locks_equipment: true, minutes: (6, 12) },
    ActivityDef { name: "Gambit: The Rift", description: "Gambit: Defeat enemies, collect motes, and bank them to summon a Primeval.", modes: &[63], light: 1900, pvp: false, locks_equipment: false, minutes: (12, 18) },
    ActivityDef { name: "European Dead Zone", description: "Patrol: Explore the European Dead Zone.", modes: &[6, 7], light: 1750, pvp: false, locks_equipment: false, minutes: (5, 25) },
];

impl ActivityDef {
    /// The activity hash (stable, generated from the name).
    pub fn hash(&self) -> u32 {
        fnv32(format!("activity:{}", self.name).as_bytes())
    }

    /// The direct mode type.
    pub fn mode(&self) -> i32 {
        self.modes.first().copied().unwrap_or(0)
    }

    /// The pgcr image path.
    pub fn image(&self) -> String {
        icon_path(&format!("pgcr:{}", self.name))
    }
}

/// Where an online character waits between activities: orbit or a social space. Their
/// definitions carry what tells them apart from real activities (no mode and no activity type for
/// orbit, the Social mode and activity type for the Tower), not a special hash.
pub struct IdlePlace {
    /// The activity hash (orbit's is the real one).
    pub hash: u32,
    /// Display name.
    pub name: &'static str,
    /// `activityTypeHash`.
    pub activity_type_hash: u32,
    /// `activityModeTypes`.
    pub modes: &'static [i32],
}

/// Orbit's real activity hash.
pub const ORBIT_HASH: u32 = 82_913_930;
/// The Social activity type (the 2017 manifest's Tower and Farm carry it).
pub const SOCIAL_ACTIVITY_TYPE: u32 = 1_589_650_888;

/// Orbit, then the Tower (a social space; real hash and type from the manifest).
#[rustfmt::skip]
pub const IDLE_PLACES: &[IdlePlace] = &[
    IdlePlace { hash: ORBIT_HASH, name: "Orbit", activity_type_hash: 0, modes: &[] },
    IdlePlace { hash: 3_903_562_779, name: "Tower", activity_type_hash: SOCIAL_ACTIVITY_TYPE, modes: &[40] },
];

/// The place an online character idles in, alternating with how many activities it played.
pub fn idle_place(played: usize) -> &'static IdlePlace {
    &IDLE_PLACES[played % IDLE_PLACES.len()]
}

/// The activity with this hash.
pub fn activity(hash: u32) -> Option<&'static ActivityDef> {
    ACTIVITIES.iter().find(|a| a.hash() == hash)
}

/// The mode hash of a mode type.
pub fn mode_hash(mode_type: i32) -> Option<u32> {
    MODES
        .iter()
        .find(|m| m.mode_type == mode_type)
        .map(|m| m.hash)
}

/// The modes of the activity with this hash (empty for unknown activities).
pub fn modes_of(hash: u32) -> &'static [i32] {
    if let Some(place) = IDLE_PLACES.iter().find(|p| p.hash == hash) {
        return place.modes;
    }
    activity(hash).map_or(&[], |a| a.modes)
}

/// GetActivityHistory: a character's history newest first, `count` per page (1–250), optionally
/// only entries with `mode` among their modes. An empty page is `{}`, as Bungie sends it.
pub fn history_json(
    world: &World,
    character_id: i64,
    count: u32,
    page: u32,
    mode: Option<i32>,
) -> Result<Value, SimError> {
    let character = world.character(character_id)?;
    if count > 250 {
        return Err(SimError::invalid_range("count"));
    }
    let count = if count == 0 { 25 } else { count } as usize;
    let mode = mode.filter(|m| *m != 0);
    let page: Vec<Value> = character
        .history
        .iter()
        .rev()
        .filter(|e| mode.is_none_or(|m| modes_of(e.activity_hash).contains(&m)))
        .skip((page as usize).saturating_mul(count))
        .take(count)
        .map(|e| entry_json(e, world.account.membership_type))
        .collect();
    if page.is_empty() {
        return Ok(json!({}));
    }
    Ok(json!({ "activities": page }))
}

/// `activityDetails` (`DestinyHistoricalStatsActivity`) of a history entry, as GetActivityHistory
/// and the PGCR write it.
pub fn details_json(entry: &HistoryEntry, membership_type: i32) -> Value {
    let modes = modes_of(entry.activity_hash);
    let mode = modes.first().copied().unwrap_or(0);
    json!({
        "referenceId": entry.activity_hash,
        "directorActivityHash": entry.activity_hash,
        "instanceId": entry.instance_id.to_string(),
        "mode": mode,
        "modes": modes,
        "isPrivate": false,
        "membershipType": membership_type,
    })
}

/// One `DestinyHistoricalStatsPeriodGroup`.
fn entry_json(entry: &HistoryEntry, membership_type: i32) -> Value {
    json!({
        "period": super::profile::date(entry.period),
        "activityDetails": details_json(entry, membership_type),
        "values": entry_stats::values(entry),
    })
}
