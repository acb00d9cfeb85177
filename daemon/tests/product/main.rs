//! The whole product over real sockets (the simulator and a real daemon, `support::demo`): sync,
//! moves, loadouts, tags, progress, vendors, accounts, automation, the first day, the user's data,
//! config reload, a full disk, icons and the overlay, and the poll rate (ignored: wall time).
//!
//! One module per topic; those not run under Wine (`scripts/test-windows.sh`) say
//! `#![cfg(not(windows))]` at their top.

#[path = "../support/mod.rs"]
mod support;

mod accounts;
mod automation;
mod config_reload;
mod disk_full;
mod first_day;
mod game_loadouts;
mod icons_and_overlay;
mod loadouts;
mod making_room;
mod moves;
mod poll_rate;
mod progress;
mod random_operations;
mod realism;
mod smoke;
mod sync;
mod tags;
mod user_data;
mod vendors;
