//! Activity detection (API.md §7): which history entries are completions we have not reported yet.
//!
//! A per-character high-water mark (the newest history entry's instance id and period already
//! reported) is kept in the store, so each completion is reported exactly once, also across restarts.

use crate::store::meta::ActivityMark;
use crate::store::model::CharacterId;
use chrono::{DateTime, Utc};

/// One entry of a character's activity history, as sync needs it.
#[derive(Debug, Clone, PartialEq)]
pub struct HistoryEntry {
    /// The PGCR instance id.
    pub instance_id: u64,
    /// When the activity started.
    pub period: DateTime<Utc>,
    /// The activity's name.
    pub activity: String,
    /// The mode's name.
    pub mode: String,
    /// Whether it was completed.
    pub completed: bool,
    /// Kills.
    pub kills: u32,
    /// Deaths.
    pub deaths: u32,
    /// Assists.
    pub assists: u32,
    /// How long it lasted.
    pub duration_seconds: u64,
    /// How long the player took part (less than the duration when joined late).
    pub time_played_seconds: u64,
}

impl HistoryEntry {
    /// When the activity ended: its start plus its duration.
    pub fn ended_at(&self) -> DateTime<Utc> {
        let duration = i64::try_from(self.duration_seconds).unwrap_or(i64::MAX);
        self.period + chrono::Duration::seconds(duration.min(7 * 24 * 3600))
    }
}

/// The entries newer than `mark`, oldest first, and the new mark.
///
/// With no mark yet (a fresh install) nothing is reported: the history before the daemon existed is
/// not news. The mark is then set to the newest entry.
pub fn new_completions(
    character_id: CharacterId,
    entries: &[HistoryEntry],
    mark: Option<&ActivityMark>,
) -> (Vec<HistoryEntry>, Option<ActivityMark>) {
    let key = |e: &HistoryEntry| (e.period, e.instance_id);
    let newest = entries.iter().max_by_key(|e| key(e)).map(|e| ActivityMark {
        character_id,
        instance_id: e.instance_id,
        period: e.period,
    });
    let Some(mark) = mark else {
        return (Vec::new(), newest);
    };
    let seen = (mark.period, mark.instance_id);
    let mut fresh: Vec<HistoryEntry> = entries.iter().filter(|e| key(e) > seen).cloned().collect();
    fresh.sort_by_key(key);
    let newer = newest.filter(|n| (n.period, n.instance_id) > seen);
    (fresh, Some(newer.unwrap_or_else(|| mark.clone())))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(id: u64, period: &str) -> HistoryEntry {
        HistoryEntry {
            instance_id: id,
            period: period.parse().unwrap(),
            activity: "Savathûn's Song".into(),
            mode: "Strike".into(),
            completed: true,
            kills: 64,
            deaths: 5,
            assists: 22,
            duration_seconds: 1331,
            time_played_seconds: 1300,
        }
    }

    #[test]
    fn a_fresh_install_reports_nothing_and_marks_the_newest() {
        let entries = vec![
            entry(1, "2026-11-25T10:00:00Z"),
            entry(2, "2026-11-25T11:00:00Z"),
        ];
        let (fresh, mark) = new_completions(7, &entries, None);
        assert!(fresh.is_empty());
        assert_eq!(mark.unwrap().instance_id, 2);
    }

    #[test]
    fn each_completion_is_reported_once() {
        let mut entries = vec![entry(1, "2026-11-25T10:00:00Z")];
        let (_, mark) = new_completions(7, &entries, None);
        entries.insert(0, entry(2, "2026-11-25T11:00:00Z"));
        let (fresh, mark) = new_completions(7, &entries, mark.as_ref());
        assert_eq!(
            fresh.iter().map(|e| e.instance_id).collect::<Vec<_>>(),
            vec![2]
        );
        let (again, _) = new_completions(7, &entries, mark.as_ref());
        assert!(again.is_empty());
    }

    #[test]
    fn several_new_entries_come_oldest_first() {
        let old = vec![entry(1, "2026-11-25T10:00:00Z")];
        let (_, mark) = new_completions(7, &old, None);
        let entries = vec![
            entry(4, "2026-11-25T13:00:00Z"),
            entry(3, "2026-11-25T12:00:00Z"),
            entry(1, "2026-11-25T10:00:00Z"),
        ];
        let (fresh, mark) = new_completions(7, &entries, mark.as_ref());
        assert_eq!(
            fresh.iter().map(|e| e.instance_id).collect::<Vec<_>>(),
            vec![3, 4]
        );
        assert_eq!(mark.unwrap().instance_id, 4);
    }

    #[test]
    fn ended_at_adds_the_duration() {
        assert_eq!(
            entry(1, "2026-11-25T10:00:00Z").ended_at().to_rfc3339(),
            "2026-11-25T10:22:11+00:00"
        );
    }
}
