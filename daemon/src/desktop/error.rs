//! The desktop layer's one error type.

/// What went wrong in the tray or while reading what the desktop shows.
#[derive(Debug, thiserror::Error)]
pub enum DesktopError {
    /// The store could not be read.
    #[error("the local store could not be read: {0}")]
    Source(String),
    /// The tray icon could not be created (no session bus, no StatusNotifierItem support…).
    #[error("the tray icon could not be shown: {0}")]
    Tray(String),
}
