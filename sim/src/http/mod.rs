//! The simulator's HTTP side: axum on 127.0.0.1 serving Bungie's Platform endpoints in their
//! envelope, the OAuth pages and token endpoint, the manifest and icons, and the `/sim/` control
//! endpoints for tests. [`start`] is the entry point; [`SimHandle`] stops it and reaches inside.

mod assets;
mod calls;
mod clock;
pub mod codes;
mod conn;
mod control;
mod control_shop;
mod endpoints;
mod envelope;
pub mod faults;
mod groups;
mod minted;
pub mod oauth;
mod oauth_routes;
pub mod pacing;
mod platform;
pub mod realism;
mod request;
mod shaping;
mod state;
mod stats;
pub mod traffic;
mod vendors;

use std::collections::{BTreeMap, HashMap};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use rand::SeedableRng;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

use crate::world::World;
use state::{Settings, SimState};

/// How the simulator is set up (the flags of `vault-raider sim`).
#[derive(Debug, Clone)]
pub struct SimConfig {
    /// The port on 127.0.0.1 (0 = any free port).
    pub port: u16,
    /// The API key every Platform call must carry.
    pub api_key: String,
    /// Other applications' API keys: valid, but the tokens this application issues are refused
    /// with them (99 WebAuthRequired: Bungie binds a token to its application's key).
    pub other_api_keys: Vec<String>,
    /// The registered application's numeric client id.
    pub client_id: String,
    /// The confidential client's secret.
    pub client_secret: String,
    /// The one registered redirect URL (never `http://`).
    pub redirect_url: String,
    /// Approve authorizations at once instead of showing the Approve/Deny page.
    pub auto_approve: bool,
    /// A DestinyProfileResponse file to seed the account from (else the sample account).
    pub profile: Option<PathBuf>,
    /// The large sample account (about 1,900 items).
    pub large: bool,
    /// The seed of the sample account, the game clock and the random faults.
    pub seed: u64,
    /// Enforce action spacing and the per-client request budget.
    pub pacing: bool,
    /// Run the game clock (activities, drops, in-game moves).
    pub clock: bool,
    /// The application is a public client: no secret, no refresh tokens.
    pub public_client: bool,
    /// Lifetime of access tokens.
    pub access_token_lifetime: Duration,
    /// Lifetime of refresh tokens.
    pub refresh_token_lifetime: Duration,
    /// The application has the move/equip scope (false: `--scopes read`).
    pub move_scope: bool,
    /// The account has two platforms without cross save, each its own game
    /// (`--accounts separate`); otherwise the second membership is cross-saved to the first.
    pub separate_accounts: bool,
    /// Profile lag, profile cache and link speed (all off by default).
    pub realism: realism::Realism,
    /// The manifest database's size in MB (0 = only its definitions).
    pub manifest_size_mb: u32,
    /// How long after an activity ends its post-game carnage report appears (before that,
    /// GetPostGameCarnageReport answers 1653); `Duration::ZERO` = at once.
    pub pgcr_delay: Duration,
    /// A real GetVendors response to serve as the vendors (`--vendors FILE`); else the
    /// simulator's own (Xûr, Banshee-44, Ada-1, Tess Everis).
    pub vendors: Option<PathBuf>,
    /// The player is in the sample clan; `false`: in no clan (GetGroupsForMember answers an
    /// empty result list).
    pub clan: bool,
}

impl Default for SimConfig {
    fn default() -> Self {
        Self {
            port: 7421,
            api_key: "demo-api-key".into(),
            other_api_keys: Vec::new(),
            client_id: "40404".into(),
            client_secret: "demo-client-secret".into(),
            // The daemon's default redirect (`config::DEFAULT_REDIRECT_URL`; the simulator shares
            // no Rust with the daemon, so the text is repeated).
            redirect_url: "https://127.0.0.1:7443/callback".into(),
            auto_approve: false,
            profile: None,
            large: false,
            seed: 1,
            pacing: true,
            clock: false,
            public_client: false,
            access_token_lifetime: Duration::from_secs(3600),
            refresh_token_lifetime: Duration::from_secs(7_776_000),
            move_scope: true,
            separate_accounts: false,
            realism: realism::Realism::default(),
            manifest_size_mb: 0,
            pgcr_delay: Duration::from_secs(20),
            vendors: None,
            clan: true,
        }
    }
}

/// Why the simulator could not start.
#[derive(Debug, thiserror::Error)]
pub enum SimStartError {
    /// The redirect URL is not a fully qualified URL, or uses plain `http://` (Bungie's portal
    /// refuses those).
    #[error("redirect URL {url:?} refused: {reason}")]
    RedirectUrl {
        /// The URL as given.
        url: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// The client id is not a number, as Bungie's are.
    #[error("client id {0:?} is not numeric")]
    ClientId(String),
    /// The API key is empty.
    #[error("the API key must not be empty")]
    ApiKey,
    /// The profile file could not be read.
    #[error("profile file {path}: {source}")]
    ProfileRead {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The profile file is not a DestinyProfileResponse the world can load.
    #[error("profile file {path}: {message}")]
    ProfileRejected {
        /// The file.
        path: PathBuf,
        /// What the world said.
        message: String,
    },
    /// The vendors file could not be read.
    #[error("vendors file {path}: {source}")]
    VendorsRead {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The vendors file is not a GetVendors response the world can serve.
    #[error("vendors file {path}: {message}")]
    VendorsRejected {
        /// The file.
        path: PathBuf,
        /// What is wrong with it.
        message: String,
    },
    /// The port could not be bound.
    #[error("cannot listen on 127.0.0.1:{port}: {source}")]
    Bind {
        /// The port asked for.
        port: u16,
        /// The I/O error.
        source: std::io::Error,
    },
}

/// A running simulator.
pub struct SimHandle {
    addr: SocketAddr,
    state: Arc<SimState>,
    /// The simulator's one stop token: each task (the server, the game clock) runs under a child.
    stop: CancellationToken,
    /// Those tasks, so [`SimHandle::shutdown`] waits for them.
    tasks: TaskTracker,
    /// The server's task, aborted when open requests outlast [`SHUTDOWN_GRACE`].
    server: JoinHandle<()>,
}

/// How long shutdown waits for open requests before the server is aborted.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

impl SimHandle {
    /// The base URL the daemon uses in place of `https://www.bungie.net` (`http://127.0.0.1:PORT`).
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The address the simulator listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The second platform's game world with `separate_accounts`, for tests.
    pub fn second_world(&self) -> Option<Arc<Mutex<World>>> {
        self.state.second_world.clone()
    }

    /// The (primary) game world, to inspect or change it from a test.
    pub fn world(&self) -> Arc<Mutex<World>> {
        Arc::clone(&self.state.world)
    }

    /// The Bungie calls answered so far, by endpoint name.
    pub fn calls(&self) -> BTreeMap<String, u64> {
        self.state.calls.snapshot()
    }

    /// Forgets the call counts.
    pub fn reset_calls(&self) {
        self.state.calls.reset();
    }

    /// Bytes sent so far per endpoint: `(uncompressed, as sent)`.
    pub fn traffic(&self) -> BTreeMap<String, traffic::EndpointTraffic> {
        self.state.traffic.snapshot()
    }

    /// Stops the game clock and the server (which lets open requests finish) through the one
    /// token, and returns once every task has ended; requests still open after
    /// [`SHUTDOWN_GRACE`] are cut.
    pub async fn shutdown(self) {
        self.stop.cancel();
        self.tasks.close();
        if tokio::time::timeout(SHUTDOWN_GRACE, self.tasks.wait())
            .await
            .is_err()
        {
            tracing::warn!("simulator requests still open after shutdown began: cut");
            self.server.abort();
            self.tasks.wait().await;
        }
    }
}

/// Checks the configuration, builds the world, binds `127.0.0.1:port` and spawns the server (and
/// the game clock when `clock` is on).
pub async fn start(config: SimConfig) -> Result<SimHandle, SimStartError> {
    check_config(&config)?;
    let mut world = load_world(&config).await?;
    let second_world = config.separate_accounts.then(|| {
        Arc::new(Mutex::new(world.separate_platforms(
            config.seed.wrapping_add(0x005e_c04d),
            config.large,
        )))
    });
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", config.port))
        .await
        .map_err(|source| SimStartError::Bind {
            port: config.port,
            source,
        })?;
    let addr = listener
        .local_addr()
        .map_err(|source| SimStartError::Bind {
            port: config.port,
            source,
        })?;
    let state = Arc::new(SimState {
        settings: Settings {
            api_key: config.api_key.clone(),
            other_api_keys: config.other_api_keys.clone(),
            redirect_url: config.redirect_url.clone(),
            auto_approve: config.auto_approve,
            pacing: config.pacing,
            port: addr.port(),
            move_scope: config.move_scope,
            realism: config.realism,
            pgcr_delay: config.pgcr_delay,
            manifest_padding: usize::try_from(config.manifest_size_mb)
                .unwrap_or(usize::MAX)
                .saturating_mul(1 << 20),
        },
        world: Arc::new(Mutex::new(world)),
        second_world,
        tokens: Mutex::new(oauth::TokenStore::new(oauth::OAuthApp {
            client_id: config.client_id.clone(),
            client_secret: config.client_secret.clone(),
            public_client: config.public_client,
            access_lifetime: config.access_token_lifetime,
            refresh_lifetime: config.refresh_token_lifetime,
        })),
        pacer: Mutex::new(pacing::Pacer::default()),
        faults: Mutex::new(faults::Faults::default()),
        rng: Mutex::new(rand::rngs::StdRng::seed_from_u64(config.seed)),
        calls: Arc::new(calls::CallCounter::default()),
        minted: Mutex::new(minted::MintedClock::default()),
        served_profiles: Mutex::new(HashMap::new()),
        manifest: Mutex::new(None),
        lag: Mutex::new(realism::LagHistory::default()),
        profile_cache: Mutex::new(realism::ProfileCache::default()),
        traffic: traffic::Traffic::default(),
    });
    let app = router(Arc::clone(&state)).into_make_service_with_connect_info::<conn::ConnInfo>();
    let stop = CancellationToken::new();
    let tasks = TaskTracker::new();
    let server_stop = stop.child_token();
    let server = tasks.spawn(async move {
        let serve = axum::serve(conn::SimListener::new(listener), app)
            .with_graceful_shutdown(server_stop.cancelled_owned());
        if let Err(error) = serve.await {
            tracing::warn!(%error, "simulator server stopped");
        }
    });
    if config.clock {
        let clock = clock::run(Arc::clone(&state.world), chrono::Utc::now());
        tasks.spawn(stop.child_token().run_until_cancelled_owned(clock));
    }
    tracing::info!(%addr, "simulated Bungie.net listening");
    Ok(SimHandle {
        addr,
        state,
        stop,
        tasks,
        server,
    })
}

fn router(state: Arc<SimState>) -> axum::Router {
    control::routes()
        .fallback(dispatch)
        .layer(axum::middleware::from_fn_with_state(
            Arc::clone(&state),
            shaping::shape,
        ))
        .with_state(state)
}

/// Everything that is not a control endpoint: Bungie's paths, matched case-insensitively as the
/// real site does.
async fn dispatch(
    axum::extract::State(state): axum::extract::State<Arc<SimState>>,
    axum::extract::ConnectInfo(conn): axum::extract::ConnectInfo<conn::ConnInfo>,
    request: request::RawRequest,
) -> axum::response::Response {
    let lower = request.uri.path().to_ascii_lowercase();
    if lower == "/platform" || lower.starts_with("/platform/") {
        platform::handle(&state, &conn, request).await
    } else if lower.trim_end_matches('/') == "/en/oauth/authorize" {
        oauth_routes::authorize(&state, request)
    } else {
        assets::serve(&state, request).await
    }
}

fn check_config(config: &SimConfig) -> Result<(), SimStartError> {
    let refuse = |reason| SimStartError::RedirectUrl {
        url: config.redirect_url.clone(),
        reason,
    };
    let url =
        url::Url::parse(&config.redirect_url).map_err(|_| refuse("not a fully qualified URL"))?;
    if url.scheme() == "http" {
        return Err(refuse(
            "the redirect URL must be a fully qualified URL using any scheme except http",
        ));
    }
    if config.client_id.is_empty() || !config.client_id.bytes().all(|b| b.is_ascii_digit()) {
        return Err(SimStartError::ClientId(config.client_id.clone()));
    }
    if config.api_key.is_empty() {
        return Err(SimStartError::ApiKey);
    }
    Ok(())
}

async fn load_world(config: &SimConfig) -> Result<World, SimStartError> {
    let mut world = load_account(config).await?;
    if let Some(path) = &config.vendors {
        let rejected = |message: String| SimStartError::VendorsRejected {
            path: path.clone(),
            message,
        };
        let json = match read_json(path).await {
            Ok(json) => json,
            Err(JsonFile::Unreadable(source)) => {
                return Err(SimStartError::VendorsRead {
                    path: path.clone(),
                    source,
                });
            }
            Err(JsonFile::NotJson(message)) => return Err(rejected(message)),
        };
        world.load_vendors(&json).map_err(|e| rejected(e.message))?;
    }
    if !config.clan {
        world.leave_clan();
    }
    Ok(world)
}

/// The account: the sample one, or the profile file's.
async fn load_account(config: &SimConfig) -> Result<World, SimStartError> {
    let Some(path) = &config.profile else {
        return Ok(World::sample(config.seed, config.large));
    };
    let rejected = |message: String| SimStartError::ProfileRejected {
        path: path.clone(),
        message,
    };
    let json = match read_json(path).await {
        Ok(json) => json,
        Err(JsonFile::Unreadable(source)) => {
            return Err(SimStartError::ProfileRead {
                path: path.clone(),
                source,
            });
        }
        Err(JsonFile::NotJson(message)) => return Err(rejected(message)),
    };
    World::from_profile_json(&json).map_err(|e| rejected(e.message))
}

/// Why a JSON file given on the command line could not be used.
enum JsonFile {
    /// It could not be read.
    Unreadable(std::io::Error),
    /// It is not JSON (the parser's message).
    NotJson(String),
}

/// Reads and parses a JSON file.
async fn read_json(path: &std::path::Path) -> Result<serde_json::Value, JsonFile> {
    let text = tokio::fs::read(path).await.map_err(JsonFile::Unreadable)?;
    serde_json::from_slice(&text).map_err(|e| JsonFile::NotJson(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_http_redirect_url_is_refused_like_the_portal_does() {
        let config = SimConfig {
            redirect_url: "http://127.0.0.1:7420/callback".into(),
            ..SimConfig::default()
        };
        assert!(matches!(
            check_config(&config),
            Err(SimStartError::RedirectUrl { .. })
        ));
        let config = SimConfig {
            redirect_url: "not a url".into(),
            ..SimConfig::default()
        };
        assert!(matches!(
            check_config(&config),
            Err(SimStartError::RedirectUrl { .. })
        ));
        let config = SimConfig {
            redirect_url: "vaultraider://callback".into(),
            ..SimConfig::default()
        };
        assert!(check_config(&config).is_ok());
        assert!(check_config(&SimConfig::default()).is_ok());
    }

    #[test]
    fn a_non_numeric_client_id_is_refused() {
        let config = SimConfig {
            client_id: "abc".into(),
            ..SimConfig::default()
        };
        assert!(matches!(
            check_config(&config),
            Err(SimStartError::ClientId(_))
        ));
    }

    #[tokio::test]
    async fn shutdown_stops_the_server_and_the_clock_and_waits_for_them() {
        let config = SimConfig {
            port: 0,
            clock: true,
            ..SimConfig::default()
        };
        let sim = start(config).await.expect("starts");
        let addr = sim.addr();
        let (stop, tasks) = (sim.stop.clone(), sim.tasks.clone());
        tokio::net::TcpStream::connect(addr).await.expect("serving");
        tokio::time::timeout(Duration::from_secs(10), sim.shutdown())
            .await
            .expect("shutdown returns");
        assert!(stop.is_cancelled());
        assert!(tasks.is_closed() && tasks.is_empty(), "every task ended");
        assert!(tokio::net::TcpStream::connect(addr).await.is_err());
    }
}
