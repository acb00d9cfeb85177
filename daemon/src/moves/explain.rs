//! What a failed Bungie action means to a player: the protocol's reason and a message naming
//! the item. The Bungie adapter has already decided what Bungie's answer was ([`ActionError`]).

use super::api::{ActionError, RuleKind};
use super::error::{MoveError, Reason};

/// What a failed action means for `name`, as the protocol's reason and a player's message.
pub fn explain(error: &ActionError, name: &str) -> MoveError {
    let (reason, message) = match error {
        ActionError::Transport { .. } => (
            Reason::Unavailable,
            "Bungie.net could not be reached; nothing was changed for this step.".to_string(),
        ),
        ActionError::Maintenance { .. } => (
            Reason::Unavailable,
            "Bungie.net is down for maintenance; try again when it is back.".to_string(),
        ),
        ActionError::SignedOut { .. } => (
            Reason::SignedOut,
            "Your Bungie.net sign-in has expired; sign in again.".to_string(),
        ),
        ActionError::Throttled { .. } => (
            Reason::Throttled,
            "Bungie.net asked us to slow down; try again in a moment.".to_string(),
        ),
        ActionError::Rule { kind, .. } => rule(*kind, name),
        ActionError::Refused { code } => (
            Reason::Bungie,
            format!("Bungie.net refused to act on {name} (error {code})."),
        ),
        ActionError::Unsendable { message } => (
            Reason::Bungie,
            format!("{name} could not be asked of Bungie.net ({message})."),
        ),
    };
    MoveError {
        reason,
        message,
        bungie_code: error.code(),
        retry_after_ms: error.retry_after_ms(),
    }
}

/// What a game rule's refusal means for `name`.
fn rule(kind: RuleKind, name: &str) -> (Reason, String) {
    match kind {
        RuleKind::ItemNotFound => (
            Reason::ItemNotFound,
            format!("{name} is no longer where it was (moved or dismantled in game)."),
        ),
        RuleKind::NoRoom => (
            Reason::NoRoom,
            format!("There is no room for {name} where it was going."),
        ),
        RuleKind::Equipped => (
            Reason::CannotEquip,
            format!("{name} is equipped in game and can't be moved until something replaces it."),
        ),
        RuleKind::EquipmentLocked => (
            Reason::CannotEquip,
            "Your equipment is locked in this activity; equip it once you leave.".to_string(),
        ),
        RuleKind::ExoticClash => (
            Reason::CannotEquip,
            format!("{name} can't be equipped alongside another exotic of its kind."),
        ),
        RuleKind::UniqueInDestination => (
            Reason::NoRoom,
            format!(
                "The destination already holds a copy of {name}, and only one may be there; the inventory is being refreshed."
            ),
        ),
        RuleKind::ContentVersionMismatch => (
            Reason::Bungie,
            format!(
                "Bungie.net's game content is newer than ours for {name}; the item definitions (manifest) are being checked, try again in a moment."
            ),
        ),
        RuleKind::CharacterCannotEquip => (
            Reason::CannotEquip,
            format!("This character can't equip {name}."),
        ),
        RuleKind::NotTransferable => (
            Reason::NotTransferable,
            format!("The game won't let {name} be moved."),
        ),
        RuleKind::InActivity => (
            Reason::CannotEquip,
            format!(
                "{name} is on your character, but equipping must wait until you are in orbit or a social space."
            ),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn explained(kind: RuleKind, code: i32) -> MoveError {
        explain(&ActionError::Rule { kind, code }, "Ace of Spades")
    }

    #[test]
    fn a_unique_item_at_the_destination_is_not_an_exotic_clash_and_means_a_stale_picture() {
        let unique = explained(RuleKind::UniqueInDestination, 1648);
        assert!(
            unique.message.contains("already holds a copy"),
            "{}",
            unique.message
        );
        assert!(!unique.message.contains("exotic"), "{}", unique.message);
        assert!(
            ActionError::Rule {
                kind: RuleKind::UniqueInDestination,
                code: 1648
            }
            .is_stale()
        );
        assert!(
            explained(RuleKind::ExoticClash, 1641)
                .message
                .contains("exotic")
        );
    }

    #[test]
    fn a_content_version_mismatch_points_at_the_manifest() {
        let mismatch = explained(RuleKind::ContentVersionMismatch, 1662);
        assert!(
            mismatch.message.contains("manifest"),
            "{}",
            mismatch.message
        );
        assert_eq!(mismatch.bungie_code, 1662);
    }

    #[test]
    fn a_throttle_carries_its_wait_and_code() {
        let throttled = explain(
            &ActionError::Throttled {
                retry_after_ms: Some(5_000),
                code: 1672,
            },
            "Ace of Spades",
        );
        assert_eq!(throttled.reason, Reason::Throttled);
        assert_eq!(throttled.retry_after_ms, Some(5_000));
        assert_eq!(throttled.bungie_code, 1672);
    }
}
