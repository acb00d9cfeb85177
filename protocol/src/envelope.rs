//! The JSON-RPC 2.0 envelope: requests (single or batched), responses and notifications.

use crate::error::RpcError;
use crate::events::Event;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use ts_rs::TS;

/// The `"jsonrpc": "2.0"` member every message carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema, TS)]
pub enum Version {
    /// JSON-RPC 2.0, the only version.
    #[default]
    #[serde(rename = "2.0")]
    V2,
}

/// A request id: a string or an integer, echoed back in the response.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema, TS)]
#[serde(untagged)]
pub enum Id {
    /// An integer id.
    Number(i64),
    /// A string id.
    String(String),
}

/// A request from a client. Without an `id` it is a notification and gets no answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, TS)]
#[ts(optional_fields)]
pub struct Request {
    /// Always `"2.0"`.
    pub jsonrpc: Version,
    /// The id the response will carry; absent for a notification.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<Id>,
    /// The method's name (`items.transfer`…), see [`crate::Method`].
    pub method: String,
    /// The method's params, an object; may be left out when the method takes none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub params: Option<Value>,
}

/// How a request ended: a result or an error.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    /// The method's result (its type is given by the method table).
    Result(Value),
    /// Why the request failed.
    Error(RpcError),
}

/// The daemon's answer to one request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, TS)]
pub struct Response {
    /// Always `"2.0"`.
    pub jsonrpc: Version,
    /// The request's id; `null` when the request's id could not be read.
    pub id: Option<Id>,
    /// `result` or `error`.
    #[serde(flatten)]
    #[ts(flatten)]
    pub outcome: Outcome,
}

impl Response {
    /// A successful response.
    pub fn result(id: Option<Id>, result: Value) -> Self {
        Response {
            jsonrpc: Version::V2,
            id,
            outcome: Outcome::Result(result),
        }
    }

    /// A failed response.
    pub fn error(id: Option<Id>, error: RpcError) -> Self {
        Response {
            jsonrpc: Version::V2,
            id,
            outcome: Outcome::Error(error),
        }
    }
}

/// A push from the daemon: an event, as a JSON-RPC notification whose method is the event name.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, TS)]
pub struct Notification {
    /// Always `"2.0"`.
    pub jsonrpc: Version,
    /// The event (`method` and `params`).
    #[serde(flatten)]
    #[ts(flatten)]
    pub event: Event,
}

impl Notification {
    /// Wraps an event.
    pub fn new(event: Event) -> Self {
        Notification {
            jsonrpc: Version::V2,
            event,
        }
    }
}
