//! Where notices are shown: the desktop's notification server through notify-rust (app name
//! "Vault Raider"), behind a small trait so the notifier's timing can be tested without D-Bus.

use super::actions::BoxFuture;
use super::text::Notice;

/// The application name notifications carry.
pub const APP_NAME: &str = "Vault Raider";

/// Shows notices.
pub trait NoticeSink: Send + Sync + 'static {
    /// Shows one notice; `Err` says why it could not be shown.
    fn show<'a>(&'a self, notice: &'a Notice) -> BoxFuture<'a, Result<(), String>>;
}

/// The session bus's `org.freedesktop.Notifications` server (or the platform's own on Windows
/// and macOS).
#[derive(Debug, Default, Clone, Copy)]
pub struct DesktopNotifications;

impl NoticeSink for DesktopNotifications {
    fn show<'a>(&'a self, notice: &'a Notice) -> BoxFuture<'a, Result<(), String>> {
        Box::pin(async move {
            let mut notification = notify_rust::Notification::new();
            notification
                .appname(APP_NAME)
                .summary(&notice.summary)
                .body(&notice.body);
            #[cfg(all(unix, not(target_os = "macos")))]
            {
                notification
                    .show_async()
                    .await
                    .map(|_| ())
                    .map_err(|e| e.to_string())
            }
            #[cfg(not(all(unix, not(target_os = "macos"))))]
            {
                tokio::task::spawn_blocking(move || {
                    notification.show().map(|_| ()).map_err(|e| e.to_string())
                })
                .await
                .map_err(|e| e.to_string())?
            }
        })
    }
}
