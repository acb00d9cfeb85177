//! The planner and the executor against an in-memory game that enforces the rules: single moves,
//! loadouts (the daemon's and the game's), the daemon-only features, and random operations.
//!
//! One module per topic; those not run under Wine (`scripts/test-windows.sh`) are not built for
//! Windows.

#[path = "../support/mod.rs"]
mod support;

#[cfg(not(windows))]
mod daemon_features;
mod executor;
#[cfg(not(windows))]
mod game_loadouts;
#[cfg(not(windows))]
mod loadout_for_another_class;
#[cfg(not(windows))]
mod loadouts;
#[cfg(not(windows))]
mod nothing_lost;
#[cfg(not(windows))]
mod planner;
