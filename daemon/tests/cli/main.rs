//! The `vault-raider` command line: every client subcommand against a daemon started by the
//! harness, what a player reads, and the `login`, `logout` and `run` commands.
//!
//! One module per topic; those not run under Wine (`scripts/test-windows.sh`) say
//! `#![cfg(not(windows))]` at their top.

#[path = "../support/mod.rs"]
mod support;

mod commands;
mod reads_like_the_game;
mod sign_in_and_run;
