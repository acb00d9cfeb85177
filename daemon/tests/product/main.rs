//! The whole product over real sockets (the simulator and a real daemon, `support::demo`): sync,
//! moves, loadouts, tags, progress, vendors, accounts, automation, the first day, the user's data,
//! config reload, a full disk, icons and the overlay, and the poll rate (ignored: wall time).
//!
//! One module per topic; those not run under Wine (`scripts/test-windows.sh`) are not built for
//! Windows.

#[path = "../support/mod.rs"]
mod support;

#[cfg(not(windows))]
mod accounts;
#[cfg(not(windows))]
mod automation;
#[cfg(not(windows))]
mod config_reload;
#[cfg(not(windows))]
mod disk_full;
#[cfg(not(windows))]
mod first_day;
#[cfg(not(windows))]
mod game_loadouts;
#[cfg(not(windows))]
mod icons_and_overlay;
#[cfg(not(windows))]
mod loadouts;
#[cfg(not(windows))]
mod making_room;
#[cfg(not(windows))]
mod moves;
#[cfg(not(windows))]
mod poll_rate;
#[cfg(not(windows))]
mod progress;
#[cfg(not(windows))]
mod random_operations;
#[cfg(not(windows))]
mod realism;
mod smoke;
#[cfg(not(windows))]
mod sync;
#[cfg(not(windows))]
mod tags;
#[cfg(not(windows))]
mod user_data;
#[cfg(not(windows))]
mod vendors;
