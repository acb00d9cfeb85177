//! The error object of a failed request: JSON-RPC's own codes for bad frames and the daemon's
//! codes, each with a stable [`Reason`] in `data.reason` that clients branch on.

use crate::inventory::Step;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// JSON-RPC: the frame is not JSON.
pub const PARSE_ERROR: i64 = -32700;
/// JSON-RPC: the frame is JSON but not a request.
pub const INVALID_REQUEST: i64 = -32600;
/// JSON-RPC: no such method.
pub const METHOD_NOT_FOUND: i64 = -32601;
/// JSON-RPC: the params do not fit the method (`data.field` names the field).
pub const INVALID_PARAMS: i64 = -32602;
/// JSON-RPC: the daemon failed in a way that is not the client's doing.
pub const INTERNAL_ERROR: i64 = -32603;

/// The daemon's own error reasons; each has one code (see the table in `PROTOCOL.md`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema, TS)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    /// 1001: no or bad token, or a method this client may not call.
    Unauthorized,
    /// 1002: wrong, expired or exhausted pairing.
    PairingFailed,
    /// 1003: protocol version not spoken (`data.versions` lists those spoken).
    UnsupportedProtocol,
    /// 1004: too many requests in flight.
    Busy,
    /// 1005: the pairing budget is spent (`data.retryAfterMs` says when it frees).
    RateLimited,
    /// 1006: identified, but this token may not call this method.
    Forbidden,
    /// 2001: no such item in the store.
    ItemNotFound,
    /// 2002: no such character.
    CharacterNotFound,
    /// 2003: destination full and nothing could be moved aside.
    NoRoom,
    /// 2004: the game forbids moving it.
    NotTransferable,
    /// 2005: a class, level or unique-equip (exotic) rule.
    CannotEquip,
    /// 2006: another operation holds the item.
    ItemInUse,
    /// 3001: Bungie throttles us (`data.retryAfterMs`).
    BungieThrottled,
    /// 3002: maintenance or network (`data.bungieErrorCode` where known).
    BungieUnavailable,
    /// 3003: the Bungie session is missing or expired.
    SignedOut,
    /// 3004: any other Bungie error (`data.bungieErrorCode`, `data.bungieErrorStatus`).
    BungieError,
}

impl Reason {
    /// Every reason, in code order.
    pub const ALL: [Reason; 16] = [
        Reason::Unauthorized,
        Reason::PairingFailed,
        Reason::UnsupportedProtocol,
        Reason::Busy,
        Reason::RateLimited,
        Reason::Forbidden,
        Reason::ItemNotFound,
        Reason::CharacterNotFound,
        Reason::NoRoom,
        Reason::NotTransferable,
        Reason::CannotEquip,
        Reason::ItemInUse,
        Reason::BungieThrottled,
        Reason::BungieUnavailable,
        Reason::SignedOut,
        Reason::BungieError,
    ];

    /// The error code that goes with the reason.
    pub fn code(self) -> i64 {
        match self {
            Reason::Unauthorized => 1001,
            Reason::PairingFailed => 1002,
            Reason::UnsupportedProtocol => 1003,
            Reason::Busy => 1004,
            Reason::RateLimited => 1005,
            Reason::Forbidden => 1006,
            Reason::ItemNotFound => 2001,
            Reason::CharacterNotFound => 2002,
            Reason::NoRoom => 2003,
            Reason::NotTransferable => 2004,
            Reason::CannotEquip => 2005,
            Reason::ItemInUse => 2006,
            Reason::BungieThrottled => 3001,
            Reason::BungieUnavailable => 3002,
            Reason::SignedOut => 3003,
            Reason::BungieError => 3004,
        }
    }

    /// The reason that goes with a code, if it is one of the daemon's.
    pub fn from_code(code: i64) -> Option<Reason> {
        Reason::ALL.into_iter().find(|reason| reason.code() == code)
    }

    /// The stable string clients branch on (`item_not_found`…).
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::Unauthorized => "unauthorized",
            Reason::PairingFailed => "pairing_failed",
            Reason::UnsupportedProtocol => "unsupported_protocol",
            Reason::Busy => "busy",
            Reason::RateLimited => "rate_limited",
            Reason::Forbidden => "forbidden",
            Reason::ItemNotFound => "item_not_found",
            Reason::CharacterNotFound => "character_not_found",
            Reason::NoRoom => "no_room",
            Reason::NotTransferable => "not_transferable",
            Reason::CannotEquip => "cannot_equip",
            Reason::ItemInUse => "item_in_use",
            Reason::BungieThrottled => "bungie_throttled",
            Reason::BungieUnavailable => "bungie_unavailable",
            Reason::SignedOut => "signed_out",
            Reason::BungieError => "bungie_error",
        }
    }
}

impl std::fmt::Display for Reason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The `data` of an error: the reason and whatever detail goes with it.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema, TS)]
#[serde(rename_all = "camelCase")]
#[ts(optional_fields)]
pub struct ErrorData {
    /// The daemon's reason (absent for JSON-RPC's own codes).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<Reason>,
    /// For invalid params: the field at fault (`query`, `items[0].id`, `params`…).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// For `unsupported_protocol`: the versions the daemon speaks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub versions: Option<Vec<u32>>,
    /// For `bungie_throttled` and `rate_limited`: how long to wait before trying again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_after_ms: Option<u64>,
    /// For Bungie errors: Bungie's `ErrorCode`, where known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bungie_error_code: Option<i64>,
    /// For `bungie_error`: Bungie's `ErrorStatus` (`DestinyItemNotFound`…).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bungie_error_status: Option<String>,
    /// For a failed one-item operation: the steps already done.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub steps: Option<Vec<Step>>,
}

impl ErrorData {
    /// Data carrying only a reason.
    pub fn reason(reason: Reason) -> Self {
        ErrorData {
            reason: Some(reason),
            ..ErrorData::default()
        }
    }
}

/// The error object of a failed response.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, TS)]
#[ts(optional_fields)]
pub struct RpcError {
    /// JSON-RPC's code or the daemon's (see [`Reason::code`]).
    pub code: i64,
    /// What went wrong, for a person to read.
    pub message: String,
    /// The reason and its details (boxed: errors travel in `Result`s and should stay small).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data: Option<Box<ErrorData>>,
}

impl RpcError {
    /// One of the daemon's errors: the reason's code, a message, `data.reason`.
    pub fn new(reason: Reason, message: impl Into<String>) -> Self {
        RpcError {
            code: reason.code(),
            message: message.into(),
            data: Some(Box::new(ErrorData::reason(reason))),
        }
    }

    /// One of the daemon's errors with more data; `data.reason` is set to `reason`.
    pub fn with_data(reason: Reason, message: impl Into<String>, data: ErrorData) -> Self {
        RpcError {
            code: reason.code(),
            message: message.into(),
            data: Some(Box::new(ErrorData {
                reason: Some(reason),
                ..data
            })),
        }
    }

    /// -32700: the frame is not JSON.
    pub fn parse_error(message: impl Into<String>) -> Self {
        RpcError {
            code: PARSE_ERROR,
            message: message.into(),
            data: None,
        }
    }

    /// -32600: the frame is not a JSON-RPC request.
    pub fn invalid_request(message: impl Into<String>) -> Self {
        RpcError {
            code: INVALID_REQUEST,
            message: message.into(),
            data: None,
        }
    }

    /// -32601: no such method.
    pub fn method_not_found(method: &str) -> Self {
        let shown: String = method.chars().take(64).collect();
        RpcError {
            code: METHOD_NOT_FOUND,
            message: format!("no method named {shown:?}"),
            data: None,
        }
    }

    /// -32602: bad params, naming the field.
    pub fn invalid_params(field: impl Into<String>, message: impl Into<String>) -> Self {
        RpcError {
            code: INVALID_PARAMS,
            message: message.into(),
            data: Some(Box::new(ErrorData {
                field: Some(field.into()),
                ..ErrorData::default()
            })),
        }
    }

    /// -32603: the daemon failed.
    pub fn internal(message: impl Into<String>) -> Self {
        RpcError {
            code: INTERNAL_ERROR,
            message: message.into(),
            data: None,
        }
    }

    /// The daemon's reason, when the error carries one.
    pub fn reason(&self) -> Option<Reason> {
        self.data.as_ref().and_then(|data| data.reason)
    }
}

impl std::fmt::Display for RpcError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({})", self.message, self.code)
    }
}

impl std::error::Error for RpcError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_reason_round_trips_through_its_code_and_name() {
        for reason in Reason::ALL {
            assert_eq!(Reason::from_code(reason.code()), Some(reason));
            let json = serde_json::to_value(reason).expect("a reason serializes");
            assert_eq!(json, serde_json::Value::String(reason.as_str().to_string()));
        }
        assert_eq!(Reason::from_code(-32600), None);
    }

    #[test]
    fn a_daemon_error_carries_its_reason_in_data() {
        let error = RpcError::new(Reason::Busy, "too many requests in flight");
        let json = serde_json::to_value(&error).expect("serializes");
        assert_eq!(
            json,
            serde_json::json!({"code":1004,"message":"too many requests in flight","data":{"reason":"busy"}})
        );
    }
}
