//! The Vault Raider companion protocol, version 1 (see `PROTOCOL.md` in the shared design folder).
//!
//! Only this crate's types are serialized onto the WebSocket; everything else in the daemon
//! converts to them at the boundary. The crate does no I/O.
//!
//! # Map
//! - [`envelope`]: JSON-RPC 2.0 requests, responses, notifications and their ids.
//! - [`error`]: the error object, the daemon's [`Reason`]s and their codes.
//! - [`model`]: items, characters, loadouts, locations and changes as clients see them.
//! - [`session`]: params and results of `session.*`, `auth.*`, `pairing.*`, `clients.*`,
//!   `accounts.*` and `events.subscribe`.
//! - [`inventory`]: params and results of `profile.*`, `items.*`, `postmaster.pull` and
//!   `loadouts.*`, and the operation result.
//! - [`events`]: the notifications the daemon pushes, by topic.
//! - [`limits`]: the hardening limits (batches, pools, outbox, pairing budget) and the
//!   overlay token's methods.
//! - [`methods`]: the method table ([`Method`]): names, who may call them, their types.
//! - [`overlay`]: params and result of `overlay.url` (the overlay's address, token rotation).
//! - [`params`]: decoding a request's params with the failing field named.
//! - [`automation`]: `loadouts.maxPower`, the postmaster guard, farming mode and their status.
//! - [`game_loadouts`]: the in-game loadout methods and `loadouts.changed`.
//! - [`tags`]: the player's tags and notes on items (`items.tag`, `items.note`, `tags.*`).
//! - [`generate`]: the JSON Schema and TypeScript declarations of the whole protocol.

pub mod automation;
pub mod envelope;
pub mod error;
pub mod events;
pub mod game_loadouts;
pub mod generate;
pub mod inventory;
pub mod limits;
pub mod methods;
pub mod model;
pub mod overlay;
pub mod params;
pub mod progress;
pub mod session;
pub mod tags;
pub mod vendors;

pub use envelope::{Id, Notification, Outcome, Request, Response, Version};
pub use error::{ErrorData, Reason, RpcError};
pub use events::{Event, Topic};
pub use limits::*;
pub use methods::Method;
pub use params::{ParamsError, decode_params};

/// The protocol version this crate describes.
pub const PROTOCOL_VERSION: u32 = 1;

/// Every protocol version the daemon speaks (sent back with `unsupported_protocol`).
pub const SUPPORTED_VERSIONS: &[u32] = &[PROTOCOL_VERSION];

/// The most bytes a client frame may hold; a larger frame closes the connection (1009).
pub const MAX_FRAME_BYTES: usize = 64 * 1024;

/// The most requests one connection may have in flight; past that the daemon answers `busy`.
pub const MAX_IN_FLIGHT: usize = 32;

/// The most connections the daemon accepts at once.
pub const MAX_CONNECTIONS: usize = 64;

/// Seconds between the daemon's pings.
pub const PING_INTERVAL_SECS: u64 = 20;

/// Seconds of silence after which the daemon drops a connection.
pub const IDLE_TIMEOUT_SECS: u64 = 60;

/// The WebSocket close code for a frame over [`MAX_FRAME_BYTES`].
pub const CLOSE_TOO_BIG: u16 = 1009;
