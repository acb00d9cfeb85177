//! Everything the simulator's handlers share: the world, the OAuth store, pacing, faults, the
//! call counter, the minted clock, the stale-profile cache and the built manifest.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};

use rand::rngs::StdRng;

use super::calls::CallCounter;
use super::faults::Faults;
use super::minted::MintedClock;
use super::oauth::TokenStore;
use super::pacing::Pacer;
use super::realism::{LagHistory, ProfileCache, Realism};
use super::traffic::Traffic;
use crate::manifest_db::ManifestTable;
use crate::world::World;

/// The settings the handlers read (the parts of `SimConfig` that matter after start).
#[derive(Debug, Clone)]
pub struct Settings {
    /// The key every Platform call must carry in `X-API-Key`.
    pub api_key: String,
    /// Other applications' keys: accepted, but not with this application's tokens.
    pub other_api_keys: Vec<String>,
    /// The one registered redirect URL.
    pub redirect_url: String,
    /// Approve every authorization at once, without the page.
    pub auto_approve: bool,
    /// Enforce action spacing and the request budget.
    pub pacing: bool,
    /// The port the simulator listens on (the trailing-slash redirect names it).
    pub port: u16,
    /// The application has the MoveEquipDestinyItems scope (`--scopes read` takes it away:
    /// actions are then answered 403 / 2108).
    pub move_scope: bool,
    /// Lag, caching and link speed.
    pub realism: Realism,
    /// How long after an activity ends its PGCR appears.
    pub pgcr_delay: std::time::Duration,
    /// Bytes of seeded padding that make the manifest database a real size.
    pub manifest_padding: usize,
}

/// The world's definitions for one manifest version, and the zip once it has been built.
#[derive(Clone)]
pub struct BuiltManifest {
    /// The world definitions (`World::definitions_id`) the tables were built from.
    pub definitions_id: u64,
    /// The world's manifest version the tables belong to.
    pub version: String,
    /// The definition tables.
    pub tables: Arc<Vec<ManifestTable>>,
    /// The zip archive holding the SQLite database, built on first download.
    pub zip: Option<axum::body::Bytes>,
}

/// The shared state behind every handler.
pub struct SimState {
    /// Settings fixed at start.
    pub settings: Settings,
    /// The game world.
    pub world: Arc<Mutex<World>>,
    /// The second platform's game when the account has two without cross save
    /// (`--accounts separate`); its profile and actions are served for its membership.
    pub second_world: Option<Arc<Mutex<World>>>,
    /// Codes, tokens and authorizations.
    pub tokens: Mutex<TokenStore>,
    /// Action spacing and request budgets.
    pub pacer: Mutex<Pacer>,
    /// The faults in force.
    pub faults: Mutex<Faults>,
    /// Randomness for faults, seeded from the configuration.
    pub rng: Mutex<StdRng>,
    /// Calls per endpoint.
    pub calls: Arc<CallCounter>,
    /// The minted-timestamp clock.
    pub minted: Mutex<MintedClock>,
    /// The last GetProfile body served per request shape, for the `staleProfile` fault.
    pub served_profiles: Mutex<HashMap<String, axum::body::Bytes>>,
    /// The manifest's definitions and zip, built on first use.
    pub manifest: Mutex<Option<BuiltManifest>>,
    /// The worlds before recent actions (`--profile-lag`).
    pub lag: Mutex<LagHistory>,
    /// GetProfile responses by request shape (`--profile-cache`).
    pub profile_cache: Mutex<ProfileCache>,
    /// Bytes sent per endpoint, compressed and not.
    pub traffic: Traffic,
}

/// Locks a mutex, carrying on with the data if a previous holder panicked.
pub fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}
