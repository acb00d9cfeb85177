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
    /// Extension ids admitted by Origin (each kind of id narrows its own kind: Chromium ids the
    /// `chrome-extension://` origins, Firefox UUIDs the `moz-extension://` ones); a kind with no
    /// id listed admits every origin of that kind, to pair.
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
    /// The most identified connections at once (64); past that `session.identify` is `busy`.
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
    /// Wrong pairing codes accepted over every pairing in [`Limits::pairing_window`] (20).
    pub pairing_budget: u32,
    /// The pairing budget's sliding window (10 minutes).
    pub pairing_window: Duration,
    /// How long a connection has to identify before it is closed (10 s).
    pub identify_timeout: Duration,
    /// The most connections that have not identified yet, in their own pool (16).
    pub max_unidentified: usize,
    /// The most bytes queued for one client before it is closed with 1008 (1 MiB).
    pub max_outbox_bytes: usize,
    /// How long the HTTP server waits for a request's headers (10 s).
    pub header_read_timeout: Duration,
    /// The most TCP connections served at once before their upgrade (512).
    pub max_tcp_connections: usize,
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
            pairing_budget: protocol::PAIRING_BUDGET,
            pairing_window: Duration::from_secs(protocol::PAIRING_WINDOW_SECS),
            identify_timeout: Duration::from_secs(protocol::IDENTIFY_TIMEOUT_SECS),
            max_unidentified: protocol::MAX_UNIDENTIFIED_CONNECTIONS,
            max_outbox_bytes: protocol::MAX_OUTBOX_BYTES,
            header_read_timeout: Duration::from_secs(protocol::HEADER_READ_TIMEOUT_SECS),
            max_tcp_connections: protocol::MAX_TCP_CONNECTIONS,
        }
    }
}
