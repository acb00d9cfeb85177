//! Desktop notifications end to end over a real session bus: the notifier follows the event bus
//! and the store, and a fake `org.freedesktop.Notifications` server records what arrives.
//! Run under `dbus-run-session -- cargo test -p vault-raider --test desktop_notify`.

mod desktop_support;
mod store_support;

use desktop_support::{
    BUS_TURN, FakeActions, PM_HASH, Received, Shown, WARLOCK, seeded_store, serve_notifications,
    session_bus_or_skip, wait_for,
};
use std::sync::Arc;
use std::time::Duration;
use vault_raider::config::NotificationSettings;
use vault_raider::desktop::{DesktopHandle, DesktopOptions, start};
use vault_raider::events::{CompletedActivity, DaemonEvent, EventBus, SessionState, SignOutReason};
use vault_raider::store::Store;
use vault_raider::store::model::{
    Change, Item, Location, Objective, ProgressEntry, ProgressKind, QuestStep,
};

fn options() -> DesktopOptions {
    let mut options = DesktopOptions::new(NotificationSettings::default());
    options.tray = false;
    options
}

fn strike(completed: bool) -> DaemonEvent {
    DaemonEvent::ActivityCompleted(CompletedActivity {
        character_id: WARLOCK,
        activity: "Savathûn's Song".into(),
        mode: "Strike".into(),
        completed,
        kills: 64,
        deaths: 5,
        assists: 12,
        duration_seconds: 22 * 60 + 11,
        ended_at: "2026-11-25T18:00:00Z".into(),
        ..CompletedActivity::default()
    })
}

fn pairing(code: &str) -> DaemonEvent {
    DaemonEvent::PairingRequested {
        pairing_id: "p1".into(),
        client: "Firefox extension".into(),
        code: code.into(),
        expires_in: 120,
    }
}

/// One test's world: its turn on the bus, the fake server (unless `server` is false), a seeded
/// store, the bus and the running desktop pieces.
struct Rig {
    _turn: tokio::sync::MutexGuard<'static, ()>,
    server: Option<(zbus::Connection, Received)>,
    _dir: tempfile::TempDir,
    store: Arc<Store>,
    bus: EventBus,
    desktop: DesktopHandle,
    sign_ins: Arc<std::sync::atomic::AtomicUsize>,
}

impl Rig {
    /// `None` (the test skips) without a session bus.
    async fn new(test: &str, postmaster: u32, server: bool, opts: DesktopOptions) -> Option<Rig> {
        if !session_bus_or_skip(test) {
            return None;
        }
        let turn = BUS_TURN.lock().await;
        let server = if server {
            Some(serve_notifications().await)
        } else {
            None
        };
        let (dir, store) = seeded_store(postmaster);
        let bus = EventBus::new();
        let actions = FakeActions::new().0;
        let sign_ins = actions.sign_ins.clone();
        let desktop = start(&bus, actions, store.clone(), opts);
        Some(Rig {
            _turn: turn,
            server,
            _dir: dir,
            store,
            bus,
            desktop,
            sign_ins,
        })
    }

    /// What the fake server received, once it holds `count` (or after waiting 10 s).
    async fn shown(&self, count: usize) -> Vec<Shown> {
        match &self.server {
            Some((_, received)) => wait_for(received, count).await,
            None => Vec::new(),
        }
    }
}

#[tokio::test]
async fn a_completed_activity_is_told_in_the_seeds_words() {
    let Some(rig) = Rig::new(module_path!(), 0, true, options()).await else {
        return;
    };
    rig.bus.publish(strike(true));
    let shown = rig.shown(1).await;
    assert_eq!(shown.len(), 1, "{shown:?}");
    assert_eq!(shown[0].app_name, "Vault Raider");
    assert_eq!(shown[0].summary, "Activity completed · Warlock");
    assert_eq!(
        shown[0].body,
        "Savathûn's Song — Strike: 64 kills, 5 deaths, 22m 11s"
    );
    rig.desktop.shutdown().await;
}

#[tokio::test]
async fn a_postmaster_filling_past_18_is_told_once() {
    let Some(rig) = Rig::new(module_path!(), 17, true, options()).await else {
        return;
    };
    let drop_arrives = |n: u32| {
        let item: Item = store_support::stack(
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

#[tokio::test]
async fn a_pairing_request_shows_its_code() {
    let Some(rig) = Rig::new(module_path!(), 0, true, options()).await else {
        return;
    };
    rig.bus.publish(pairing("482913"));
    let shown = rig.shown(1).await;
    assert_eq!(shown.len(), 1, "{shown:?}");
    assert_eq!(shown[0].summary, "Pairing request from Firefox extension");
    assert_eq!(
        shown[0].body,
        "Code 482913: type it into Firefox extension to let it use Vault Raider. It expires in 2 minutes."
    );
    rig.desktop.shutdown().await;
}

#[tokio::test]
async fn paused_or_switched_off_notifications_send_nothing() {
    let mut opts = options();
    opts.notifications = NotificationSettings {
        activity: false,
        ..NotificationSettings::default()
    };
    let Some(rig) = Rig::new(module_path!(), 0, true, opts).await else {
        return;
    };
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

#[tokio::test]
async fn a_burst_of_completions_is_one_notification() {
    let Some(rig) = Rig::new(module_path!(), 0, true, options()).await else {
        return;
    };
    rig.bus.publish(strike(true));
    rig.bus.publish(strike(false));
    rig.bus.publish(strike(true));
    let shown = rig.shown(1).await;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let shown = rig.shown(shown.len()).await;
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

#[tokio::test]
async fn without_a_notification_server_the_notifier_runs_on() {
    let Some(mut rig) = Rig::new(module_path!(), 0, false, options()).await else {
        return;
    };
    rig.bus.publish(pairing("333333"));
    tokio::time::sleep(Duration::from_millis(2000)).await;
    rig.server = Some(serve_notifications().await);
    rig.bus.publish(pairing("444444"));
    let shown = rig.shown(1).await;
    assert_eq!(shown.len(), 1, "{shown:?}");
    assert!(shown[0].body.starts_with("Code 444444"), "{shown:?}");
    rig.desktop.shutdown().await;
}

#[tokio::test]
async fn a_sign_out_offers_sign_in_and_the_click_starts_one() {
    let Some(rig) = Rig::new(module_path!(), 0, true, options()).await else {
        return;
    };
    rig.bus
        .publish(DaemonEvent::SessionChanged(SessionState::SignedOut(Some(
            SignOutReason::Expired,
        ))));
    let shown = rig.shown(1).await;
    assert_eq!(shown.len(), 1, "{shown:?}");
    assert_eq!(shown[0].summary, "Bungie.net session expired");
    assert_eq!(shown[0].actions, vec!["sign-in".to_string()]);
    // The fake server clicks the button 200 ms later: the daemon is asked to sign in.
    for _ in 0..100 {
        if rig.sign_ins.load(std::sync::atomic::Ordering::SeqCst) > 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(rig.sign_ins.load(std::sync::atomic::Ordering::SeqCst), 1);
    rig.desktop.shutdown().await;
}

fn pursuit(id: &str, kind: ProgressKind, name: &str, step: Option<QuestStep>) -> ProgressEntry {
    ProgressEntry {
        id: id.into(),
        character_id: WARLOCK,
        kind,
        hash: 1,
        name: name.into(),
        icon: String::new(),
        objectives: vec![Objective {
            hash: 2,
            description: "Defeat combatants".into(),
            progress: 10,
            completion_value: 10,
            complete: true,
        }],
        step,
        expires_at: None,
        tracked: false,
        reward_earned: false,
    }
}

#[tokio::test]
async fn bounties_finished_in_one_activity_are_one_notification_and_a_quest_step_says_its_place() {
    let Some(rig) = Rig::new(module_path!(), 0, true, options()).await else {
        return;
    };
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
    let shown = rig.shown(1).await;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let shown = rig.shown(shown.len()).await;
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

#[tokio::test]
async fn progress_notifications_can_be_switched_off() {
    let mut opts = options();
    opts.notifications.progress = false;
    let Some(rig) = Rig::new(module_path!(), 0, true, opts).await else {
        return;
    };
    rig.bus.publish(DaemonEvent::ProgressChanged {
        character_id: WARLOCK,
        changed: vec![pursuit("11", ProgressKind::Bounty, "Gunsmith Bounty", None)],
        completed: vec!["11".into()],
        removed: Vec::new(),
    });
    rig.bus.publish(strike(true));
    let shown = rig.shown(1).await;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let shown = rig.shown(shown.len()).await;
    assert_eq!(shown.len(), 1, "{shown:?}");
    assert_eq!(shown[0].summary, "Activity completed · Warlock");
    rig.desktop.shutdown().await;
}
