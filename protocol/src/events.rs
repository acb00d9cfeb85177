//! The events the daemon pushes as JSON-RPC notifications, and the topics clients pick them by.

use crate::model::Change;
use crate::session::{SessionReason, SessionState};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A group of events a client may subscribe to.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema, TS,
)]
#[serde(rename_all = "snake_case")]
#[ts(rename_all = "snake_case")]
pub enum Topic {
    /// `inventory.changed`.
    Inventory,
    /// `activity.started`, `activity.completed`.
    Activity,
    /// `operation.progress`.
    Operations,
    /// `session.changed`, `sync.status`, `automation.changed`.
    Session,
    /// `loadouts.changed`.
    Loadouts,
    /// `progress.changed`.
    Progress,
}

impl Topic {
    /// Every topic.
    pub const ALL: [Topic; 6] = [
        Topic::Inventory,
        Topic::Activity,
        Topic::Operations,
        Topic::Session,
        Topic::Loadouts,
        Topic::Progress,
    ];
}

/// `inventory.changed` params.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, TS)]
pub struct InventoryChanged {
    /// The revision after the last of the changes.
    #[ts(type = "number")]
    pub rev: u64,
    /// The changes, in revision order.
    pub changes: Vec<Change>,
    /// The store was started afresh (signed in to another Bungie.net account): drop what you
    /// hold and take a `profile.snapshot`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub reset: Option<bool>,
}

/// `operation.progress` params.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(rename_all = "camelCase")]
pub struct OperationProgress {
    /// The operation.
    pub operation_id: String,
    /// The step that finished (1-based).
    pub step: u32,
    /// How many steps in all.
    pub of: u32,
    /// The step's action.
    pub action: String,
    /// The item it acted on.
    pub id: String,
    /// Whether it succeeded.
    pub ok: bool,
}

/// `activity.started` params.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(rename_all = "camelCase")]
pub struct ActivityStarted {
    /// The character.
    pub character_id: String,
    /// The activity's name.
    pub activity: String,
    /// The mode's name.
    pub mode: String,
    /// When it started (RFC 3339, UTC).
    pub started_at: String,
}

/// `activity.completed` params (and one entry of `activities.history`). The figures from the
/// post-game carnage report (`precisionKills`, `score`, `standing`, `fireteam`) are there when the
/// report was read; `standing` only in modes with a winner.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(rename_all = "camelCase")]
#[ts(optional_fields)]
pub struct ActivityCompleted {
    /// The character.
    pub character_id: String,
    /// The activity's name.
    pub activity: String,
    /// The mode's name.
    pub mode: String,
    /// Completed rather than abandoned.
    pub completed: bool,
    /// Kills.
    pub kills: u32,
    /// Deaths.
    pub deaths: u32,
    /// Assists.
    pub assists: u32,
    /// How long it took.
    #[ts(type = "number")]
    pub duration_seconds: u64,
    /// When it ended (RFC 3339, UTC).
    pub ended_at: String,
    /// The post-game carnage report's id (the activity instance).
    #[ts(optional = false)]
    pub pgcr_id: String,
    /// Precision kills.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub precision_kills: Option<u32>,
    /// The player's score.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(type = "number")]
    pub score: Option<i64>,
    /// `victory` or `defeat` in team modes, else the place (`1st`…).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub standing: Option<String>,
    /// Seconds the player was in it (less than `durationSeconds` when joined late).
    #[ts(type = "number", optional = false)]
    pub time_played_seconds: u64,
    /// The players met, the player first; empty until the report was read.
    #[serde(default)]
    #[ts(optional = false)]
    pub fireteam: Vec<crate::progress::FireteamMember>,
}

/// `session.changed` params.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TS)]
pub struct SessionChanged {
    /// The new state.
    pub state: SessionState,
    /// Why (`signed_out`: `expired`, `revoked`, `logged_out`; `app_rejected`: what Bungie refuses).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub reason: Option<SessionReason>,
    /// The state in words a person can read, with what to do about it.
    pub message: String,
}

/// `sync.status` params.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(rename_all = "camelCase")]
#[ts(optional_fields)]
pub struct SyncStatus {
    /// When the last sync finished (RFC 3339, UTC).
    #[serde(default)]
    #[ts(optional = false)]
    pub last_sync: Option<String>,
    /// When the next is due (RFC 3339, UTC).
    #[serde(default)]
    #[ts(optional = false)]
    pub next_sync: Option<String>,
    /// Whether it succeeded.
    pub ok: bool,
    /// What went wrong, in words a player understands.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// The game's item definitions (Bungie's manifest): the version in use or coming, and how far
    /// its download and install have got. Left out until the first check.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub manifest: Option<ManifestStatus>,
}

/// What the daemon is doing with the manifest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(rename_all = "snake_case")]
pub enum ManifestState {
    /// The installed version is Bungie's current one.
    Current,
    /// A new version is downloading (`bytes` of `totalBytes`).
    Downloading,
    /// The download is done; the database is being unpacked, checked and swapped in.
    Installing,
    /// The last update failed; the installed version (if any) stays in use and a later check
    /// retries.
    Failed,
}

/// `sync.status`'s `manifest`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(rename_all = "camelCase")]
#[ts(optional_fields)]
pub struct ManifestStatus {
    /// The version in use (`current`, `failed`) or being installed (`downloading`, `installing`);
    /// none when no manifest was ever installed and the check failed.
    #[serde(default)]
    #[ts(optional = false)]
    pub version: Option<String>,
    /// What is happening.
    pub state: ManifestState,
    /// Bytes received so far (`downloading`; the whole download after).
    #[ts(type = "number")]
    pub bytes: u64,
    /// The download's size, when Bungie announces it.
    #[serde(default)]
    #[ts(optional = false, type = "number | null")]
    pub total_bytes: Option<u64>,
}

/// An event: the notification's `method` and `params`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema, TS)]
#[serde(tag = "method", content = "params")]
#[ts(tag = "method", content = "params")]
pub enum Event {
    /// Changes were committed to the store.
    #[serde(rename = "inventory.changed")]
    #[ts(rename = "inventory.changed")]
    InventoryChanged(InventoryChanged),
    /// A step of an operation finished.
    #[serde(rename = "operation.progress")]
    #[ts(rename = "operation.progress")]
    OperationProgress(OperationProgress),
    /// A character entered an activity.
    #[serde(rename = "activity.started")]
    #[ts(rename = "activity.started")]
    ActivityStarted(ActivityStarted),
    /// A character finished an activity.
    #[serde(rename = "activity.completed")]
    #[ts(rename = "activity.completed")]
    ActivityCompleted(ActivityCompleted),
    /// The Bungie session changed state.
    #[serde(rename = "session.changed")]
    #[ts(rename = "session.changed")]
    SessionChanged(SessionChanged),
    /// A sync finished.
    #[serde(rename = "sync.status")]
    #[ts(rename = "sync.status")]
    SyncStatus(SyncStatus),
    /// A character's loadouts (either kind) changed.
    #[serde(rename = "loadouts.changed")]
    #[ts(rename = "loadouts.changed")]
    LoadoutsChanged(crate::game_loadouts::LoadoutsChanged),
    /// Farming mode started or stopped, or a postmaster guard setting changed.
    #[serde(rename = "automation.changed")]
    #[ts(rename = "automation.changed")]
    AutomationChanged(crate::automation::AutomationStatus),
    /// A character's objectives moved, completed or went away.
    #[serde(rename = "progress.changed")]
    #[ts(rename = "progress.changed")]
    ProgressChanged(crate::progress::ProgressChanged),
}

impl Event {
    /// The topic the event belongs to.
    pub fn topic(&self) -> Topic {
        match self {
            Event::InventoryChanged(_) => Topic::Inventory,
            Event::OperationProgress(_) => Topic::Operations,
            Event::ActivityStarted(_) | Event::ActivityCompleted(_) => Topic::Activity,
            Event::SessionChanged(_) | Event::SyncStatus(_) | Event::AutomationChanged(_) => {
                Topic::Session
            }
            Event::LoadoutsChanged(_) => Topic::Loadouts,
            Event::ProgressChanged(_) => Topic::Progress,
        }
    }

    /// The event's name (the notification's `method`).
    pub fn name(&self) -> &'static str {
        match self {
            Event::InventoryChanged(_) => "inventory.changed",
            Event::OperationProgress(_) => "operation.progress",
            Event::ActivityStarted(_) => "activity.started",
            Event::ActivityCompleted(_) => "activity.completed",
            Event::SessionChanged(_) => "session.changed",
            Event::SyncStatus(_) => "sync.status",
            Event::AutomationChanged(_) => "automation.changed",
            Event::LoadoutsChanged(_) => "loadouts.changed",
            Event::ProgressChanged(_) => "progress.changed",
        }
    }
}
