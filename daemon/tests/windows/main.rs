//! The platform-independent tests that `scripts/test-windows.sh` runs under Wine, gathered in one
//! test crate so that the Windows build links one test program instead of seven (linking MinGW
//! objects is most of the cross build's time). Each module is the very file its own area's crate
//! runs on Linux (included by path, not copied): the Bungie client against the simulator, the
//! simulator's game rules, the store's small tables and inventory, the moves executor, the
//! protocol server against a fake backend, the whole product's smoke test and the command line.
//!
//! On Linux this crate is empty: those modules run there in their own crates.
#![cfg(windows)]

#[path = "../support/mod.rs"]
mod support;

#[path = "../server/against_a_fake_backend.rs"]
mod against_a_fake_backend;
#[path = "../bungie/against_the_simulator.rs"]
mod against_the_simulator;
#[path = "../cli/commands.rs"]
mod commands;
#[path = "../moves/executor.rs"]
mod executor;
#[path = "../sim/game_rules.rs"]
mod game_rules;
#[path = "../store/inventory.rs"]
mod inventory;
#[path = "../store/small_tables.rs"]
mod small_tables;
#[path = "../product/smoke.rs"]
mod smoke;
