//! Desktop integration: desktop notifications, the tray menu with quick loadouts, and autostart.
//!
//! [`start`] wires them to the daemon: the notifier and the menu follower subscribe to the event
//! bus and read the store through [`DesktopSource`]; tray clicks become calls on
//! [`DesktopActions`], which the daemon implements. Everything here is best-effort: with no
//! session bus, notification server or tray host the daemon says so once and runs on.
//!
//! Platforms: on Linux the tray is a StatusNotifierItem, notifications go over D-Bus and autostart
//! is a systemd unit plus an XDG entry ([`autostart`]); on Windows the icon sits in the
//! notification area with its own message loop, notifications are toasts under a registered app id
//! ([`toast_app`]) and autostart is the per-user `Run` value ([`run_key`], through [`registry`]).
//! [`platform`] holds the words that differ.

pub mod actions;
#[cfg(target_os = "linux")]
pub mod autostart;
pub mod browser;
pub mod coalesce;
pub mod commands;
pub mod dispatch;
pub mod error;
pub mod follower;
pub mod model;
#[cfg(all(target_os = "linux", feature = "tray"))]
pub mod notice_click;
pub mod notifier;
pub mod platform;
pub mod postmaster;
pub mod progress_text;
pub mod registry;
pub mod run_key;
pub mod sink;
pub mod source;
pub mod text;
pub mod toast_app;
#[cfg(feature = "tray")]
pub mod tray;
pub mod tray_pump;

pub use actions::{BoxFuture, DesktopActions, EquipError, EquipReport, FailedItem};
pub use commands::TrayCommand;
pub use error::DesktopError;
pub use model::MenuModel;
pub use sink::{DesktopNotifications, NoticeError, NoticeSink};
pub use source::DesktopSource;
pub use text::{Notice, NoticeAction, NoticeKind};

use crate::clock::SharedClock;
use crate::config::NotificationSettings;
use crate::events::EventBus;
use std::sync::Arc;
use tokio::sync::{mpsc, watch};
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

/// How [`start`] runs the desktop pieces.
pub struct DesktopOptions {
    /// Which notifications are wanted (from the config).
    pub notifications: NotificationSettings,
    /// Show the tray icon (Linux and Windows, feature `tray`).
    pub tray: bool,
    /// Where notices are shown ([`DesktopNotifications`] in the daemon).
    pub sink: Arc<dyn NoticeSink>,
    /// The daemon's clock, which the tray menu's follower reads the time from.
    pub clock: SharedClock,
}

impl DesktopOptions {
    /// Notifications as configured, through the desktop's notification server, and the tray.
    pub fn new(notifications: NotificationSettings) -> Self {
        DesktopOptions {
            notifications,
            tray: true,
            sink: Arc::new(DesktopNotifications),
            clock: crate::clock::system(),
        }
    }

    /// The same, reading the time from `clock` (the daemon's one clock).
    pub fn with_clock(self, clock: SharedClock) -> Self {
        DesktopOptions { clock, ..self }
    }
}

/// The running desktop pieces. Dropping it leaves them running; [`DesktopHandle::shutdown`]
/// stops them (the tray disappears).
pub struct DesktopHandle {
    paused: watch::Sender<bool>,
    model: watch::Receiver<MenuModel>,
    notices: mpsc::UnboundedSender<Notice>,
    commands: mpsc::UnboundedSender<TrayCommand>,
    /// Cancelled to stop the notifier, the menu follower and the click dispatcher: the caller's
    /// token (a child of the daemon's).
    stop: CancellationToken,
    /// Those three tasks.
    tasks: TaskTracker,
    tray: Option<std::thread::JoinHandle<()>>,
}

impl DesktopHandle {
    /// Pauses (`true`) or resumes notifications, as the tray's "Pause notifications" does.
    pub fn set_paused(&self, paused: bool) {
        self.paused.send_replace(paused);
    }

    /// Whether notifications are paused.
    pub fn paused(&self) -> bool {
        *self.paused.borrow()
    }

    /// The tray menu's model, as it changes.
    pub fn menu(&self) -> watch::Receiver<MenuModel> {
        self.model.clone()
    }

    /// Shows a notice through the notifier (subject to the settings, pause and coalescing), e.g.
    /// a loadout equipped from another client.
    pub fn notify(&self, notice: Notice) {
        let _ = self.notices.send(notice);
    }

    /// Carries out a tray command as if it was clicked.
    pub fn command(&self, command: TrayCommand) {
        let _ = self.commands.send(command);
    }

    /// Stops the notifier, the menu follower and the tray, and waits for the tray's thread.
    pub async fn shutdown(mut self) {
        self.stop.cancel();
        self.tasks.close();
        self.tasks.wait().await;
        if let Some(tray) = self.tray.take() {
            let _ = tokio::task::spawn_blocking(move || tray.join()).await;
        }
    }
}

/// Starts the notifier, the menu follower, the click dispatcher and (on Linux and Windows with the
/// `tray` feature, when `options.tray`) the tray on a thread of its own. Call from within the tokio
/// runtime. They stop when `stop` is cancelled (the daemon hands in a child of its own token, so
/// its one cancel stops them too) or at [`DesktopHandle::shutdown`].
pub fn start(
    bus: &EventBus,
    actions: Arc<dyn DesktopActions>,
    source: Arc<dyn DesktopSource>,
    options: DesktopOptions,
    stop: CancellationToken,
) -> DesktopHandle {
    let (paused_tx, paused_rx) = watch::channel(false);
    let (model_tx, model_rx) = watch::channel(MenuModel::default());
    let (notices_tx, notices_rx) = mpsc::unbounded_channel();
    let (commands_tx, commands_rx) = mpsc::unbounded_channel();
    let notifier = notifier::Notifier {
        settings: options.notifications,
        paused: paused_rx.clone(),
        source: source.clone(),
        sink: options.sink,
        // A notification's button does what the tray entry of the same name does.
        clicked: commands_tx.clone(),
    };
    let tasks = TaskTracker::new();
    tasks.spawn(
        stop.clone()
            .run_until_cancelled_owned(notifier.run(bus.subscribe(), notices_rx)),
    );
    tasks.spawn(
        stop.clone()
            .run_until_cancelled_owned(follower::follow_menu(
                bus.subscribe(),
                source,
                paused_rx,
                model_tx,
                options.clock,
            )),
    );
    tasks.spawn(
        stop.clone()
            .run_until_cancelled_owned(dispatch::dispatch_commands(
                commands_rx,
                actions,
                model_rx.clone(),
                paused_tx.clone(),
                notices_tx.clone(),
            )),
    );
    let tray = if options.tray {
        spawn_tray(model_rx.clone(), commands_tx.clone())
    } else {
        None
    };
    DesktopHandle {
        paused: paused_tx,
        model: model_rx,
        notices: notices_tx,
        commands: commands_tx,
        stop,
        tasks,
        tray,
    }
}

/// Why the tray may be missing, for the log line that says so.
const NO_TRAY_HINT: &str = if cfg!(windows) {
    "no icon in the notification area (is the desktop shell running?); the daemon runs on without it"
} else {
    "no tray icon (is a session D-Bus running?); the daemon runs on without it"
};

/// Starts the tray on its own thread (Linux and Windows with the `tray` feature); says once why
/// not otherwise.
fn spawn_tray(
    model: watch::Receiver<MenuModel>,
    commands: mpsc::UnboundedSender<TrayCommand>,
) -> Option<std::thread::JoinHandle<()>> {
    #[cfg(all(feature = "tray", any(target_os = "linux", windows)))]
    {
        let runtime = tokio::runtime::Handle::current();
        let spawned = std::thread::Builder::new()
            .name("vault-raider-tray".into())
            .spawn(move || {
                if let Err(e) = tray::run_tray(&runtime, model, commands) {
                    tracing::warn!(error = %e, "{NO_TRAY_HINT}");
                }
            });
        match spawned {
            Ok(handle) => Some(handle),
            Err(e) => {
                tracing::warn!(error = %e, "the tray thread could not start");
                None
            }
        }
    }
    #[cfg(not(all(feature = "tray", any(target_os = "linux", windows))))]
    {
        let _ = (model, commands, NO_TRAY_HINT);
        tracing::info!("this build shows no tray icon on this platform");
        None
    }
}
