//! Where notices are shown: the desktop's notification server through notify-rust (app name
//! "Vault Raider"; on Windows a toast under the app id [`super::toast_app`] registers), behind a
//! small trait so the notifier's timing can be tested without D-Bus or toasts.

use super::actions::BoxFuture;
use super::commands::TrayCommand;
use super::text::Notice;
use tokio::sync::mpsc::UnboundedSender;

/// The application name notifications carry.
pub const APP_NAME: &str = "Vault Raider";

/// Where a clicked notification button is reported: the tray's command dispatcher, as the
/// command of the tray entry of the same name.
pub type ClickedActions = UnboundedSender<TrayCommand>;

/// Why a notice could not be shown.
#[derive(Debug, thiserror::Error)]
pub enum NoticeError {
    /// The notification server refused it or could not be reached (no session bus…).
    #[error("the notification could not be shown: {0}")]
    Show(#[from] notify_rust::error::Error),
    /// The task that showed it ended early.
    #[error("the notification task ended early: {0}")]
    Task(#[from] tokio::task::JoinError),
}

/// Shows notices.
pub trait NoticeSink: Send + Sync + 'static {
    /// Shows one notice; `Err` says why it could not be shown. A sink that can show the notice's
    /// button sends its command to `clicked` when the player clicks it.
    fn show<'a>(
        &'a self,
        notice: &'a Notice,
        clicked: ClickedActions,
    ) -> BoxFuture<'a, Result<(), NoticeError>>;
}

/// The session bus's `org.freedesktop.Notifications` server (or the platform's own on Windows
/// and macOS: on Windows the app id is registered for the user before the first toast).
#[derive(Debug, Default, Clone, Copy)]
pub struct DesktopNotifications;

impl NoticeSink for DesktopNotifications {
    fn show<'a>(
        &'a self,
        notice: &'a Notice,
        clicked: ClickedActions,
    ) -> BoxFuture<'a, Result<(), NoticeError>> {
        Box::pin(async move {
            let mut notification = notify_rust::Notification::new();
            notification
                .appname(APP_NAME)
                .summary(&notice.summary)
                .body(&notice.body);
            #[cfg(windows)]
            {
                register_toast_app_once();
                notification.app_id(super::toast_app::TOAST_APP_ID);
            }
            #[cfg(all(target_os = "linux", feature = "tray"))]
            {
                if let Some(action) = notice.action {
                    notification.action(action.key(), action.label());
                }
                let handle = notification.show_async().await?;
                if let Some(action) = notice.action {
                    tokio::spawn(super::notice_click::report_click(
                        handle.id(),
                        action,
                        clicked,
                    ));
                }
                Ok(())
            }
            #[cfg(all(
                unix,
                not(target_os = "macos"),
                not(all(target_os = "linux", feature = "tray"))
            ))]
            {
                let _ = clicked;
                notification
                    .show_async()
                    .await
                    .map(|_| ())
                    .map_err(NoticeError::from)
            }
            #[cfg(not(all(unix, not(target_os = "macos"))))]
            {
                let _ = clicked;
                tokio::task::spawn_blocking(move || {
                    notification.show().map(|_| ()).map_err(NoticeError::from)
                })
                .await?
            }
        })
    }
}

/// Registers the toasts' app id for this user, once per process (best-effort: a toast under an
/// unknown id is simply not shown, which the notifier reports).
#[cfg(windows)]
fn register_toast_app_once() {
    static REGISTERED: std::sync::Once = std::sync::Once::new();
    REGISTERED.call_once(|| {
        use super::registry::UserKey;
        use super::toast_app::{app_id_key, register};
        if let Err(e) = register(&UserKey::new(app_id_key()), None) {
            tracing::warn!(error = %e, "the toast app id could not be registered; Windows may hide the notifications");
        }
    });
}
