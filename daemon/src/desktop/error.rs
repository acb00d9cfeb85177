//! The desktop layer's one error type.

/// What went wrong in the tray or while reading what the desktop shows.
#[derive(Debug, thiserror::Error)]
pub enum DesktopError {
    /// The store could not be read.
    #[error("the local store could not be read: {0}")]
    Source(#[source] crate::store::StoreError),
    /// A read of the store, run off the async threads, ended without an answer (it panicked or
    /// the runtime is shutting down).
    #[error("the read of the local store stopped: {0}")]
    ReadStopped(#[source] tokio::task::JoinError),
    /// The tray icon could not be created (no session bus, no StatusNotifierItem support…).
    #[cfg(feature = "tray")]
    #[error("the tray icon could not be shown: {0}")]
    Tray(#[source] tray_icon::Error),
    /// The tray's image was refused.
    #[cfg(feature = "tray")]
    #[error("the tray icon's image was refused: {0}")]
    TrayImage(#[source] tray_icon::BadIcon),
    /// The tray's menu could not be built.
    #[cfg(feature = "tray")]
    #[error("the tray menu could not be built: {0}")]
    TrayMenu(#[source] tray_icon::menu::Error),
}
