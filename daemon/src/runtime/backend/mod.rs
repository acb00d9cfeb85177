//! The real [`Backend`]: every protocol method that is not transport or authentication, answered
//! from the store (reads) or through the move executor (operations) and the sync engine. This
//! file holds the daemon's parts, the checks every namespace shares and the `Backend` impl, which
//! hands each method to its namespace's file: `session.rs` (session, auth, accounts),
//! `inventory.rs` (profile, items reads), `operations.rs` (one-item operations and how every
//! operation runs), `loadouts.rs`, `game_loadouts.rs`, `tags.rs`, `automation.rs`
//! (`loadouts.maxPower`, postmaster guard, farming), `progress.rs` (progress, activity history,
//! account stats) and `vendors.rs` (vendors, collections, clan). None of them builds a protocol
//! error or result shape by hand: `server::convert` does.

// `BackendError` is the server's error type, returned by every `Backend` method; the helpers here
// return it too rather than boxing it differently from the trait.
#![allow(clippy::result_large_err)]

use super::adapters::{BungieActions, StoreLoadouts, StoreRecorder};
use super::sign_in::SignIns;
use crate::bungie::auth::{Session, SessionStatus as AuthStatus};
use crate::events::EventBus;
use crate::moves::Executor;
use crate::server::backend::{Backend, BackendError, BackendFuture, SessionSummary};
use crate::server::convert::errors::{character_not_found, internal, no_character, signed_out};
use crate::store::Store;
use crate::store::model::{self as model, CharacterId};
use crate::sync::engine::SyncEngine;
use std::sync::Arc;
use vault_raider_protocol::automation::{
    AutomationStatus, FarmingParams, GuardParams, MaxPowerParams, MaxPowerResult, SetGuardParams,
};
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

mod automation;
mod game_loadouts;
mod inventory;
mod loadouts;
mod operations;
mod progress;
mod session;
mod tags;
mod vendors;

/// The executor the daemon runs.
pub type DaemonExecutor = Executor<BungieActions, StoreRecorder, StoreLoadouts>;

/// The daemon behind the protocol.
pub struct DaemonBackend {
    /// The store.
    pub store: Arc<Store>,
    /// The sync engine.
    pub sync: Arc<SyncEngine>,
    /// The move executor (one action queue).
    pub executor: Arc<DaemonExecutor>,
    /// The Bungie session.
    pub session: Arc<Session>,
    /// Sign-ins started by `auth.login`, finished by the callback or `auth.complete`.
    pub sign_ins: Arc<SignIns>,
    /// The followed account's membership type, read by the move executor.
    pub membership_type: Arc<std::sync::atomic::AtomicI32>,
    /// The event bus (`reset` announcements).
    pub bus: EventBus,
    /// Tells the session loop to try again now (a request after an application problem).
    pub retry: Arc<tokio::sync::Notify>,
    /// The postmaster guard and farming mode (told which items the player moves).
    pub automation: Arc<super::automation::Automation>,
    /// The manifest (the names, colours and icons in-game loadouts may take).
    pub manifest: Arc<crate::bungie::manifest::ManifestStore>,
    /// Vendors, collectibles and the clan, read on demand and kept a while.
    pub caches: Arc<super::read_caches::ReadCaches>,
    /// The daemon's one clock.
    pub clock: crate::clock::SharedClock,
}

/// A character id from the wire (`field` names it in the error).
pub(super) fn parse_character(field: &str, text: &str) -> Result<CharacterId, BackendError> {
    text.parse()
        .map_err(|_| BackendError::invalid_params(field, format!("{text:?} is not a character id")))
}

impl DaemonBackend {
    /// `character_not_found` unless the account has character `id`.
    pub(super) fn character_known(&self, id: CharacterId) -> Result<(), BackendError> {
        let inventory = self.store.inventory().map_err(internal)?;
        if inventory.characters.iter().any(|c| c.id == id) {
            Ok(())
        } else {
            Err(character_not_found(id))
        }
    }

    /// `signed_out` unless the Bungie session is signed in (for the methods that ask Bungie).
    pub(crate) fn require_signed_in(&self) -> Result<(), BackendError> {
        if matches!(*self.session.status().borrow(), AuthStatus::SignedIn { .. }) {
            Ok(())
        } else {
            Err(signed_out(
                "You are signed out of Bungie.net; sign in again.",
            ))
        }
    }

    /// The followed account and its membership id as Bungie's paths take it, when signed in.
    pub(crate) fn signed_in_account(&self) -> Result<(model::Account, i64), BackendError> {
        self.require_signed_in()?;
        let account = self
            .sync
            .account()
            .ok_or_else(|| signed_out("No Destiny account is chosen yet."))?;
        let id = i64::try_from(account.membership_id)
            .map_err(|_| BackendError::Internal("the membership id is out of range".into()))?;
        Ok((account, id))
    }

    /// The most recently played character.
    pub(crate) fn most_recent_character(&self) -> Result<CharacterId, BackendError> {
        self.store
            .inventory()
            .map_err(internal)?
            .characters
            .first()
            .map(|c| c.id)
            .ok_or_else(|| no_character("The account has no characters yet."))
    }

    /// A character id from the wire that names one of the account's characters.
    pub(crate) fn known_character(
        &self,
        field: &str,
        text: &str,
    ) -> Result<CharacterId, BackendError> {
        let id = parse_character(field, text)?;
        self.character_known(id)?;
        Ok(id)
    }
}

impl Backend for DaemonBackend {
    fn session_summary(&self) -> BackendFuture<'_, SessionSummary> {
        Box::pin(session::session_summary(self))
    }

    fn session_status(&self) -> BackendFuture<'_, SessionStatus> {
        Box::pin(session::session_status(self))
    }

    fn auth_login(&self, caller: String, params: LoginParams) -> BackendFuture<'_, LoginResult> {
        Box::pin(session::auth_login(self, caller, params))
    }

    fn auth_complete(
        &self,
        caller: String,
        params: CompleteAuthParams,
    ) -> BackendFuture<'_, SessionInfo> {
        Box::pin(session::auth_complete(self, caller, params))
    }

    fn auth_logout(&self) -> BackendFuture<'_, Empty> {
        Box::pin(session::auth_logout(self))
    }

    fn accounts_list(&self) -> BackendFuture<'_, Vec<Account>> {
        Box::pin(session::accounts_list(self))
    }

    fn accounts_select(&self, params: SelectAccountParams) -> BackendFuture<'_, SessionInfo> {
        Box::pin(session::accounts_select(self, params))
    }

    fn profile_snapshot(&self) -> BackendFuture<'_, Snapshot> {
        Box::pin(inventory::profile_snapshot(self))
    }

    fn profile_changes(&self, params: ChangesParams) -> BackendFuture<'_, ChangesResult> {
        Box::pin(inventory::profile_changes(self, params))
    }

    fn profile_sync(&self) -> BackendFuture<'_, SyncResult> {
        Box::pin(inventory::profile_sync(self))
    }

    fn items_search(&self, params: SearchParams) -> BackendFuture<'_, SearchResult> {
        Box::pin(inventory::items_search(self, params))
    }

    fn items_get(&self, params: ItemRef) -> BackendFuture<'_, ItemDetail> {
        Box::pin(inventory::items_get(self, params))
    }

    fn items_transfer(&self, params: TransferParams) -> BackendFuture<'_, OperationResult> {
        Box::pin(operations::items_transfer(self, params))
    }

    fn items_equip(&self, params: EquipParams) -> BackendFuture<'_, OperationResult> {
        Box::pin(operations::items_equip(self, params))
    }

    fn items_tag(&self, params: TagParams) -> BackendFuture<'_, AnnotateResult> {
        Box::pin(tags::items_tag(self, params))
    }

    fn items_note(&self, params: NoteParams) -> BackendFuture<'_, AnnotateResult> {
        Box::pin(tags::items_note(self, params))
    }

    fn tags_import(&self, params: DimBackup) -> BackendFuture<'_, ImportTagsResult> {
        Box::pin(tags::tags_import(self, params))
    }

    fn tags_export(&self) -> BackendFuture<'_, DimBackup> {
        Box::pin(tags::tags_export(self))
    }

    fn loadouts_snapshot_game(
        &self,
        params: GameLoadoutParams,
    ) -> BackendFuture<'_, OperationResult> {
        use game_loadouts::{Change, identify};
        Box::pin(identify(self, params, Change::Snapshot))
    }

    fn loadouts_update_game(
        &self,
        params: GameLoadoutParams,
    ) -> BackendFuture<'_, OperationResult> {
        use game_loadouts::{Change, identify};
        Box::pin(identify(self, params, Change::Update))
    }

    fn loadouts_clear_game(&self, params: GameSlotParams) -> BackendFuture<'_, OperationResult> {
        Box::pin(game_loadouts::clear(self, params))
    }

    fn loadouts_game_identifiers(&self) -> BackendFuture<'_, GameIdentifiers> {
        Box::pin(game_loadouts::identifiers(self))
    }

    fn loadouts_max_power(&self, params: MaxPowerParams) -> BackendFuture<'_, MaxPowerResult> {
        Box::pin(automation::max_power(self, params))
    }

    fn progress_list(&self, params: ProgressListParams) -> BackendFuture<'_, ProgressListResult> {
        Box::pin(progress::list(self, params))
    }

    fn progress_track(&self, params: TrackParams) -> BackendFuture<'_, TrackResult> {
        Box::pin(progress::track(self, params))
    }

    fn activities_history(&self, params: HistoryParams) -> BackendFuture<'_, HistoryResult> {
        Box::pin(progress::history(self, params))
    }

    fn stats_account(&self) -> BackendFuture<'_, AccountStats> {
        Box::pin(progress::account_stats(self))
    }

    fn vendors_list(&self, params: VendorsParams) -> BackendFuture<'_, VendorsResult> {
        Box::pin(vendors::list(self, params))
    }

    fn collections_search(
        &self,
        params: CollectionsParams,
    ) -> BackendFuture<'_, CollectionsResult> {
        Box::pin(vendors::search(self, params))
    }

    fn clan_get(&self) -> BackendFuture<'_, ClanResult> {
        Box::pin(vendors::clan(self, Empty {}))
    }

    fn postmaster_guard(&self, params: GuardParams) -> BackendFuture<'_, OperationResult> {
        Box::pin(automation::guard(self, params))
    }

    fn postmaster_set_guard(&self, params: SetGuardParams) -> BackendFuture<'_, AutomationStatus> {
        Box::pin(automation::set_guard(self, params))
    }

    fn farming_start(&self, params: FarmingParams) -> BackendFuture<'_, AutomationStatus> {
        Box::pin(automation::farming_start(self, params))
    }

    fn farming_stop(&self) -> BackendFuture<'_, AutomationStatus> {
        Box::pin(automation::farming_stop(self))
    }

    fn automation_status(&self) -> BackendFuture<'_, AutomationStatus> {
        Box::pin(automation::status(self))
    }

    fn items_lock(&self, params: LockParams) -> BackendFuture<'_, OperationResult> {
        Box::pin(operations::items_lock(self, params))
    }

    fn postmaster_pull(&self, params: PullParams) -> BackendFuture<'_, OperationResult> {
        Box::pin(operations::postmaster_pull(self, params))
    }

    fn loadouts_list(&self, params: ListLoadoutsParams) -> BackendFuture<'_, LoadoutList> {
        Box::pin(loadouts::loadouts_list(self, params))
    }

    fn loadouts_save(&self, params: SaveLoadoutParams) -> BackendFuture<'_, LoadoutResult> {
        Box::pin(loadouts::loadouts_save(self, params))
    }

    fn loadouts_equip(&self, params: EquipLoadoutParams) -> BackendFuture<'_, OperationResult> {
        Box::pin(loadouts::loadouts_equip(self, params))
    }

    fn loadouts_delete(&self, params: LoadoutRef) -> BackendFuture<'_, Empty> {
        Box::pin(loadouts::loadouts_delete(self, params))
    }

    fn loadouts_import(&self, params: DimLoadout) -> BackendFuture<'_, LoadoutResult> {
        Box::pin(loadouts::loadouts_import(self, params))
    }

    fn loadouts_export(&self, params: LoadoutRef) -> BackendFuture<'_, DimLoadout> {
        Box::pin(loadouts::loadouts_export(self, params))
    }
}

/// A character id as Bungie's paths and bodies take it (int64).
pub(crate) fn wire_character(id: CharacterId) -> Result<i64, BackendError> {
    i64::try_from(id).map_err(|_| BackendError::Internal("the character id is out of range".into()))
}
