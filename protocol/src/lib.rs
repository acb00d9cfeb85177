//! The Vault Raider companion protocol, version 1 (see `PROTOCOL.md` in the shared design folder).
//!
//! Only this crate's types are serialized onto the WebSocket; everything else in the daemon
//! converts to them at the boundary.
