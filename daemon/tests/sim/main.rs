//! The simulated Bungie.net over real HTTP: its transport, OAuth, game rules, in-game loadouts,
//! manifest, progress and vendors.
//!
//! One module per topic; those not run under Wine (`scripts/test-windows.sh`) say
//! `#![cfg(not(windows))]` at their top.

#[path = "../support/mod.rs"]
mod support;

mod game_rules;
mod loadouts;
mod manifest;
mod oauth;
mod progress;
mod transport;
mod vendors;
