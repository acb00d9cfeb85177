//! Keeping the store current: adaptive polling of GetProfile, the minted-timestamp guard, the diff
//! against the store, and activity detection.

pub mod activity;
pub mod convert;
pub mod diff;
pub mod engine;
pub mod game_loadouts;
pub mod lag_guard;
pub mod manifest_status;
pub mod progress;
pub mod reports;
pub mod schedule;
pub mod vendors;
