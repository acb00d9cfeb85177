//! The desktop pieces: the notifier's rules on a paused clock, notifications and the tray menu over a
//! real session bus (`dbus-run-session`), and both driven by a real daemon.
//!
//! One module per topic.

#[path = "../support/mod.rs"]
mod support;

mod notifications;
mod notifier_on_a_store;
mod notifier_rules;
mod tray_menu;
mod with_the_daemon;
