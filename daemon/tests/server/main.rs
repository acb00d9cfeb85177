//! The companion protocol server: against a fake backend, then against the real daemon (every
//! method, every error, load) and the attacks of a hostile local process (access, exhaustion).
//!
//! One module per topic; those not run under Wine (`scripts/test-windows.sh`) say
//! `#![cfg(not(windows))]` at their top.

#[path = "../support/mod.rs"]
mod support;

mod access;
mod against_a_fake_backend;
mod errors;
mod exhaustion;
mod load;
mod methods;
