//! The store: its small tables, the inventory and its diff, the change log, opening, resetting, a
//! full disk, and the query language that selects its items.
//!
//! One module per topic; those not run under Wine (`scripts/test-windows.sh`) are not built for
//! Windows.

#[path = "../support/mod.rs"]
mod support;

#[cfg(not(windows))]
mod changelog;
#[cfg(not(windows))]
mod disk_full;
mod inventory;
#[cfg(not(windows))]
mod inventory_diff;
#[cfg(not(windows))]
mod open;
#[cfg(not(windows))]
mod reset;
#[cfg(not(windows))]
mod search;
mod small_tables;
