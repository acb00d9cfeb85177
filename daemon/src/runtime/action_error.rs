//! The Bungie adapter's one decision about a failed action: what Bungie's answer means to the
//! executor ([`ActionError`]), from the family `bungie::error` gives its `ErrorCode` and, within a
//! family, the codes the executor tells apart. Nothing else in the daemon reads these numbers for
//! moves.

use crate::bungie::BungieError;
use crate::bungie::error::{ErrorFamily, family};
use crate::moves::{ActionError, RuleKind};

/// EquipItems' per-item `equipStatus` for an item that was equipped.
pub const EQUIPPED_OK: i32 = 1;

/// DestinyItemNotFound: what an item EquipItems did not answer for is taken to mean.
pub const ITEM_NOT_FOUND: i32 = 1623;

/// The auth-family codes that mean the sign-in itself has expired (99 WebAuthRequired and the
/// 21xx expired or revoked authorizations); the family's other codes are refusals.
const SESSION_EXPIRED: [i32; 6] = [99, 2111, 2115, 2118, 2123, 2124];

/// What a failed Bungie call means to the executor.
pub fn action_error(error: BungieError) -> ActionError {
    match error.platform() {
        Some(platform) => from_code(
            platform.code,
            error.throttle_seconds().map(|s| u64::from(s) * 1000),
        ),
        None => ActionError::Transport {
            message: error.to_string(),
        },
    }
}

/// What one of Bungie's `ErrorCode`s (an envelope's, or EquipItems' per-item `equipStatus`)
/// means to the executor; `retry_after_ms` is Bungie's `ThrottleSeconds` when it sent one.
pub fn from_code(code: i32, retry_after_ms: Option<u64>) -> ActionError {
    match family(code) {
        ErrorFamily::Throttle => ActionError::Throttled {
            retry_after_ms,
            code,
        },
        ErrorFamily::Maintenance => ActionError::Maintenance { code },
        ErrorFamily::Auth if SESSION_EXPIRED.contains(&code) => ActionError::SignedOut { code },
        ErrorFamily::NotFound | ErrorFamily::GameRule => match rule_kind(code) {
            Some(kind) => ActionError::Rule { kind, code },
            None => ActionError::Refused { code },
        },
        ErrorFamily::Auth | ErrorFamily::Other => ActionError::Refused { code },
    }
}

/// EquipItems' per-item `equipStatus` as an outcome.
pub fn equip_status(status: i32) -> Result<(), ActionError> {
    if status == EQUIPPED_OK {
        Ok(())
    } else {
        Err(from_code(status, None))
    }
}

/// The game rule a not-found or game-rule code names, when the executor tells it apart.
fn rule_kind(code: i32) -> Option<RuleKind> {
    Some(match code {
        ITEM_NOT_FOUND => RuleKind::ItemNotFound,
        1642 => RuleKind::NoRoom,
        1656 => RuleKind::Equipped,
        1648 => RuleKind::UniqueInDestination,
        1662 => RuleKind::ContentVersionMismatch,
        1640 => RuleKind::EquipmentLocked,
        1641 => RuleKind::ExoticClash,
        1638 | 1639 => RuleKind::CharacterCannotEquip,
        1660 | 1673 => RuleKind::NotTransferable,
        1671 => RuleKind::InActivity,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bungie::error::PlatformError;

    fn platform(code: i32, throttle_seconds: u32) -> BungieError {
        BungieError::from_platform(PlatformError {
            code,
            status: String::new(),
            message: String::new(),
            throttle_seconds,
            http_status: 200,
            message_data: Default::default(),
        })
    }

    #[test]
    fn every_throttle_code_is_throttled_with_its_wait() {
        for code in [31, 35, 36, 37, 51, 54, 55, 56, 57, 1672] {
            assert_eq!(
                action_error(platform(code, 3)),
                ActionError::Throttled {
                    retry_after_ms: Some(3_000),
                    code
                },
                "{code}"
            );
        }
    }

    #[test]
    fn the_stale_family_is_stale_and_nothing_else_is() {
        for (code, kind) in [
            (1623, RuleKind::ItemNotFound),
            (1642, RuleKind::NoRoom),
            (1656, RuleKind::Equipped),
            (1648, RuleKind::UniqueInDestination),
        ] {
            let error = action_error(platform(code, 0));
            assert_eq!(error, ActionError::Rule { kind, code });
            assert!(error.is_stale(), "{code}");
        }
        for code in [
            1620, 1638, 1639, 1640, 1641, 1660, 1662, 1671, 1672, 1673, 5, 99, 2108,
        ] {
            assert!(!action_error(platform(code, 0)).is_stale(), "{code}");
        }
    }

    #[test]
    fn each_rule_kind_has_its_codes() {
        for (code, kind) in [
            (1662, RuleKind::ContentVersionMismatch),
            (1640, RuleKind::EquipmentLocked),
            (1641, RuleKind::ExoticClash),
            (1638, RuleKind::CharacterCannotEquip),
            (1639, RuleKind::CharacterCannotEquip),
            (1660, RuleKind::NotTransferable),
            (1673, RuleKind::NotTransferable),
            (1671, RuleKind::InActivity),
        ] {
            assert_eq!(from_code(code, None), ActionError::Rule { kind, code });
        }
        // A game-rule or not-found code the executor does not tell apart is a plain refusal.
        assert_eq!(from_code(1634, None), ActionError::Refused { code: 1634 });
        assert_eq!(from_code(1620, None), ActionError::Refused { code: 1620 });
    }

    #[test]
    fn maintenance_sign_in_and_other_codes() {
        assert_eq!(from_code(5, None), ActionError::Maintenance { code: 5 });
        for code in SESSION_EXPIRED {
            assert_eq!(from_code(code, None), ActionError::SignedOut { code });
        }
        // A missing scope is an auth refusal, not an expired sign-in.
        assert_eq!(from_code(2108, None), ActionError::Refused { code: 2108 });
        assert_eq!(from_code(18, None), ActionError::Refused { code: 18 });
    }

    #[test]
    fn no_envelope_is_a_transport_failure() {
        let timeout = BungieError::Transport {
            message: "timed out".into(),
            timeout: true,
        };
        assert!(matches!(
            action_error(timeout.clone()),
            ActionError::Transport { .. }
        ));
        assert!(matches!(
            action_error(BungieError::EmptyBody { http_status: 502 }),
            ActionError::Transport { .. }
        ));
        assert_eq!(action_error(timeout).code(), 0);
    }

    #[test]
    fn an_equip_status_of_one_is_success() {
        assert_eq!(equip_status(EQUIPPED_OK), Ok(()));
        assert_eq!(
            equip_status(1671),
            Err(ActionError::Rule {
                kind: RuleKind::InActivity,
                code: 1671
            })
        );
    }
}
