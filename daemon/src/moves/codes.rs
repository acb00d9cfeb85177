//! Bungie's PlatformErrorCodes, as the executor understands them: which mean the store was
//! stale, which mean "slow down", and what each means to a player.

use super::api::ActionError;
use super::error::{MoveError, Reason};

/// DestinyItemNotFound.
pub const ITEM_NOT_FOUND: i32 = 1623;
/// DestinyNoRoomInDestination.
pub const NO_ROOM: i32 = 1642;
/// DestinyCannotPerformActionOnEquippedItem.
pub const EQUIPPED: i32 = 1656;
/// DestinyUniquenessViolation: the destination already holds this unique item (DIM's reading).
pub const UNIQUE_IN_DESTINATION: i32 = 1648;
/// DestinyContentVersionMismatch: our definitions are older than the game's.
pub const CONTENT_VERSION_MISMATCH: i32 = 1662;
/// DestinyCannotPerformActionAtThisLocation: the character is in an activity.
pub const IN_ACTIVITY: i32 = 1671;
/// Success (EquipItems' per-item `equipStatus`).
pub const SUCCESS: i32 = 1;

/// Whether Bungie's answer contradicts what the store said (re-sync and re-plan once). A unique
/// item already at the destination means our picture of that destination was stale too.
pub fn is_stale(code: i32) -> bool {
    matches!(
        code,
        ITEM_NOT_FOUND | NO_ROOM | EQUIPPED | UNIQUE_IN_DESTINATION
    )
}

/// Whether the code asks us to slow down.
pub fn is_throttle(code: i32) -> bool {
    matches!(code, 31 | 35 | 36 | 37 | 51 | 54..=57 | 1672)
}

/// What a Bungie error code means for `name`, as the protocol's reason and a player's message.
pub fn explain(error: &ActionError, name: &str) -> MoveError {
    let code = error.code;
    let (reason, message) = match code {
        0 => (
            Reason::Unavailable,
            "Bungie.net could not be reached; nothing was changed for this step.".to_string(),
        ),
        5 => (
            Reason::Unavailable,
            "Bungie.net is down for maintenance; try again when it is back.".to_string(),
        ),
        99 | 2111 | 2115 | 2118 | 2123 | 2124 => (
            Reason::SignedOut,
            "Your Bungie.net sign-in has expired; sign in again.".to_string(),
        ),
        ITEM_NOT_FOUND => (
            Reason::ItemNotFound,
            format!("{name} is no longer where it was (moved or dismantled in game)."),
        ),
        NO_ROOM => (
            Reason::NoRoom,
            format!("There is no room for {name} where it was going."),
        ),
        EQUIPPED => (
            Reason::CannotEquip,
            format!("{name} is equipped in game and can't be moved until something replaces it."),
        ),
        1640 => (
            Reason::CannotEquip,
            "Your equipment is locked in this activity; equip it once you leave.".to_string(),
        ),
        1641 => (
            Reason::CannotEquip,
            format!("{name} can't be equipped alongside another exotic of its kind."),
        ),
        UNIQUE_IN_DESTINATION => (
            Reason::NoRoom,
            format!(
                "The destination already holds a copy of {name}, and only one may be there; the inventory is being refreshed."
            ),
        ),
        CONTENT_VERSION_MISMATCH => (
            Reason::Bungie,
            format!(
                "Bungie.net's game content is newer than ours for {name}; the item definitions (manifest) are being checked, try again in a moment."
            ),
        ),
        1638 | 1639 => (
            Reason::CannotEquip,
            format!("This character can't equip {name}."),
        ),
        1660 | 1673 => (
            Reason::NotTransferable,
            format!("The game won't let {name} be moved."),
        ),
        IN_ACTIVITY => (
            Reason::CannotEquip,
            format!(
                "{name} is on your character, but equipping must wait until you are in orbit or a social space."
            ),
        ),
        c if is_throttle(c) => (
            Reason::Throttled,
            "Bungie.net asked us to slow down; try again in a moment.".to_string(),
        ),
        _ => (
            Reason::Bungie,
            format!("Bungie.net refused to act on {name} (error {code})."),
        ),
    };
    MoveError {
        reason,
        message,
        bungie_code: code,
        retry_after_ms: error.throttle_ms,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn explained(code: i32) -> MoveError {
        let error = ActionError {
            code,
            message: String::new(),
            throttle_ms: None,
        };
        explain(&error, "Ace of Spades")
    }

    #[test]
    fn a_unique_item_at_the_destination_is_not_an_exotic_clash_and_means_a_stale_picture() {
        let unique = explained(UNIQUE_IN_DESTINATION);
        assert!(
            unique.message.contains("already holds a copy"),
            "{}",
            unique.message
        );
        assert!(!unique.message.contains("exotic"), "{}", unique.message);
        assert!(is_stale(UNIQUE_IN_DESTINATION));
        assert!(explained(1641).message.contains("exotic"));
    }

    #[test]
    fn a_content_version_mismatch_points_at_the_manifest() {
        let mismatch = explained(CONTENT_VERSION_MISMATCH);
        assert!(
            mismatch.message.contains("manifest"),
            "{}",
            mismatch.message
        );
        assert_eq!(mismatch.bungie_code, 1662);
    }
}
