//! `loadouts.maxPower`, `postmaster.guard`, `postmaster.setGuard`, `farming.start`,
//! `farming.stop` and `automation.status`: the daemon-only features, answered through the
//! [`Automation`](crate::runtime::automation::Automation) and the one action queue.

#![allow(clippy::result_large_err)]

use super::DaemonBackend;
use crate::events::AutomationState;
use crate::moves::{self, Request};
use crate::server::backend::BackendError;
use crate::server::convert;
use crate::server::convert::errors::{character_not_found, internal, max_power_refused};
use vault_raider_protocol::automation::{
    AutomationStatus, FarmingParams, GuardParams, MaxPowerParams, MaxPowerResult, SetGuardParams,
};
use vault_raider_protocol::inventory::OperationResult;

/// `loadouts.maxPower`: the best gear per slot, equipped with the loadout planner.
pub async fn max_power(
    backend: &DaemonBackend,
    params: MaxPowerParams,
) -> Result<MaxPowerResult, BackendError> {
    let character_id = backend.known_character("characterId", &params.character_id)?;
    let inventory = backend.store.inventory().map_err(internal)?;
    let choice = moves::max_power(&inventory, character_id).map_err(|e| max_power_refused(&e))?;
    let loadout = choice
        .loadout(&inventory, character_id)
        .ok_or_else(|| character_not_found(character_id))?;
    let request = Request::EquipLoadout {
        loadout,
        character_id,
    };
    let operation = backend
        .operate(request, params.dry_run.unwrap_or(false))
        .await?;
    Ok(MaxPowerResult {
        operation,
        power_before: choice.power_before,
        power_after: choice.power_after,
    })
}

/// `postmaster.guard`: the guard's plan for a character, run now (or only planned).
pub async fn guard(
    backend: &DaemonBackend,
    params: GuardParams,
) -> Result<OperationResult, BackendError> {
    let character_id = backend.known_character("characterId", &params.character_id)?;
    let request = backend.automation.guard_request(character_id);
    backend
        .operate(request, params.dry_run.unwrap_or(false))
        .await
}

/// `postmaster.setGuard`.
pub async fn set_guard(
    backend: &DaemonBackend,
    params: SetGuardParams,
) -> Result<AutomationStatus, BackendError> {
    let character_id = backend.known_character("characterId", &params.character_id)?;
    if let Some(t) = params.threshold
        && !(1..=crate::runtime::automation::MAX_GUARD_THRESHOLD).contains(&t)
    {
        return Err(BackendError::invalid_params(
            "threshold",
            "The threshold is a postmaster count from 1 to 20 (it holds 21).",
        ));
    }
    let state = backend
        .automation
        .set_guard(character_id, params.enabled, params.threshold)
        .map_err(internal)?;
    Ok(convert::automation(&state))
}

/// `farming.start`.
pub async fn farming_start(
    backend: &DaemonBackend,
    params: FarmingParams,
) -> Result<AutomationStatus, BackendError> {
    let character_id = backend.known_character("characterId", &params.character_id)?;
    let state = backend
        .automation
        .start_farming(character_id)
        .map_err(internal)?;
    Ok(convert::automation(&state))
}

/// `farming.stop`.
pub async fn farming_stop(backend: &DaemonBackend) -> Result<AutomationStatus, BackendError> {
    let state = backend.automation.stop_farming().map_err(internal)?;
    Ok(convert::automation(&state))
}

/// `automation.status`.
pub async fn status(backend: &DaemonBackend) -> Result<AutomationStatus, BackendError> {
    let state: AutomationState = backend.automation.state().map_err(internal)?;
    Ok(convert::automation(&state))
}
