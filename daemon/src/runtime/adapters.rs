//! The executor's traits implemented for the real parts: [`BungieActions`] turns planned steps into
//! Bungie calls; [`StoreRecorder`] commits each success to the store and publishes it; the store
//! keeps loadouts ([`LoadoutStore`]).

use super::action_error::{ITEM_NOT_FOUND, action_error, equip_status, from_code};
use crate::bungie::Client;
use crate::bungie::wire::actions::{
    ItemActionRequest, ItemSetActionRequest, ItemStateRequest, ItemTransferRequest,
    LoadoutActionRequest, LoadoutUpdateActionRequest,
};
use crate::events::{DaemonEvent, EventBus};
use crate::moves::game_action::{GameAction, Identifiers};
use crate::moves::{ActionApi, ActionError, LoadoutStore, PortError, Progress, Recorder};
use crate::store::Store;
use crate::store::model::{Change, CharacterId, Inventory, Item, Loadout};
use crate::sync::engine::SyncEngine;
use std::sync::Arc;

/// Bungie's item actions for one account.
pub struct BungieActions {
    /// The client (paced, counted).
    pub client: Arc<Client>,
    /// The followed account's membership type (changed live by a sign-in or `accounts.select`).
    pub membership_type: Arc<std::sync::atomic::AtomicI32>,
}

fn signed(id: u64) -> Result<i64, ActionError> {
    i64::try_from(id).map_err(|_| ActionError::Unsendable {
        message: format!("id {id} is out of range"),
    })
}

fn instance_of(item: &Item) -> Result<i64, ActionError> {
    item.id.instance_id().map(signed).unwrap_or(Ok(0))
}

impl BungieActions {
    /// The followed account's membership type now.
    fn membership_type(&self) -> i32 {
        self.membership_type
            .load(std::sync::atomic::Ordering::Relaxed)
    }

    /// The body of TransferItem (and of PullFromPostmaster, which shares its shape).
    fn transfer_body(
        &self,
        item: &Item,
        to_vault: bool,
        character: CharacterId,
        quantity: u32,
    ) -> Result<ItemTransferRequest, ActionError> {
        Ok(ItemTransferRequest {
            item_reference_hash: item.hash,
            stack_size: i32::try_from(quantity).unwrap_or(i32::MAX),
            transfer_to_vault: to_vault,
            item_id: instance_of(item)?,
            character_id: signed(character)?,
            membership_type: self.membership_type(),
        })
    }
}

impl ActionApi for BungieActions {
    async fn transfer(
        &self,
        item: &Item,
        to_vault: bool,
        character: CharacterId,
        quantity: u32,
    ) -> Result<(), ActionError> {
        let body = self.transfer_body(item, to_vault, character, quantity)?;
        self.client.transfer_item(&body).await.map_err(action_error)
    }

    async fn pull_from_postmaster(
        &self,
        item: &Item,
        character: CharacterId,
        quantity: u32,
    ) -> Result<(), ActionError> {
        // The postmaster takes the transfer request's shape; `transferToVault` is ignored there.
        let body = self.transfer_body(item, false, character, quantity)?;
        self.client
            .pull_from_postmaster(&body)
            .await
            .map_err(action_error)
    }

    async fn equip(&self, item: &Item, character: CharacterId) -> Result<(), ActionError> {
        let body = ItemActionRequest {
            item_id: instance_of(item)?,
            character_id: signed(character)?,
            membership_type: self.membership_type(),
        };
        self.client.equip_item(&body).await.map_err(action_error)
    }

    async fn equip_items(
        &self,
        character: CharacterId,
        items: &[u64],
    ) -> Result<crate::moves::EquipOutcomes, ActionError> {
        let body = ItemSetActionRequest {
            item_ids: items
                .iter()
                .map(|id| signed(*id))
                .collect::<Result<_, _>>()?,
            character_id: signed(character)?,
            membership_type: self.membership_type(),
        };
        let results = self.client.equip_items(&body).await.map_err(action_error)?;
        // Every item asked for gets an outcome; one Bungie did not answer for is not found.
        Ok(items
            .iter()
            .map(|&id| {
                let status = results
                    .equip_results
                    .iter()
                    .find(|r| u64::try_from(r.item_instance_id) == Ok(id))
                    .map_or_else(
                        || Err(from_code(ITEM_NOT_FOUND, None)),
                        |r| equip_status(r.equip_status),
                    );
                (id, status)
            })
            .collect())
    }

    async fn set_lock(
        &self,
        item: &Item,
        character: CharacterId,
        locked: bool,
    ) -> Result<(), ActionError> {
        let body = ItemStateRequest {
            state: locked,
            item_id: instance_of(item)?,
            character_id: signed(character)?,
            membership_type: self.membership_type(),
        };
        self.client
            .set_lock_state(&body)
            .await
            .map_err(action_error)
    }

    async fn game_loadout(&self, action: &GameAction) -> Result<(), ActionError> {
        let (character, index) = action.slot();
        let character_id = signed(character)?;
        let loadout_index = i32::try_from(index).unwrap_or(i32::MAX);
        let membership_type = self.membership_type();
        let update = |ids: &Identifiers| LoadoutUpdateActionRequest {
            color_hash: ids.color_hash,
            icon_hash: ids.icon_hash,
            name_hash: ids.name_hash,
            loadout_index,
            character_id,
            membership_type,
        };
        let slot = LoadoutActionRequest {
            loadout_index,
            character_id,
            membership_type,
        };
        let result = match action {
            GameAction::Equip { .. } => self.client.equip_loadout(&slot).await,
            GameAction::Clear { .. } => self.client.clear_loadout(&slot).await,
            GameAction::Snapshot { identifiers, .. } => {
                self.client.snapshot_loadout(&update(identifiers)).await
            }
            GameAction::Update { identifiers, .. } => {
                self.client
                    .update_loadout_identifiers(&update(identifiers))
                    .await
            }
        };
        result.map_err(action_error)
    }

    fn calls_made(&self) -> u64 {
        self.client.call_count()
    }
}

/// Commits executor successes to the store and publishes them on the bus.
pub struct StoreRecorder {
    /// The store.
    pub store: Arc<Store>,
    /// The bus.
    pub bus: EventBus,
    /// The sync engine, for re-syncs when Bungie says the store was stale.
    pub sync: Arc<SyncEngine>,
    /// Names, colours and icons for in-game loadouts a game action saved or renamed.
    pub labels: Arc<dyn crate::sync::convert::Definitions + Send + Sync>,
}

impl Recorder for StoreRecorder {
    fn inventory(&self) -> Result<Inventory, PortError> {
        self.store.inventory().map_err(PortError::from)
    }

    fn record(&self, mut changes: Vec<Change>) -> Result<u64, PortError> {
        for change in &mut changes {
            if let Change::GameLoadout {
                loadout: Some(loadout),
                ..
            } = change
            {
                loadout.label(self.labels.as_ref());
            }
        }
        let revised = self.store.apply_changes(changes)?;
        let rev = self.store.rev()?;
        let made: Vec<Change> = revised.iter().map(|r| r.change.clone()).collect();
        self.sync.note_action(&made);
        if !revised.is_empty() {
            self.bus.publish(DaemonEvent::Inventory {
                rev,
                changes: revised,
            });
        }
        Ok(rev)
    }

    async fn resync(&self) -> Result<Inventory, PortError> {
        self.sync
            .sync_fresh()
            .await
            .map_err(|e| PortError::Resync(Box::new(e)))?;
        self.store.inventory().map_err(PortError::from)
    }

    fn progress(&self, progress: Progress) {
        self.bus.publish(DaemonEvent::OperationProgress {
            operation_id: progress.operation_id,
            step: progress.step,
            of: progress.of,
            action: progress.action,
            id: progress.id,
            ok: progress.ok,
        });
    }
}

/// Loadouts kept in the store.
pub struct StoreLoadouts {
    /// The store.
    pub store: Arc<Store>,
    /// The bus: every save and delete is said, so every client learns the list at once.
    pub bus: EventBus,
}

impl LoadoutStore for StoreLoadouts {
    fn save(&self, loadout: Loadout) -> Result<(), PortError> {
        self.store.save_loadout(&loadout)?;
        self.bus.publish(DaemonEvent::LoadoutsTouched {
            character_id: loadout.character_id,
        });
        Ok(())
    }
    fn get(&self, id: &str) -> Result<Option<Loadout>, PortError> {
        self.store.loadout(id).map_err(PortError::from)
    }
    fn list(&self) -> Result<Vec<Loadout>, PortError> {
        self.store.loadouts(None).map_err(PortError::from)
    }
    fn delete(&self, id: &str) -> Result<bool, PortError> {
        let owner = self.store.loadout(id)?.map(|l| l.character_id);
        let deleted = self.store.delete_loadout(id)?;
        if let Some(character_id) = owner.filter(|_| deleted) {
            self.bus
                .publish(DaemonEvent::LoadoutsTouched { character_id });
        }
        Ok(deleted)
    }
}
