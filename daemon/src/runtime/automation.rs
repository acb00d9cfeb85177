//! What the daemon does for the player while it runs, with no page open: the postmaster guard
//! (pull before a drop is lost, making room as needed) and farming mode (keep one free slot in
//! each weapon and armour bucket of one character). Both act after each store change, through
//! the one action queue, and only when the planner finds something to do, so a guard that
//! cannot help costs no Bungie call and says so once.
//!
//! Settings live in the store's settings table: `guard.<characterId>` = `on <threshold>` or
//! `off <threshold>` (no row: on, at [`DEFAULT_GUARD_THRESHOLD`]), and `farming` = the farming
//! character's id.

use super::backend::DaemonExecutor;
use crate::events::{AutomationState, DaemonEvent, EventBus, GuardReport, GuardSetting};
use crate::moves::max_power::{ARMOR_BUCKETS, WEAPON_BUCKETS};
use crate::moves::{self, OperationResult, Request};
use crate::store::Store;
use crate::store::error::StoreError;
use crate::store::model::{CharacterId, Inventory, ItemId, Location};
use crate::store::settings::FARMING_KEY;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::{Notify, broadcast};
pub use vault_raider_protocol::automation::DEFAULT_GUARD_THRESHOLD;

/// How long an item the player moved is left alone by the guard and farming mode.
pub const RECENT_MOVE_WINDOW: Duration = Duration::from_secs(10 * 60);
/// The highest threshold a guard takes (the postmaster holds 21; at 21 a drop is already lost).
pub const MAX_GUARD_THRESHOLD: u32 = 20;

fn guard_key(character_id: CharacterId) -> String {
    format!("guard.{character_id}")
}

/// The guard and farming mode, and what they remember between checks.
pub struct Automation {
    store: Arc<Store>,
    executor: Arc<DaemonExecutor>,
    bus: EventBus,
    /// Items the player moved, with when.
    recent: Mutex<HashMap<ItemId, Instant>>,
    /// Set when a setting changed: check now.
    wake: Notify,
}

/// What one check remembers for the next: the last problem told per character, so a guard
/// that cannot pull says so once (until it succeeds or the postmaster drops under the mark).
#[derive(Debug, Default)]
struct Memory {
    told: HashMap<CharacterId, String>,
    /// When a run made no step at all (Bungie refused every call), per character (and for
    /// farming): no new run before [`FAILED_RUN_PAUSE`].
    failed: HashMap<(CharacterId, bool), Instant>,
}

impl Memory {
    fn paused(&self, character_id: CharacterId, farming: bool) -> bool {
        self.failed
            .get(&(character_id, farming))
            .is_some_and(|at| at.elapsed() < FAILED_RUN_PAUSE)
    }

    fn ran(&mut self, character_id: CharacterId, farming: bool, result: &OperationResult) {
        if result.steps.iter().any(|s| s.ok) {
            self.failed.remove(&(character_id, farming));
        } else {
            self.failed.insert((character_id, farming), Instant::now());
        }
    }
}

/// How long the guard or farming mode waits after a run in which every call failed.
const FAILED_RUN_PAUSE: Duration = Duration::from_secs(60);

impl Automation {
    /// The guard and farming mode over these parts.
    pub fn new(store: Arc<Store>, executor: Arc<DaemonExecutor>, bus: EventBus) -> Self {
        Automation {
            store,
            executor,
            bus,
            recent: Mutex::new(HashMap::new()),
            wake: Notify::new(),
        }
    }

    /// One character's guard setting.
    pub fn guard_setting(&self, character_id: CharacterId) -> Result<GuardSetting, StoreError> {
        let stored = self.store.setting(&guard_key(character_id))?;
        let (enabled, threshold) = parse_guard(stored.as_deref());
        Ok(GuardSetting {
            character_id,
            enabled,
            threshold,
        })
    }

    /// Farming mode and every character's guard.
    pub fn state(&self) -> Result<AutomationState, StoreError> {
        let inventory = self.store.inventory()?;
        let mut guards = Vec::with_capacity(inventory.characters.len());
        for character in &inventory.characters {
            guards.push(self.guard_setting(character.id)?);
        }
        Ok(AutomationState {
            farming: self.farming()?,
            guards,
        })
    }

    /// The farming character, if farming mode is on.
    pub fn farming(&self) -> Result<Option<CharacterId>, StoreError> {
        Ok(self
            .store
            .setting(FARMING_KEY)?
            .and_then(|v| v.parse().ok()))
    }

    /// Turns a character's guard on or off; `threshold` (clamped to 1–20) when given.
    pub fn set_guard(
        &self,
        character_id: CharacterId,
        enabled: bool,
        threshold: Option<u32>,
    ) -> Result<AutomationState, StoreError> {
        let current = self.guard_setting(character_id)?;
        let threshold = threshold
            .unwrap_or(current.threshold)
            .clamp(1, MAX_GUARD_THRESHOLD);
        let value = format!("{} {threshold}", if enabled { "on" } else { "off" });
        self.store.set_setting(&guard_key(character_id), &value)?;
        self.changed()
    }

    /// Starts farming mode on `character_id` (stopping it on any other).
    pub fn start_farming(&self, character_id: CharacterId) -> Result<AutomationState, StoreError> {
        self.store
            .set_setting(FARMING_KEY, &character_id.to_string())?;
        self.changed()
    }

    /// Stops farming mode.
    pub fn stop_farming(&self) -> Result<AutomationState, StoreError> {
        self.store.remove_setting(FARMING_KEY)?;
        self.changed()
    }

    fn changed(&self) -> Result<AutomationState, StoreError> {
        let state = self.state()?;
        self.bus
            .publish(DaemonEvent::AutomationChanged(state.clone()));
        self.wake.notify_one();
        Ok(state)
    }

    /// Records the items a player's operation moved: left alone for [`RECENT_MOVE_WINDOW`].
    pub fn note_moved(&self, result: &OperationResult) {
        let now = Instant::now();
        let mut recent = self.recent.lock().unwrap_or_else(|e| e.into_inner());
        recent.retain(|_, at| now.duration_since(*at) < RECENT_MOVE_WINDOW);
        let moves = |action: &str| matches!(action, "transfer" | "equip" | "pull");
        for step in result.steps.iter().filter(|s| s.ok && moves(&s.action)) {
            recent.insert(step.id.clone(), now);
        }
    }

    /// The items the player moved within the window.
    fn spared(&self) -> Vec<ItemId> {
        let now = Instant::now();
        let recent = self.recent.lock().unwrap_or_else(|e| e.into_inner());
        recent
            .iter()
            .filter(|(_, at)| now.duration_since(**at) < RECENT_MOVE_WINDOW)
            .map(|(id, _)| id.clone())
            .collect()
    }

    /// The guard's request for a character (what `postmaster.guard` plans and runs).
    pub fn guard_request(&self, character_id: CharacterId) -> Request {
        Request::GuardPostmaster {
            character_id,
            spared: self.spared(),
        }
    }

    /// Farming mode's request for a character.
    pub fn farming_request(&self, character_id: CharacterId) -> Request {
        Request::KeepRoom {
            character_id,
            buckets: WEAPON_BUCKETS
                .iter()
                .chain(&ARMOR_BUCKETS)
                .copied()
                .collect(),
            spared: self.spared(),
        }
    }

    /// Runs the guard and farming mode after every store change until `stop` is cancelled.
    pub async fn run(self: Arc<Self>, stop: tokio_util::sync::CancellationToken) {
        let mut events = self.bus.subscribe();
        let mut memory = Memory::default();
        loop {
            self.check(&mut memory).await;
            tokio::select! {
                () = stop.cancelled() => return,
                () = self.wake.notified() => {}
                event = events.recv() => match event {
                    Ok(DaemonEvent::Inventory { .. } | DaemonEvent::StoreReset { .. })
                    | Err(broadcast::error::RecvError::Lagged(_)) => {}
                    Ok(_) => continue,
                    Err(broadcast::error::RecvError::Closed) => return,
                },
            }
            // Many changes arrive together (a sync, an operation's steps): check once for all.
            while events.try_recv().is_ok() {}
        }
    }

    /// One look at the store: the guards of every character, then farming mode.
    async fn check(&self, memory: &mut Memory) {
        let inventory = match self.store.inventory() {
            Ok(inventory) => inventory,
            Err(e) => {
                tracing::warn!(error = %e, "the guard could not read the store");
                return;
            }
        };
        for character in &inventory.characters {
            if let Err(e) = self.guard(&inventory, character.id, memory).await {
                tracing::warn!(error = %e, "the postmaster guard could not read its setting");
            }
        }
        if let Ok(Some(farming)) = self.farming()
            && !memory.paused(farming, true)
        {
            let request = self.farming_request(farming);
            if let Ok(plan) = moves::plan(&inventory, &request)
                && !plan.steps.is_empty()
            {
                let result = self
                    .executor
                    .run(uuid::Uuid::new_v4().to_string(), request)
                    .await;
                memory.ran(farming, true, &result);
                tracing::info!(
                    moved = result.steps.iter().filter(|s| s.ok).count(),
                    "farming mode made room"
                );
            }
        }
    }

    async fn guard(
        &self,
        inventory: &Inventory,
        character_id: CharacterId,
        memory: &mut Memory,
    ) -> Result<(), StoreError> {
        let setting = self.guard_setting(character_id)?;
        let waiting = postmaster_count(inventory, character_id);
        if !setting.enabled || waiting < setting.threshold {
            memory.told.remove(&character_id);
            return Ok(());
        }
        if memory.paused(character_id, false) {
            return Ok(());
        }
        let request = self.guard_request(character_id);
        let plan = match moves::plan(inventory, &request) {
            Ok(plan) => plan,
            Err(e) => {
                tracing::warn!(error = %e.message, "the postmaster guard could not plan");
                return Ok(());
            }
        };
        let problem = plan.refused.first().map(|r| r.error.message.clone());
        if plan.steps.is_empty() {
            // Nothing can be pulled: say why, once.
            if let Some(problem) = problem
                && memory.told.get(&character_id) != Some(&problem)
            {
                memory.told.insert(character_id, problem.clone());
                self.bus
                    .publish(DaemonEvent::PostmasterGuarded(GuardReport {
                        character_id,
                        pulled: 0,
                        moved_aside: 0,
                        left: waiting,
                        problem: Some(problem),
                    }));
            }
            return Ok(());
        }
        let result = self
            .executor
            .run(uuid::Uuid::new_v4().to_string(), request)
            .await;
        memory.ran(character_id, false, &result);
        let left = self
            .store
            .inventory()
            .map(|i| postmaster_count(&i, character_id))
            .unwrap_or(waiting);
        let failed = result
            .steps
            .iter()
            .find_map(|s| s.error.as_ref())
            .map(|e| e.message.clone());
        let problem = failed.or(problem);
        match &problem {
            Some(p) => memory.told.insert(character_id, p.clone()),
            None => memory.told.remove(&character_id),
        };
        self.bus
            .publish(DaemonEvent::PostmasterGuarded(GuardReport {
                character_id,
                pulled: count_ok(&result, "pull"),
                moved_aside: count_ok(&result, "transfer"),
                left,
                problem,
            }));
        Ok(())
    }
}

/// How many items wait in a character's postmaster (stacks count once).
pub fn postmaster_count(inventory: &Inventory, character_id: CharacterId) -> u32 {
    let n = inventory
        .items
        .iter()
        .filter(|i| i.location == Location::Postmaster { character_id })
        .count();
    u32::try_from(n).unwrap_or(u32::MAX)
}

fn count_ok(result: &OperationResult, action: &str) -> u32 {
    let n = result
        .steps
        .iter()
        .filter(|s| s.ok && s.action == action)
        .count();
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// A stored guard setting: `on 16` / `off 12`; anything else (or nothing) is the default.
fn parse_guard(stored: Option<&str>) -> (bool, u32) {
    let default = (true, DEFAULT_GUARD_THRESHOLD);
    let Some(text) = stored else {
        return default;
    };
    let mut parts = text.split_whitespace();
    let enabled = match parts.next() {
        Some("on") => true,
        Some("off") => false,
        _ => return default,
    };
    let threshold = parts
        .next()
        .and_then(|t| t.parse::<u32>().ok())
        .filter(|t| (1..=MAX_GUARD_THRESHOLD).contains(t))
        .unwrap_or(DEFAULT_GUARD_THRESHOLD);
    (enabled, threshold)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_guard_setting_reads_back_and_bad_text_is_the_default() {
        assert_eq!(parse_guard(None), (true, DEFAULT_GUARD_THRESHOLD));
        assert_eq!(parse_guard(Some("off 12")), (false, 12));
        assert_eq!(parse_guard(Some("on 20")), (true, 20));
        assert_eq!(parse_guard(Some("on 99")), (true, DEFAULT_GUARD_THRESHOLD));
        assert_eq!(parse_guard(Some("maybe")), (true, DEFAULT_GUARD_THRESHOLD));
    }
}
