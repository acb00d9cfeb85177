//! The simulated Bungie.net: the real endpoints and JSON shapes, the game's rules, pacing, faults
//! and a game clock, written from its own model. It is a crate of its own and depends on nothing
//! of the daemon's, so it cannot share a Rust type with the daemon's Bungie client by accident.

pub mod http;
pub mod manifest_db;
pub mod world;

pub use http::realism;
pub use http::{SimConfig, SimHandle, SimStartError, start};
