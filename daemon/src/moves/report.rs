//! The result of an operation, mirroring the protocol's operation result
//! `{operationId, ok, steps:[{action, id, from, to, ok, error}], rev, bungieCalls}`.

use super::error::MoveError;
use super::step::{Action, Plan};
use crate::store::model::{ItemId, Location};

/// One step as reported to the player.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepReport {
    /// `transfer`, `pull`, `equip`, `lock`.
    pub action: String,
    /// The item.
    pub id: ItemId,
    /// Where it was (for moves; the character for equips).
    pub from: Option<Location>,
    /// Where it went.
    pub to: Option<Location>,
    /// Whether it succeeded (in a dry run: whether it is expected to).
    pub ok: bool,
    /// Why it failed.
    pub error: Option<MoveError>,
}

/// What an operation did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OperationResult {
    /// The operation's id.
    pub operation_id: String,
    /// Whether everything succeeded.
    pub ok: bool,
    /// Each step (an EquipItems reports one step per item).
    pub steps: Vec<StepReport>,
    /// The store revision after the last recorded change.
    pub rev: u64,
    /// Bungie calls made (in a dry run: that would be made).
    pub bungie_calls: u64,
    /// For a single-item operation that failed: why (the protocol's error, whose `data` carries
    /// `steps`).
    pub error: Option<MoveError>,
    /// Items moved but not equipped because the character is in an activity: equipping must
    /// wait until orbit or a social space.
    pub equip_waiting: bool,
}

impl StepReport {
    /// The reports of one planned action, all `ok`.
    pub fn for_action(action: &Action) -> Vec<StepReport> {
        let one = |id: &ItemId, from: Option<Location>, to: Option<Location>| StepReport {
            action: action.name().to_string(),
            id: id.clone(),
            from,
            to,
            ok: true,
            error: None,
        };
        match action {
            Action::Transfer { id, from, to, .. } => vec![one(id, Some(*from), Some(*to))],
            Action::Pull {
                id, character_id, ..
            } => vec![one(
                id,
                Some(Location::Postmaster {
                    character_id: *character_id,
                }),
                Some(Location::Character {
                    character_id: *character_id,
                }),
            )],
            Action::Equip {
                id, character_id, ..
            } => {
                let at = Location::Character {
                    character_id: *character_id,
                };
                vec![one(id, Some(at), Some(at))]
            }
            Action::EquipItems { character_id, ids } => {
                let at = Location::Character {
                    character_id: *character_id,
                };
                ids.iter().map(|id| one(id, Some(at), Some(at))).collect()
            }
            Action::Lock { id, .. } => vec![one(id, None, None)],
            Action::Game(game) => {
                let at = Location::Character {
                    character_id: game.slot().0,
                };
                vec![one(&game.report_id(), Some(at), Some(at))]
            }
        }
    }

    /// This report, failed with `error`.
    pub fn failed(mut self, error: MoveError) -> Self {
        self.ok = false;
        self.error = Some(error);
        self
    }
}

impl OperationResult {
    /// A dry run: the plan's steps as expected results, refused items as failed steps.
    pub fn dry_run(operation_id: String, plan: &Plan, rev: u64) -> Self {
        let mut steps: Vec<StepReport> = plan
            .steps
            .iter()
            .flat_map(|s| StepReport::for_action(&s.action))
            .collect();
        steps.extend(plan.refused.iter().map(|r| StepReport {
            action: "refused".to_string(),
            id: r.id.clone(),
            from: None,
            to: None,
            ok: false,
            error: Some(r.error.clone()),
        }));
        OperationResult {
            operation_id,
            ok: plan.refused.is_empty(),
            steps,
            rev,
            bungie_calls: plan.bungie_calls(),
            error: None,
            equip_waiting: false,
        }
    }

    /// An operation refused before any call.
    pub fn refused(operation_id: String, error: MoveError, rev: u64) -> Self {
        OperationResult {
            operation_id,
            ok: false,
            steps: Vec::new(),
            rev,
            bungie_calls: 0,
            error: Some(error),
            equip_waiting: false,
        }
    }
}
