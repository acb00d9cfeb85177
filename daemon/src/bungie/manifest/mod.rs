//! The Destiny manifest: Bungie's definitions database kept in the data directory, swapped in
//! atomically when a new version arrives, and read through typed, cached lookups.
//!
//! - [`ManifestStore`] owns the directory: it installs a downloaded zip (extract, verify, rename,
//!   `current.json`), keeps the previous database in use until the new one is proven, and answers
//!   lookups from whichever database is current.
//! - [`defs`] holds the typed definitions the daemon reads (items, buckets, classes, damage types,
//!   stats, tiers, activities, activity modes).
//! - [`Progress`] is what an install reports while it downloads, extracts and verifies.
//!
//! Everything here is synchronous (SQLite and file I/O): async callers go through
//! `tokio::task::spawn_blocking`.

mod cache;
mod current;
mod damage;
mod db;
pub mod defs;
mod error;
mod extract;
pub mod loadout_defs;
pub mod objective_defs;
mod progress;
mod store;
pub mod vendor_defs;

pub use damage::damage_slug;
pub use db::REQUIRED_TABLES;
pub use error::ManifestError;
pub use progress::{Progress, Stage};
pub use store::{DEFAULT_MAX_DATABASE_BYTES, ManifestStore};
