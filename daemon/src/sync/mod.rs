//! Keeping the store current: adaptive polling of GetProfile, the minted-timestamp guard, Bungie's
//! profile and definitions turned into the store's model (`convert`, `item_info`), and activity
//! detection. The store diffs what a sync hands it ([`crate::store::diff`]).

pub mod activity;
pub mod convert;
pub mod engine;
pub mod game_loadouts;
pub mod item_info;
pub mod lag_guard;
pub mod manifest_status;
pub mod progress;
pub mod recall;
pub mod reports;
pub mod schedule;
pub mod vendors;
