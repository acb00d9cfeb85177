//! The companion protocol server (`PROTOCOL.md`): axum WebSocket, guards, pairing, JSON-RPC.
