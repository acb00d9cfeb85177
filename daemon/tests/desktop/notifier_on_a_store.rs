//! The notifier's rules that follow the store or prove that nothing more is shown, on a paused
//! clock: a sink records what would be shown instead of a D-Bus server, so the waits past the
//! coalescing window take no real time. The postmaster crossing told once, paused or switched-off
//! kinds, and bursts of activities and pursuits told as one.

use crate::support::desktop::events::{pairing, pursuit, strike};
use crate::support::desktop::recorder::Recorder;
use crate::support::desktop::{FakeActions, PM_HASH, WARLOCK, seeded_store};
use std::sync::Arc;
use std::time::Duration;
use tokio_util::sync::CancellationToken;
use vault_raider::config::NotificationSettings;
use vault_raider::desktop::{DesktopHandle, DesktopOptions, Notice, start};
use vault_raider::events::{DaemonEvent, EventBus};
use vault_raider::store::Store;
use vault_raider::store::model::{Change, Item, Location, ProgressKind, QuestStep};

fn options() -> DesktopOptions {
    let mut options = DesktopOptions::new(NotificationSettings::default());
    options.tray = false;
    options
}

/// One test's world: a seeded store, the bus, the running desktop pieces and what they showed.
struct Rig {
    _dir: tempfile::TempDir,
    store: Arc<Store>,
    bus: EventBus,
    desktop: DesktopHandle,
    recorder: Recorder,
}

impl Rig {
    /// The desktop pieces on a store with `postmaster` stacks in the Warlock's postmaster, showing
    /// into a recorder.
    fn new(postmaster: u32, mut opts: DesktopOptions) -> Rig {
        let recorder = Recorder::default();
        opts.sink = Arc::new(recorder.clone());
        let (dir, store) = seeded_store(postmaster);
        let bus = EventBus::new();
        let desktop = start(
            &bus,
            FakeActions::new().0,
            store.clone(),
            opts,
            CancellationToken::new(),
        );
        Rig {
            _dir: dir,
            store,
            bus,
            desktop,
            recorder,
        }
    }

    /// What was shown, once it holds `count` notices (or after 10 s of the paused clock).
    async fn shown(&self, count: usize) -> Vec<Notice> {
        self.recorder.shown(count).await
    }

    /// What is shown once a first notice is and the coalescing window (1.5 s) has passed since.
    async fn settled(&self) -> Vec<Notice> {
        let first = self.shown(1).await;
        tokio::time::sleep(Duration::from_millis(1500)).await;
        self.shown(first.len()).await
    }
}

#[tokio::test(start_paused = true)]
async fn a_postmaster_filling_past_18_is_told_once() {
    let rig = Rig::new(17, options());
    let drop_arrives = |n: u32| {
        let item: Item = crate::support::store::stack(
            PM_HASH + 100 + n,
            Location::Postmaster {
                character_id: WARLOCK,
            },
            0,
            1,
        );
        let changes = rig
            .store
            .apply_changes(vec![Change::Added {
                item: Box::new(item),
            }])
            .expect("the drop is stored");
        DaemonEvent::Inventory {
            rev: changes.last().map(|c| c.rev).unwrap_or(0),
            changes,
        }
    };
    rig.bus.publish(drop_arrives(0));
    let shown = rig.shown(1).await;
    assert_eq!(shown.len(), 1, "{shown:?}");
    assert_eq!(shown[0].summary, "Postmaster almost full · Warlock");
    assert_eq!(
        shown[0].body,
        "18 of 21 items wait in the postmaster. Pull them before the oldest are lost."
    );
    rig.bus.publish(drop_arrives(1));
    tokio::time::sleep(Duration::from_millis(2500)).await;
    let later = rig.shown(1).await;
    assert_eq!(later.len(), 1, "19 is the same crossing: {later:?}");
    rig.desktop.shutdown().await;
}

#[tokio::test(start_paused = true)]
async fn paused_or_switched_off_notifications_send_nothing() {
    let mut opts = options();
    opts.notifications = NotificationSettings {
        activity: false,
        ..NotificationSettings::default()
    };
    let rig = Rig::new(0, opts);
    rig.desktop.set_paused(true);
    rig.bus.publish(pairing("111111"));
    tokio::time::sleep(Duration::from_millis(2500)).await;
    assert!(rig.shown(0).await.is_empty(), "paused");
    rig.desktop.set_paused(false);
    rig.bus.publish(strike(true));
    rig.bus.publish(pairing("222222"));
    let shown = rig.shown(1).await;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let shown_later = rig.shown(1).await;
    assert_eq!(shown, shown_later);
    assert_eq!(shown.len(), 1, "activities are switched off: {shown:?}");
    assert!(shown[0].body.starts_with("Code 222222"), "{shown:?}");
    rig.desktop.shutdown().await;
}

#[tokio::test(start_paused = true)]
async fn a_burst_of_completions_is_one_notification() {
    let rig = Rig::new(0, options());
    rig.bus.publish(strike(true));
    rig.bus.publish(strike(false));
    rig.bus.publish(strike(true));
    let shown = rig.settled().await;
    assert_eq!(shown.len(), 1, "{shown:?}");
    assert_eq!(shown[0].summary, "3 activities finished");
    assert_eq!(shown[0].body.lines().count(), 3, "{}", shown[0].body);
    assert!(
        shown[0]
            .body
            .lines()
            .nth(1)
            .is_some_and(|l| l.contains("failed or abandoned")),
        "{}",
        shown[0].body
    );
    rig.desktop.shutdown().await;
}

#[tokio::test(start_paused = true)]
async fn bounties_finished_in_one_activity_are_one_notification_and_a_quest_step_says_its_place() {
    let rig = Rig::new(0, options());
    let a = pursuit("11", ProgressKind::Bounty, "Gunsmith Bounty", None);
    let b = pursuit("12", ProgressKind::Bounty, "Vanguard Bounty", None);
    // Moved but not completed: no notification of its own.
    let mut c = pursuit("13", ProgressKind::Bounty, "Crucible Bounty", None);
    c.objectives[0].progress = 3;
    c.objectives[0].complete = false;
    rig.bus.publish(DaemonEvent::ProgressChanged {
        character_id: WARLOCK,
        changed: vec![a, b, c],
        completed: vec!["11".into(), "12".into()],
        removed: Vec::new(),
    });
    let shown = rig.settled().await;
    assert_eq!(shown.len(), 1, "{shown:?}");
    assert_eq!(shown[0].summary, "2 pursuits complete");
    assert!(
        shown[0].body.contains("Bounty complete: Gunsmith Bounty"),
        "{}",
        shown[0].body
    );
    assert!(
        shown[0].body.contains("Vanguard Bounty"),
        "{}",
        shown[0].body
    );
    assert!(!shown[0].body.contains("Crucible"), "{}", shown[0].body);
    let step = QuestStep {
        line: "The Lie".into(),
        step: 3,
        steps: 7,
    };
    rig.bus.publish(DaemonEvent::ProgressChanged {
        character_id: WARLOCK,
        changed: vec![pursuit("21", ProgressKind::Quest, "Communion", Some(step))],
        completed: vec!["21".into()],
        removed: Vec::new(),
    });
    let shown = rig.shown(2).await;
    assert_eq!(shown.len(), 2, "{shown:?}");
    assert_eq!(shown[1].summary, "Quest step complete · Warlock");
    assert_eq!(shown[1].body, "The Lie — Communion (3 of 7)");
    rig.desktop.shutdown().await;
}

#[tokio::test(start_paused = true)]
async fn progress_notifications_can_be_switched_off() {
    let mut opts = options();
    opts.notifications.progress = false;
    let rig = Rig::new(0, opts);
    rig.bus.publish(DaemonEvent::ProgressChanged {
        character_id: WARLOCK,
        changed: vec![pursuit("11", ProgressKind::Bounty, "Gunsmith Bounty", None)],
        completed: vec!["11".into()],
        removed: Vec::new(),
    });
    rig.bus.publish(strike(true));
    let shown = rig.settled().await;
    assert_eq!(shown.len(), 1, "{shown:?}");
    assert_eq!(shown[0].summary, "Activity completed · Warlock");
    rig.desktop.shutdown().await;
}
