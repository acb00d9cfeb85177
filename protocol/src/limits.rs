//! The hardening limits of `PROTOCOL.md` (Transport, Who may connect): batches, the pool of
//! connections that have not identified, the outbox, the pairing budget, the HTTP server's
//! header deadline, and the methods the overlay token may call.

/// The most entries a batch may hold; a longer one is answered with one `-32600` error.
pub const MAX_BATCH_ENTRIES: usize = 32;

/// The most connections that have not identified yet, in a pool of their own (beside the
/// [`crate::MAX_CONNECTIONS`] identified ones).
pub const MAX_UNIDENTIFIED_CONNECTIONS: usize = 16;

/// Seconds a connection has to identify before it is closed.
pub const IDENTIFY_TIMEOUT_SECS: u64 = 10;

/// The most bytes the daemon queues for one client; a client that lets more pile up is closed
/// with [`CLOSE_POLICY`].
pub const MAX_OUTBOX_BYTES: usize = 1024 * 1024;

/// Wrong pairing codes accepted in any [`PAIRING_WINDOW_SECS`], over all requests and
/// connections; past that `pairing.request` and `pairing.complete` answer `rate_limited`.
pub const PAIRING_BUDGET: u32 = 20;

/// The sliding window of the pairing budget, in seconds (10 minutes).
pub const PAIRING_WINDOW_SECS: u64 = 600;

/// Seconds the HTTP server waits for a request's headers before it drops the connection.
pub const HEADER_READ_TIMEOUT_SECS: u64 = 10;

/// The most TCP connections the HTTP server serves at once before their upgrade (WebSocket
/// connections count against their own pools once upgraded).
pub const MAX_TCP_CONNECTIONS: usize = 512;

/// The WebSocket close code for a peer that broke a rule (revoked token, not reading, no
/// identify in time).
pub const CLOSE_POLICY: u16 = 1008;

/// The WebSocket close code for a text frame that is not UTF-8.
pub const CLOSE_INVALID_UTF8: u16 = 1007;

/// The methods the overlay token may call, by name (so methods added later, such as
/// `progress.list`, are allowed by name); anything else answers `forbidden`.
pub const OVERLAY_METHODS: &[&str] = &[
    "session.status",
    "profile.snapshot",
    "profile.changes",
    "profile.sync",
    "items.search",
    "items.get",
    "loadouts.list",
    "loadouts.equip",
    "progress.list",
    "events.subscribe",
];

/// Whether the overlay token may call `method` (`profile.*` and the names in
/// [`OVERLAY_METHODS`]).
pub fn overlay_may_call(method: &str) -> bool {
    method.starts_with("profile.") || OVERLAY_METHODS.contains(&method)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_overlay_may_read_and_equip_loadouts_but_not_move_items_or_sign_in() {
        for allowed in [
            "session.status",
            "profile.snapshot",
            "profile.changes",
            "items.get",
            "loadouts.equip",
            "progress.list",
            "events.subscribe",
        ] {
            assert!(overlay_may_call(allowed), "{allowed}");
        }
        for refused in [
            "items.transfer",
            "items.lock",
            "loadouts.save",
            "loadouts.delete",
            "auth.login",
            "auth.logout",
            "auth.complete",
            "clients.list",
            "pairing.pending",
            "session.identify",
        ] {
            assert!(!overlay_may_call(refused), "{refused}");
        }
    }
}
