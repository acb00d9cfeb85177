//! The real [`Backend`]: every protocol method that is not transport or authentication, answered
//! from the store (reads) or through the move executor (operations) and the sync engine.

// `BackendError` is the server's error type, returned by every `Backend` method; the helpers here
// return it too rather than boxing it differently from the trait.
#![allow(clippy::result_large_err)]

use super::adapters::{BungieActions, StoreLoadouts, StoreRecorder};
use super::sign_in::SignIns;
use crate::bungie::auth::{Session, SessionStatus as AuthStatus};
use crate::events::{AppProblem, DaemonEvent, EventBus, SessionState as BusState};
use crate::moves::{self, Destination, Executor, Request};
use crate::search::Query;
use crate::server::backend::{Backend, BackendError, BackendFuture, SessionSummary};
use crate::server::convert;
use crate::server::convert::errors::{bungie_error, internal, save_error, sign_in_error};
use crate::server::convert::operations::operation_answer;
use crate::store::Store;
use crate::store::model::{self as model, CharacterId, ItemId};
use crate::sync::engine::SyncEngine;
use std::sync::Arc;
use vault_raider_protocol::automation::{
    AutomationStatus, FarmingParams, GuardParams, MaxPowerParams, MaxPowerResult, SetGuardParams,
};
use vault_raider_protocol::error::Reason;
use vault_raider_protocol::game_loadouts::{GameIdentifiers, GameLoadoutParams, GameSlotParams};
use vault_raider_protocol::inventory::{
    ChangesParams, ChangesResult, DimLoadout, EquipLoadoutParams, EquipParams, ItemRef,
    ListLoadoutsParams, LoadoutList, LoadoutRef, LoadoutResult, LockParams, OperationResult,
    PullParams, SaveLoadoutParams, SearchParams, SearchResult, Snapshot, Step, SyncResult,
    TransferParams,
};
use vault_raider_protocol::model::{Account, ItemDetail};
use vault_raider_protocol::progress::{
    AccountStats, HistoryParams, HistoryResult, ProgressListParams, ProgressListResult,
    TrackParams, TrackResult,
};
use vault_raider_protocol::session::{
    BungieStatus, CompleteAuthParams, Empty, LoginParams, LoginResult, SelectAccountParams,
    SessionInfo, SessionStatus,
};
use vault_raider_protocol::tags::{
    AnnotateResult, DimBackup, ImportTagsResult, NoteParams, TagParams,
};
use vault_raider_protocol::vendors::{
    ClanResult, CollectionsParams, CollectionsResult, VendorsParams, VendorsResult,
};

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
}

fn now() -> String {
    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

fn parse_character(field: &str, text: &str) -> Result<CharacterId, BackendError> {
    text.parse()
        .map_err(|_| BackendError::invalid_params(field, format!("{text:?} is not a character id")))
}

impl DaemonBackend {
    fn session_info(&self) -> Result<SessionInfo, BackendError> {
        let account = self
            .store
            .account()
            .map_err(internal)?
            .as_ref()
            .map(convert::account);
        let state = self.sync.status().state;
        Ok(SessionInfo {
            state: convert::session_state(state),
            reason: convert::session_reason(state),
            message: Some(state.message().to_string()),
            account,
        })
    }

    fn character_known(&self, id: CharacterId) -> Result<(), BackendError> {
        let inventory = self.store.inventory().map_err(internal)?;
        if inventory.characters.iter().any(|c| c.id == id) {
            Ok(())
        } else {
            Err(BackendError::new(
                Reason::CharacterNotFound,
                format!("There is no character {id} on this account."),
            ))
        }
    }

    /// The in-game slot a `game:<characterId>:<index>` id names, when saved; `None` for other
    /// ids; an id of that form naming an empty slot is an error.
    pub(crate) fn game_loadout(
        &self,
        id: &str,
    ) -> Result<Option<model::GameLoadout>, BackendError> {
        let Some((character_id, index)) = crate::store::game_loadout::parse_game_loadout_id(id)
        else {
            return Ok(None);
        };
        self.store
            .game_loadout(character_id, index)
            .map_err(internal)?
            .map(Some)
            .ok_or_else(|| {
                BackendError::invalid_params(
                    "loadoutId",
                    format!("in-game loadout slot {} is empty", index + 1),
                )
            })
    }

    /// Tells the loadouts watch a daemon loadout of `character_id` was saved or deleted.
    fn touched(&self, character_id: CharacterId) {
        self.bus
            .publish(DaemonEvent::LoadoutsTouched { character_id });
    }

    /// `signed_out` unless the Bungie session is signed in (for the methods that ask Bungie).
    pub(crate) fn require_signed_in(&self) -> Result<(), BackendError> {
        if matches!(*self.session.status().borrow(), AuthStatus::SignedIn { .. }) {
            Ok(())
        } else {
            Err(BackendError::new(
                Reason::SignedOut,
                "You are signed out of Bungie.net; sign in again.",
            ))
        }
    }

    /// The followed account and its membership id as Bungie's paths take it, when signed in.
    pub(crate) fn signed_in_account(&self) -> Result<(model::Account, i64), BackendError> {
        self.require_signed_in()?;
        let account = self.sync.account().ok_or_else(|| {
            BackendError::new(Reason::SignedOut, "No Destiny account is chosen yet.")
        })?;
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
            .ok_or_else(|| {
                BackendError::new(
                    Reason::CharacterNotFound,
                    "The account has no characters yet.",
                )
            })
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

    /// Plans (`dry_run`) or runs a request through the one action queue; the items a run
    /// moved are left alone by the guard and farming mode for a while.
    pub(crate) async fn operate(
        &self,
        request: Request,
        dry_run: bool,
    ) -> Result<OperationResult, BackendError> {
        let multi = request.is_multi_item();
        let operation_id = uuid::Uuid::new_v4().to_string();
        let result = if dry_run {
            self.executor.dry_run(operation_id, &request)
        } else {
            self.executor.run(operation_id, request).await
        };
        if !dry_run {
            self.note_scope(&result);
            self.automation.note_moved(&result);
        }
        operation_answer(result, multi)
    }

    /// A move refused for a missing scope (2108) puts the session in `app_rejected`
    /// (`scope_missing`); a move that succeeds afterwards shows the scope is there again.
    fn note_scope(&self, result: &moves::OperationResult) {
        let missing = result
            .error
            .iter()
            .chain(result.steps.iter().filter_map(|s| s.error.as_ref()))
            .any(|e| AppProblem::from_bungie_code(e.bungie_code) == Some(AppProblem::ScopeMissing));
        let scope_state = BusState::AppRejected(AppProblem::ScopeMissing);
        if missing {
            self.sync.set_state(scope_state, None, None);
        } else if result.steps.iter().any(|s| s.ok) && self.sync.status().state == scope_state {
            self.sync.set_state(BusState::SignedIn, None, None);
        }
    }

    /// Equips only the items of `loadout` that `character_id`'s class can use; the others are
    /// reported first, as `skip` steps that name where each item stays.
    async fn equip_class_neutral(
        &self,
        loadout: model::Loadout,
        character_id: CharacterId,
        dry_run: bool,
    ) -> Result<OperationResult, BackendError> {
        let inventory = self.store.inventory().map_err(internal)?;
        let class = inventory
            .characters
            .iter()
            .find(|c| c.id == character_id)
            .map(|c| c.class)
            .ok_or_else(|| {
                BackendError::new(
                    Reason::CharacterNotFound,
                    format!("there is no character {character_id}"),
                )
            })?;
        let part = moves::loadouts::class_fit::class_neutral_part(
            &loadout,
            &inventory,
            class,
            character_id,
        );
        let skipped: Vec<Step> = part
            .skipped
            .iter()
            .map(|id| {
                let from = inventory.items.iter().find(|i| &i.id == id);
                convert::operations::skipped(id, from.map(|i| &i.location))
            })
            .collect();
        let request = Request::EquipLoadout {
            loadout: part.loadout,
            character_id,
        };
        let mut answer = self.operate(request, dry_run).await?;
        answer.steps.splice(0..0, skipped);
        Ok(answer)
    }

    /// The saved loadout `id` names (its id or exact name), or an in-game slot as a loadout
    /// (`game:<characterId>:<index>`).
    fn loadout(&self, id: &str) -> Result<model::Loadout, BackendError> {
        if let Some(game) = self.game_loadout(id)? {
            return Ok(model::Loadout {
                id: game.id(),
                name: game.name.clone(),
                character_id: game.character_id,
                class: game.class,
                items: game.items.clone(),
                created_at: String::new(),
                updated_at: String::new(),
            });
        }
        if let Some(by_id) = self.store.loadout(id).map_err(internal)? {
            return Ok(by_id);
        }
        self.store
            .loadouts(None)
            .map_err(internal)?
            .into_iter()
            .find(|l| l.name == id)
            .ok_or_else(|| {
                BackendError::invalid_params("loadoutId", format!("there is no loadout {id:?}"))
            })
    }
}

impl Backend for DaemonBackend {
    fn session_summary(&self) -> BackendFuture<'_, SessionSummary> {
        Box::pin(async move {
            Ok(SessionSummary {
                session: self.session_info()?,
                rev: self.store.rev().map_err(internal)?,
            })
        })
    }

    fn session_status(&self) -> BackendFuture<'_, SessionStatus> {
        Box::pin(async move {
            let info = self.session_info()?;
            let status = self.sync.status();
            let fmt = |d: Option<chrono::DateTime<chrono::Utc>>| {
                d.map(|d| d.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
            };
            Ok(SessionStatus {
                state: info.state,
                reason: info.reason,
                message: info.message,
                account: info.account,
                last_sync: fmt(status.last_sync),
                next_sync: fmt(status.next_sync),
                bungie: BungieStatus {
                    throttled_until: fmt(status.throttled_until),
                },
                manifest: self
                    .sync
                    .manifest_status()
                    .as_ref()
                    .map(convert::manifest_status),
            })
        })
    }

    fn auth_login(&self, caller: String, params: LoginParams) -> BackendFuture<'_, LoginResult> {
        Box::pin(async move {
            // A sign-in is also a request to try again after an application problem.
            self.retry.notify_one();
            let login = self
                .sign_ins
                .begin(&caller, params.redirect.is_some())
                .await
                .map_err(sign_in_error)?;
            Ok(LoginResult {
                authorize_url: login.authorize_url.to_string(),
                state: login.state,
            })
        })
    }

    fn auth_complete(
        &self,
        caller: String,
        params: CompleteAuthParams,
    ) -> BackendFuture<'_, SessionInfo> {
        Box::pin(async move {
            self.sign_ins
                .complete(&caller, &params.state, &params.code)
                .await
                .map_err(sign_in_error)?;
            self.session_info()
        })
    }

    fn auth_logout(&self) -> BackendFuture<'_, Empty> {
        Box::pin(async move {
            // The session loop stops polling and reports `signed_out` (`logged_out`).
            self.session.logout().await.map_err(internal)?;
            // Say so at once: the answer and the state a client reads next must agree.
            self.sync.set_state(
                crate::events::SessionState::SignedOut(Some(
                    crate::events::SignOutReason::LoggedOut,
                )),
                None,
                None,
            );
            Ok(Empty {})
        })
    }

    fn accounts_list(&self) -> BackendFuture<'_, Vec<Account>> {
        Box::pin(async move {
            let mut listed = Vec::new();
            for account in self.store.accounts().map_err(internal)? {
                listed.push(Account {
                    unavailable: self
                        .store
                        .is_unavailable(&account)
                        .map_err(internal)?
                        .then_some(true),
                    ..convert::account(&account)
                });
            }
            Ok(listed)
        })
    }

    fn accounts_select(&self, params: SelectAccountParams) -> BackendFuture<'_, SessionInfo> {
        Box::pin(async move {
            let all = self.store.accounts().map_err(internal)?;
            let chosen = all
                .iter()
                .find(|a| {
                    params
                        .membership_type
                        .is_none_or(|kind| kind == a.membership_type)
                        && a.membership_id.to_string() == params.membership_id
                })
                .cloned()
                .ok_or_else(|| {
                    BackendError::invalid_params(
                        "membershipId",
                        "no such account for this Bungie.net user",
                    )
                })?;
            if self.store.is_unavailable(&chosen).map_err(internal)? {
                return Err(BackendError::invalid_params(
                    "membershipId",
                    "Bungie no longer serves this Destiny account (its platform is retired); \
                     choose another",
                ));
            }
            if self.sync.account().as_ref() != Some(&chosen) {
                // Another Destiny account: a fresh inventory for it, announced with `reset`.
                let rev = self.store.reset_game_data(true).map_err(internal)?;
                self.store
                    .set_accounts(&all, Some(&chosen))
                    .map_err(internal)?;
                self.membership_type
                    .store(chosen.membership_type, std::sync::atomic::Ordering::Relaxed);
                self.sync.set_account(Some(chosen.clone()));
                self.bus.publish(DaemonEvent::StoreReset { rev });
                tracing::info!(account = %chosen.display_name, "now following this Destiny account");
                self.sync.wake();
            }
            self.session_info()
        })
    }

    fn profile_snapshot(&self) -> BackendFuture<'_, Snapshot> {
        Box::pin(async move {
            let inventory = self.store.inventory().map_err(internal)?;
            let account = self.store.account().map_err(internal)?;
            Ok(convert::snapshot::snapshot(&inventory, account.as_ref()))
        })
    }

    fn profile_changes(&self, params: ChangesParams) -> BackendFuture<'_, ChangesResult> {
        Box::pin(async move {
            match self.store.changes_since(params.since).map_err(internal)? {
                crate::store::ChangesSince::Changes { rev, changes } => Ok(ChangesResult {
                    rev,
                    changes: Some(changes.iter().map(convert::change).collect()),
                    reset: None,
                }),
                crate::store::ChangesSince::Reset { rev } => Ok(ChangesResult {
                    rev,
                    changes: None,
                    reset: Some(true),
                }),
            }
        })
    }

    fn profile_sync(&self) -> BackendFuture<'_, SyncResult> {
        Box::pin(async move {
            // Signed out, GetProfile would be answered without the private components, which
            // is no inventory at all: say what is wrong instead.
            if !matches!(*self.session.status().borrow(), AuthStatus::SignedIn { .. }) {
                return Err(BackendError::new(
                    Reason::SignedOut,
                    "You are signed out of Bungie.net; sign in again to sync.",
                ));
            }
            match self.sync.sync_now().await {
                Ok(outcome) => Ok(SyncResult {
                    rev: outcome.rev,
                    changed: u32::try_from(outcome.changed).unwrap_or(u32::MAX),
                    took_ms: outcome.took_ms,
                }),
                Err(crate::sync::engine::SyncError::Bungie(e)) => Err(bungie_error(&e)),
                Err(e) => Err(internal(e)),
            }
        })
    }

    fn items_search(&self, params: SearchParams) -> BackendFuture<'_, SearchResult> {
        Box::pin(async move {
            let query = Query::parse(&params.query)
                .map_err(|e| BackendError::invalid_params("query", e.message))?;
            let inventory = self.store.inventory().map_err(internal)?;
            let loadouts = self.store.loadouts(None).map_err(internal)?;
            let limit = params.limit.map_or(usize::MAX, |l| l as usize);
            let items = query
                .select(&inventory, &loadouts)
                .take(limit)
                .map(|i| convert::annotated_item(i, inventory.annotations.get(&i.id)))
                .collect();
            Ok(SearchResult { items })
        })
    }

    fn items_get(&self, params: ItemRef) -> BackendFuture<'_, ItemDetail> {
        Box::pin(async move {
            let item = self
                .store
                .item(&ItemId(params.id.clone()))
                .map_err(internal)?
                .ok_or_else(|| {
                    BackendError::new(
                        Reason::ItemNotFound,
                        format!("There is no item {} in your inventory.", params.id),
                    )
                })?;
            let annotation = self.store.annotation(&item.id).map_err(internal)?;
            let progress = self
                .store
                .progress_of_item(item.id.as_str())
                .map_err(internal)?;
            Ok(convert::item_detail(&item, &annotation, progress.as_ref()))
        })
    }

    fn items_transfer(&self, params: TransferParams) -> BackendFuture<'_, OperationResult> {
        Box::pin(async move {
            let to = if params.to == "vault" {
                Destination::Vault
            } else {
                let id = parse_character("to", &params.to)?;
                self.character_known(id)?;
                Destination::Character(id)
            };
            let request = Request::Transfer {
                id: ItemId(params.id),
                to,
                quantity: params.quantity,
            };
            self.operate(request, params.dry_run.unwrap_or(false)).await
        })
    }

    fn items_equip(&self, params: EquipParams) -> BackendFuture<'_, OperationResult> {
        Box::pin(async move {
            let character_id = parse_character("characterId", &params.character_id)?;
            self.character_known(character_id)?;
            let request = Request::Equip {
                id: ItemId(params.id),
                character_id,
            };
            self.operate(request, params.dry_run.unwrap_or(false)).await
        })
    }

    fn items_tag(&self, params: TagParams) -> BackendFuture<'_, AnnotateResult> {
        Box::pin(super::backend_tags::items_tag(self, params))
    }

    fn items_note(&self, params: NoteParams) -> BackendFuture<'_, AnnotateResult> {
        Box::pin(super::backend_tags::items_note(self, params))
    }

    fn tags_import(&self, params: DimBackup) -> BackendFuture<'_, ImportTagsResult> {
        Box::pin(super::backend_tags::tags_import(self, params))
    }

    fn tags_export(&self) -> BackendFuture<'_, DimBackup> {
        Box::pin(super::backend_tags::tags_export(self))
    }

    fn loadouts_snapshot_game(
        &self,
        params: GameLoadoutParams,
    ) -> BackendFuture<'_, OperationResult> {
        use super::backend_game_loadouts::{Change, identify};
        Box::pin(identify(self, params, Change::Snapshot))
    }

    fn loadouts_update_game(
        &self,
        params: GameLoadoutParams,
    ) -> BackendFuture<'_, OperationResult> {
        use super::backend_game_loadouts::{Change, identify};
        Box::pin(identify(self, params, Change::Update))
    }

    fn loadouts_clear_game(&self, params: GameSlotParams) -> BackendFuture<'_, OperationResult> {
        Box::pin(super::backend_game_loadouts::clear(self, params))
    }

    fn loadouts_game_identifiers(&self) -> BackendFuture<'_, GameIdentifiers> {
        Box::pin(super::backend_game_loadouts::identifiers(self))
    }

    fn loadouts_max_power(&self, params: MaxPowerParams) -> BackendFuture<'_, MaxPowerResult> {
        Box::pin(super::backend_automation::max_power(self, params))
    }

    fn progress_list(&self, params: ProgressListParams) -> BackendFuture<'_, ProgressListResult> {
        Box::pin(super::backend_progress::list(self, params))
    }

    fn progress_track(&self, params: TrackParams) -> BackendFuture<'_, TrackResult> {
        Box::pin(super::backend_progress::track(self, params))
    }

    fn activities_history(&self, params: HistoryParams) -> BackendFuture<'_, HistoryResult> {
        Box::pin(super::backend_progress::history(self, params))
    }

    fn stats_account(&self) -> BackendFuture<'_, AccountStats> {
        Box::pin(super::backend_progress::account_stats(self))
    }

    fn vendors_list(&self, params: VendorsParams) -> BackendFuture<'_, VendorsResult> {
        Box::pin(super::backend_vendors::list(self, params))
    }

    fn collections_search(
        &self,
        params: CollectionsParams,
    ) -> BackendFuture<'_, CollectionsResult> {
        Box::pin(super::backend_vendors::search(self, params))
    }

    fn clan_get(&self) -> BackendFuture<'_, ClanResult> {
        Box::pin(super::backend_vendors::clan(self, Empty {}))
    }

    fn postmaster_guard(&self, params: GuardParams) -> BackendFuture<'_, OperationResult> {
        Box::pin(super::backend_automation::guard(self, params))
    }

    fn postmaster_set_guard(&self, params: SetGuardParams) -> BackendFuture<'_, AutomationStatus> {
        Box::pin(super::backend_automation::set_guard(self, params))
    }

    fn farming_start(&self, params: FarmingParams) -> BackendFuture<'_, AutomationStatus> {
        Box::pin(super::backend_automation::farming_start(self, params))
    }

    fn farming_stop(&self) -> BackendFuture<'_, AutomationStatus> {
        Box::pin(super::backend_automation::farming_stop(self))
    }

    fn automation_status(&self) -> BackendFuture<'_, AutomationStatus> {
        Box::pin(super::backend_automation::status(self))
    }

    fn items_lock(&self, params: LockParams) -> BackendFuture<'_, OperationResult> {
        Box::pin(async move {
            let request = Request::Lock {
                id: ItemId(params.id),
                locked: params.locked,
            };
            self.operate(request, params.dry_run.unwrap_or(false)).await
        })
    }

    fn postmaster_pull(&self, params: PullParams) -> BackendFuture<'_, OperationResult> {
        Box::pin(async move {
            let request = match (params.id, params.character_id) {
                (Some(id), _) => Request::Pull { id: ItemId(id) },
                (None, Some(c)) => {
                    let character_id = parse_character("characterId", &c)?;
                    self.character_known(character_id)?;
                    Request::PullAll { character_id }
                }
                (None, None) => {
                    return Err(BackendError::invalid_params(
                        "id",
                        "give an item id or a characterId",
                    ));
                }
            };
            self.operate(request, params.dry_run.unwrap_or(false)).await
        })
    }

    fn loadouts_list(&self, params: ListLoadoutsParams) -> BackendFuture<'_, LoadoutList> {
        Box::pin(async move {
            let character = params
                .character_id
                .as_deref()
                .map(|c| parse_character("characterId", c))
                .transpose()?;
            let loadouts = self.store.loadouts(character).map_err(internal)?;
            let game = self.store.game_loadouts(character).map_err(internal)?;
            Ok(LoadoutList {
                loadouts: loadouts
                    .iter()
                    .map(convert::loadout)
                    .chain(game.iter().map(convert::game_loadout))
                    .collect(),
            })
        })
    }

    fn loadouts_save(&self, params: SaveLoadoutParams) -> BackendFuture<'_, LoadoutResult> {
        Box::pin(async move {
            let character_id = parse_character("characterId", &params.character_id)?;
            self.character_known(character_id)?;
            let inventory = self.store.inventory().map_err(internal)?;
            let ids: Option<Vec<ItemId>> = params
                .items
                .as_ref()
                .map(|items| items.iter().map(|i| ItemId(i.id.clone())).collect());
            let mut loadout = moves::loadouts::save(
                &inventory,
                &params.name,
                character_id,
                ids.as_deref(),
                uuid::Uuid::new_v4().to_string(),
                &now(),
            )
            .map_err(|e| save_error(&e))?;
            // `save` keeps the given items in order; an item the client marks only to bring
            // along is not equipped.
            if let Some(asked) = &params.items {
                for (entry, wanted) in loadout.items.iter_mut().zip(asked) {
                    entry.equip &= wanted.equip;
                }
            }
            self.store.save_loadout(&loadout).map_err(internal)?;
            self.touched(loadout.character_id);
            Ok(LoadoutResult {
                loadout: convert::loadout(&loadout),
            })
        })
    }

    fn loadouts_equip(&self, params: EquipLoadoutParams) -> BackendFuture<'_, OperationResult> {
        Box::pin(async move {
            let character_id = parse_character("characterId", &params.character_id)?;
            self.character_known(character_id)?;
            let by_name = || -> Result<Option<model::GameLoadout>, BackendError> {
                // A name no daemon loadout has may be one of the character's in-game slots.
                if self.loadout(&params.loadout_id).is_ok() {
                    return Ok(None);
                }
                let game = self
                    .store
                    .game_loadouts(Some(character_id))
                    .map_err(internal)?;
                Ok(game
                    .into_iter()
                    .find(|l| l.name.eq_ignore_ascii_case(&params.loadout_id)))
            };
            let game = match self.game_loadout(&params.loadout_id)? {
                Some(game) => Some(game),
                None => by_name()?,
            };
            if let Some(game) = game {
                if game.character_id != character_id {
                    return Err(BackendError::invalid_params(
                        "characterId",
                        "An in-game loadout is equipped on the character it belongs to.",
                    ));
                }
                let request = Request::EquipGameLoadout {
                    character_id,
                    index: game.index,
                };
                return self.operate(request, params.dry_run.unwrap_or(false)).await;
            }
            let loadout = self.loadout(&params.loadout_id)?;
            if params.class_neutral_only == Some(true) {
                return self
                    .equip_class_neutral(loadout, character_id, params.dry_run.unwrap_or(false))
                    .await;
            }
            let request = Request::EquipLoadout {
                loadout,
                character_id,
            };
            self.operate(request, params.dry_run.unwrap_or(false)).await
        })
    }

    fn loadouts_delete(&self, params: LoadoutRef) -> BackendFuture<'_, Empty> {
        Box::pin(async move {
            if self.game_loadout(&params.loadout_id)?.is_some() {
                return Err(BackendError::invalid_params(
                    "loadoutId",
                    "An in-game loadout is emptied with loadouts.clearGame.",
                ));
            }
            let loadout = self.loadout(&params.loadout_id)?;
            self.store.delete_loadout(&loadout.id).map_err(internal)?;
            self.touched(loadout.character_id);
            Ok(Empty {})
        })
    }

    fn loadouts_import(&self, params: DimLoadout) -> BackendFuture<'_, LoadoutResult> {
        Box::pin(async move {
            let text = match &params.dim {
                serde_json::Value::String(link) => link.clone(),
                other => other.to_string(),
            };
            let dim = moves::loadouts::dim::parse(&text)
                .map_err(|e| BackendError::invalid_params("dim", e.message))?;
            let inventory = self.store.inventory().map_err(internal)?;
            let loadout = moves::loadouts::dim::import(
                &dim,
                &inventory,
                None,
                uuid::Uuid::new_v4().to_string(),
                &now(),
            )
            .map_err(|e| save_error(&e))?;
            if let Some(slot) = params.game_slot {
                return super::backend_game_loadouts::import_into_slot(self, loadout, slot).await;
            }
            self.store.save_loadout(&loadout).map_err(internal)?;
            self.touched(loadout.character_id);
            Ok(LoadoutResult {
                loadout: convert::loadout(&loadout),
            })
        })
    }

    fn loadouts_export(&self, params: LoadoutRef) -> BackendFuture<'_, DimLoadout> {
        Box::pin(async move {
            let loadout = self.loadout(&params.loadout_id)?;
            let dim = moves::loadouts::dim::export(&loadout);
            let value = serde_json::to_value(&dim).map_err(internal)?;
            Ok(DimLoadout {
                dim: value,
                game_slot: None,
            })
        })
    }
}

/// A character id as Bungie's paths and bodies take it (int64).
pub(crate) fn wire_character(id: CharacterId) -> Result<i64, BackendError> {
    i64::try_from(id).map_err(|_| BackendError::Internal("the character id is out of range".into()))
}
