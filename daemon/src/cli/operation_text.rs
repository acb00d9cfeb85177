//! An operation result in words: one line per step naming the item and the places ("✓ Moved
//! Gjallarhorn from Vault to Titan"), "would" for a dry run, and a summary that says whether
//! anything moved.

use super::places::Places;
use vault_raider_protocol::inventory::{OperationResult, Step};

/// How the operation was asked for.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Asked {
    /// A dry run: nothing was done.
    pub dry_run: bool,
    /// The command was `unlock` (a `lock` step then unlocks).
    pub unlocking: bool,
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The step's text without its mark: "Move Gjallarhorn from Vault to Titan".
fn what(step: &Step, places: &Places, asked: Asked, done: bool) -> String {
    let item = places.item(&step.id);
    let place = |l: &Option<_>| l.as_ref().map(|l| places.place(l)).unwrap_or_default();
    let (from, to) = (place(&step.from), place(&step.to));
    let verb = |now: &str, past: &str| {
        if done {
            past.to_string()
        } else {
            now.to_string()
        }
    };
    match step.action.as_str() {
        "transfer" => format!("{} {item} from {from} to {to}", verb("move", "Moved")),
        "pull" => format!(
            "{} {item} from the postmaster to {to}",
            verb("pull", "Pulled")
        ),
        "equip" => format!("{} {item} on {to}", verb("equip", "Equipped")),
        "lock" if asked.unlocking => format!("{} {item}", verb("unlock", "Unlocked")),
        "lock" => format!("{} {item}", verb("lock", "Locked")),
        "skip" => format!("Skipped {item}: it stays in {from}, not for this character"),
        "refused" => item,
        other => format!("{other} {item}"),
    }
}

/// Capitalises the first letter ("move …" → "Move …").
fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// The whole result, steps then a summary.
pub fn render(result: &OperationResult, places: &Places, asked: Asked) -> String {
    let steps = &result.steps;
    let mut out = String::new();
    for step in steps {
        let error = step
            .error
            .as_ref()
            .map(|e| format!(": {}", e.message))
            .unwrap_or_default();
        let skip = step.action == "skip";
        let line = if asked.dry_run && !skip {
            let mark = if step.ok { "would" } else { "would NOT" };
            format!("{mark} {}{error}", what(step, places, asked, false))
        } else if step.ok {
            let mark = if skip { "–" } else { "✓" };
            format!("{mark} {}", what(step, places, asked, true))
        } else {
            format!(
                "✗ {}{error}",
                capitalised(&what(step, places, asked, false))
            )
        };
        out.push_str(&line);
        out.push('\n');
    }
    let counted = steps.iter().filter(|s| s.action != "skip");
    let total = counted.clone().count();
    let failed = counted.filter(|s| !s.ok).count();
    let calls = result.bungie_calls as usize;
    let steps_text = plural(total, "step", "steps");
    let calls_text = plural(calls, "Bungie call", "Bungie calls");
    let summary = if asked.dry_run {
        let trouble = if failed > 0 {
            format!(" ({failed} would not go through)")
        } else {
            String::new()
        };
        format!("Would take {steps_text}, {calls_text}{trouble}; nothing moved.")
    } else if total == 0 {
        "Nothing to do.".to_string()
    } else if failed == 0 {
        format!("Done: {steps_text}, {calls_text}.")
    } else {
        format!("{failed} of {steps_text} did not go through ({calls_text}).")
    };
    out.push_str(&summary);
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::samples;
    use vault_raider_protocol::model::{Class, Location};
    use vault_raider_protocol::{Reason, RpcError};

    fn places() -> Places {
        Places::from_snapshot(
            &samples::snapshot(
                vec![samples::character("2", Class::Titan, "Human")],
                vec![samples::item("1", "Gjallarhorn")],
            ),
            false,
        )
    }

    fn step(action: &str, from: Option<Location>, to: Option<Location>, ok: bool) -> Step {
        Step {
            action: action.into(),
            id: "1".into(),
            from,
            to,
            ok,
            error: None,
        }
    }

    fn operation(ok: bool, steps: Vec<Step>, bungie_calls: u32) -> OperationResult {
        OperationResult {
            operation_id: "op-1".into(),
            ok,
            steps,
            rev: 7,
            bungie_calls,
        }
    }

    #[test]
    fn steps_name_items_and_places() {
        let failed = Step {
            error: Some(Box::new(RpcError::new(
                Reason::CannotEquip,
                "in an activity",
            ))),
            ..step("equip", None, Some(samples::on("2")), false)
        };
        let result = operation(
            false,
            vec![
                step(
                    "transfer",
                    Some(Location::Vault),
                    Some(samples::on("2")),
                    true,
                ),
                failed,
            ],
            2,
        );
        assert_eq!(
            render(&result, &places(), Asked::default()),
            "✓ Moved Gjallarhorn from Vault to Titan\n\
             ✗ Equip Gjallarhorn on Titan: in an activity\n\
             1 of 2 steps did not go through (2 Bungie calls).\n"
        );
    }

    #[test]
    fn a_dry_run_says_would_and_that_nothing_moved() {
        let result = operation(
            true,
            vec![step(
                "transfer",
                Some(Location::Vault),
                Some(samples::on("2")),
                true,
            )],
            1,
        );
        let asked = Asked {
            dry_run: true,
            unlocking: false,
        };
        assert_eq!(
            render(&result, &places(), asked),
            "would move Gjallarhorn from Vault to Titan\nWould take 1 step, 1 Bungie call; nothing moved.\n"
        );
    }

    #[test]
    fn skipped_items_unlocks_and_empty_operations_read_as_such() {
        let result = operation(
            true,
            vec![
                step("lock", None, None, true),
                step("skip", Some(Location::Vault), None, true),
            ],
            1,
        );
        let asked = Asked {
            dry_run: false,
            unlocking: true,
        };
        assert_eq!(
            render(&result, &places(), asked),
            "✓ Unlocked Gjallarhorn\n\
             – Skipped Gjallarhorn: it stays in Vault, not for this character\n\
             Done: 1 step, 1 Bungie call.\n"
        );
        assert_eq!(
            render(&operation(true, Vec::new(), 0), &places(), Asked::default()),
            "Nothing to do.\n"
        );
    }
}
