//! The store: its small tables, the inventory and its diff, the change log, opening, resetting, a
//! full disk, and the query language that selects its items.
//!
//! One module per topic; those not run under Wine (`scripts/test-windows.sh`) say
//! `#![cfg(not(windows))]` at their top.

#[path = "../support/mod.rs"]
mod support;

mod changelog;
mod disk_full;
mod inventory;
mod inventory_diff;
mod open;
mod reset;
mod search;
mod small_tables;
mod sync_basis;
