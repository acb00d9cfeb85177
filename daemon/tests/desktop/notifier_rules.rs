//! The notifier's rules on a paused clock, with no D-Bus: session changes worth telling, the
//! coalescing window, notices handed in by the daemon, and kinds switched off.

use crate::support::desktop::recorder::Recorder;
use chrono::{DateTime, Utc};
use std::sync::Arc;
use std::time::Duration;
use tokio_util::sync::CancellationToken;
use vault_raider::config::NotificationSettings;
use vault_raider::desktop::text::loadout_notice;
use vault_raider::desktop::{
    BoxFuture, DesktopActions, DesktopError, DesktopOptions, DesktopSource, EquipReport, start,
};
use vault_raider::events::{DaemonEvent, EventBus, SessionState};
use vault_raider::moves::{MoveError, Reason};
use vault_raider::store::model::{Character, CharacterId, Loadout};

/// An account with nothing in it.
struct Empty;

impl DesktopSource for Empty {
    fn account_name(&self) -> Result<Option<String>, DesktopError> {
        Ok(None)
    }
    fn characters(&self) -> Result<Vec<Character>, DesktopError> {
        Ok(Vec::new())
    }
    fn loadouts(&self) -> Result<Vec<Loadout>, DesktopError> {
        Ok(Vec::new())
    }
    fn postmaster_count(&self, _: CharacterId) -> Result<u32, DesktopError> {
        Ok(0)
    }
    fn last_sync(&self) -> Result<Option<DateTime<Utc>>, DesktopError> {
        Ok(None)
    }
}

/// Actions that do nothing but count the sign-ins asked for.
struct NoActions(Arc<std::sync::atomic::AtomicUsize>);

impl DesktopActions for NoActions {
    fn equip_loadout(
        &self,
        _: String,
        _: u64,
    ) -> BoxFuture<'static, Result<EquipReport, vault_raider::desktop::EquipError>> {
        Box::pin(async {
            Err(vault_raider::desktop::EquipError::Refused(MoveError::new(
                Reason::Internal,
                "not in this test",
            )))
        })
    }
    fn max_power(
        &self,
        _: u64,
    ) -> BoxFuture<'static, Result<EquipReport, vault_raider::desktop::EquipError>> {
        Box::pin(async {
            Err(vault_raider::desktop::EquipError::Refused(MoveError::new(
                Reason::Internal,
                "not in this test",
            )))
        })
    }
    fn toggle_farming(&self, _: u64) {}
    fn sync_now(&self) {}
    fn overlay_url(&self) -> String {
        String::new()
    }
    fn sign_in(&self) {
        self.0.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    }
    fn quit(&self) {}
}

fn started(
    settings: NotificationSettings,
) -> (EventBus, Recorder, vault_raider::desktop::DesktopHandle) {
    let bus = EventBus::new();
    let recorder = Recorder::default();
    let options = DesktopOptions {
        notifications: settings,
        tray: false,
        sink: Arc::new(recorder.clone()),
        clock: vault_raider::clock::system(),
    };
    let handle = start(
        &bus,
        Arc::new(NoActions(recorder.1.clone())),
        Arc::new(Empty),
        options,
        CancellationToken::new(),
    );
    (bus, recorder, handle)
}

async fn after(ms: u64) {
    tokio::time::sleep(Duration::from_millis(ms)).await;
}

#[tokio::test(start_paused = true)]
async fn session_changes_say_sign_in_again_and_maintenance_both_ways() {
    let (bus, recorder, handle) = started(NotificationSettings::default());
    after(100).await;
    for state in [
        SessionState::SignedIn,
        SessionState::SignedOut(Some(vault_raider::events::SignOutReason::Expired)),
        SessionState::SignedOut(None),
        SessionState::Maintenance,
        SessionState::SignedIn,
    ] {
        bus.publish(DaemonEvent::SessionChanged(state));
        after(1500).await;
    }
    assert_eq!(
        recorder.summaries(),
        vec![
            "Bungie.net session expired",
            "Bungie maintenance began",
            "Bungie maintenance ended"
        ]
    );
    // The sign-out notice's "Sign in" button started a sign-in, as the tray entry does; no
    // other notice has a button.
    assert_eq!(recorder.sign_ins(), 1);
    assert_eq!(
        recorder
            .0
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .iter()
            .filter_map(|n| n.action)
            .collect::<Vec<_>>(),
        vec![vault_raider::desktop::NoticeAction::SignIn]
    );
    let shown = recorder.0.lock().unwrap_or_else(|p| p.into_inner()).clone();
    assert!(shown[0].body.contains("Sign in again"), "{}", shown[0].body);
    handle.shutdown().await;
}

#[tokio::test(start_paused = true)]
async fn notices_within_the_window_are_shown_together() {
    let (bus, recorder, handle) = started(NotificationSettings::default());
    after(100).await;
    let pairing = |code: &str| DaemonEvent::PairingRequested {
        pairing_id: code.into(),
        client: "CLI".into(),
        code: code.into(),
        expires_in: 120,
    };
    bus.publish(pairing("100000"));
    after(500).await;
    bus.publish(pairing("200000"));
    after(2000).await;
    bus.publish(pairing("300000"));
    after(2000).await;
    assert_eq!(
        recorder.summaries(),
        vec!["2 pairing requests", "Pairing request from CLI"]
    );
    handle.shutdown().await;
}

#[tokio::test(start_paused = true)]
async fn notices_from_the_daemon_follow_the_settings() {
    let (_bus, recorder, handle) = started(NotificationSettings::default());
    handle.notify(loadout_notice(
        "Raid",
        "Warlock",
        &Ok(EquipReport::default()),
    ));
    after(1500).await;
    assert_eq!(recorder.summaries(), vec!["Loadout equipped"]);
    handle.shutdown().await;

    let off = NotificationSettings {
        loadout: false,
        ..NotificationSettings::default()
    };
    let (_bus, recorder, handle) = started(off);
    handle.notify(loadout_notice(
        "Raid",
        "Warlock",
        &Err(vault_raider::desktop::EquipError::Refused(MoveError::new(
            Reason::NoRoom,
            "no room",
        ))),
    ));
    after(1500).await;
    assert!(recorder.summaries().is_empty());
    handle.shutdown().await;
}

/// With or without a session bus, notification server or tray host, the desktop pieces run on:
/// the menu follows the bus and shutting down ends the tray's thread.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_desktop_runs_on_whatever_the_session_offers() {
    let bus = EventBus::new();
    let handle = start(
        &bus,
        Arc::new(NoActions(Arc::default())),
        Arc::new(Empty),
        DesktopOptions::new(NotificationSettings::default()),
        CancellationToken::new(),
    );
    let mut menu = handle.menu();
    bus.publish(DaemonEvent::PairingRequested {
        pairing_id: "p".into(),
        client: "CLI".into(),
        code: "123456".into(),
        expires_in: 120,
    });
    let shows_code = tokio::time::timeout(
        Duration::from_secs(5),
        menu.wait_for(|m| m.pairings.iter().any(|p| p.code == "123456")),
    )
    .await;
    assert!(
        shows_code.is_ok_and(|r| r.is_ok()),
        "the menu follows the bus"
    );
    tokio::time::timeout(Duration::from_secs(10), handle.shutdown())
        .await
        .expect("the desktop pieces stop");
}

#[tokio::test]
async fn cancelling_the_callers_token_stops_the_desktop() {
    let daemon = CancellationToken::new();
    let options = DesktopOptions {
        notifications: NotificationSettings::default(),
        tray: false,
        sink: Arc::new(Recorder::default()),
        clock: vault_raider::clock::system(),
    };
    let handle = start(
        &EventBus::new(),
        Arc::new(NoActions(Arc::default())),
        Arc::new(Empty),
        options,
        daemon.child_token(),
    );
    let mut menu = handle.menu();
    daemon.cancel();
    // The menu follower has ended once its side of the model is gone.
    tokio::time::timeout(Duration::from_secs(5), async {
        while menu.changed().await.is_ok() {}
    })
    .await
    .expect("the desktop's tasks stopped with the daemon's token");
    tokio::time::timeout(Duration::from_secs(5), handle.shutdown())
        .await
        .expect("shutdown returns");
}
