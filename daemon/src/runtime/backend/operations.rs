//! The one-item operations (`items.transfer`, `items.equip`, `items.lock`, `postmaster.pull`) and
//! how every operation runs: through the one action queue, its answer made by `convert`.

#![allow(clippy::result_large_err)]

use super::{DaemonBackend, parse_character};
use crate::events::{AppProblem, SessionState as BusState};
use crate::moves::{self, Destination, Request};
use crate::server::backend::BackendError;
use crate::server::convert::operations::operation_answer;
use crate::store::model::ItemId;
use vault_raider_protocol::inventory::{
    EquipParams, LockParams, OperationResult, PullParams, TransferParams,
};

impl DaemonBackend {
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
    pub(super) fn note_scope(&self, result: &moves::OperationResult) {
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
}

/// `items.transfer`.
pub(super) async fn items_transfer(
    backend: &DaemonBackend,
    params: TransferParams,
) -> Result<OperationResult, BackendError> {
    let to = if params.to == "vault" {
        Destination::Vault
    } else {
        let id = parse_character("to", &params.to)?;
        backend.character_known(id)?;
        Destination::Character(id)
    };
    let request = Request::Transfer {
        id: ItemId(params.id),
        to,
        quantity: params.quantity,
    };
    backend
        .operate(request, params.dry_run.unwrap_or(false))
        .await
}

/// `items.equip`.
pub(super) async fn items_equip(
    backend: &DaemonBackend,
    params: EquipParams,
) -> Result<OperationResult, BackendError> {
    let character_id = parse_character("characterId", &params.character_id)?;
    backend.character_known(character_id)?;
    let request = Request::Equip {
        id: ItemId(params.id),
        character_id,
    };
    backend
        .operate(request, params.dry_run.unwrap_or(false))
        .await
}

/// `items.lock`.
pub(super) async fn items_lock(
    backend: &DaemonBackend,
    params: LockParams,
) -> Result<OperationResult, BackendError> {
    let request = Request::Lock {
        id: ItemId(params.id),
        locked: params.locked,
    };
    backend
        .operate(request, params.dry_run.unwrap_or(false))
        .await
}

/// `postmaster.pull`.
pub(super) async fn postmaster_pull(
    backend: &DaemonBackend,
    params: PullParams,
) -> Result<OperationResult, BackendError> {
    let request = match (params.id, params.character_id) {
        (Some(id), _) => Request::Pull { id: ItemId(id) },
        (None, Some(c)) => {
            let character_id = parse_character("characterId", &c)?;
            backend.character_known(character_id)?;
            Request::PullAll { character_id }
        }
        (None, None) => {
            return Err(BackendError::invalid_params(
                "id",
                "give an item id or a characterId",
            ));
        }
    };
    backend
        .operate(request, params.dry_run.unwrap_or(false))
        .await
}
