//! The event bus: one `tokio::sync::broadcast` channel that carries what happened (committed
//! inventory changes, operation progress, activities, session and sync state, pairing requests)
//! to the protocol server, the tray and the notifier.

use crate::store::model::{CharacterId, GameLoadout, ItemId, Loadout, RevisedChange};
use chrono::{DateTime, Utc};
use tokio::sync::broadcast;

/// How many events a slow subscriber may fall behind before it misses some (it then re-reads the
/// change log, which is why every inventory event carries revisions).
pub const BUS_CAPACITY: usize = 4096;

pub use crate::session_state::{AppProblem, SessionState, SignOutReason};

/// One player of an activity, from its post-game carnage report.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Teammate {
    /// "Name#0123", or the platform name.
    pub name: String,
    /// The class's name.
    pub class: String,
    /// Power at the end.
    pub power: u32,
    /// Kills.
    pub kills: u32,
    /// Deaths.
    pub deaths: u32,
    /// The player's own character.
    pub is_self: bool,
}

/// What the post-game carnage report adds to a finished activity.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CarnageFigures {
    /// Precision kills.
    pub precision_kills: u32,
    /// The player's score.
    pub score: i64,
    /// `victory`/`defeat` in team modes, the place in free-for-all, none in PvE.
    pub standing: Option<String>,
    /// Seconds the player took part.
    pub time_played_seconds: u64,
    /// Every player, the player first.
    pub fireteam: Vec<Teammate>,
}

/// A finished activity, as detected from the activity history (and its carnage report, when
/// it could be read).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CompletedActivity {
    /// The character that played it.
    pub character_id: CharacterId,
    /// The activity's name.
    pub activity: String,
    /// The mode's name.
    pub mode: String,
    /// Whether it was completed (not abandoned).
    pub completed: bool,
    /// Kills.
    pub kills: u32,
    /// Deaths.
    pub deaths: u32,
    /// Assists.
    pub assists: u32,
    /// How long it took.
    pub duration_seconds: u64,
    /// When it ended.
    pub ended_at: DateTime<Utc>,
    /// The activity instance (the carnage report's id).
    pub instance_id: u64,
    /// Seconds the player took part, from the history.
    pub time_played_seconds: u64,
    /// The carnage report's figures, when it was read.
    pub report: Option<CarnageFigures>,
}

/// What the postmaster guard did for one character.
#[derive(Debug, Clone, PartialEq)]
pub struct GuardReport {
    /// The character.
    pub character_id: CharacterId,
    /// Items pulled from its postmaster.
    pub pulled: u32,
    /// Items moved to the vault (or another character) to make room.
    pub moved_aside: u32,
    /// Items still in the postmaster after it acted.
    pub left: u32,
    /// Why some could not be pulled, in a player's words (the first reason).
    pub problem: Option<String>,
}

/// One character's postmaster guard setting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GuardSetting {
    /// The character.
    pub character_id: CharacterId,
    /// Whether the guard acts.
    pub enabled: bool,
    /// The postmaster count it acts at.
    pub threshold: u32,
}

/// Farming mode and the postmaster guards.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AutomationState {
    /// The character farming mode keeps room on.
    pub farming: Option<CharacterId>,
    /// Every character's guard.
    pub guards: Vec<GuardSetting>,
}

/// Something that happened in the daemon.
#[derive(Debug, Clone, PartialEq)]
pub enum DaemonEvent {
    /// Changes committed to the store, in revision order.
    Inventory {
        /// The store revision after the last of these changes.
        rev: u64,
        /// The changes, each with its own revision.
        changes: Vec<RevisedChange>,
    },
    /// The store was started afresh for another Bungie.net account: clients drop what they hold
    /// and take a snapshot.
    StoreReset {
        /// The store's revision after the reset.
        rev: u64,
    },
    /// One step of a running operation finished.
    OperationProgress {
        /// The operation.
        operation_id: String,
        /// 1-based step number.
        step: u32,
        /// How many steps in all.
        of: u32,
        /// The step's action (`transfer`, `equip`, `pull`, `lock`…).
        action: String,
        /// The item it acted on.
        id: ItemId,
        /// Whether it succeeded.
        ok: bool,
    },
    /// A character entered an activity.
    ActivityStarted {
        /// The character.
        character_id: CharacterId,
        /// The activity's name.
        activity: String,
        /// The mode's name.
        mode: String,
        /// When, if Bungie said.
        started_at: Option<DateTime<Utc>>,
    },
    /// A character finished an activity.
    ActivityCompleted(CompletedActivity),
    /// A character's pursuits or milestones moved, completed or went away (after a sync or a
    /// tracking change).
    ProgressChanged {
        /// The character.
        character_id: CharacterId,
        /// The entries as they are now.
        changed: Vec<crate::store::model::ProgressEntry>,
        /// Ids of those this change completed.
        completed: Vec<String>,
        /// Ids of those that went away.
        removed: Vec<String>,
    },
    /// The Bungie session changed state.
    SessionChanged(SessionState),
    /// A sync finished.
    SyncStatus {
        /// When the last sync finished.
        last_sync: Option<DateTime<Utc>>,
        /// When the next is due.
        next_sync: Option<DateTime<Utc>>,
        /// Whether it succeeded.
        ok: bool,
        /// What went wrong, in words a player understands.
        error: Option<String>,
        /// The manifest's status, once it was first checked.
        manifest: Option<crate::sync::manifest_status::ManifestStatus>,
    },
    /// The postmaster guard acted on a character (or found it could not).
    PostmasterGuarded(GuardReport),
    /// Farming mode started or stopped, or a postmaster guard setting changed.
    AutomationChanged(AutomationState),
    /// A daemon loadout of this character was saved or deleted (the loadouts watch then says
    /// [`DaemonEvent::LoadoutsChanged`] with the whole list).
    LoadoutsTouched {
        /// The character.
        character_id: CharacterId,
    },
    /// The store did not open (or was missing) and was rebuilt, the player's own data restored
    /// from its journal: said once, as a notification.
    StoreRepaired {
        /// What happened and what was kept, in one sentence.
        message: String,
    },
    /// A sync could not be saved because the disk is full (once, until one is saved again).
    DiskFull {
        /// What happened, in words a player understands.
        message: String,
    },
    /// A character's loadouts, both kinds, after one changed.
    LoadoutsChanged {
        /// The character.
        character_id: CharacterId,
        /// The daemon's own, oldest first.
        daemon: Vec<Loadout>,
        /// The in-game slots.
        game: Vec<GameLoadout>,
    },
    /// A client asked to pair; the code must be shown to the player.
    PairingRequested {
        /// The pairing's id.
        pairing_id: String,
        /// The client's name.
        client: String,
        /// The six-digit code.
        code: String,
        /// Seconds until it expires.
        expires_in: u64,
    },
    /// Too many wrong pairing codes: pairing is paused (told once per spent budget).
    PairingLocked {
        /// Seconds until pairing is accepted again.
        retry_after_secs: u64,
    },
}

/// The sending half of the bus; clone it freely.
#[derive(Debug, Clone)]
pub struct EventBus {
    sender: broadcast::Sender<DaemonEvent>,
}

impl Default for EventBus {
    fn default() -> Self {
        Self::new()
    }
}

impl EventBus {
    /// A new bus with [`BUS_CAPACITY`].
    pub fn new() -> Self {
        let (sender, _) = broadcast::channel(BUS_CAPACITY);
        EventBus { sender }
    }

    /// Publishes an event; having no subscribers is not an error.
    pub fn publish(&self, event: DaemonEvent) {
        let _ = self.sender.send(event);
    }

    /// A new subscription that sees every event published from now on.
    pub fn subscribe(&self) -> broadcast::Receiver<DaemonEvent> {
        self.sender.subscribe()
    }
}
