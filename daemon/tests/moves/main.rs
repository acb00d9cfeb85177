//! The planner and the executor against an in-memory game that enforces the rules: single moves,
//! loadouts (the daemon's and the game's), the daemon-only features, and random operations.
//!
//! One module per topic; those not run under Wine (`scripts/test-windows.sh`) say
//! `#![cfg(not(windows))]` at their top.

#[path = "../support/mod.rs"]
mod support;

mod daemon_features;
mod executor;
mod game_loadouts;
mod loadout_for_another_class;
mod loadouts;
mod nothing_lost;
mod planner;
