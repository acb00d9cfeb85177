//! What the protocol server needs to know: its port, where the admin token goes, which
//! extensions may connect, and the limits of `PROTOCOL.md`.

use std::path::PathBuf;
use std::time::Duration;
use vault_raider_protocol as protocol;

/// The server's settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerConfig {
    /// The port on 127.0.0.1 and ::1; 0 picks a free one (tests).
    pub port: u16,
    /// The data directory, where `admin.token` is written at start.
    pub data_dir: PathBuf,
    /// Extension ids admitted by Origin; empty admits every extension origin.
    pub allowed_extension_ids: Vec<String>,
    /// The daemon's version, as `session.identify` reports it.
    pub daemon_version: String,
    /// The limits.
    pub limits: Limits,
}

impl ServerConfig {
    /// The server settings of a daemon configuration, with `data_dir` resolved by the caller.
    pub fn from_config(config: &crate::config::Config, data_dir: PathBuf) -> Self {
        ServerConfig {
            port: config.port,
            data_dir,
            allowed_extension_ids: config.allowed_extension_ids.clone(),
            daemon_version: env!("CARGO_PKG_VERSION").to_string(),
            limits: Limits::default(),
        }
    }
}

/// The protocol's limits; tests may shrink the timers, nothing else should change them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// The most bytes a client frame may hold (64 KiB); a larger one closes with 1009.
    pub max_frame_bytes: usize,
    /// The most requests in flight per connection (32); past that, `busy`.
    pub max_in_flight: usize,
    /// The most connections at once (64); past that the upgrade is refused.
    pub max_connections: usize,
    /// How often the daemon pings (20 s).
    pub ping_interval: Duration,
    /// How long a connection may stay silent before it is dropped (60 s).
    pub idle_timeout: Duration,
    /// The longest string id accepted, in characters.
    pub max_id_chars: usize,
    /// The deepest nesting of arrays and objects accepted in a frame.
    pub max_depth: usize,
    /// How long a pairing waits for its code (120 s).
    pub pairing_ttl: Duration,
    /// How many wrong codes exhaust a pairing (5).
    pub pairing_tries: u32,
    /// How many pairings may wait at once (so a page cannot flood the player with codes).
    pub max_pending_pairings: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_frame_bytes: protocol::MAX_FRAME_BYTES,
            max_in_flight: protocol::MAX_IN_FLIGHT,
            max_connections: protocol::MAX_CONNECTIONS,
            ping_interval: Duration::from_secs(protocol::PING_INTERVAL_SECS),
            idle_timeout: Duration::from_secs(protocol::IDLE_TIMEOUT_SECS),
            max_id_chars: 128,
            max_depth: 32,
            pairing_ttl: Duration::from_secs(120),
            pairing_tries: 5,
            max_pending_pairings: 8,
        }
    }
}
