//! The `vault-raider` command line: every client subcommand against a daemon started by the
//! harness, what a player reads, and the `login`, `logout` and `run` commands.
//!
//! One module per topic; those not run under Wine (`scripts/test-windows.sh`) are not built for
//! Windows.

#[path = "../support/mod.rs"]
mod support;

mod commands;
#[cfg(not(windows))]
mod reads_like_the_game;
#[cfg(not(windows))]
mod sign_in_and_run;
