//! The simulated Bungie.net: the real endpoints and JSON shapes, the game's rules, pacing, faults
//! and a game clock, written from its own model. It shares no Rust types with [`crate::bungie`].

pub mod http;
pub mod manifest_db;
pub mod world;

pub use http::realism;
pub use http::{SimConfig, SimHandle, SimStartError, start};
