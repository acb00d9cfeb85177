//! Why a move, equip or loadout could not be done: one error type for the `moves` layer, each
//! carrying the protocol's stable reason and a message a player understands.

use thiserror::Error;

/// The kind of failure, one per protocol reason (`data.reason`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    /// No such item in the store (2001 `item_not_found`).
    ItemNotFound,
    /// No such character (2002 `character_not_found`).
    CharacterNotFound,
    /// The destination is full and nothing could be moved aside (2003 `no_room`).
    NoRoom,
    /// The game forbids moving the item (2004 `not_transferable`).
    NotTransferable,
    /// A class, level or unique-equip rule forbids equipping it (2005 `cannot_equip`).
    CannotEquip,
    /// Another operation holds the item (2006 `item_in_use`).
    ItemInUse,
    /// The request itself makes no sense (a quantity of 0, locking an unlockable item…);
    /// the protocol's invalid params (-32602).
    InvalidRequest,
    /// Bungie asks us to slow down (3001 `bungie_throttled`).
    Throttled,
    /// Bungie is down for maintenance or unreachable (3002 `bungie_unavailable`).
    Unavailable,
    /// The Bungie session is missing or expired (3003 `signed_out`).
    SignedOut,
    /// Any other Bungie error (3004 `bungie_error`).
    Bungie,
    /// The daemon's own store failed. A step's error reports it as `bungie_error` (3004): the
    /// protocol's error table has no code for an internal failure in a step (-32603 is JSON-RPC's,
    /// with no `data.reason` to branch on).
    Internal,
}

impl Reason {
    /// The protocol's stable `data.reason` string.
    pub fn as_str(&self) -> &'static str {
        match self {
            Reason::ItemNotFound => "item_not_found",
            Reason::CharacterNotFound => "character_not_found",
            Reason::NoRoom => "no_room",
            Reason::NotTransferable => "not_transferable",
            Reason::CannotEquip => "cannot_equip",
            Reason::ItemInUse => "item_in_use",
            Reason::InvalidRequest => "invalid_params",
            Reason::Throttled => "bungie_throttled",
            Reason::Unavailable => "bungie_unavailable",
            Reason::SignedOut => "signed_out",
            Reason::Bungie => "bungie_error",
            Reason::Internal => "internal_error",
        }
    }
}

/// A failed move, equip, pull, lock or loadout step.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("{message}")]
pub struct MoveError {
    /// The protocol reason.
    pub reason: Reason,
    /// What happened, in words a player understands.
    pub message: String,
    /// Bungie's ErrorCode when Bungie refused (0 when the refusal is ours).
    pub bungie_code: i32,
    /// For [`Reason::Throttled`]: how long to wait.
    pub retry_after_ms: Option<u64>,
}

impl MoveError {
    /// An error decided by the planner (no Bungie call involved).
    pub fn new(reason: Reason, message: impl Into<String>) -> Self {
        MoveError {
            reason,
            message: message.into(),
            bungie_code: 0,
            retry_after_ms: None,
        }
    }

    /// `item_not_found` for an id.
    pub fn item_not_found(id: &str) -> Self {
        Self::new(
            Reason::ItemNotFound,
            format!(
                "Item {id} is not in your inventory (it may have been dismantled or moved in game)."
            ),
        )
    }

    /// `character_not_found` for a character id.
    pub fn character_not_found(id: u64) -> Self {
        Self::new(
            Reason::CharacterNotFound,
            format!("There is no character {id} on this account."),
        )
    }
}
