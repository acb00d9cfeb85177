//! The sync engine: asks Bungie for the profile, converts it, lets the store keep only what changed,
//! publishes the changes, tracks the session's health (offline, maintenance, signed out) and detects
//! activities. One engine per account; [`SyncEngine::run`] is its poll loop.

use super::activity::{HistoryEntry, new_completions};
use super::convert::{Definitions, inventory_recalling};
use super::lag_guard::{LagGuard, keep_protected};
use super::manifest_status::{ManifestReports, ManifestStatus};
use super::recall::ConversionMemory;
use super::reports::{PGCR_PATIENCE, carnage_patiently};
use super::schedule;
use crate::bungie::wire::history::HistoricalActivity;
use crate::bungie::wire::profile::components;
use crate::bungie::{BungieError, Client, HistoryQuery};
use crate::clock::SharedClock;
use crate::events::{AppProblem, CompletedActivity, DaemonEvent, EventBus, SessionState};
use crate::store::model::{Account, Change, Character, CharacterId};
use crate::store::{Store, StoreError, SyncMeta};
use chrono::{DateTime, Utc};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::Notify;

/// What one sync did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncOutcome {
    /// The store's revision afterwards.
    pub rev: u64,
    /// How many changes were written.
    pub changed: usize,
    /// How long it took.
    pub took_ms: u64,
}

/// Why a sync failed, in words a player understands.
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    /// Bungie said no or could not be reached.
    #[error("{0}")]
    Bungie(#[from] BungieError),
    /// The store failed.
    #[error("the local store failed: {0}")]
    Store(#[from] StoreError),
    /// The profile lacked what sync needs.
    #[error("{0}")]
    Convert(#[from] super::convert::ConvertError),
    /// No account is selected yet.
    #[error("no Destiny account is selected")]
    NoAccount,
}

/// The engine's view of its health, for `session.status`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncStatus {
    /// The session state.
    pub state: SessionState,
    /// When the last sync succeeded.
    pub last_sync: Option<DateTime<Utc>>,
    /// When the next poll is due.
    pub next_sync: Option<DateTime<Utc>>,
    /// Until when Bungie asked us to wait.
    pub throttled_until: Option<DateTime<Utc>>,
    /// The last error, if the last poll failed.
    pub error: Option<String>,
}

/// How many history entries to read per character.
const HISTORY_COUNT: u32 = 10;
/// How long after an activity ends to keep looking for its history entry (stats lag).
const HISTORY_PATIENCE: Duration = Duration::from_secs(15 * 60);

struct Inner {
    status: SyncStatus,
    online: bool,
    last_played: Option<DateTime<Utc>>,
    /// Characters whose activity ended and whose history entry has not been seen yet.
    awaiting_history: Vec<(CharacterId, Instant)>,
    /// Characters as of the last sync, to notice activities starting and ending.
    characters: Vec<Character>,
    /// Whether every character's history has been read since the daemon started (activities that
    /// ended while it was stopped are found then).
    history_read_since_start: bool,
    /// Polls that failed in a row (for the retry back-off while offline or in maintenance).
    failures: u32,
    /// Whether the last sync could not be saved for lack of disk space (told once until it can).
    disk_full: bool,
}

/// Keeps one account's store current.
pub struct SyncEngine {
    client: Arc<Client>,
    store: Arc<Store>,
    defs: Arc<dyn Definitions + Send + Sync>,
    bus: EventBus,
    /// The account followed; `None` until a session has chosen one (watched: a sync asked for
    /// just after a start waits for the choice).
    account: tokio::sync::watch::Sender<Option<Account>>,
    inner: Mutex<Inner>,
    wake: Notify,
    clients_connected: Mutex<Arc<std::sync::atomic::AtomicUsize>>,
    sync_lock: tokio::sync::Mutex<()>,
    lag_guard: Mutex<LagGuard>,
    manifest_wanted: Notify,
    last_manifest_nudge: Mutex<Option<Instant>>,
    manifest_reports: Mutex<ManifestReports>,
    /// How long a finished activity's carnage report is waited for.
    pgcr_patience: Mutex<Duration>,
    /// Now: for the schedule, the sync stamps and the lag guard.
    clock: SharedClock,
    /// What the last sync converted, so that the next converts and compares only what changed.
    memory: Mutex<ConversionMemory>,
}

/// How often unknown items may ask for a manifest check.
const MANIFEST_NUDGE_EVERY: Duration = Duration::from_secs(300);

impl SyncEngine {
    /// An engine for `account` (none yet: signed out), starting in `state`. `clients_connected`
    /// counts protocol clients (more of them: poll more).
    pub fn new(
        client: Arc<Client>,
        store: Arc<Store>,
        defs: Arc<dyn Definitions + Send + Sync>,
        bus: EventBus,
        account: Option<Account>,
        state: SessionState,
        clients_connected: Arc<std::sync::atomic::AtomicUsize>,
    ) -> SyncEngine {
        let characters = stored_characters(&store);
        let last_sync = stored_last_sync(&store);
        SyncEngine {
            client,
            store,
            defs,
            bus,
            account: tokio::sync::watch::Sender::new(account),
            inner: Mutex::new(Inner {
                status: SyncStatus {
                    state,
                    last_sync,
                    next_sync: None,
                    throttled_until: None,
                    error: None,
                },
                online: false,
                last_played: None,
                awaiting_history: Vec::new(),
                characters,
                history_read_since_start: false,
                failures: 0,
                disk_full: false,
            }),
            wake: Notify::new(),
            clients_connected: Mutex::new(clients_connected),
            sync_lock: tokio::sync::Mutex::new(()),
            lag_guard: Mutex::new(LagGuard::default()),
            manifest_wanted: Notify::new(),
            last_manifest_nudge: Mutex::new(None),
            manifest_reports: Mutex::new(ManifestReports::default()),
            pgcr_patience: Mutex::new(PGCR_PATIENCE),
            clock: crate::clock::system(),
            memory: Mutex::new(ConversionMemory::default()),
        }
    }

    /// The same engine reading the time from `clock` (the daemon's one clock).
    pub fn with_clock(mut self, clock: SharedClock) -> SyncEngine {
        self.clock = clock;
        self
    }

    /// Now, from the engine's clock.
    fn now(&self) -> DateTime<Utc> {
        (self.clock)()
    }

    /// The account this engine follows, once a session has chosen one.
    pub fn account(&self) -> Option<Account> {
        self.account.borrow().clone()
    }

    /// The account this engine follows, waiting up to `patience` for a session to choose one
    /// (woken by the choice itself); `None` when none was chosen in time.
    pub async fn account_within(&self, patience: Duration) -> Option<Account> {
        let mut chosen = self.account.subscribe();
        let found = tokio::time::timeout(patience, chosen.wait_for(Option::is_some)).await;
        match found {
            Ok(Ok(account)) => account.clone(),
            _ => None,
        }
    }

    /// Follows `account` from the next sync on, forgetting what was seen of the previous one
    /// (characters, activities), so nothing of it is reported as news.
    pub fn set_account(&self, account: Option<Account>) {
        self.account.send_replace(account);
        let characters = stored_characters(&self.store);
        let mut inner = self.lock();
        inner.characters = characters;
        inner.awaiting_history.clear();
        inner.history_read_since_start = false;
        inner.online = false;
        inner.last_played = None;
        inner.status.last_sync = stored_last_sync(&self.store);
        drop(inner);
        let fresh = self.guard().fresh();
        *self.guard() = fresh;
    }

    /// Notified when a sync met an item whose definition is unknown (at most every 5 minutes):
    /// the manifest may be out of date.
    pub fn manifest_wanted(&self) -> &Notify {
        &self.manifest_wanted
    }

    fn nudge_manifest(&self) {
        let mut last = self
            .last_manifest_nudge
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if last.is_none_or(|at| at.elapsed() >= MANIFEST_NUDGE_EVERY) {
            *last = Some(Instant::now());
            tracing::info!("an item's definition is unknown; checking the manifest");
            self.manifest_wanted.notify_one();
        }
    }

    /// Counts connected clients with `counter` from now on (the protocol server's count).
    pub fn count_clients_with(&self, counter: Arc<std::sync::atomic::AtomicUsize>) {
        *self
            .clients_connected
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = counter;
    }

    fn clients_connected(&self) -> usize {
        self.clients_connected
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .load(std::sync::atomic::Ordering::Relaxed)
    }

    fn guard(&self) -> std::sync::MutexGuard<'_, LagGuard> {
        self.lag_guard
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Sets how long after one of our actions a profile keeps the store's version of the items it
    /// touched (15 s unless set; a test against a lag-free simulator sets none).
    pub fn set_lag_window(&self, window: chrono::TimeDelta) {
        self.guard().set_window(window);
    }

    /// Notes one of our actions that succeeded just now with `changes`, so that profiles that do
    /// not show it yet (Bungie's cache and lag) do not undo it.
    pub fn note_action(&self, changes: &[Change]) {
        self.guard().note(changes, self.now());
    }

    /// The engine's health now.
    pub fn status(&self) -> SyncStatus {
        self.lock().status.clone()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Asks the poll loop to sync now.
    pub fn wake(&self) {
        self.wake.notify_one();
    }

    /// Moves the session to `state` (publishing `session.changed` when it differs).
    pub fn set_state(
        &self,
        state: SessionState,
        error: Option<String>,
        throttled_until: Option<DateTime<Utc>>,
    ) {
        let changed = {
            let mut inner = self.lock();
            let changed = inner.status.state != state;
            inner.status.state = state;
            inner.status.error = error;
            inner.status.throttled_until = throttled_until;
            changed
        };
        if changed {
            tracing::info!(state = state.as_str(), "Bungie session state changed");
            self.bus.publish(DaemonEvent::SessionChanged(state));
        }
    }

    /// The state a failed call puts the session in; `None` leaves it to the Bungie session (a
    /// refused refresh or missing tokens: the runtime reports the sign-out and its reason).
    pub fn state_for(error: &BungieError) -> Option<SessionState> {
        match error {
            BungieError::Maintenance(_) => Some(SessionState::Maintenance),
            BungieError::Auth(p) => {
                AppProblem::from_bungie_code(p.code).map(SessionState::AppRejected)
            }
            BungieError::SignedOut(_) => None,
            BungieError::Transport { .. }
            | BungieError::Html { .. }
            | BungieError::EmptyBody { .. } => Some(SessionState::Offline),
            _ => Some(SessionState::SignedIn),
        }
    }

    /// Syncs now: one GetProfile, the diff, the events. Concurrent calls wait for each other.
    pub async fn sync_now(&self) -> Result<SyncOutcome, SyncError> {
        self.sync_with(&components::SYNC).await
    }

    /// Syncs past Bungie's profile cache, after Bungie said the store was stale: the cache is
    /// keyed by the request, so asking for one more (tiny) component gets a freshly built profile
    /// rather than the copy the stale plan was made from.
    pub async fn sync_fresh(&self) -> Result<SyncOutcome, SyncError> {
        self.sync_with(&components::SYNC_PAST_CACHE).await
    }

    async fn sync_with(&self, wanted: &[u32]) -> Result<SyncOutcome, SyncError> {
        let _one_at_a_time = self.sync_lock.lock().await;
        let started = Instant::now();
        let result = self.sync_once(wanted).await;
        let now = self.now();
        match &result {
            Ok(outcome) => {
                // A missing move scope shows on moves only: a read that works does not clear it.
                if self.status().state != SessionState::AppRejected(AppProblem::ScopeMissing) {
                    self.set_state(SessionState::SignedIn, None, None);
                }
                let room_back = {
                    let mut inner = self.lock();
                    inner.status.last_sync = Some(now);
                    inner.failures = 0;
                    std::mem::take(&mut inner.disk_full)
                };
                if room_back {
                    tracing::info!("the store saves again: there is room on the disk");
                }
                self.publish_status(true, None);
                if outcome.changed > 0 {
                    tracing::info!(changed = outcome.changed, rev = outcome.rev, "synced");
                }
            }
            Err(SyncError::Bungie(error)) => {
                let throttled_until = error
                    .throttle_seconds()
                    .map(|s| now + chrono::Duration::seconds(i64::from(s)));
                match Self::state_for(error) {
                    Some(state) => self.set_state(state, Some(error.to_string()), throttled_until),
                    None => self.lock().status.error = Some(error.to_string()),
                }
                {
                    let mut inner = self.lock();
                    inner.failures = inner.failures.saturating_add(1);
                }
                self.publish_status(false, Some(error.to_string()));
                tracing::warn!(error = %error, "sync failed");
            }
            Err(SyncError::Store(error)) if error.is_disk_full() => {
                let first = {
                    let mut inner = self.lock();
                    inner.status.error = Some(error.to_string());
                    !std::mem::replace(&mut inner.disk_full, true)
                };
                if first {
                    self.bus.publish(DaemonEvent::DiskFull {
                        message: error.to_string(),
                    });
                }
                self.publish_status(false, Some(error.to_string()));
                tracing::warn!(%error, "sync could not be saved");
            }
            Err(other) => {
                self.lock().status.error = Some(other.to_string());
                self.publish_status(false, Some(other.to_string()));
                tracing::warn!(error = %other, "sync failed");
            }
        }
        result.map(|mut outcome| {
            outcome.took_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
            outcome
        })
    }

    /// Takes the manifest's status (from a check, a download or an install) and tells clients
    /// in `sync.status`: every change of state, and download progress a few times a second.
    pub fn report_manifest(&self, status: ManifestStatus) {
        let pass_on = self
            .manifest_reports
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .take(status, Instant::now());
        if pass_on {
            let error = self.status().error;
            self.publish_status(error.is_none(), error);
        }
    }

    /// The manifest's latest status, if it was checked yet.
    pub fn manifest_status(&self) -> Option<ManifestStatus> {
        self.manifest_reports
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .latest()
    }

    fn publish_status(&self, ok: bool, error: Option<String>) {
        let status = self.status();
        self.bus.publish(DaemonEvent::SyncStatus {
            last_sync: status.last_sync,
            next_sync: status.next_sync,
            ok,
            error,
            manifest: self.manifest_status(),
        });
    }

    async fn sync_once(&self, wanted: &[u32]) -> Result<SyncOutcome, SyncError> {
        let account = self.account().ok_or(SyncError::NoAccount)?;
        let membership_id =
            i64::try_from(account.membership_id).map_err(|_| SyncError::NoAccount)?;
        let mut profile = self
            .client
            .get_profile(account.membership_type, membership_id, wanted)
            .await?;
        // Taken out for this sync (syncs run one at a time); a sync that fails leaves it empty,
        // and the next converts everything.
        let mut memory = std::mem::take(
            &mut *self
                .memory
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner),
        );
        let (mut inventory, mut recall) =
            inventory_recalling(&profile, self.defs.as_ref(), &mut memory)?;
        if inventory
            .items
            .iter()
            .any(|item| super::convert::is_placeholder(&item.info))
        {
            self.nudge_manifest();
        }
        let minted = profile.response_minted_timestamp;
        // Without a minted timestamp the profile counts as minted now.
        let minted_at = minted.unwrap_or_else(|| self.now());
        if self.guard().predates_last_action(minted_at) {
            tracing::debug!(%minted_at, "dropped a profile minted before our last action (Bungie's cache)");
            // What was converted is still right for its facts; the store did not take it.
            memory.keep(
                recall,
                inventory.items,
                profile.item_components.take(),
                None,
            );
            self.put_back(memory);
            return Ok(SyncOutcome {
                rev: self.store.rev()?,
                changed: 0,
                took_ms: 0,
            });
        }
        let protected = self.guard().protected(minted_at, &inventory);
        if !protected.is_empty() {
            keep_protected(&mut inventory, &self.store.inventory()?, &protected);
            recall.discard();
        }
        let online = profile
            .profile_transitory_data
            .as_ref()
            .is_some_and(|t| t.data.is_some());
        let last_played = inventory
            .characters
            .iter()
            .filter_map(|c| c.last_played)
            .max();
        let store = self.store.clone();
        // The item components go to the memory, for the next sync to compare with; the rest of
        // the profile is no longer needed: freed before the store's work. The inventory goes
        // to the store's thread and comes back, rather than being copied.
        let components = profile.item_components.take();
        drop(profile);
        let (applied, inventory, recall, progress_before) =
            tokio::task::spawn_blocking(move || {
                let before = store.progress(None);
                let applied = store.apply_sync_on(&inventory, minted, recall.basis().as_ref());
                (applied, inventory, recall, before)
            })
            .await
            .map_err(|e| StoreError::Invalid(format!("the store task failed: {e}")))?;
        let (changes, generation) = match applied {
            Ok(applied) => (applied.changes, Some(applied.generation)),
            Err(StoreError::StaleResponse { minted, stored }) => {
                tracing::debug!(%minted, %stored, "dropped a profile that is not newer than the stored one");
                memory.keep(recall, inventory.items, components, None);
                self.put_back(memory);
                return Ok(SyncOutcome {
                    rev: self.store.rev()?,
                    changed: 0,
                    took_ms: 0,
                });
            }
            Err(e) => return Err(e.into()),
        };
        let rev = self.store.rev()?;
        if !changes.is_empty() {
            self.bus.publish(DaemonEvent::Inventory {
                rev,
                changes: changes.clone(),
            });
            if let Ok(before) = progress_before {
                for event in super::progress::progress_events(&before, &changes) {
                    self.bus.publish(event);
                }
            }
        }
        {
            let mut inner = self.lock();
            inner.online = online;
            inner.last_played = last_played;
        }
        self.detect_activities(&inventory.characters).await;
        memory.keep(recall, inventory.items, components, generation);
        self.put_back(memory);
        let mut meta = self.store.sync_meta()?;
        meta.last_poll = Some(self.now());
        meta.last_sync = meta.last_poll;
        self.store.set_sync_meta(&meta)?;
        Ok(SyncOutcome {
            rev,
            changed: changes.len(),
            took_ms: 0,
        })
    }

    /// Puts back the memory a sync took out.
    fn put_back(&self, memory: ConversionMemory) {
        *self
            .memory
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = memory;
    }

    /// Notices activities starting and ending, and reports completions from the history.
    async fn detect_activities(&self, characters: &[Character]) {
        let (started, ended, read_all) = {
            let mut inner = self.lock();
            let read_all = !inner.history_read_since_start;
            inner.history_read_since_start = true;
            let mut started = Vec::new();
            let mut ended = Vec::new();
            // A character whose last-played time moved with no activity seen (one that began and
            // ended between two polls) has its history read once too.
            let mut played = Vec::new();
            for now in characters {
                let previous = inner.characters.iter().find(|c| c.id == now.id);
                if previous.is_some_and(|p| {
                    p.last_played != now.last_played
                        && p.activity.is_none()
                        && now.activity.is_none()
                }) {
                    played.push(now.id);
                }
                let before = previous.and_then(|c| c.activity.clone());
                match (&before, &now.activity) {
                    (None, Some(a)) => started.push((now.id, a.clone())),
                    (Some(b), Some(a)) if b.started_at != a.started_at || b.hash != a.hash => {
                        ended.push(now.id);
                        started.push((now.id, a.clone()));
                    }
                    (Some(_), None) => ended.push(now.id),
                    _ => {}
                }
            }
            inner.characters = characters.to_vec();
            for id in &ended {
                inner.awaiting_history.retain(|(c, _)| c != id);
                inner.awaiting_history.push((*id, Instant::now()));
            }
            inner
                .awaiting_history
                .retain(|(_, since)| since.elapsed() < HISTORY_PATIENCE);
            let mut to_read: Vec<CharacterId> =
                inner.awaiting_history.iter().map(|(c, _)| *c).collect();
            to_read.extend(
                played
                    .into_iter()
                    .filter(|c| !to_read.contains(c))
                    .collect::<Vec<_>>(),
            );
            (started, to_read, read_all)
        };
        for (character_id, activity) in started {
            self.bus.publish(DaemonEvent::ActivityStarted {
                character_id,
                activity: activity.name,
                mode: activity.mode,
                started_at: activity.started_at,
            });
        }
        let Ok(mut meta) = self.store.sync_meta() else {
            return;
        };
        let mut checked: Vec<CharacterId> = ended;
        // Characters never checked get a mark without reports, so old history is not news. After a
        // start, every character is read once: what ended while the daemon was stopped is news.
        for c in characters {
            if (read_all || meta.activity_mark(c.id).is_none()) && !checked.contains(&c.id) {
                checked.push(c.id);
            }
        }
        let mut changed_meta = false;
        for character_id in checked {
            match self.completions(character_id, &mut meta).await {
                Ok(found) => {
                    changed_meta = true;
                    if found {
                        self.lock()
                            .awaiting_history
                            .retain(|(c, _)| *c != character_id);
                    }
                }
                Err(e) => tracing::debug!(error = %e, character_id, "activity history not read"),
            }
        }
        if changed_meta && let Err(e) = self.store.set_sync_meta(&meta) {
            tracing::warn!(error = %e, "could not store the activity marks");
        }
    }

    /// The first page of a character's activity history (`count` entries, of `mode` when given),
    /// newest first, as sync reads entries.
    async fn history(
        &self,
        character_id: CharacterId,
        count: u32,
        mode: Option<i32>,
    ) -> Result<Vec<HistoryEntry>, SyncError> {
        let account = self.account().ok_or(SyncError::NoAccount)?;
        let membership_id =
            i64::try_from(account.membership_id).map_err(|_| SyncError::NoAccount)?;
        let character = i64::try_from(character_id).map_err(|_| SyncError::NoAccount)?;
        let history = self
            .client
            .get_activity_history(
                account.membership_type,
                membership_id,
                character,
                HistoryQuery {
                    count,
                    page: 0,
                    mode,
                },
            )
            .await?;
        Ok(history
            .activities
            .iter()
            .filter_map(|a| self.entry(a))
            .collect())
    }

    /// Reads a character's history, publishes new completions and moves its mark. `Ok(true)` when
    /// something new was found.
    async fn completions(
        &self,
        character_id: CharacterId,
        meta: &mut SyncMeta,
    ) -> Result<bool, SyncError> {
        let character = i64::try_from(character_id).map_err(|_| SyncError::NoAccount)?;
        let entries = self.history(character_id, HISTORY_COUNT, None).await?;
        let (fresh, mark) =
            new_completions(character_id, &entries, meta.activity_mark(character_id));
        let found: Vec<CompletedActivity> = fresh
            .iter()
            .map(|entry| {
                tracing::info!(character_id, activity = %entry.activity, "activity completed");
                completed_activity(character_id, entry)
            })
            .collect();
        if !found.is_empty() {
            // The carnage report comes a while after the end: each completion is pushed once its
            // report is read (or given up on), in order, without holding up the sync.
            let client = self.client.clone();
            let bus = self.bus.clone();
            let patience = self.pgcr_patience();
            tokio::spawn(async move {
                for mut event in found {
                    if let Ok(instance) = i64::try_from(event.instance_id) {
                        event.report =
                            carnage_patiently(&client, instance, character, patience).await;
                    }
                    bus.publish(DaemonEvent::ActivityCompleted(event));
                }
            });
        }
        if let Some(mark) = mark {
            meta.activity_marks
                .retain(|m| m.character_id != character_id);
            meta.activity_marks.push(mark);
        }
        Ok(!fresh.is_empty())
    }

    fn entry(&self, a: &HistoricalActivity) -> Option<HistoryEntry> {
        let stat = |name: &str| a.value(name).unwrap_or(0.0).max(0.0);
        let details = &a.activity_details;
        let (name, direct_mode) = self
            .defs
            .activity(details.reference_id)
            .unwrap_or_else(|| (format!("Activity {}", details.reference_id), None));
        let mode = direct_mode
            .and_then(|h| self.defs.mode_name(h))
            .unwrap_or_else(|| mode_type_name(details.mode).to_string());
        Some(HistoryEntry {
            instance_id: u64::try_from(details.instance_id).ok()?,
            period: a.period?,
            activity: name,
            mode,
            completed: stat("completed") >= 1.0 && stat("completionReason") == 0.0,
            kills: stat("kills") as u32,
            deaths: stat("deaths") as u32,
            assists: stat("assists") as u32,
            duration_seconds: stat("activityDurationSeconds") as u64,
            time_played_seconds: stat("timePlayedSeconds") as u64,
        })
    }

    /// How long to keep asking for a finished activity's carnage report.
    fn pgcr_patience(&self) -> Duration {
        *self.pgcr_patience.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Changes how long a finished activity's carnage report is waited for (tests shorten it).
    pub fn set_pgcr_patience(&self, patience: Duration) {
        *self.pgcr_patience.lock().unwrap_or_else(|p| p.into_inner()) = patience;
    }

    /// The Bungie client (for the report and tracking methods in [`super::reports`]).
    pub fn client(&self) -> &Arc<Client> {
        &self.client
    }

    /// The definitions the engine names things with.
    pub fn defs(&self) -> &Arc<dyn Definitions + Send + Sync> {
        &self.defs
    }

    /// A character's recent activities, newest first (at most `count`, of `mode` when given),
    /// with the carnage report's figures for the newest `with_reports` of them (one try each).
    pub async fn recent_activities(
        &self,
        character_id: CharacterId,
        count: u32,
        mode: Option<i32>,
        with_reports: usize,
    ) -> Result<Vec<CompletedActivity>, SyncError> {
        let character = i64::try_from(character_id).map_err(|_| SyncError::NoAccount)?;
        let mut out: Vec<CompletedActivity> = self
            .history(character_id, count, mode)
            .await?
            .iter()
            .map(|e| completed_activity(character_id, e))
            .collect();
        for event in out.iter_mut().take(with_reports) {
            if let Ok(instance) = i64::try_from(event.instance_id) {
                event.report =
                    carnage_patiently(&self.client, instance, character, Duration::ZERO).await;
            }
        }
        Ok(out)
    }

    /// How long after the last poll the next one is due, as things stand now.
    fn interval_now(&self) -> Duration {
        let inner = self.lock();
        let activity = schedule::Activity {
            online: inner.online,
            last_played: inner.last_played,
            clients_connected: self.clients_connected() > 0,
        };
        let mut interval = schedule::next_interval(activity, self.now());
        if !inner.awaiting_history.is_empty() {
            interval = interval.min(schedule::ACTIVE_INTERVAL);
        }
        if matches!(
            inner.status.state,
            SessionState::Offline | SessionState::Maintenance
        ) {
            interval = interval.min(schedule::retry_interval(inner.failures));
        }
        if let Some(until) = inner.status.throttled_until {
            interval = interval.max((until - self.now()).to_std().unwrap_or_default());
        }
        interval
    }

    /// The poll loop: syncs, then waits for the adaptive interval, a wake-up or shutdown.
    pub async fn run(self: Arc<Self>, shutdown: tokio_util::sync::CancellationToken) {
        loop {
            // A failed sync is already reported by `sync_with` (session state, status, log).
            let _ = self.sync_now().await;
            // Before the idle wait, not on a request's path: the profile's bytes, its decoded
            // form and the diff are all dropped by now.
            crate::memory::release_free_memory();
            let polled = tokio::time::Instant::now();
            // What ran just after the sync (its events to clients, the notifier, reads they
            // asked for) is given back once too, at the first look at the interval.
            let mut code_trimmed_once_idle = false;
            // The interval is looked at again every few seconds: a client connecting (or the
            // player coming online) shortens a long idle wait at once.
            loop {
                // Bungie refuses the application: no polling until asked (`profile.sync`, a sign-in).
                let refused = matches!(
                    self.status().state,
                    SessionState::AppRejected(problem) if problem != AppProblem::ScopeMissing
                );
                if refused {
                    self.lock().status.next_sync = None;
                    tokio::select! {
                        _ = tokio::time::sleep(schedule::RECHECK) => continue,
                        _ = self.wake.notified() => break,
                        () = shutdown.cancelled() => return,
                    }
                }
                let interval = self.interval_now();
                self.lock().status.next_sync =
                    chrono::Duration::from_std(interval).ok().and_then(|d| {
                        let waited = chrono::Duration::from_std(polled.elapsed()).ok()?;
                        Some(self.now() + d - waited)
                    });
                let left = interval.saturating_sub(polled.elapsed());
                if left.is_zero() {
                    break;
                }
                tokio::select! {
                    _ = tokio::time::sleep(left.min(schedule::RECHECK)) => {}
                    _ = self.wake.notified() => break,
                    () = shutdown.cancelled() => return,
                }
                if !code_trimmed_once_idle {
                    code_trimmed_once_idle = true;
                    crate::memory::code_pages::trim_code_pages();
                }
            }
            if shutdown.is_cancelled() {
                return;
            }
        }
    }
}

/// A name for a DestinyActivityModeType when the manifest has none.
/// The event for a history entry (without its carnage report yet).
fn completed_activity(character_id: CharacterId, entry: &HistoryEntry) -> CompletedActivity {
    CompletedActivity {
        character_id,
        activity: entry.activity.clone(),
        mode: entry.mode.clone(),
        completed: entry.completed,
        kills: entry.kills,
        deaths: entry.deaths,
        assists: entry.assists,
        duration_seconds: entry.duration_seconds,
        ended_at: entry.ended_at(),
        instance_id: entry.instance_id,
        time_played_seconds: entry.time_played_seconds,
        report: None,
    }
}

fn mode_type_name(mode: i32) -> &'static str {
    match mode {
        2 => "Story",
        3 | 18 => "Strike",
        4 => "Raid",
        5 | 10 | 12 | 37 | 84 => "Crucible",
        6 => "Patrol",
        46 => "Nightfall",
        63 => "Gambit",
        82 => "Dungeon",
        _ => "Activity",
    }
}

/// The characters the store holds, for the schedule; none (and a log line) when it cannot be read.
fn stored_characters(store: &Store) -> Vec<Character> {
    match store.inventory() {
        Ok(inventory) => inventory.characters,
        Err(e) => {
            tracing::warn!("the store's characters could not be read; polling as if none: {e}");
            Vec::new()
        }
    }
}

/// When the store last synced; none (and a log line) when it cannot be read.
fn stored_last_sync(store: &Store) -> Option<DateTime<Utc>> {
    match store.sync_meta() {
        Ok(meta) => meta.last_sync,
        Err(e) => {
            tracing::warn!("the store's last sync time could not be read: {e}");
            None
        }
    }
}

#[cfg(test)]
#[path = "engine_account_tests.rs"]
mod account_tests;
