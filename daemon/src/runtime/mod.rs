//! The daemon assembled: the store, the Bungie session, the manifest, the sync loop, the move
//! executor, the protocol server and the desktop pieces, started together and stopped together.
//! `cli` calls [`run_daemon`]; `demo` first starts the simulator and points the daemon at it.

pub mod action_error;
pub mod adapters;
pub mod automation;
pub mod backend;
pub mod bungie_setup;
pub mod config_watch;
pub mod daemon;
pub mod daily_copies;
pub mod desktop_actions;
pub mod error;
pub mod loadouts_watch;
pub mod manifest_watch;
pub mod pointer;
pub mod read_caches;
pub mod registry;
pub mod session_loop;
pub mod sign_in;
pub mod store_open;
pub mod tasks;

pub use daemon::{
    Daemon, DaemonOptions, RunningDaemon, run_daemon, run_daemon_until, start_daemon,
};
