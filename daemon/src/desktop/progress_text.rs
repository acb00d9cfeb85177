//! The words of a completed pursuit's notification: "Bounty complete", "Quest step complete:
//! … (3 of 7)", "Milestone complete".

use super::text::{Notice, NoticeKind, plain};
use crate::store::model::{ProgressEntry, ProgressKind};

/// A bounty, quest step or milestone of `character` was completed.
pub fn progress_notice(entry: &ProgressEntry, character: &str) -> Notice {
    let name = plain(&entry.name, 80);
    let (what, body) = match (entry.kind, &entry.step) {
        (ProgressKind::Bounty, _) => ("Bounty complete", name),
        (ProgressKind::Quest, Some(step)) => (
            "Quest step complete",
            format!(
                "{} — {name} ({} of {})",
                plain(&step.line, 60),
                step.step,
                step.steps
            ),
        ),
        (ProgressKind::Quest, None) => ("Quest step complete", name),
        (ProgressKind::Milestone, _) => ("Milestone complete", name),
        (ProgressKind::Other, _) => ("Objectives complete", name),
    };
    let line = format!("{what}: {body}");
    Notice::new(
        NoticeKind::Progress,
        format!("{what} · {character}"),
        body,
        line,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::model::QuestStep;

    fn entry(kind: ProgressKind, step: Option<QuestStep>) -> ProgressEntry {
        ProgressEntry {
            id: "1".into(),
            character_id: 7,
            kind,
            hash: 1,
            name: "Gunsmith Bounty".into(),
            icon: String::new(),
            objectives: Vec::new(),
            step,
            expires_at: None,
            tracked: false,
            reward_earned: false,
        }
    }

    #[test]
    fn bounties_and_quest_steps_read_as_the_game_says_them() {
        let bounty = progress_notice(&entry(ProgressKind::Bounty, None), "Hunter");
        assert_eq!(bounty.summary, "Bounty complete · Hunter");
        assert_eq!(bounty.body, "Gunsmith Bounty");
        let step = QuestStep {
            line: "The Lie".into(),
            step: 3,
            steps: 7,
        };
        let quest = progress_notice(&entry(ProgressKind::Quest, Some(step)), "Hunter");
        assert_eq!(quest.summary, "Quest step complete · Hunter");
        assert_eq!(quest.body, "The Lie — Gunsmith Bounty (3 of 7)");
        assert_eq!(quest.kind, NoticeKind::Progress);
    }
}
