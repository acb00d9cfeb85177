//! The daemon's loadouts: `loadouts.list`, `loadouts.save`, `loadouts.equip`, `loadouts.delete`,
//! `loadouts.import` and `loadouts.export`; an in-game slot (`game:<characterId>:<index>`) is
//! found here too.

#![allow(clippy::result_large_err)]

use super::{DaemonBackend, parse_character};
use crate::events::DaemonEvent;
use crate::moves::{self, Request};
use crate::server::backend::BackendError;
use crate::server::convert;
use crate::server::convert::errors::{internal, no_character, save_error};
use crate::store::model::{self as model, CharacterId, ItemId};
use vault_raider_protocol::inventory::{
    DimLoadout, EquipLoadoutParams, ListLoadoutsParams, LoadoutList, LoadoutRef, LoadoutResult,
    OperationResult, SaveLoadoutParams, Step,
};
use vault_raider_protocol::session::Empty;

impl DaemonBackend {
    /// Equips only the items of `loadout` that `character_id`'s class can use; the others are
    /// reported first, as `skip` steps that name where each item stays.
    pub(super) async fn equip_class_neutral(
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
            .ok_or_else(|| no_character(format!("there is no character {character_id}")))?;
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
    pub(super) fn loadout(&self, id: &str) -> Result<model::Loadout, BackendError> {
        if let Some(game) = self.game_loadout(id)? {
            return Ok(model::Loadout {
                id: game.id(),
                name: game.name.clone(),
                character_id: game.character_id,
                class: game.class,
                items: game.items.clone(),
                created_at: model::Loadout::NEVER_SAVED,
                updated_at: model::Loadout::NEVER_SAVED,
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
    pub(super) fn touched(&self, character_id: CharacterId) {
        self.bus
            .publish(DaemonEvent::LoadoutsTouched { character_id });
    }
}

/// `loadouts.list`.
pub(super) async fn loadouts_list(
    backend: &DaemonBackend,
    params: ListLoadoutsParams,
) -> Result<LoadoutList, BackendError> {
    let character = params
        .character_id
        .as_deref()
        .map(|c| parse_character("characterId", c))
        .transpose()?;
    let loadouts = backend.store.loadouts(character).map_err(internal)?;
    let game = backend.store.game_loadouts(character).map_err(internal)?;
    Ok(LoadoutList {
        loadouts: loadouts
            .iter()
            .map(convert::loadout)
            .chain(game.iter().map(convert::game_loadout))
            .collect(),
    })
}

/// `loadouts.save`.
pub(super) async fn loadouts_save(
    backend: &DaemonBackend,
    params: SaveLoadoutParams,
) -> Result<LoadoutResult, BackendError> {
    let character_id = parse_character("characterId", &params.character_id)?;
    backend.character_known(character_id)?;
    let inventory = backend.store.inventory().map_err(internal)?;
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
        (backend.clock)(),
    )
    .map_err(|e| save_error(&e))?;
    // `save` keeps the given items in order; an item the client marks only to bring
    // along is not equipped.
    if let Some(asked) = &params.items {
        for (entry, wanted) in loadout.items.iter_mut().zip(asked) {
            entry.equip &= wanted.equip;
        }
    }
    backend.store.save_loadout(&loadout).map_err(internal)?;
    backend.touched(loadout.character_id);
    Ok(LoadoutResult {
        loadout: convert::loadout(&loadout),
    })
}

/// `loadouts.equip`.
pub(super) async fn loadouts_equip(
    backend: &DaemonBackend,
    params: EquipLoadoutParams,
) -> Result<OperationResult, BackendError> {
    let character_id = parse_character("characterId", &params.character_id)?;
    backend.character_known(character_id)?;
    let by_name = || -> Result<Option<model::GameLoadout>, BackendError> {
        // A name no daemon loadout has may be one of the character's in-game slots.
        if backend.loadout(&params.loadout_id).is_ok() {
            return Ok(None);
        }
        let game = backend
            .store
            .game_loadouts(Some(character_id))
            .map_err(internal)?;
        Ok(game
            .into_iter()
            .find(|l| l.name.eq_ignore_ascii_case(&params.loadout_id)))
    };
    let game = match backend.game_loadout(&params.loadout_id)? {
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
        return backend
            .operate(request, params.dry_run.unwrap_or(false))
            .await;
    }
    let loadout = backend.loadout(&params.loadout_id)?;
    if params.class_neutral_only == Some(true) {
        return backend
            .equip_class_neutral(loadout, character_id, params.dry_run.unwrap_or(false))
            .await;
    }
    let request = Request::EquipLoadout {
        loadout,
        character_id,
    };
    backend
        .operate(request, params.dry_run.unwrap_or(false))
        .await
}

/// `loadouts.delete`.
pub(super) async fn loadouts_delete(
    backend: &DaemonBackend,
    params: LoadoutRef,
) -> Result<Empty, BackendError> {
    if backend.game_loadout(&params.loadout_id)?.is_some() {
        return Err(BackendError::invalid_params(
            "loadoutId",
            "An in-game loadout is emptied with loadouts.clearGame.",
        ));
    }
    let loadout = backend.loadout(&params.loadout_id)?;
    backend
        .store
        .delete_loadout(&loadout.id)
        .map_err(internal)?;
    backend.touched(loadout.character_id);
    Ok(Empty {})
}

/// `loadouts.import`.
pub(super) async fn loadouts_import(
    backend: &DaemonBackend,
    params: DimLoadout,
) -> Result<LoadoutResult, BackendError> {
    let text = match &params.dim {
        serde_json::Value::String(link) => link.clone(),
        other => other.to_string(),
    };
    let dim = moves::loadouts::dim::parse(&text)
        .map_err(|e| BackendError::invalid_params("dim", e.message))?;
    let inventory = backend.store.inventory().map_err(internal)?;
    let loadout = moves::loadouts::dim::import(
        &dim,
        &inventory,
        None,
        uuid::Uuid::new_v4().to_string(),
        (backend.clock)(),
    )
    .map_err(|e| save_error(&e))?;
    if let Some(slot) = params.game_slot {
        return super::game_loadouts::import_into_slot(backend, loadout, slot).await;
    }
    backend.store.save_loadout(&loadout).map_err(internal)?;
    backend.touched(loadout.character_id);
    Ok(LoadoutResult {
        loadout: convert::loadout(&loadout),
    })
}

/// `loadouts.export`.
pub(super) async fn loadouts_export(
    backend: &DaemonBackend,
    params: LoadoutRef,
) -> Result<DimLoadout, BackendError> {
    let loadout = backend.loadout(&params.loadout_id)?;
    let dim = moves::loadouts::dim::export(&loadout);
    let value = serde_json::to_value(&dim).map_err(internal)?;
    Ok(DimLoadout {
        dim: value,
        game_slot: None,
    })
}
