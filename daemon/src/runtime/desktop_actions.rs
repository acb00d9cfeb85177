//! What the tray asks of the daemon ([`DesktopActions`]): equip a loadout through the executor,
//! sync now, the overlay's address, sign in, quit.

use super::backend::DaemonExecutor;
use super::sign_in::SignIns;
use crate::desktop::browser::open_in_browser;
use crate::desktop::{BoxFuture, DesktopActions, EquipError, EquipReport, FailedItem};
use crate::moves::Request;
use crate::store::Store;
use crate::sync::engine::SyncEngine;
use std::sync::Arc;

/// The daemon as the tray sees it.
pub struct DaemonDesktop {
    /// The move executor.
    pub executor: Arc<DaemonExecutor>,
    /// The store (to find loadouts and item names).
    pub store: Arc<Store>,
    /// The sync engine.
    pub sync: Arc<SyncEngine>,
    /// The overlay token, so "Open overlay" uses the current one after a rotation.
    pub overlay: crate::server::OverlayToken,
    /// Cancelled when the player chooses "Quit".
    pub quit: tokio_util::sync::CancellationToken,
    /// The daemon's sign-ins (the tray's "Sign in to Bungie.net…" starts one).
    pub sign_ins: Arc<SignIns>,
    /// Farming mode (the tray's checkmark).
    pub automation: Arc<super::automation::Automation>,
}

impl DesktopActions for DaemonDesktop {
    fn equip_loadout(
        &self,
        loadout_id: String,
        character_id: u64,
    ) -> BoxFuture<'static, Result<EquipReport, EquipError>> {
        let executor = self.executor.clone();
        let store = self.store.clone();
        let automation = self.automation.clone();
        Box::pin(async move {
            if let Some((owner, index)) =
                crate::store::game_loadout::parse_game_loadout_id(&loadout_id)
            {
                let request = Request::EquipGameLoadout {
                    character_id: owner,
                    index,
                };
                return run(&executor, &store, &automation, request).await;
            }
            let loadout = store
                .loadout(&loadout_id)
                .map_err(store_error)?
                .ok_or(EquipError::LoadoutGone)?;
            equip(&executor, &store, &automation, loadout, character_id).await
        })
    }

    fn max_power(&self, character_id: u64) -> BoxFuture<'static, Result<EquipReport, EquipError>> {
        let executor = self.executor.clone();
        let store = self.store.clone();
        let automation = self.automation.clone();
        Box::pin(async move {
            let inventory = store.inventory().map_err(store_error)?;
            let choice =
                crate::moves::max_power(&inventory, character_id).map_err(EquipError::Refused)?;
            let loadout = choice
                .loadout(&inventory, character_id)
                .ok_or(EquipError::CharacterGone)?;
            equip(&executor, &store, &automation, loadout, character_id).await
        })
    }

    fn toggle_farming(&self, character_id: u64) {
        let outcome = match self.automation.farming() {
            Ok(Some(on)) if on == character_id => self.automation.stop_farming(),
            _ => self.automation.start_farming(character_id),
        };
        if let Err(e) = outcome {
            tracing::warn!(error = %e, "farming mode could not be changed");
        }
    }

    fn sync_now(&self) {
        self.sync.wake();
    }

    fn overlay_url(&self) -> String {
        self.overlay.url()
    }

    fn sign_in(&self) {
        let sign_ins = self.sign_ins.clone();
        tokio::spawn(async move {
            match sign_ins.begin("tray", false).await {
                Ok(login) => {
                    if !open_in_browser(login.authorize_url.into()).await {
                        tracing::warn!(
                            "could not open the browser; sign in with `vault-raider login` or the extension instead"
                        );
                    }
                }
                Err(e) => tracing::warn!(error = %e, "could not start signing in"),
            }
        });
    }

    fn quit(&self) {
        self.quit.cancel();
    }
}

/// Equips `loadout` on `character_id` through the action queue (the items it moves are the
/// player's moves: the guard and farming leave them alone a while); its outcome as the tray
/// tells it.
async fn equip(
    executor: &DaemonExecutor,
    store: &Store,
    automation: &super::automation::Automation,
    loadout: crate::store::model::Loadout,
    character_id: u64,
) -> Result<EquipReport, EquipError> {
    let request = Request::EquipLoadout {
        loadout,
        character_id,
    };
    run(executor, store, automation, request).await
}

/// Runs a loadout request through the action queue (its moves are the player's); its outcome
/// as the tray tells it.
async fn run(
    executor: &DaemonExecutor,
    store: &Store,
    automation: &super::automation::Automation,
    request: Request,
) -> Result<EquipReport, EquipError> {
    let result = executor
        .run(uuid::Uuid::new_v4().to_string(), request)
        .await;
    automation.note_moved(&result);
    report(store, &result)
}

/// A loadout operation's outcome as the tray tells it: the error of one that could not start,
/// or how many items are in place and which failed, by name.
fn report(
    store: &Store,
    result: &crate::moves::OperationResult,
) -> Result<EquipReport, EquipError> {
    if let Some(error) = &result.error {
        return Err(EquipError::Refused(error.clone()));
    }
    let name_of = |id: &crate::store::model::ItemId| {
        store
            .item(id)
            .ok()
            .flatten()
            .map(|i| i.info.name)
            .unwrap_or_else(|| id.to_string())
    };
    let failed: Vec<FailedItem> = result
        .steps
        .iter()
        .filter(|s| !s.ok)
        .map(|s| FailedItem {
            name: name_of(&s.id),
            reason: s
                .error
                .as_ref()
                .map(|e| e.message.clone())
                .unwrap_or_default(),
        })
        .collect();
    Ok(EquipReport {
        done: result.steps.len() - failed.len(),
        failed,
    })
}

/// A store failure as the tray reports it (and the log says).
fn store_error(e: crate::store::StoreError) -> EquipError {
    tracing::warn!(error = %e, "the tray's loadout could not be read from the store");
    EquipError::Store(Arc::new(e))
}
