//! Params and result of `overlay.url` (admin only): the overlay's address with its current
//! token, optionally after replacing the token (`vault-raider overlay [--rotate]`).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// `overlay.url` params.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema, TS)]
#[serde(rename_all = "camelCase")]
#[ts(optional_fields)]
pub struct OverlayUrlParams {
    /// Replace the overlay token first; connections that used the old one are closed.
    #[serde(default)]
    pub rotate: bool,
}

/// `overlay.url` result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(rename_all = "camelCase")]
pub struct OverlayUrlResult {
    /// `http://127.0.0.1:PORT/overlay?token=…`: a secret, shown only to the admin.
    pub url: String,
}
