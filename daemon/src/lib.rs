//! Vault Raider: a local-first Destiny 2 companion daemon.
//!
//! # Map
//! - [`bungie`]: Bungie.net over HTTP: the client, error codes, pacing, OAuth, tokens, manifest.
//! - [`store`]: the redb store and its domain model ([`store::model`]): the inventory, the
//!   change log with its revisions, loadouts, paired clients, and the diff ([`store::diff`])
//!   that tells what a synced inventory changed.
//! - [`sync`]: polls Bungie, drops stale responses, turns Bungie's profile and definitions into
//!   the store's model ([`sync::item_info`]), detects activities.
//! - [`moves`]: the pure move planner, the executor's one action queue, loadouts; its ports fail
//!   with typed errors ([`moves::ActionError`], decided from Bungie's answer in
//!   [`runtime::action_error`]; [`moves::PortError`]).
//! - [`search`]: the item query language (`is:exotic power:>=1800 -is:locked`).
//! - [`server`]: the companion protocol over WebSocket, its guards, pairing, the overlay files;
//!   [`server::convert`] is the one place the model becomes protocol types and every error a
//!   protocol code.
//! - [`desktop`]: the tray menu and desktop notifications.
//! - The simulated Bungie.net is the `vault-raider-sim` crate (`sim/`): a crate of its own, so it
//!   cannot share a type with [`bungie`]; the CLI starts it for `sim` and `demo`.
//! - [`runtime`]: the daemon assembled from its parts and run; [`runtime::backend`] answers the
//!   protocol, one file per namespace.
//! - [`clock`]: the one source of the current time, handed to each part ([`clock::SharedClock`]).
//! - [`events`]: the event bus that carries committed changes to the server, tray and notifier.
//! - [`session_state`]: the Bungie session's state, reason and message, as clients see it.
//! - [`memory`]: keeping the resident set small (malloc arenas, free pages back to the OS, code
//!   pages given back while idle).
//! - [`private_dir`]: the data directory at rest (0700, files 0600, umask 077).
//! - [`config`]: the configuration file and its environment overrides.
//! - [`cli`]: the command line (`vault-raider demo|sim|run|login|…`).
//!
//! Arrows run one way: `server` and `desktop` call `moves`, `sync` and `store`; `moves` and
//! `sync` call `bungie` and `store`; `bungie` and `store` call nothing of ours.

pub mod bungie;
pub mod cli;
pub mod clock;
pub mod config;
pub mod desktop;
pub mod events;
pub mod memory;
pub mod moves;
pub mod private_dir;
pub mod runtime;
pub mod search;
pub mod server;
pub mod session_state;
pub mod store;
pub mod sync;
