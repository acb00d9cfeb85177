//! A finished operation as the protocol reports it: its steps, and the answer of a one-item
//! operation that failed (an error carrying its steps).

// `BackendError` is the server's error type, returned by every `Backend` method.
#![allow(clippy::result_large_err)]

use super::errors::{move_error, move_rpc_error};
use crate::moves;
use crate::server::backend::BackendError;
use crate::store::model;
use vault_raider_protocol::inventory::{OperationResult, Step};

/// One step's report.
pub fn step(report: &moves::StepReport) -> Step {
    Step {
        action: report.action.clone(),
        id: report.id.to_string(),
        from: report.from.as_ref().map(super::location),
        to: report.to.as_ref().map(super::location),
        ok: report.ok,
        error: report.error.as_ref().map(|e| Box::new(move_rpc_error(e))),
    }
}

/// A `skip` step: an item left where it is (`from`), not part of what was equipped.
pub fn skipped(id: &model::ItemId, from: Option<&model::Location>) -> Step {
    Step {
        action: "skip".to_string(),
        id: id.to_string(),
        from: from.map(super::location),
        to: None,
        ok: true,
        error: None,
    }
}

/// The protocol's operation result; a one-item operation that failed is an error carrying its steps.
pub fn operation_answer(
    result: moves::OperationResult,
    multi_item: bool,
) -> Result<OperationResult, BackendError> {
    let steps: Vec<Step> = result.steps.iter().map(step).collect();
    // A multi-item operation refused as a whole (a loadout of another class) carries its error
    // too: it answers with that error rather than an empty result.
    let refused_whole = multi_item && steps.is_empty();
    if (!multi_item || refused_whole)
        && let Some(error) = &result.error
    {
        if error.reason == moves::Reason::InvalidRequest {
            return Err(BackendError::invalid_params("id", error.message.clone()));
        }
        let (reason, mut data) = move_error(error);
        data.steps = Some(steps);
        return Err(BackendError::with_data(reason, error.message.clone(), data));
    }
    Ok(OperationResult {
        operation_id: result.operation_id,
        ok: result.ok,
        steps,
        rev: result.rev,
        bungie_calls: u32::try_from(result.bungie_calls).unwrap_or(u32::MAX),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::moves::{MoveError, Reason, StepReport};
    use vault_raider_protocol::error::INVALID_PARAMS;

    fn failed(reason: Reason) -> moves::OperationResult {
        let error = MoveError::new(reason, "no");
        moves::OperationResult {
            operation_id: "op".into(),
            ok: false,
            steps: vec![StepReport {
                action: "transfer".into(),
                id: model::ItemId("1".into()),
                from: Some(model::Location::Vault),
                to: None,
                ok: false,
                error: Some(error.clone()),
            }],
            rev: 3,
            bungie_calls: 1,
            error: Some(error),
            equip_waiting: false,
        }
    }

    #[test]
    fn a_failed_one_item_operation_is_an_error_carrying_its_steps() {
        let rpc = operation_answer(failed(Reason::NoRoom), false)
            .expect_err("an error")
            .to_rpc();
        assert_eq!(
            rpc.code,
            vault_raider_protocol::error::Reason::NoRoom.code()
        );
        let steps = rpc.data.and_then(|d| d.steps).expect("steps");
        assert_eq!(steps.len(), 1);
        assert_eq!(
            steps[0].error.as_ref().map(|e| e.code),
            Some(vault_raider_protocol::error::Reason::NoRoom.code())
        );
    }

    #[test]
    fn a_nonsensical_request_is_invalid_params_and_a_multi_item_one_answers_its_steps() {
        let rpc = operation_answer(failed(Reason::InvalidRequest), false)
            .expect_err("an error")
            .to_rpc();
        assert_eq!(rpc.code, INVALID_PARAMS);
        let answer = operation_answer(failed(Reason::NoRoom), true).expect("an answer");
        assert!(!answer.ok);
        assert_eq!(answer.steps.len(), 1);
    }
}
