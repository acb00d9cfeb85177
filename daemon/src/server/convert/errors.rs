//! Every daemon error as the protocol reports it: the moves layer's [`MoveError`], Bungie's
//! [`BungieError`], the sync engine's, a sign-in's, and an unexpected failure (internal). The
//! protocol's codes follow from the reasons chosen here (`Reason::code`).

// `BackendError` is the server's error type, returned by every `Backend` method.
#![allow(clippy::result_large_err)]

use crate::bungie::BungieError;
use crate::moves::{self, MoveError};
use crate::server::backend::BackendError;
use crate::session_state::SignInError;
use crate::sync::engine::SyncError;
use vault_raider_protocol::error::{ErrorData, Reason};

/// An unexpected failure (the store, a task) as the protocol's internal error (-32603); it is
/// logged when it is sent.
pub fn internal(e: impl std::fmt::Display) -> BackendError {
    BackendError::Internal(e.to_string())
}

/// The protocol reason of a moves reason (a store failure and a request that makes no sense
/// read as `bungie_error` where no other answer is made for them: `PROTOCOL.md`'s error table,
/// which a step's error follows, has no internal code).
fn move_reason(reason: moves::Reason) -> Reason {
    match reason {
        moves::Reason::ItemNotFound => Reason::ItemNotFound,
        moves::Reason::CharacterNotFound => Reason::CharacterNotFound,
        moves::Reason::NoRoom => Reason::NoRoom,
        moves::Reason::NotTransferable => Reason::NotTransferable,
        moves::Reason::CannotEquip => Reason::CannotEquip,
        moves::Reason::ItemInUse => Reason::ItemInUse,
        moves::Reason::Throttled => Reason::BungieThrottled,
        moves::Reason::Unavailable => Reason::BungieUnavailable,
        moves::Reason::SignedOut => Reason::SignedOut,
        moves::Reason::Bungie | moves::Reason::Internal | moves::Reason::InvalidRequest => {
            Reason::BungieError
        }
    }
}

/// A moves error's protocol reason and data (`retryAfterMs`, `bungieErrorCode`).
pub fn move_error(error: &MoveError) -> (Reason, ErrorData) {
    let reason = move_reason(error.reason);
    let mut data = ErrorData::reason(reason);
    data.retry_after_ms = error.retry_after_ms;
    if error.bungie_code != 0 {
        data.bungie_error_code = Some(i64::from(error.bungie_code));
    }
    (reason, data)
}

/// A moves error as a step's error object.
pub fn move_rpc_error(error: &MoveError) -> vault_raider_protocol::error::RpcError {
    let (reason, data) = move_error(error);
    vault_raider_protocol::error::RpcError::with_data(reason, error.message.clone(), data)
}

/// A loadout that cannot be saved or imported: bad input is invalid params, the rest its reason.
pub fn save_error(error: &MoveError) -> BackendError {
    if error.reason == moves::Reason::InvalidRequest {
        return BackendError::invalid_params("name", error.message.clone());
    }
    let (reason, data) = move_error(error);
    BackendError::with_data(reason, error.message.clone(), data)
}

/// A sign-in failure as the protocol reports it.
pub fn sign_in_error(error: SignInError) -> BackendError {
    match error {
        SignInError::UnknownState => BackendError::invalid_params("state", error.to_string()),
        SignInError::NotConfigured => BackendError::new(Reason::SignedOut, error.to_string()),
        SignInError::Listener(_) => BackendError::Internal(error.to_string()),
        SignInError::Refused(_) => BackendError::new(Reason::SignedOut, error.to_string()),
    }
}

/// A Bungie failure as the protocol reports it.
pub fn bungie_error(error: &BungieError) -> BackendError {
    use crate::bungie::BungieError as E;
    let mut data = ErrorData {
        bungie_error_code: error.code().map(i64::from),
        bungie_error_status: error.platform().map(|p| p.status.clone()),
        ..ErrorData::default()
    };
    let reason = match error {
        E::Throttled(_) => {
            data.retry_after_ms = error.throttle_seconds().map(|s| u64::from(s) * 1000);
            Reason::BungieThrottled
        }
        E::Maintenance(_) | E::Transport { .. } | E::Html { .. } | E::EmptyBody { .. } => {
            Reason::BungieUnavailable
        }
        E::Auth(_) | E::SignedOut(_) | E::OAuth { .. } => Reason::SignedOut,
        _ => Reason::BungieError,
    };
    data.reason = Some(reason);
    BackendError::with_data(reason, error.to_string(), data)
}

/// A sync engine failure (a read on demand) as the protocol reports it.
pub fn sync_error(e: SyncError) -> BackendError {
    match e {
        SyncError::Bungie(b) => bungie_error(&b),
        SyncError::NoAccount => signed_out("No Destiny account is chosen yet."),
        other => internal(other),
    }
}

/// `character_not_found` for a character id.
pub fn character_not_found(id: crate::store::model::CharacterId) -> BackendError {
    no_character(format!("There is no character {id} on this account."))
}

/// `character_not_found`, saying why.
pub fn no_character(message: impl Into<String>) -> BackendError {
    BackendError::new(Reason::CharacterNotFound, message)
}

/// `item_not_found` for an item id.
pub fn item_not_found(id: &str) -> BackendError {
    BackendError::new(
        Reason::ItemNotFound,
        format!("There is no item {id} in your inventory."),
    )
}

/// `signed_out`, saying what the player should do.
pub fn signed_out(message: impl Into<String>) -> BackendError {
    BackendError::new(Reason::SignedOut, message)
}

/// `loadouts.maxPower` when no maximum-power loadout can be made (`cannot_equip`).
pub fn max_power_refused(error: &MoveError) -> BackendError {
    BackendError::new(Reason::CannotEquip, error.message.clone())
}

/// A loadout that did not apply completely before it was to be saved into an in-game slot: the
/// reason of the first failed step (`bungie_error` when none says), and its message.
pub fn not_applied(failed: Option<&vault_raider_protocol::error::RpcError>) -> BackendError {
    BackendError::new(
        failed
            .and_then(|e| e.reason())
            .unwrap_or(Reason::BungieError),
        format!(
            "The loadout did not apply completely ({}), so it was not saved into the slot.",
            failed.map_or("a step failed", |e| e.message.as_str())
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bungie::PlatformError;
    use crate::moves::{ActionError, RuleKind, explain};
    use vault_raider_protocol::error::{INTERNAL_ERROR, INVALID_PARAMS, RpcError};

    fn reason_of(rpc: &RpcError) -> Option<Reason> {
        rpc.data.as_ref().and_then(|d| d.reason)
    }

    /// What the client receives for a failed action, from the adapter's decision to the wire.
    fn wire(error: ActionError) -> RpcError {
        move_rpc_error(&explain(&error, "Ace of Spades"))
    }

    #[test]
    fn every_action_error_reaches_the_protocol_with_its_code() {
        let cases = [
            (
                ActionError::Throttled {
                    retry_after_ms: Some(2_000),
                    code: 1672,
                },
                Reason::BungieThrottled,
                3001,
            ),
            (
                ActionError::Maintenance { code: 5 },
                Reason::BungieUnavailable,
                3002,
            ),
            (
                ActionError::Transport {
                    message: "reset".into(),
                },
                Reason::BungieUnavailable,
                3002,
            ),
            (ActionError::SignedOut { code: 99 }, Reason::SignedOut, 3003),
            (
                ActionError::Refused { code: 1634 },
                Reason::BungieError,
                3004,
            ),
            (
                ActionError::Unsendable {
                    message: "id out of range".into(),
                },
                Reason::BungieError,
                3004,
            ),
        ];
        for (error, reason, code) in cases {
            let rpc = wire(error.clone());
            assert_eq!(rpc.code, code, "{error:?}");
            assert_eq!(reason.code(), code);
            assert_eq!(reason_of(&rpc), Some(reason), "{error:?}");
        }
        let throttled = wire(ActionError::Throttled {
            retry_after_ms: Some(2_000),
            code: 1672,
        });
        let data = throttled.data.expect("data");
        assert_eq!(data.retry_after_ms, Some(2_000));
        assert_eq!(data.bungie_error_code, Some(1672));
        let transport = wire(ActionError::Transport {
            message: "reset".into(),
        });
        assert_eq!(transport.data.expect("data").bungie_error_code, None);
    }

    #[test]
    fn every_rule_kind_reaches_the_protocol_with_its_code() {
        let cases = [
            (RuleKind::ItemNotFound, Reason::ItemNotFound, 2001),
            (RuleKind::NoRoom, Reason::NoRoom, 2003),
            (RuleKind::UniqueInDestination, Reason::NoRoom, 2003),
            (RuleKind::NotTransferable, Reason::NotTransferable, 2004),
            (RuleKind::Equipped, Reason::CannotEquip, 2005),
            (RuleKind::EquipmentLocked, Reason::CannotEquip, 2005),
            (RuleKind::ExoticClash, Reason::CannotEquip, 2005),
            (RuleKind::CharacterCannotEquip, Reason::CannotEquip, 2005),
            (RuleKind::InActivity, Reason::CannotEquip, 2005),
            (RuleKind::ContentVersionMismatch, Reason::BungieError, 3004),
        ];
        for (kind, reason, code) in cases {
            let rpc = wire(ActionError::Rule { kind, code: 1600 });
            assert_eq!(rpc.code, code, "{kind:?}");
            assert_eq!(reason.code(), code);
            assert_eq!(reason_of(&rpc), Some(reason), "{kind:?}");
            assert_eq!(rpc.data.expect("data").bungie_error_code, Some(1600));
        }
    }

    #[test]
    fn the_planners_own_refusals_keep_their_reasons() {
        let cases = [
            (moves::Reason::CharacterNotFound, 2002),
            (moves::Reason::ItemInUse, 2006),
            (moves::Reason::Internal, 3004),
        ];
        for (reason, code) in cases {
            let rpc = move_rpc_error(&MoveError::new(reason, "no"));
            assert_eq!(rpc.code, code, "{reason:?}");
            assert_eq!(rpc.data.expect("data").bungie_error_code, None);
        }
        let invalid = save_error(&MoveError::new(moves::Reason::InvalidRequest, "no name"));
        assert_eq!(invalid.to_rpc().code, INVALID_PARAMS);
        let no_room = save_error(&MoveError::new(moves::Reason::NoRoom, "full"));
        assert_eq!(no_room.to_rpc().code, Reason::NoRoom.code());
    }

    fn platform(code: i32, throttle_seconds: u32) -> BungieError {
        BungieError::from_platform(PlatformError {
            code,
            status: "Status".into(),
            message: String::new(),
            throttle_seconds,
            http_status: 200,
            message_data: Default::default(),
        })
    }

    #[test]
    fn every_bungie_error_family_reaches_the_protocol_with_its_code() {
        let cases = [
            (platform(1672, 4), Reason::BungieThrottled),
            (platform(5, 0), Reason::BungieUnavailable),
            (
                BungieError::Transport {
                    message: "reset".into(),
                    timeout: false,
                },
                Reason::BungieUnavailable,
            ),
            (
                BungieError::Html {
                    http_status: 503,
                    title: "down".into(),
                },
                Reason::BungieUnavailable,
            ),
            (
                BungieError::EmptyBody { http_status: 502 },
                Reason::BungieUnavailable,
            ),
            (platform(99, 0), Reason::SignedOut),
            (BungieError::SignedOut("no token".into()), Reason::SignedOut),
            (platform(1642, 0), Reason::BungieError),
            (platform(1623, 0), Reason::BungieError),
            (platform(7, 0), Reason::BungieError),
        ];
        for (error, reason) in cases {
            let rpc = bungie_error(&error).to_rpc();
            assert_eq!(rpc.code, reason.code(), "{error:?}");
            assert_eq!(reason_of(&rpc), Some(reason), "{error:?}");
        }
        let data = bungie_error(&platform(1672, 4))
            .to_rpc()
            .data
            .expect("data");
        assert_eq!(data.retry_after_ms, Some(4_000));
        assert_eq!(data.bungie_error_code, Some(1672));
        assert_eq!(data.bungie_error_status.as_deref(), Some("Status"));
    }

    #[test]
    fn sign_in_sync_and_internal_errors() {
        assert_eq!(
            sign_in_error(SignInError::UnknownState).to_rpc().code,
            INVALID_PARAMS
        );
        assert_eq!(
            sign_in_error(SignInError::NotConfigured).to_rpc().code,
            Reason::SignedOut.code()
        );
        assert_eq!(
            sign_in_error(SignInError::Listener("port in use".into()))
                .to_rpc()
                .code,
            INTERNAL_ERROR
        );
        assert_eq!(
            sync_error(SyncError::NoAccount).to_rpc().code,
            Reason::SignedOut.code()
        );
        assert_eq!(
            sync_error(SyncError::Bungie(platform(5, 0))).to_rpc().code,
            Reason::BungieUnavailable.code()
        );
        assert_eq!(internal("the store is gone").to_rpc().code, INTERNAL_ERROR);
        assert_eq!(
            character_not_found(7).to_rpc().code,
            Reason::CharacterNotFound.code()
        );
    }
}
