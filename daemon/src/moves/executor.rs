//! The executor: one action queue for the whole daemon. It reserves the items an operation
//! names, plans against the store, runs each step through [`ActionApi`], records each success as
//! its own revision, and when Bungie says the store was stale re-syncs and re-plans once.

use super::api::{ActionApi, ActionError, LoadoutStore, Progress, Recorder, RuleKind};
use super::error::{MoveError, Reason};
use super::explain::explain;
use super::loadouts::before_snapshot;
use super::planner::plan;
use super::report::{OperationResult, StepReport};
use super::request::Request;
use super::step::{Action, Refusal, Step};
use super::world::World;
use crate::store::model::{Inventory, Item, ItemId, Location};
use std::collections::HashSet;
use std::sync::Mutex;

/// Runs operations one at a time.
pub struct Executor<A, R, L> {
    /// Bungie's action endpoints.
    api: A,
    /// The store and event bus.
    recorder: R,
    /// Saved loadouts (for the "Before …" undo loadout).
    loadouts: L,
    /// The game applies one action per player at a time: one operation runs at a time.
    queue: tokio::sync::Mutex<()>,
    /// Items named by queued or running operations.
    reserved: Mutex<HashSet<ItemId>>,
    /// Now (for loadout timestamps).
    clock: crate::clock::SharedClock,
}

/// Items held by one operation until it ends.
struct Reservation<'a> {
    set: &'a Mutex<HashSet<ItemId>>,
    ids: Vec<ItemId>,
}

impl Drop for Reservation<'_> {
    fn drop(&mut self) {
        let mut set = self.set.lock().unwrap_or_else(|e| e.into_inner());
        for id in &self.ids {
            set.remove(id);
        }
    }
}

/// The state of one running operation.
struct Run {
    world: World,
    reports: Vec<StepReport>,
    rev: u64,
    step_no: u32,
    of: u32,
    equip_waiting: bool,
}

/// A failed call: why, and whether Bungie contradicted the store.
struct Failure {
    error: MoveError,
    stale: bool,
}

impl<A, R, L> Executor<A, R, L>
where
    A: ActionApi + Sync,
    R: Recorder + Sync,
    L: LoadoutStore + Sync,
{
    /// An executor over these parts; `clock` gives the time for loadout timestamps.
    pub fn new(api: A, recorder: R, loadouts: L, clock: crate::clock::SharedClock) -> Self {
        Executor {
            api,
            recorder,
            loadouts,
            queue: tokio::sync::Mutex::new(()),
            reserved: Mutex::new(HashSet::new()),
            clock,
        }
    }

    /// The Bungie side.
    pub fn api(&self) -> &A {
        &self.api
    }

    /// The store side.
    pub fn recorder(&self) -> &R {
        &self.recorder
    }

    /// The loadout store.
    pub fn loadouts(&self) -> &L {
        &self.loadouts
    }

    /// What `request` would do, changing nothing and calling no one.
    pub fn dry_run(&self, operation_id: String, request: &Request) -> OperationResult {
        let inventory = match self.recorder.inventory() {
            Ok(i) => i,
            Err(e) => return OperationResult::refused(operation_id, store_error(&e), 0),
        };
        match plan(&inventory, request) {
            Ok(p) => OperationResult::dry_run(operation_id, &p, inventory.rev),
            Err(e) => OperationResult::refused(operation_id, e, inventory.rev),
        }
    }

    fn reserve(&self, ids: Vec<ItemId>) -> Result<Reservation<'_>, MoveError> {
        let mut set = self.reserved.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(busy) = ids.iter().find(|id| set.contains(*id)) {
            return Err(MoveError::new(
                Reason::ItemInUse,
                format!(
                    "Item {busy} is already being moved by another operation; try again when it finishes."
                ),
            ));
        }
        set.extend(ids.iter().cloned());
        Ok(Reservation {
            set: &self.reserved,
            ids,
        })
    }

    /// Runs `request` to the end and reports what happened.
    pub async fn run(&self, operation_id: String, request: Request) -> OperationResult {
        let _reservation = match self.reserve(request.named_items()) {
            Ok(r) => r,
            Err(e) => return OperationResult::refused(operation_id, e, 0),
        };
        let _turn = self.queue.lock().await;
        let calls_before = self.api.calls_made();
        let inventory = match self.recorder.inventory() {
            Ok(i) => i,
            Err(e) => return OperationResult::refused(operation_id, store_error(&e), 0),
        };
        let first = match plan(&inventory, &request) {
            Ok(p) => p,
            Err(e) => return OperationResult::refused(operation_id, e, inventory.rev),
        };
        if let Request::EquipLoadout {
            loadout,
            character_id,
        } = &request
        {
            self.save_before(&inventory, &loadout.name, *character_id);
        }
        let mut run = Run {
            world: World::new(&inventory),
            reports: Vec::new(),
            rev: inventory.rev,
            step_no: 0,
            of: first.steps.len() as u32,
            equip_waiting: false,
        };
        let multi = request.is_multi_item();
        let mut steps = first.steps;
        let mut refused = first.refused;
        let mut replanned = false;
        let mut failed_groups: HashSet<u32> = HashSet::new();
        let mut error = None;
        let mut i = 0;
        while let Some(step) = steps.get(i).cloned() {
            i += 1;
            if failed_groups.contains(&step.group) {
                continue;
            }
            let Err(failure) = self.execute(&operation_id, &mut run, &step).await else {
                continue;
            };
            if failure.stale && !replanned {
                replanned = true;
                if let Some((fresh, p)) = self.replan(&request).await {
                    run.world = World::new(&fresh);
                    run.rev = run.rev.max(fresh.rev);
                    run.of = run.step_no + p.steps.len() as u32;
                    steps = p.steps;
                    refused = p.refused;
                    i = 0;
                    continue;
                }
            }
            let reports = fail_reports(&step.action, &failure.error);
            run.reports.extend(reports);
            if multi && failure.error.reason == Reason::Throttled {
                // Bungie wants a pause: the steps not yet tried fail with the same answer (and
                // its retryAfterMs) instead of each one waiting out the throttle in turn.
                for rest in steps[i..]
                    .iter()
                    .filter(|s| !failed_groups.contains(&s.group))
                {
                    run.reports
                        .extend(fail_reports(&rest.action, &failure.error));
                }
                break;
            }
            if multi {
                failed_groups.insert(step.group);
            } else {
                error = Some(failure.error);
                break;
            }
        }
        run.reports.extend(refusal_reports(refused));
        let ok = error.is_none() && run.reports.iter().all(|r| r.ok);
        OperationResult {
            operation_id,
            ok,
            steps: run.reports,
            rev: run.rev,
            bungie_calls: self.api.calls_made().saturating_sub(calls_before),
            error,
            equip_waiting: run.equip_waiting,
        }
    }

    /// Re-syncs the profile and plans the request again; `None` when either fails (said in the
    /// log: the step's own failure is what the operation reports).
    async fn replan(&self, request: &Request) -> Option<(Inventory, super::step::Plan)> {
        let fresh = match self.recorder.resync().await {
            Ok(fresh) => fresh,
            Err(e) => {
                tracing::warn!("Bungie said the store was stale, but the re-sync failed: {e}");
                return None;
            }
        };
        match plan(&fresh, request) {
            Ok(p) => Some((fresh, p)),
            Err(e) => {
                tracing::info!("after the re-sync the request is refused: {e}");
                None
            }
        }
    }

    fn save_before(&self, inventory: &Inventory, name: &str, character_id: u64) {
        let existing = match self.loadouts.list() {
            Ok(existing) => existing,
            Err(e) => {
                tracing::warn!("could not read the saved loadouts, so no undo loadout: {e}");
                return;
            }
        };
        let now = (self.clock)();
        if let Some(snapshot) = before_snapshot(inventory, &existing, name, character_id, now)
            && let Err(e) = self.loadouts.save(snapshot)
        {
            tracing::warn!("could not save the undo loadout: {e}");
        }
    }

    /// Makes one call (the client has already waited out what throttling it could), applies and
    /// records its success.
    async fn execute(&self, operation_id: &str, run: &mut Run, step: &Step) -> Result<(), Failure> {
        if let Action::EquipItems { character_id, ids } = &step.action {
            self.equip_items(operation_id, run, *character_id, ids)
                .await;
            return Ok(());
        }
        if let Action::Game(game) = &step.action {
            return self.execute_game(operation_id, run, step, game).await;
        }
        let Some(id) = step_item(&step.action) else {
            return Ok(());
        };
        let Some(item) = run.world.get(id).cloned() else {
            return Err(Failure {
                error: MoveError::item_not_found(id.as_str()),
                stale: true,
            });
        };
        let current = run.world.current_character().unwrap_or(0);
        let result = self.call(&step.action, &item, current).await;
        let ok = result.is_ok();
        self.progress(operation_id, run, &step.action, id, ok);
        match result {
            Ok(()) => {
                self.succeeded(run, &step.action);
                Ok(())
            }
            Err(e) => Err(Failure {
                stale: e.is_stale(),
                error: explain(&e, &item.info.name),
            }),
        }
    }

    async fn call(&self, action: &Action, item: &Item, current: u64) -> Result<(), ActionError> {
        match action {
            Action::Transfer {
                from, to, quantity, ..
            } => {
                let to_vault = *to == Location::Vault;
                let holder = if to_vault { from } else { to };
                let character = holder.character_id().unwrap_or(current);
                self.api
                    .transfer(item, to_vault, character, *quantity)
                    .await
            }
            Action::Pull {
                character_id,
                quantity,
                ..
            } => {
                self.api
                    .pull_from_postmaster(item, *character_id, *quantity)
                    .await
            }
            Action::Equip { character_id, .. } => self.api.equip(item, *character_id).await,
            Action::Lock { locked, .. } => {
                let character = item.location.character_id().unwrap_or(current);
                self.api.set_lock(item, character, *locked).await
            }
            Action::EquipItems { .. } | Action::Game(_) => Ok(()),
        }
    }

    /// One of the game's loadout actions: one call on a slot.
    async fn execute_game(
        &self,
        operation_id: &str,
        run: &mut Run,
        step: &Step,
        game: &super::game_action::GameAction,
    ) -> Result<(), Failure> {
        let result = self.api.game_loadout(game).await;
        let id = game.report_id();
        self.progress(operation_id, run, &step.action, &id, result.is_ok());
        match result {
            Ok(()) => {
                self.succeeded(run, &step.action);
                Ok(())
            }
            Err(e) => {
                let (character_id, index) = game.slot();
                let name = run.world.game_loadout(character_id, index).map_or_else(
                    || format!("In-game loadout {}", index + 1),
                    |l| l.name.clone(),
                );
                Err(Failure {
                    stale: e.is_stale(),
                    error: explain(&e, &name),
                })
            }
        }
    }

    /// One EquipItems; each item succeeds or fails on its own.
    async fn equip_items(&self, operation_id: &str, run: &mut Run, character: u64, ids: &[ItemId]) {
        let here = Location::Character {
            character_id: character,
        };
        let (present, absent): (Vec<&ItemId>, Vec<&ItemId>) = ids
            .iter()
            .partition(|id| run.world.get(id).is_some_and(|i| i.location == here));
        for id in absent {
            let one = Action::Equip {
                id: id.clone(),
                character_id: character,
                replaces: None,
            };
            let error = MoveError::new(
                Reason::CannotEquip,
                format!("Item {id} did not reach the character, so it was not equipped."),
            );
            run.reports.extend(fail_reports(&one, &error));
        }
        let instances: Vec<(u64, &ItemId)> = present
            .iter()
            .filter_map(|id| id.instance_id().map(|n| (n, *id)))
            .collect();
        if instances.is_empty() {
            return;
        }
        let numbers: Vec<u64> = instances.iter().map(|(n, _)| *n).collect();
        let answer = self.api.equip_items(character, &numbers).await;
        for (number, id) in instances {
            let name = run
                .world
                .get(id)
                .map(|i| i.info.name.clone())
                .unwrap_or_else(|| id.to_string());
            let outcome = match &answer {
                Ok(results) => results
                    .iter()
                    .find(|(n, _)| *n == number)
                    .map(|(_, outcome)| outcome.clone())
                    .unwrap_or(Err(ActionError::Rule {
                        kind: RuleKind::ItemNotFound,
                        code: 0,
                    })),
                Err(e) => Err(e.clone()),
            };
            let one = Action::Equip {
                id: id.clone(),
                character_id: character,
                replaces: None,
            };
            self.progress(operation_id, run, &one, id, outcome.is_ok());
            match outcome {
                Ok(()) => {
                    let change = run.world.equip(id, character);
                    self.record(run, change.into_iter().collect());
                    run.reports.extend(StepReport::for_action(&one));
                }
                Err(error) => {
                    if matches!(
                        error,
                        ActionError::Rule {
                            kind: RuleKind::InActivity,
                            ..
                        }
                    ) {
                        run.equip_waiting = true;
                    }
                    run.reports
                        .extend(fail_reports(&one, &explain(&error, &name)));
                }
            }
        }
    }

    /// A call that succeeded: applied to the working copy, recorded, reported.
    fn succeeded(&self, run: &mut Run, action: &Action) {
        let changes = run.world.apply(action);
        self.record(run, changes);
        run.reports.extend(StepReport::for_action(action));
    }

    fn record(&self, run: &mut Run, changes: Vec<crate::store::model::Change>) {
        if changes.is_empty() {
            return;
        }
        match self.recorder.record(changes) {
            Ok(rev) => run.rev = rev,
            Err(e) => tracing::warn!("a move succeeded but the store could not record it: {e}"),
        }
    }

    fn progress(&self, operation_id: &str, run: &mut Run, action: &Action, id: &ItemId, ok: bool) {
        run.step_no += 1;
        self.recorder.progress(Progress {
            operation_id: operation_id.to_string(),
            step: run.step_no,
            of: run.of.max(run.step_no),
            action: action.name().to_string(),
            id: id.clone(),
            ok,
        });
    }
}

/// The one item a single-item action acts on.
fn step_item(action: &Action) -> Option<&ItemId> {
    match action {
        Action::Transfer { id, .. }
        | Action::Pull { id, .. }
        | Action::Equip { id, .. }
        | Action::Lock { id, .. } => Some(id),
        Action::EquipItems { .. } | Action::Game(_) => None,
    }
}

fn fail_reports(action: &Action, error: &MoveError) -> Vec<StepReport> {
    StepReport::for_action(action)
        .into_iter()
        .map(|r| r.failed(error.clone()))
        .collect()
}

fn refusal_reports(refused: Vec<Refusal>) -> Vec<StepReport> {
    refused
        .into_iter()
        .map(|r| StepReport {
            action: "refused".to_string(),
            id: r.id,
            from: None,
            to: None,
            ok: false,
            error: Some(r.error),
        })
        .collect()
}

fn store_error(e: &super::api::PortError) -> MoveError {
    tracing::error!("the store could not be read for an operation: {e}");
    MoveError::new(
        Reason::Internal,
        format!("The daemon's store could not be read: {e}"),
    )
}
