//! The simulated Bungie.net over real HTTP: its transport, OAuth, game rules, in-game loadouts,
//! manifest, progress and vendors.
//!
//! One module per topic; those not run under Wine (`scripts/test-windows.sh`) are not built for
//! Windows.

#[path = "../support/mod.rs"]
mod support;

mod game_rules;
#[cfg(not(windows))]
mod loadouts;
#[cfg(not(windows))]
mod manifest;
#[cfg(not(windows))]
mod oauth;
#[cfg(not(windows))]
mod progress;
#[cfg(not(windows))]
mod transport;
#[cfg(not(windows))]
mod vendors;
