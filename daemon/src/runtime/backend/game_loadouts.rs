//! `loadouts.snapshotGame`, `loadouts.updateGame`, `loadouts.clearGame` and
//! `loadouts.gameIdentifiers`: the game's own loadout slots, changed through the one action
//! queue (so each takes `dryRun` and is reported like any operation).

#![allow(clippy::result_large_err)]

use super::DaemonBackend;
use crate::bungie::manifest::loadout_defs::{LoadoutColorDef, LoadoutIconDef, LoadoutNameDef};
use crate::moves::Request;
use crate::moves::game_action::Identifiers;
use crate::server::backend::BackendError;
use crate::server::convert;
use crate::server::convert::errors::{internal, not_applied};
use crate::store::game_loadout::GAME_LOADOUT_SLOTS;
use crate::store::model::CharacterId;
use vault_raider_protocol::game_loadouts::{GameIdentifiers, GameLoadoutParams, GameSlotParams};
use vault_raider_protocol::inventory::{GameSlot, LoadoutResult, OperationResult};

/// The identifiers a new slot takes when none are given: the game's defaults (the empty
/// slot's name, colour and icon).
pub const DEFAULT_IDENTIFIERS: Identifiers = Identifiers {
    name_hash: 1_797_558_498,
    color_hash: 3_871_954_967,
    icon_hash: 797_343_014,
};

/// The most rows read from one of the manifest's loadout tables.
const MAX_IDENTIFIER_ROWS: usize = 500;

/// Which change to a slot's identifiers.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// SnapshotLoadout.
    Snapshot,
    /// UpdateLoadoutIdentifiers.
    Update,
}

/// `loadouts.snapshotGame` / `loadouts.updateGame`.
pub async fn identify(
    backend: &DaemonBackend,
    params: GameLoadoutParams,
    change: Change,
) -> Result<OperationResult, BackendError> {
    let character_id = backend.known_character("characterId", &params.character_id)?;
    let index = slot(params.index)?;
    let current = backend
        .store
        .game_loadout(character_id, index)
        .map_err(internal)?
        .map_or(DEFAULT_IDENTIFIERS, |l| Identifiers {
            name_hash: l.name_hash,
            color_hash: l.color_hash,
            icon_hash: l.icon_hash,
        });
    let name_hash = match (&params.name, params.name_hash) {
        (Some(name), _) => name_hash(backend, name)?,
        (None, Some(hash)) => hash,
        (None, None) => current.name_hash,
    };
    let identifiers = Identifiers {
        name_hash,
        color_hash: params.color_hash.unwrap_or(current.color_hash),
        icon_hash: params.icon_hash.unwrap_or(current.icon_hash),
    };
    let request = match change {
        Change::Snapshot => Request::SnapshotGameLoadout {
            character_id,
            index,
            identifiers,
        },
        Change::Update => Request::UpdateGameLoadout {
            character_id,
            index,
            identifiers,
        },
    };
    backend
        .operate(request, params.dry_run.unwrap_or(false))
        .await
}

/// `loadouts.clearGame`.
pub async fn clear(
    backend: &DaemonBackend,
    params: GameSlotParams,
) -> Result<OperationResult, BackendError> {
    let character_id: CharacterId = backend.known_character("characterId", &params.character_id)?;
    let index = slot(params.index)?;
    backend
        .operate(
            Request::ClearGameLoadout {
                character_id,
                index,
            },
            params.dry_run.unwrap_or(false),
        )
        .await
}

/// `loadouts.gameIdentifiers`: the manifest's loadout names, colours and icons (empty lists
/// before a manifest with them is installed).
pub async fn identifiers(backend: &DaemonBackend) -> Result<GameIdentifiers, BackendError> {
    let manifest = &backend.manifest;
    Ok(convert::game_identifiers(
        manifest.all_or_empty::<LoadoutNameDef>(MAX_IDENTIFIER_ROWS),
        manifest.all_or_empty::<LoadoutColorDef>(MAX_IDENTIFIER_ROWS),
        manifest.all_or_empty::<LoadoutIconDef>(MAX_IDENTIFIER_ROWS),
    ))
}

/// `loadouts.import` into an in-game slot: the imported loadout is equipped on the slot's
/// character through the action queue, then the gear saved into the slot (SnapshotLoadout,
/// keeping the slot's identifiers or taking the game's defaults). A loadout that does not
/// apply completely is not saved: the answer is its error, with the steps done.
pub async fn import_into_slot(
    backend: &DaemonBackend,
    mut loadout: crate::store::model::Loadout,
    slot: GameSlot,
) -> Result<LoadoutResult, BackendError> {
    let character_id = backend.known_character("gameSlot.characterId", &slot.character_id)?;
    let index = self::slot(slot.index)?;
    loadout.character_id = character_id;
    let equipped = backend
        .operate(
            Request::EquipLoadout {
                loadout,
                character_id,
            },
            false,
        )
        .await?;
    if !equipped.ok {
        let failed = equipped.steps.iter().find_map(|s| s.error.as_ref());
        return Err(not_applied(failed.map(Box::as_ref)));
    }
    identify(
        backend,
        GameLoadoutParams {
            character_id: slot.character_id,
            index,
            name_hash: None,
            name: None,
            color_hash: None,
            icon_hash: None,
            dry_run: None,
        },
        Change::Snapshot,
    )
    .await?;
    let saved = backend
        .store
        .game_loadout(character_id, index)
        .map_err(internal)?
        .ok_or_else(|| internal("the slot was not saved"))?;
    Ok(LoadoutResult {
        loadout: crate::server::convert::game_loadout(&saved),
    })
}

fn slot(index: u32) -> Result<u32, BackendError> {
    if index < GAME_LOADOUT_SLOTS {
        Ok(index)
    } else {
        Err(BackendError::invalid_params(
            "index",
            format!("an in-game loadout slot is 0 to {}", GAME_LOADOUT_SLOTS - 1),
        ))
    }
}

/// The hash of the loadout name `name` (ignoring case), or invalid params listing the choices.
fn name_hash(backend: &DaemonBackend, name: &str) -> Result<u32, BackendError> {
    let names = backend
        .manifest
        .all_or_empty::<LoadoutNameDef>(MAX_IDENTIFIER_ROWS);
    names
        .iter()
        .find(|d| d.name.eq_ignore_ascii_case(name.trim()))
        .map(|d| d.hash)
        .ok_or_else(|| {
            let choices: Vec<&str> = names.iter().map(|d| d.name.as_str()).take(30).collect();
            BackendError::invalid_params(
                "name",
                format!(
                    "the game has no loadout name {name:?}; it offers: {}",
                    choices.join(", ")
                ),
            )
        })
}
