//! Desktop notifications end to end over a real session bus: the notifier follows the event bus,
//! and a fake `org.freedesktop.Notifications` server records what arrives (the rules that need no
//! bus are `notifier_rules` and `notifier_on_a_store`, on a paused clock).
//! Run under `dbus-run-session -- cargo test -p vault-raider --test desktop notifications::`.

use crate::support::desktop::events::{pairing, strike};
use crate::support::desktop::{
    BUS_TURN, FakeActions, Received, Shown, seeded_store, serve_notifications, session_bus_or_skip,
    wait_for,
};
use std::sync::Arc;
use std::time::Duration;
use tokio_util::sync::CancellationToken;
use vault_raider::config::NotificationSettings;
use vault_raider::desktop::{DesktopHandle, DesktopOptions, start};
use vault_raider::events::{DaemonEvent, EventBus, SessionState, SignOutReason};
use vault_raider::store::Store;

fn options() -> DesktopOptions {
    let mut options = DesktopOptions::new(NotificationSettings::default());
    options.tray = false;
    options
}

/// One test's world: its turn on the bus, the fake server (unless `server` is false), a seeded
/// store (kept open), the bus and the running desktop pieces.
struct Rig {
    _turn: tokio::sync::MutexGuard<'static, ()>,
    server: Option<(zbus::Connection, Received)>,
    _store: (tempfile::TempDir, Arc<Store>),
    bus: EventBus,
    desktop: DesktopHandle,
    sign_ins: Arc<std::sync::atomic::AtomicUsize>,
}

impl Rig {
    /// `None` (the test skips) without a session bus.
    async fn new(test: &str, server: bool, opts: DesktopOptions) -> Option<Rig> {
        if !session_bus_or_skip(test) {
            return None;
        }
        let turn = BUS_TURN.lock().await;
        let server = if server {
            Some(serve_notifications().await)
        } else {
            None
        };
        let (dir, store) = seeded_store(0);
        let bus = EventBus::new();
        let actions = FakeActions::new().0;
        let sign_ins = actions.sign_ins.clone();
        let desktop = start(&bus, actions, store.clone(), opts, CancellationToken::new());
        Some(Rig {
            _turn: turn,
            server,
            _store: (dir, store),
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
    let Some(rig) = Rig::new(module_path!(), true, options()).await else {
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
async fn a_pairing_request_shows_its_code() {
    let Some(rig) = Rig::new(module_path!(), true, options()).await else {
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
async fn without_a_notification_server_the_notifier_runs_on() {
    let Some(mut rig) = Rig::new(module_path!(), false, options()).await else {
        return;
    };
    rig.bus.publish(pairing("333333"));
    // Real time: the notice goes out over a real session bus (with no server to take it), which a
    // paused clock would not wait for.
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
    let Some(rig) = Rig::new(module_path!(), true, options()).await else {
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
