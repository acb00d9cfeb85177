//! Desktop notifications end to end over a real session bus: the notifier follows the event bus
//! and the store, and a fake `org.freedesktop.Notifications` server records what arrives.
//! Run under `dbus-run-session -- cargo test -p vault-raider --test desktop_notify`.

mod desktop_support;
mod store_support;

use desktop_support::{
    BUS_TURN, FakeActions, PM_HASH, WARLOCK, seeded_store, serve_notifications,
    session_bus_or_skip, wait_for,
};
use std::time::Duration;
use vault_raider::config::NotificationSettings;
use vault_raider::desktop::{DesktopOptions, start};
use vault_raider::events::{CompletedActivity, DaemonEvent, EventBus};
use vault_raider::store::model::{Change, Item, Location};

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

#[tokio::test]
async fn a_completed_activity_is_told_in_the_seeds_words() {
    if !session_bus_or_skip("a_completed_activity_is_told_in_the_seeds_words") {
        return;
    }
    let _turn = BUS_TURN.lock().await;
    let (_server, received) = serve_notifications().await;
    let (_dir, store) = seeded_store(0);
    let bus = EventBus::new();
    let desktop = start(&bus, FakeActions::new().0, store, options());
    bus.publish(strike(true));
    let shown = wait_for(&received, 1).await;
    assert_eq!(shown.len(), 1, "{shown:?}");
    assert_eq!(shown[0].app_name, "Vault Raider");
    assert_eq!(shown[0].summary, "Activity completed · Warlock");
    assert_eq!(
        shown[0].body,
        "Savathûn's Song — Strike: 64 kills, 5 deaths, 22m 11s"
    );
    desktop.shutdown().await;
}

#[tokio::test]
async fn a_postmaster_filling_past_18_is_told_once() {
    if !session_bus_or_skip("a_postmaster_filling_past_18_is_told_once") {
        return;
    }
    let _turn = BUS_TURN.lock().await;
    let (_server, received) = serve_notifications().await;
    let (_dir, store) = seeded_store(17);
    let bus = EventBus::new();
    let desktop = start(&bus, FakeActions::new().0, store.clone(), options());
    let drop_arrives = |n: u32| {
        let item: Item = store_support::stack(
            PM_HASH + 100 + n,
            Location::Postmaster {
                character_id: WARLOCK,
            },
            0,
            1,
        );
        let changes = store
            .apply_changes(vec![Change::Added {
                item: Box::new(item),
            }])
            .expect("the drop is stored");
        DaemonEvent::Inventory {
            rev: changes.last().map(|c| c.rev).unwrap_or(0),
            changes,
        }
    };
    bus.publish(drop_arrives(0));
    let shown = wait_for(&received, 1).await;
    assert_eq!(shown.len(), 1, "{shown:?}");
    assert_eq!(shown[0].summary, "Postmaster almost full · Warlock");
    assert_eq!(
        shown[0].body,
        "18 of 21 items wait in the postmaster. Pull them before the oldest are lost."
    );
    bus.publish(drop_arrives(1));
    tokio::time::sleep(Duration::from_millis(2500)).await;
    let later = wait_for(&received, 1).await;
    assert_eq!(later.len(), 1, "19 is the same crossing: {later:?}");
    desktop.shutdown().await;
}

#[tokio::test]
async fn a_pairing_request_shows_its_code() {
    if !session_bus_or_skip("a_pairing_request_shows_its_code") {
        return;
    }
    let _turn = BUS_TURN.lock().await;
    let (_server, received) = serve_notifications().await;
    let (_dir, store) = seeded_store(0);
    let bus = EventBus::new();
    let desktop = start(&bus, FakeActions::new().0, store, options());
    bus.publish(pairing("482913"));
    let shown = wait_for(&received, 1).await;
    assert_eq!(shown.len(), 1, "{shown:?}");
    assert_eq!(shown[0].summary, "Pairing request from Firefox extension");
    assert_eq!(
        shown[0].body,
        "Code 482913: type it into Firefox extension to let it use Vault Raider. It expires in 2 minutes."
    );
    desktop.shutdown().await;
}

#[tokio::test]
async fn paused_or_switched_off_notifications_send_nothing() {
    if !session_bus_or_skip("paused_or_switched_off_notifications_send_nothing") {
        return;
    }
    let _turn = BUS_TURN.lock().await;
    let (_server, received) = serve_notifications().await;
    let (_dir, store) = seeded_store(0);
    let bus = EventBus::new();
    let mut opts = options();
    opts.notifications = NotificationSettings {
        activity: false,
        ..NotificationSettings::default()
    };
    let desktop = start(&bus, FakeActions::new().0, store, opts);
    desktop.set_paused(true);
    bus.publish(pairing("111111"));
    tokio::time::sleep(Duration::from_millis(2500)).await;
    assert!(wait_for(&received, 0).await.is_empty(), "paused");
    desktop.set_paused(false);
    bus.publish(strike(true));
    bus.publish(pairing("222222"));
    let shown = wait_for(&received, 1).await;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let shown_later = wait_for(&received, 1).await;
    assert_eq!(shown, shown_later);
    assert_eq!(shown.len(), 1, "activities are switched off: {shown:?}");
    assert!(shown[0].body.starts_with("Code 222222"), "{shown:?}");
    desktop.shutdown().await;
}

#[tokio::test]
async fn a_burst_of_completions_is_one_notification() {
    if !session_bus_or_skip("a_burst_of_completions_is_one_notification") {
        return;
    }
    let _turn = BUS_TURN.lock().await;
    let (_server, received) = serve_notifications().await;
    let (_dir, store) = seeded_store(0);
    let bus = EventBus::new();
    let desktop = start(&bus, FakeActions::new().0, store, options());
    bus.publish(strike(true));
    bus.publish(strike(false));
    bus.publish(strike(true));
    let shown = wait_for(&received, 1).await;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let shown = wait_for(&received, shown.len()).await;
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
    desktop.shutdown().await;
}

#[tokio::test]
async fn without_a_notification_server_the_notifier_runs_on() {
    if !session_bus_or_skip("without_a_notification_server_the_notifier_runs_on") {
        return;
    }
    let _turn = BUS_TURN.lock().await;
    let (_dir, store) = seeded_store(0);
    let bus = EventBus::new();
    let desktop = start(&bus, FakeActions::new().0, store, options());
    bus.publish(pairing("333333"));
    tokio::time::sleep(Duration::from_millis(2000)).await;
    let (_server, received) = serve_notifications().await;
    bus.publish(pairing("444444"));
    let shown = wait_for(&received, 1).await;
    assert_eq!(shown.len(), 1, "{shown:?}");
    assert!(shown[0].body.starts_with("Code 444444"), "{shown:?}");
    desktop.shutdown().await;
}
