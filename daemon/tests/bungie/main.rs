//! The daemon's Bungie client: sign-in and transport against a scripted fake, the client against
//! the simulator, Bungie's real captures (parsed, and checked against the OpenAPI spec with the
//! simulator's answers), and installing the manifest.
//!
//! One module per topic; those not run under Wine (`scripts/test-windows.sh`) say
//! `#![cfg(not(windows))]` at their top.

#[path = "../support/mod.rs"]
mod support;

mod against_the_simulator;
mod captures;
mod manifest_install;
mod manifest_rows;
mod manifest_slow_link;
mod sign_in;
mod spec_on_captures;
mod spec_on_the_simulator;
mod transport;
