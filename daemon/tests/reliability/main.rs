//! The reliability harness: chaos under the simulator's faults, `kill -9` of the real binary, and
//! hostile input to every decoder (proptest). Secrets in logs are `secrets_in_logs.rs`, a binary
//! of its own: it installs a process-wide trace-level log subscriber.
//!
//! One module per topic.

#[path = "../support/mod.rs"]
mod support;

mod chaos;
mod crash;
mod hostile_input;
