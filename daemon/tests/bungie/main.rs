//! The daemon's Bungie client: sign-in and transport against a scripted fake, the client against
//! the simulator, Bungie's real captures (parsed, and checked against the OpenAPI spec with the
//! simulator's answers), and installing the manifest.
//!
//! One module per topic; those not run under Wine (`scripts/test-windows.sh`) are not built for
//! Windows.

#[path = "../support/mod.rs"]
mod support;

mod against_the_simulator;
#[cfg(not(windows))]
mod captures;
#[cfg(not(windows))]
mod manifest_install;
#[cfg(not(windows))]
mod manifest_rows;
#[cfg(not(windows))]
mod manifest_slow_link;
#[cfg(not(windows))]
mod sign_in;
#[cfg(not(windows))]
mod spec_on_captures;
#[cfg(not(windows))]
mod spec_on_the_simulator;
#[cfg(not(windows))]
mod transport;
