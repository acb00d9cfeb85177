//! The events the notifier tests publish: a strike finished on the Warlock, a pairing request
//! and a pursuit completed.

use super::WARLOCK;
use vault_raider::events::{CompletedActivity, DaemonEvent};
use vault_raider::store::model::{Objective, ProgressEntry, ProgressKind, QuestStep};

/// A strike the Warlock finished (`completed`) or left.
pub fn strike(completed: bool) -> DaemonEvent {
    DaemonEvent::ActivityCompleted(CompletedActivity {
        character_id: WARLOCK,
        activity: "Savathûn's Song".into(),
        mode: "Strike".into(),
        completed,
        kills: 64,
        deaths: 5,
        assists: 12,
        duration_seconds: 22 * 60 + 11,
        ended_at: "2026-11-25T18:00:00Z".parse().expect("time"),
        ..CompletedActivity::default()
    })
}

/// A pairing request from "Firefox extension" with `code`.
pub fn pairing(code: &str) -> DaemonEvent {
    DaemonEvent::PairingRequested {
        pairing_id: "p1".into(),
        client: "Firefox extension".into(),
        code: code.into(),
        expires_in: 120,
    }
}

/// A pursuit of the Warlock's, its one objective complete.
pub fn pursuit(id: &str, kind: ProgressKind, name: &str, step: Option<QuestStep>) -> ProgressEntry {
    ProgressEntry {
        id: id.into(),
        character_id: WARLOCK,
        kind,
        hash: 1,
        name: name.into(),
        icon: String::new(),
        objectives: vec![Objective {
            hash: 2,
            description: "Defeat combatants".into(),
            progress: 10,
            completion_value: 10,
            complete: true,
        }],
        step,
        expires_at: None,
        tracked: false,
        reward_earned: false,
    }
}
