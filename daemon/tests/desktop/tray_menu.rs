//! The tray menu over D-Bus (`com.canonical.dbusmenu` on the StatusNotifierItem's `/MenuBar`):
//! its layout lists each character's quick loadouts, a loadout saved later appears without a
//! restart, and clicking one equips it through `DesktopActions` and reports by notification.
//! Run under `dbus-run-session -- cargo test -p vault-raider --test desktop tray_menu::`.
#![cfg(all(feature = "tray", target_os = "linux"))]

use crate::support::desktop::tray_menu::{click, find, layout_when};
use crate::support::desktop::{
    BUS_TURN, FakeActions, TITAN, WARLOCK, save_loadout, seeded_store, serve_notifications,
    session_bus_or_skip, wait_until,
};
use std::time::Duration;
use tokio_util::sync::CancellationToken;
use vault_raider::config::NotificationSettings;
use vault_raider::desktop::{DesktopOptions, start};
use vault_raider::events::{DaemonEvent, EventBus};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn quick_loadouts_are_listed_follow_the_store_and_equip_on_click() {
    if !session_bus_or_skip("quick_loadouts_are_listed_follow_the_store_and_equip_on_click") {
        return;
    }
    let _turn = BUS_TURN.lock().await;
    let (_server, received) = serve_notifications().await;
    let (_dir, store) = seeded_store(0);
    save_loadout(&store, "raid-id", "Raid", WARLOCK);
    save_loadout(&store, "pvp-id", "PvP & Gambit", TITAN);
    let bus = EventBus::new();
    let (actions, mut equips) = FakeActions::new();
    let desktop = start(
        &bus,
        actions,
        store.clone(),
        DesktopOptions::new(NotificationSettings::default()),
        CancellationToken::new(),
    );
    let connection = zbus::Connection::session().await.expect("a session bus");

    let (name, entries) = layout_when(&connection, |e| find(e, "Raid").is_some()).await;
    let raid = find(&entries, "Raid").unwrap_or_else(|| panic!("no Raid in {entries:#?}"));
    assert_eq!(raid.parents, vec!["Warlock — Quick loadouts".to_string()]);
    let pvp = find(&entries, "PvP & Gambit").unwrap_or_else(|| panic!("{entries:#?}"));
    assert_eq!(pvp.parents, vec!["Titan — Quick loadouts".to_string()]);
    for label in [
        "Guardian#1234",
        "Sync now",
        "Open overlay",
        "Pause notifications",
        "Quit",
    ] {
        assert!(
            find(&entries, label).is_some(),
            "{label} missing: {entries:#?}"
        );
    }

    save_loadout(&store, "nightfall-id", "Nightfall", WARLOCK);
    bus.publish(DaemonEvent::Inventory {
        rev: 0,
        changes: Vec::new(),
    });
    bus.publish(DaemonEvent::PairingRequested {
        pairing_id: "p1".into(),
        client: "Chrome".into(),
        code: "135790".into(),
        expires_in: 120,
    });
    let (_, entries) = layout_when(&connection, |e| {
        find(e, "Nightfall").is_some() && find(e, "Pairing code for Chrome: 135790").is_some()
    })
    .await;
    let nightfall = find(&entries, "Nightfall").unwrap_or_else(|| panic!("{entries:#?}"));
    assert_eq!(
        nightfall.parents,
        vec!["Warlock — Quick loadouts".to_string()]
    );
    assert!(find(&entries, "Pairing code for Chrome: 135790").is_some());

    let raid_id = find(&entries, "Raid").map(|e| e.id).unwrap_or(-1);
    click(&connection, &name, raid_id).await;
    let call = tokio::time::timeout(Duration::from_secs(5), equips.recv())
        .await
        .expect("the click reaches the daemon");
    assert_eq!(call, Some(("raid-id".to_string(), WARLOCK)));
    // The pairing request is announced too, and may arrive first.
    let shown = wait_until(&received, |shown| {
        shown.iter().any(|s| s.summary == "Loadout equipped")
    })
    .await;
    let equipped: Vec<_> = shown
        .iter()
        .filter(|s| s.summary == "Loadout equipped")
        .collect();
    assert_eq!(equipped.len(), 1, "{shown:?}");
    assert_eq!(equipped[0].body, "Raid on Warlock");

    let pause_id = find(&entries, "Pause notifications")
        .map(|e| e.id)
        .unwrap_or(-1);
    click(&connection, &name, pause_id).await;
    for _ in 0..50 {
        if desktop.paused() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(desktop.paused(), "the pause item pauses notifications");
    desktop.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_character_offers_maximum_power_and_a_farming_checkmark() {
    if !session_bus_or_skip("each_character_offers_maximum_power_and_a_farming_checkmark") {
        return;
    }
    let _turn = BUS_TURN.lock().await;
    let (_server, received) = serve_notifications().await;
    let (_dir, store) = seeded_store(0);
    let bus = EventBus::new();
    let (actions, mut calls) = FakeActions::new();
    let desktop = start(
        &bus,
        actions,
        store.clone(),
        DesktopOptions::new(NotificationSettings::default()),
        CancellationToken::new(),
    );
    let connection = zbus::Connection::session().await.expect("a session bus");
    let under =
        |entries: &[crate::support::desktop::tray_menu::Entry], label: &str, parent: &str| {
            entries
                .iter()
                .find(|e| e.label == label && e.parents == vec![parent.to_string()])
                .cloned()
        };
    let (name, entries) = layout_when(&connection, |e| {
        under(e, "Farming mode", "Titan — Quick loadouts").is_some()
    })
    .await;
    for parent in ["Titan — Quick loadouts", "Warlock — Quick loadouts"] {
        assert!(
            under(&entries, "Maximum Power", parent).is_some(),
            "{entries:#?}"
        );
        let farming = under(&entries, "Farming mode", parent).expect("a checkmark");
        assert!(!farming.checked, "farming starts off");
    }

    let max_power = under(&entries, "Maximum Power", "Titan — Quick loadouts").map_or(-1, |e| e.id);
    click(&connection, &name, max_power).await;
    let call = tokio::time::timeout(Duration::from_secs(5), calls.recv())
        .await
        .expect("the click reaches the daemon");
    assert_eq!(call, Some(("max-power".to_string(), TITAN)));
    let shown = wait_until(&received, |shown| {
        shown.iter().any(|s| s.body == "Maximum Power on Titan")
    })
    .await;
    assert!(
        shown.iter().any(|s| s.body == "Maximum Power on Titan"),
        "{shown:?}"
    );

    let farming = under(&entries, "Farming mode", "Titan — Quick loadouts").map_or(-1, |e| e.id);
    click(&connection, &name, farming).await;
    let call = tokio::time::timeout(Duration::from_secs(5), calls.recv())
        .await
        .expect("the click reaches the daemon");
    assert_eq!(call, Some(("farming".to_string(), TITAN)));
    // The daemon says farming started: the checkmark follows, on the titan only.
    bus.publish(DaemonEvent::AutomationChanged(
        vault_raider::events::AutomationState {
            farming: Some(TITAN),
            guards: Vec::new(),
        },
    ));
    let (_, entries) = layout_when(&connection, |e| {
        under(e, "Farming mode", "Titan — Quick loadouts").is_some_and(|f| f.checked)
    })
    .await;
    assert!(
        !under(&entries, "Farming mode", "Warlock — Quick loadouts")
            .expect("a checkmark")
            .checked
    );
    desktop.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn in_game_loadouts_join_the_quick_loadouts_as_the_game_saves_them() {
    if !session_bus_or_skip("in_game_loadouts_join_the_quick_loadouts_as_the_game_saves_them") {
        return;
    }
    let _turn = BUS_TURN.lock().await;
    let (_server, _received) = serve_notifications().await;
    let (_dir, store) = seeded_store(0);
    let bus = EventBus::new();
    let (actions, mut calls) = FakeActions::new();
    let desktop = start(
        &bus,
        actions,
        store.clone(),
        DesktopOptions::new(NotificationSettings::default()),
        CancellationToken::new(),
    );
    let connection = zbus::Connection::session().await.expect("a session bus");
    let (_, entries) = layout_when(&connection, |e| find(e, "Quit").is_some()).await;
    assert!(find(&entries, "Crucible (in game)").is_none());

    // A sync brings the warlock's in-game slot 2; the loadouts watch says so on the bus.
    let mut inventory = store.inventory().expect("the inventory");
    let slot = vault_raider::store::model::GameLoadout {
        character_id: WARLOCK,
        index: 1,
        name_hash: 7,
        color_hash: 8,
        icon_hash: 9,
        name: "Crucible".into(),
        color: String::new(),
        icon: String::new(),
        class: vault_raider::store::model::Class::Warlock,
        items: Vec::new(),
    };
    inventory.game_loadouts.push(slot.clone());
    store
        .apply_sync(&inventory, None)
        .expect("the slot is stored");
    bus.publish(DaemonEvent::LoadoutsChanged {
        character_id: WARLOCK,
        daemon: Vec::new(),
        game: vec![slot],
    });
    let (name, entries) =
        layout_when(&connection, |e| find(e, "Crucible (in game)").is_some()).await;
    let crucible = find(&entries, "Crucible (in game)").expect("listed");
    assert_eq!(
        crucible.parents,
        vec!["Warlock — Quick loadouts".to_string()]
    );
    click(&connection, &name, crucible.id).await;
    let call = tokio::time::timeout(Duration::from_secs(5), calls.recv())
        .await
        .expect("the click reaches the daemon");
    assert_eq!(call, Some((format!("game:{WARLOCK}:1"), WARLOCK)));
    desktop.shutdown().await;
}
