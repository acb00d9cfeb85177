//! The companion protocol server: against a fake backend, then against the real daemon (every
//! method, every error, load) and the attacks of a hostile local process (access, exhaustion).
//!
//! One module per topic; those not run under Wine (`scripts/test-windows.sh`) are not built for
//! Windows.

#[path = "../support/mod.rs"]
mod support;

#[cfg(not(windows))]
mod access;
mod against_a_fake_backend;
#[cfg(not(windows))]
mod errors;
#[cfg(not(windows))]
mod exhaustion;
#[cfg(not(windows))]
mod load;
#[cfg(not(windows))]
mod methods;
