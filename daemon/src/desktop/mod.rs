//! Desktop integration: the tray menu, desktop notifications and autostart.

pub mod autostart;
