//! The Bungie error a world operation raises: a `PlatformErrorCodes` number, its `ErrorStatus`
//! name and Bungie's own message, ready for the HTTP side to wrap in the envelope.

use serde_json::{Map, Value};

/// A Bungie error the world raises: the PlatformErrorCodes number, its ErrorStatus name, a message.
#[derive(Debug, Clone, PartialEq)]
pub struct SimError {
    /// The `PlatformErrorCodes` number (`ErrorCode` in the envelope).
    pub code: i32,
    /// The enum identifier (`ErrorStatus` in the envelope).
    pub status: &'static str,
    /// Human text (`Message` in the envelope).
    pub message: String,
    /// Details (`MessageData` in the envelope), usually empty.
    pub message_data: Map<String, Value>,
}

impl std::fmt::Display for SimError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({}): {}", self.status, self.code, self.message)
    }
}

impl std::error::Error for SimError {}

impl SimError {
    /// An error with the given code, status and message and no details.
    pub fn new(code: i32, status: &'static str, message: impl Into<String>) -> SimError {
        SimError {
            code,
            status,
            message: message.into(),
            message_data: Map::new(),
        }
    }

    /// Adds one `MessageData` entry.
    pub fn with_data(mut self, key: &str, value: impl Into<String>) -> SimError {
        self.message_data
            .insert(key.to_owned(), Value::String(value.into()));
        self
    }

    /// 7: a field has the wrong type or cannot be parsed.
    pub fn parse_failure(field: &str) -> SimError {
        SimError::new(
            7,
            "ParameterParseFailure",
            format!(
                "Unable to parse your parameters.  Please correct them, and try again. ({field})"
            ),
        )
        .with_data("parameter", field)
    }

    /// 8: a number outside the allowed range.
    pub fn invalid_range(field: &str) -> SimError {
        SimError::new(
            8,
            "ParameterInvalidRange",
            format!("The value provided for {field} is out of range."),
        )
        .with_data("parameter", field)
    }

    /// 18: a required field is missing or its value is not acceptable.
    pub fn invalid_parameters(field: &str) -> SimError {
        SimError::new(
            18,
            "InvalidParameters",
            format!("The parameters provided were invalid. ({field})"),
        )
        .with_data("parameter", field)
    }

    /// 1601: the membership does not exist here.
    pub fn account_not_found() -> SimError {
        SimError::new(
            1601,
            "DestinyAccountNotFound",
            "We were unable to find your Destiny account information.  If you have a valid Destiny Account, let us know.",
        )
    }

    /// 1620: no such character on this account.
    pub fn character_not_found() -> SimError {
        SimError::new(
            1620,
            "DestinyCharacterNotFound",
            "We were unable to find your character.",
        )
    }

    /// 1623: the item is not where the request says it is (or does not exist).
    pub fn item_not_found() -> SimError {
        SimError::new(
            1623,
            "DestinyItemNotFound",
            "The item requested was not found.",
        )
    }

    /// 1639: the item cannot be used by this character (another class).
    pub fn failed_unlock_check() -> SimError {
        SimError::new(
            1639,
            "DestinyItemFailedUnlockCheck",
            "This item can't be used by this character.",
        )
    }

    /// 1640: the item cannot be equipped (equipment locked, or not equippable).
    pub fn unequippable() -> SimError {
        SimError::new(
            1640,
            "DestinyItemUnequippable",
            "This item can't be equipped right now.",
        )
    }

    /// 1641: another item with the same unique label is already equipped.
    pub fn unique_equip_restricted() -> SimError {
        SimError::new(
            1641,
            "DestinyItemUniqueEquipRestricted",
            "You can only equip one of these items at a time.",
        )
    }

    /// 1642: the destination bucket is full.
    pub fn no_room() -> SimError {
        SimError::new(
            1642,
            "DestinyNoRoomInDestination",
            "There are no item slots available to transfer this item.",
        )
    }

    /// 1648: the destination already holds this unique item.
    pub fn uniqueness_violation() -> SimError {
        SimError::new(
            1648,
            "DestinyUniquenessViolation",
            "The destination already has this item and is only allowed one.",
        )
    }

    /// 1656: the item is equipped.
    pub fn equipped_item() -> SimError {
        SimError::new(
            1656,
            "DestinyCannotPerformActionOnEquippedItem",
            "You cannot perform this action on an equipped item.",
        )
    }

    /// 1660: the item's definition forbids transfers.
    pub fn not_transferrable() -> SimError {
        SimError::new(
            1660,
            "DestinyItemNotTransferrable",
            "This item cannot be transferred.",
        )
    }

    /// 1663: the action is not allowed for this item through the API.
    pub fn action_forbidden() -> SimError {
        SimError::new(
            1663,
            "DestinyItemActionForbidden",
            "This action can only be done in-game.  I know, we're bummed about it too.",
        )
    }

    /// 1671: the character is in an activity.
    pub fn wrong_location() -> SimError {
        SimError::new(
            1671,
            "DestinyCannotPerformActionAtThisLocation",
            "You cannot perform this action at your current location. Head to orbit or a social area.",
        )
    }

    /// 1673: pulling this item from the postmaster would have side effects.
    pub fn pull_has_side_effects() -> SimError {
        SimError::new(
            1673,
            "DestinyItemNotTransferrableHasSideEffects",
            "This item can only be claimed in-game because claiming it has side effects.",
        )
    }

    /// 1653: no post-game carnage report for this activity id (unknown, or not written yet).
    pub fn pgcr_not_found() -> SimError {
        SimError::new(
            1653,
            "DestinyPGCRNotFound",
            "The post game carnage report was not found.",
        )
    }
}
