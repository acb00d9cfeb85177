//! Helpers for the desktop tests: a fake `org.freedesktop.Notifications` server on the session
//! bus that records what it is sent (or a [`recorder::Recorder`] sink instead of the bus), a fake
//! [`DesktopActions`], and a seeded store.
//! The tests run under `dbus-run-session`; without a session bus they skip.

pub mod events;
pub mod recorder;
#[cfg(all(feature = "tray", target_os = "linux"))]
pub mod tray_menu;

use crate::support::store::{CHARACTERS, character, gear, stack, temp_store};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tempfile::TempDir;
use tokio::sync::mpsc;
use vault_raider::desktop::{BoxFuture, DesktopActions, EquipReport};
use vault_raider::store::Store;
use vault_raider::store::model::{
    Account, Class, Inventory, Item, ItemId, Loadout, LoadoutItem, Location,
};
use zbus::zvariant::OwnedVariant;

/// One bus per test process, one notification server name: the tests of a file take turns.
pub static BUS_TURN: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// The item hash the seeded postmaster stacks use.
pub const PM_HASH: u32 = 3_159_615_086;

/// Whether a session bus is there; prints why the test skips when not.
pub fn session_bus_or_skip(test: &str) -> bool {
    if std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some() {
        true
    } else {
        assert!(
            std::env::var_os("CI").is_none() || cfg!(windows),
            "CI must not skip this test: its data or D-Bus session is missing"
        );
        eprintln!("{test}: skipped, no session bus (run under `dbus-run-session -- cargo test`)");
        false
    }
}

/// A notification as the server received it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shown {
    /// The sender's application name.
    pub app_name: String,
    /// The summary.
    pub summary: String,
    /// The body.
    pub body: String,
    /// The buttons' keys (the `actions` array's keys, without their labels).
    pub actions: Vec<String>,
}

/// What the fake server has received.
pub type Received = Arc<Mutex<Vec<Shown>>>;

struct FakeNotifications {
    received: Received,
    /// The test's runtime (zbus serves the interface on a thread of its own).
    runtime: tokio::runtime::Handle,
}

/// The fake server's signals.
impl FakeNotifications {
    /// Clicks the first button of notification `id` a moment after it was shown, as a player
    /// would: the `ActionInvoked` signal a real server sends.
    fn click_soon(
        &self,
        emitter: zbus::object_server::SignalEmitter<'static>,
        id: u32,
        key: String,
    ) {
        self.runtime.spawn(async move {
            tokio::time::sleep(Duration::from_millis(200)).await;
            let _ = FakeNotifications::action_invoked(&emitter, id, &key).await;
        });
    }
}

#[zbus::interface(name = "org.freedesktop.Notifications")]
impl FakeNotifications {
    #[allow(clippy::too_many_arguments)]
    fn notify(
        &self,
        #[zbus(signal_emitter)] emitter: zbus::object_server::SignalEmitter<'_>,
        app_name: String,
        _replaces_id: u32,
        _app_icon: String,
        summary: String,
        body: String,
        actions: Vec<String>,
        _hints: HashMap<String, OwnedVariant>,
        _expire_timeout: i32,
    ) -> u32 {
        let mut received = self.received.lock().unwrap_or_else(|p| p.into_inner());
        // `actions` alternates keys and labels.
        let keys: Vec<String> = actions.iter().step_by(2).cloned().collect();
        received.push(Shown {
            app_name,
            summary,
            body,
            actions: keys.clone(),
        });
        let id = u32::try_from(received.len()).unwrap_or(u32::MAX);
        if let Some(first) = keys.into_iter().next() {
            self.click_soon(emitter.into_owned(), id, first);
        }
        id
    }

    /// `ActionInvoked(id, action_key)`.
    #[zbus(signal)]
    async fn action_invoked(
        emitter: &zbus::object_server::SignalEmitter<'_>,
        id: u32,
        action_key: &str,
    ) -> zbus::Result<()>;

    fn get_capabilities(&self) -> Vec<String> {
        vec!["body".into(), "actions".into()]
    }

    fn get_server_information(&self) -> (String, String, String, String) {
        (
            "fake".into(),
            "vault-raider tests".into(),
            "1".into(),
            "1.2".into(),
        )
    }
}

/// Serves the fake notification server; keep the connection alive while it should answer.
pub async fn serve_notifications() -> (zbus::Connection, Received) {
    let received: Received = Arc::default();
    let connection = zbus::connection::Builder::session()
        .name("org.freedesktop.Notifications")
        .serve_at(
            "/org/freedesktop/Notifications",
            FakeNotifications {
                received: received.clone(),
                runtime: tokio::runtime::Handle::current(),
            },
        )
        .build()
        .await
        .expect("the fake notification server starts");
    (connection, received)
}

/// Waits (up to 10 s) until `received` holds at least `count` notifications, and returns them.
pub async fn wait_for(received: &Received, count: usize) -> Vec<Shown> {
    wait_until(received, |shown| shown.len() >= count).await
}

/// Waits (up to 10 s) until the notifications in `received` satisfy `done`, and returns them
/// (what was received by then, if they never do).
pub async fn wait_until(received: &Received, done: impl Fn(&[Shown]) -> bool) -> Vec<Shown> {
    for _ in 0..200 {
        let now = received.lock().unwrap_or_else(|p| p.into_inner()).clone();
        if done(&now) {
            return now;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    received.lock().unwrap_or_else(|p| p.into_inner()).clone()
}

/// The ids of the seeded characters: a Warlock and a Titan.
pub const WARLOCK: u64 = CHARACTERS[0];
/// The Titan.
pub const TITAN: u64 = CHARACTERS[1];

/// A store with an account, a Warlock (with `postmaster` stacks in its postmaster) and a Titan,
/// each with one piece of gear.
pub fn seeded_store(postmaster: u32) -> (TempDir, Arc<Store>) {
    let (dir, store) = temp_store();
    let account = Account {
        membership_type: 3,
        membership_id: 4_611_686_018_400_000_001,
        display_name: "Guardian#1234".into(),
    };
    store
        .set_accounts(std::slice::from_ref(&account), Some(&account))
        .expect("the account is saved");
    let mut items: Vec<Item> = (0..postmaster)
        .map(|n| {
            stack(
                PM_HASH + n,
                Location::Postmaster {
                    character_id: WARLOCK,
                },
                0,
                1,
            )
        })
        .collect();
    items.push(gear(
        6_917_529_000_000_000_001,
        1_498_876_634,
        Location::Character {
            character_id: WARLOCK,
        },
        true,
    ));
    items.sort_by(|a, b| a.id.cmp(&b.id));
    let inventory = Inventory {
        rev: 0,
        characters: vec![
            character(WARLOCK, Class::Warlock, 3_000),
            character(TITAN, Class::Titan, 2_000),
        ],
        items,
        vault_capacity: 600,
        bucket_capacity: Vec::new(),
        annotations: Default::default(),
        game_loadouts: Vec::new(),
        progress: Vec::new(),
        currencies: Vec::new(),
    };
    store
        .apply_sync(&inventory, None)
        .expect("the inventory is stored");
    (dir, Arc::new(store))
}

/// Saves a loadout named `name` with id `id` for `character_id`.
pub fn save_loadout(store: &Store, id: &str, name: &str, character_id: u64) {
    store
        .save_loadout(&Loadout {
            id: id.into(),
            name: name.into(),
            character_id,
            class: Class::Warlock,
            items: vec![LoadoutItem {
                id: ItemId("6917529000000000001".into()),
                hash: 1,
                equip: true,
                quantity: 1,
            }],
            created_at: format!("2026-11-25T00:00:0{}Z", id.len() % 10)
                .parse()
                .expect("time"),
            updated_at: "2026-11-25T00:00:00Z".parse().expect("time"),
        })
        .expect("the loadout is saved");
}

/// Records what the tray asked of the daemon.
pub struct FakeActions {
    /// Equip calls: (loadout id, character id).
    pub equips: mpsc::UnboundedSender<(String, u64)>,
    /// What equipping answers.
    pub outcome: Result<EquipReport, vault_raider::desktop::EquipError>,
    /// How many sign-ins were asked for (the tray entry or a notification's button).
    pub sign_ins: Arc<std::sync::atomic::AtomicUsize>,
}

impl FakeActions {
    /// Fake actions whose equips succeed, and the receiving end of their equip calls.
    pub fn new() -> (Arc<FakeActions>, mpsc::UnboundedReceiver<(String, u64)>) {
        let (equips, calls) = mpsc::unbounded_channel();
        let actions = FakeActions {
            equips,
            outcome: Ok(EquipReport {
                done: 1,
                failed: Vec::new(),
            }),
            sign_ins: Arc::default(),
        };
        (Arc::new(actions), calls)
    }
}

impl DesktopActions for FakeActions {
    fn equip_loadout(
        &self,
        loadout_id: String,
        character_id: u64,
    ) -> BoxFuture<'static, Result<EquipReport, vault_raider::desktop::EquipError>> {
        let _ = self.equips.send((loadout_id, character_id));
        let outcome = self.outcome.clone();
        Box::pin(async move { outcome })
    }

    /// Recorded as an equip of the loadout id `max-power`.
    fn max_power(
        &self,
        character_id: u64,
    ) -> BoxFuture<'static, Result<EquipReport, vault_raider::desktop::EquipError>> {
        let _ = self.equips.send(("max-power".into(), character_id));
        let outcome = self.outcome.clone();
        Box::pin(async move { outcome })
    }

    /// Recorded as an equip of the loadout id `farming`.
    fn toggle_farming(&self, character_id: u64) {
        let _ = self.equips.send(("farming".into(), character_id));
    }

    fn sync_now(&self) {}

    fn overlay_url(&self) -> String {
        "https://127.0.0.1:1/overlay?token=test".into()
    }

    fn sign_in(&self) {
        self.sign_ins
            .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    }

    fn quit(&self) {}
}
