//! The [`Backend`]: what the server asks of the rest of the daemon, one async method per protocol
//! method that is not transport or authentication. It takes and returns protocol types; its
//! errors carry the protocol's reason, code and data.

use futures_util::future::BoxFuture;
use vault_raider_protocol::automation::{
    AutomationStatus, FarmingParams, GuardParams, MaxPowerParams, MaxPowerResult, SetGuardParams,
};
use vault_raider_protocol::error::{ErrorData, Reason, RpcError};
use vault_raider_protocol::game_loadouts::{GameIdentifiers, GameLoadoutParams, GameSlotParams};
use vault_raider_protocol::inventory::{
    ChangesParams, ChangesResult, DimLoadout, EquipLoadoutParams, EquipParams, ItemRef,
    ListLoadoutsParams, LoadoutList, LoadoutRef, LoadoutResult, LockParams, OperationResult,
    PullParams, SaveLoadoutParams, SearchParams, SearchResult, Snapshot, SyncResult,
    TransferParams,
};
use vault_raider_protocol::model::{Account, ItemDetail};
use vault_raider_protocol::progress::{
    AccountStats, HistoryParams, HistoryResult, ProgressListParams, ProgressListResult,
    TrackParams, TrackResult,
};
use vault_raider_protocol::session::{
    CompleteAuthParams, Empty, LoginParams, LoginResult, SelectAccountParams, SessionInfo,
    SessionStatus,
};
use vault_raider_protocol::tags::{
    AnnotateResult, DimBackup, ImportTagsResult, NoteParams, TagParams,
};
use vault_raider_protocol::vendors::{
    ClanResult, CollectionsParams, CollectionsResult, VendorsParams, VendorsResult,
};

/// What a backend method answers.
pub type BackendResult<T> = Result<T, BackendError>;

/// The future a backend method returns (boxed so the trait can be a `dyn Backend`).
pub type BackendFuture<'a, T> = BoxFuture<'a, BackendResult<T>>;

/// Why a backend method failed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum BackendError {
    /// One of the protocol's own errors (`item_not_found`, `no_room`, `bungie_throttled`…).
    #[error("{message}")]
    Reason {
        /// The reason (which fixes the code).
        reason: Reason,
        /// What went wrong, for a person to read.
        message: String,
        /// Details (`retryAfterMs`, `steps`…); `reason` is filled in from the field above.
        data: ErrorData,
    },
    /// The params parse but make no sense (a search query that does not parse…): -32602.
    #[error("invalid params: {field}: {message}")]
    InvalidParams {
        /// The field at fault.
        field: String,
        /// What is wrong, and for a query the column and a suggestion.
        message: String,
    },
    /// Something failed inside the daemon: -32603. The message must hold no secret.
    #[error("internal error: {0}")]
    Internal(String),
}

impl BackendError {
    /// A protocol error with no more data than its reason.
    pub fn new(reason: Reason, message: impl Into<String>) -> Self {
        BackendError::Reason {
            reason,
            message: message.into(),
            data: ErrorData::default(),
        }
    }

    /// A protocol error with data.
    pub fn with_data(reason: Reason, message: impl Into<String>, data: ErrorData) -> Self {
        BackendError::Reason {
            reason,
            message: message.into(),
            data,
        }
    }

    /// Invalid params, naming the field.
    pub fn invalid_params(field: impl Into<String>, message: impl Into<String>) -> Self {
        BackendError::InvalidParams {
            field: field.into(),
            message: message.into(),
        }
    }

    /// The error object sent to the client; an internal error is logged as it is sent.
    pub fn to_rpc(&self) -> RpcError {
        match self {
            BackendError::Reason {
                reason,
                message,
                data,
            } => RpcError::with_data(*reason, message.clone(), data.clone()),
            BackendError::InvalidParams { field, message } => {
                RpcError::invalid_params(field.clone(), message.clone())
            }
            BackendError::Internal(message) => {
                tracing::error!("a request failed inside the daemon: {message}");
                RpcError::internal(message.clone())
            }
        }
    }
}

/// The Bungie session and the store's revision, as `session.identify` reports them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionSummary {
    /// The Bungie session.
    pub session: SessionInfo,
    /// The store's revision now.
    pub rev: u64,
}

/// The answer of a backend that does not offer `method` (a test double).
fn unsupported<T: Send + 'static>(method: &'static str) -> BackendFuture<'static, T> {
    Box::pin(async move {
        Err(BackendError::Internal(format!(
            "{method} is not offered by this daemon"
        )))
    })
}

/// The daemon behind the protocol. Reads come from the store; operations go through the one
/// action queue. Every method maps to the protocol method of the same name.
pub trait Backend: Send + Sync + 'static {
    /// For `session.identify`: the session and the current revision.
    fn session_summary(&self) -> BackendFuture<'_, SessionSummary>;
    /// `session.status`.
    fn session_status(&self) -> BackendFuture<'_, SessionStatus>;
    /// `auth.login`, for the client `caller` (only it may `auth.complete` the login).
    fn auth_login(&self, caller: String, params: LoginParams) -> BackendFuture<'_, LoginResult>;
    /// `auth.complete`: only a login `caller` started.
    fn auth_complete(
        &self,
        caller: String,
        params: CompleteAuthParams,
    ) -> BackendFuture<'_, SessionInfo>;
    /// `auth.logout`.
    fn auth_logout(&self) -> BackendFuture<'_, Empty>;
    /// `accounts.list`.
    fn accounts_list(&self) -> BackendFuture<'_, Vec<Account>>;
    /// `accounts.select`.
    fn accounts_select(&self, params: SelectAccountParams) -> BackendFuture<'_, SessionInfo>;
    /// `profile.snapshot`.
    fn profile_snapshot(&self) -> BackendFuture<'_, Snapshot>;
    /// `profile.changes`.
    fn profile_changes(&self, params: ChangesParams) -> BackendFuture<'_, ChangesResult>;
    /// `profile.sync`.
    fn profile_sync(&self) -> BackendFuture<'_, SyncResult>;
    /// `items.search`.
    fn items_search(&self, params: SearchParams) -> BackendFuture<'_, SearchResult>;
    /// `items.get`.
    fn items_get(&self, params: ItemRef) -> BackendFuture<'_, ItemDetail>;
    /// `items.tag`.
    fn items_tag(&self, params: TagParams) -> BackendFuture<'_, AnnotateResult> {
        let _ = params;
        unsupported("items.tag")
    }
    /// `items.note`.
    fn items_note(&self, params: NoteParams) -> BackendFuture<'_, AnnotateResult> {
        let _ = params;
        unsupported("items.note")
    }
    /// `tags.import`.
    fn tags_import(&self, params: DimBackup) -> BackendFuture<'_, ImportTagsResult> {
        let _ = params;
        unsupported("tags.import")
    }
    /// `tags.export`.
    fn tags_export(&self) -> BackendFuture<'_, DimBackup> {
        unsupported("tags.export")
    }
    /// `loadouts.snapshotGame`.
    fn loadouts_snapshot_game(
        &self,
        params: GameLoadoutParams,
    ) -> BackendFuture<'_, OperationResult> {
        let _ = params;
        unsupported("loadouts.snapshotGame")
    }
    /// `loadouts.updateGame`.
    fn loadouts_update_game(
        &self,
        params: GameLoadoutParams,
    ) -> BackendFuture<'_, OperationResult> {
        let _ = params;
        unsupported("loadouts.updateGame")
    }
    /// `loadouts.clearGame`.
    fn loadouts_clear_game(&self, params: GameSlotParams) -> BackendFuture<'_, OperationResult> {
        let _ = params;
        unsupported("loadouts.clearGame")
    }
    /// `loadouts.gameIdentifiers`.
    fn loadouts_game_identifiers(&self) -> BackendFuture<'_, GameIdentifiers> {
        unsupported("loadouts.gameIdentifiers")
    }
    /// `progress.list`.
    fn progress_list(&self, params: ProgressListParams) -> BackendFuture<'_, ProgressListResult> {
        let _ = params;
        unsupported("progress.list")
    }
    /// `progress.track`.
    fn progress_track(&self, params: TrackParams) -> BackendFuture<'_, TrackResult> {
        let _ = params;
        unsupported("progress.track")
    }
    /// `activities.history`.
    fn activities_history(&self, params: HistoryParams) -> BackendFuture<'_, HistoryResult> {
        let _ = params;
        unsupported("activities.history")
    }
    /// `stats.account`.
    fn stats_account(&self) -> BackendFuture<'_, AccountStats> {
        unsupported("stats.account")
    }
    /// `vendors.list`.
    fn vendors_list(&self, params: VendorsParams) -> BackendFuture<'_, VendorsResult> {
        let _ = params;
        unsupported("vendors.list")
    }
    /// `collections.search`.
    fn collections_search(
        &self,
        params: CollectionsParams,
    ) -> BackendFuture<'_, CollectionsResult> {
        let _ = params;
        unsupported("collections.search")
    }
    /// `clan.get`.
    fn clan_get(&self) -> BackendFuture<'_, ClanResult> {
        unsupported("clan.get")
    }
    /// `loadouts.maxPower`.
    fn loadouts_max_power(&self, params: MaxPowerParams) -> BackendFuture<'_, MaxPowerResult> {
        let _ = params;
        unsupported("loadouts.maxPower")
    }
    /// `postmaster.guard`.
    fn postmaster_guard(&self, params: GuardParams) -> BackendFuture<'_, OperationResult> {
        let _ = params;
        unsupported("postmaster.guard")
    }
    /// `postmaster.setGuard`.
    fn postmaster_set_guard(&self, params: SetGuardParams) -> BackendFuture<'_, AutomationStatus> {
        let _ = params;
        unsupported("postmaster.setGuard")
    }
    /// `farming.start`.
    fn farming_start(&self, params: FarmingParams) -> BackendFuture<'_, AutomationStatus> {
        let _ = params;
        unsupported("farming.start")
    }
    /// `farming.stop`.
    fn farming_stop(&self) -> BackendFuture<'_, AutomationStatus> {
        unsupported("farming.stop")
    }
    /// `automation.status`.
    fn automation_status(&self) -> BackendFuture<'_, AutomationStatus> {
        unsupported("automation.status")
    }
    /// `items.transfer`.
    fn items_transfer(&self, params: TransferParams) -> BackendFuture<'_, OperationResult>;
    /// `items.equip`.
    fn items_equip(&self, params: EquipParams) -> BackendFuture<'_, OperationResult>;
    /// `items.lock`.
    fn items_lock(&self, params: LockParams) -> BackendFuture<'_, OperationResult>;
    /// `postmaster.pull` (the server has checked that exactly one of `id`, `characterId` is set).
    fn postmaster_pull(&self, params: PullParams) -> BackendFuture<'_, OperationResult>;
    /// `loadouts.list`.
    fn loadouts_list(&self, params: ListLoadoutsParams) -> BackendFuture<'_, LoadoutList>;
    /// `loadouts.save`.
    fn loadouts_save(&self, params: SaveLoadoutParams) -> BackendFuture<'_, LoadoutResult>;
    /// `loadouts.equip`.
    fn loadouts_equip(&self, params: EquipLoadoutParams) -> BackendFuture<'_, OperationResult>;
    /// `loadouts.delete`.
    fn loadouts_delete(&self, params: LoadoutRef) -> BackendFuture<'_, Empty>;
    /// `loadouts.import`.
    fn loadouts_import(&self, params: DimLoadout) -> BackendFuture<'_, LoadoutResult>;
    /// `loadouts.export`.
    fn loadouts_export(&self, params: LoadoutRef) -> BackendFuture<'_, DimLoadout>;
}
