//! Params and results of what the daemon does for the player while it runs:
//! `loadouts.maxPower` (best gear in one call), `postmaster.guard` and its setting
//! (`postmaster.setGuard`), farming mode (`farming.start`, `farming.stop`), and
//! `automation.status` with its event `automation.changed`.

use crate::inventory::OperationResult;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The postmaster count at which the guard acts unless the player set another.
pub const DEFAULT_GUARD_THRESHOLD: u32 = 16;

/// `loadouts.maxPower` params.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[ts(optional_fields)]
pub struct MaxPowerParams {
    /// The character to equip.
    pub character_id: String,
    /// Only plan: answer with the steps and change nothing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dry_run: Option<bool>,
}

/// `loadouts.maxPower` result: the operation, and the character's average power of weapons
/// and armour before and after (after as planned, for a dry run).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(rename_all = "camelCase")]
pub struct MaxPowerResult {
    /// What the operation did (or would do).
    #[serde(flatten)]
    pub operation: OperationResult,
    /// Average power of the eight equipped weapons and armour before.
    pub power_before: f64,
    /// Average power after.
    pub power_after: f64,
}

/// `postmaster.guard` params: run the guard now for one character.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[ts(optional_fields)]
pub struct GuardParams {
    /// The character whose postmaster to empty.
    pub character_id: String,
    /// Only plan: answer with the steps and change nothing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dry_run: Option<bool>,
}

/// `postmaster.setGuard` params.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[ts(optional_fields)]
pub struct SetGuardParams {
    /// The character.
    pub character_id: String,
    /// Guard on (the default) or off.
    pub enabled: bool,
    /// Act when the postmaster holds this many items (1–20); left out: unchanged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub threshold: Option<u32>,
}

/// One character's postmaster guard.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(rename_all = "camelCase")]
pub struct GuardSetting {
    /// The character.
    pub character_id: String,
    /// Whether the guard acts.
    pub enabled: bool,
    /// The postmaster count it acts at.
    pub threshold: u32,
}

/// `farming.start` params.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FarmingParams {
    /// The character to keep room on.
    pub character_id: String,
}

/// `automation.status` result and `automation.changed` params: farming mode and every
/// character's postmaster guard.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(rename_all = "camelCase")]
pub struct AutomationStatus {
    /// The character farming mode keeps room on; null when it is off.
    pub farming: Option<String>,
    /// Each character's postmaster guard.
    pub guards: Vec<GuardSetting>,
}
