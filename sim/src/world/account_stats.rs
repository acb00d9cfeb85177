//! GetHistoricalStatsForAccount's `DestinyHistoricalStatsAccountResult`: each character's all-time
//! PvE, PvP and Gambit totals summed from its activity history (so they agree with
//! GetActivityHistory and the PGCRs), merged per character and over all characters.

use serde_json::{Map, Value, json};

use super::World;
use super::activities::modes_of;
use super::entry_stats::{self, minutes_seconds, precision_kills, stat};
use super::model::{Character, HistoryEntry};

/// Totals over some history entries.
#[derive(Debug, Default, Clone, Copy)]
struct Totals {
    kills: u64,
    deaths: u64,
    assists: u64,
    precision: u64,
    entered: u64,
    cleared: u64,
    seconds: u64,
}

impl Totals {
    fn add(&mut self, entry: &HistoryEntry) {
        self.kills += u64::from(entry.kills);
        self.deaths += u64::from(entry.deaths);
        self.assists += u64::from(entry.assists);
        self.precision += u64::from(precision_kills(entry));
        self.entered += 1;
        self.cleared += u64::from(entry.completed);
        self.seconds += u64::from(entry.duration_seconds);
    }

    fn merge(&mut self, other: &Totals) {
        self.kills += other.kills;
        self.deaths += other.deaths;
        self.assists += other.assists;
        self.precision += other.precision;
        self.entered += other.entered;
        self.cleared += other.cleared;
        self.seconds += other.seconds;
    }

    /// `allTime`: stat id → `DestinyHistoricalStatsValue`.
    fn all_time(&self) -> Value {
        let count = |id: &str, n: u64| (id.to_owned(), stat(id, n as f64, n.to_string()));
        let kd = entry_stats::ratio(self.kills as f64, self.deaths as f64);
        let seconds = u32::try_from(self.seconds).unwrap_or(u32::MAX);
        let map: Map<String, Value> = [
            count("kills", self.kills),
            count("deaths", self.deaths),
            count("assists", self.assists),
            count("precisionKills", self.precision),
            count("activitiesEntered", self.entered),
            count("activitiesCleared", self.cleared),
            (
                "killsDeathsRatio".to_owned(),
                stat("killsDeathsRatio", kd, format!("{kd:.2}")),
            ),
            (
                "secondsPlayed".to_owned(),
                stat(
                    "secondsPlayed",
                    self.seconds as f64,
                    minutes_seconds(seconds),
                ),
            ),
        ]
        .into_iter()
        .collect();
        json!({ "allTime": map })
    }
}

/// The result groups: `allPvE` (mode 7), `allPvP` (mode 5), `allPvECompetitive` (Gambit, 63).
const GROUPS: [(&str, i32); 3] = [("allPvE", 7), ("allPvP", 5), ("allPvECompetitive", 63)];

/// One character's totals per group, and over all of its history.
fn character_totals(character: &Character) -> ([Totals; 3], Totals) {
    let mut groups = [Totals::default(); 3];
    let mut all = Totals::default();
    for entry in &character.history {
        let modes = modes_of(entry.activity_hash);
        for (n, (_, mode)) in GROUPS.iter().enumerate() {
            if modes.contains(mode)
                && let Some(group) = groups.get_mut(n)
            {
                group.add(entry);
            }
        }
        all.add(entry);
    }
    (groups, all)
}

/// `DestinyHistoricalStatsWithMerged`-shaped results and merged totals.
fn with_merged(groups: &[Totals; 3], all: &Totals) -> (Value, Value) {
    let results: Map<String, Value> = GROUPS
        .iter()
        .zip(groups)
        .map(|((name, _), totals)| ((*name).to_owned(), totals.all_time()))
        .collect();
    (Value::Object(results), all.all_time())
}

/// The account's stats: every character, then all characters merged; no deleted characters.
pub fn account_stats_json(world: &World) -> Value {
    let mut merged_groups = [Totals::default(); 3];
    let mut merged_all = Totals::default();
    let characters: Vec<Value> = world
        .characters
        .iter()
        .map(|c| {
            let (groups, all) = character_totals(c);
            for (sum, group) in merged_groups.iter_mut().zip(&groups) {
                sum.merge(group);
            }
            merged_all.merge(&all);
            let (results, merged) = with_merged(&groups, &all);
            json!({
                "characterId": c.id.to_string(),
                "deleted": false,
                "results": results,
                "merged": merged,
            })
        })
        .collect();
    let (results, merged) = with_merged(&merged_groups, &merged_all);
    json!({
        "mergedDeletedCharacters": { "results": {}, "merged": {} },
        "mergedAllCharacters": { "results": results, "merged": merged },
        "characters": characters,
    })
}
