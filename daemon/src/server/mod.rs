//! The companion protocol server (`PROTOCOL.md`): axum on loopback only, the Host and Origin
//! guards, pairing and tokens, JSON-RPC over WebSocket, events by topic.
//!
//! # Map
//! - [`config`]: the port, data directory, allowed extensions and limits.
//! - [`guard`]: the Host and Origin allow-lists checked before an upgrade.
//! - [`tokens`]: random tokens and their SHA-256 hashes.
//! - [`admin`]: the `admin.token` file the command line reads.
//! - [`registry`]: paired clients ([`ClientRegistry`], backed by the store; an in-memory one).
//! - [`pairing`]: six-digit codes, expiry and tries.
//! - [`backend`]: the [`Backend`] trait the rest of the daemon implements.
//! - [`convert`]: the daemon's model and bus events as protocol types.
//! - `frame`: one text frame read into calls or errors (pure).
//! - `dispatch`: access rules and the methods the server answers itself.
//! - `connection`: one socket's loop (limits, pings, in-flight calls, events, close).
//! - `fanout`: bus events encoded once and broadcast to connections in order.
//! - `outbox`: what is queued for one client, bounded in bytes (1008 past the bound).
//! - `http`: the accept loop (TCP connection cap, header deadline) and the open-file limit.
//! - `waiting`: the pool of connections that have not identified (the longest waiting is
//!   evicted for a newcomer).
//! - `log_limit`: log lines an attacker can cause, at most once per interval.
//! - [`overlay_token`]: the overlay token, shown only in its URL, rotatable.
//! - [`overlay`]: the overlay page's files, embedded, at `/overlay`.
//! - [`icons`]: Bungie's icons at `/icons/…`, cached on disk, a placeholder otherwise.
//!
//! Who may do what: before `session.identify` only `session.identify`, `pairing.request` and
//! `pairing.complete`; the admin token may call everything; paired clients everything but the
//! admin methods (`clients.*`, `pairing.pending`, `overlay.url`), and only from the origin they
//! paired from; the overlay token (kept in the data directory's `overlay.token`, shown only in
//! the overlay URL) only the read methods and `loadouts.equip` of
//! [`vault_raider_protocol::OVERLAY_METHODS`] (`forbidden` otherwise). Access is checked before
//! params are read.

pub mod admin;
pub mod backend;
pub mod config;
mod connection;
pub mod convert;
mod dispatch;
mod fanout;
pub mod frame;
pub mod guard;
mod http;
pub mod icons;
mod log_limit;
mod outbox;
pub mod overlay;
pub mod overlay_token;
pub mod pairing;
pub mod registry;
pub mod tokens;
mod waiting;

pub use admin::{ADMIN_TOKEN_FILE, admin_token_path, read_admin_token};
pub use backend::{Backend, BackendError, BackendFuture, BackendResult, SessionSummary};
pub use config::{Limits, ServerConfig};
pub use overlay_token::OverlayToken;
pub use registry::{ClientRecord, ClientRegistry, MemoryClientRegistry, RegistryError};

use crate::clock::SharedClock;
use crate::events::{BUS_CAPACITY, EventBus};
use axum::Router;
use axum::extract::ws::WebSocketUpgrade;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use dispatch::Shared;
use guard::Guard;
use pairing::Pairings;

use std::net::{Ipv4Addr, Ipv6Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use tokens::{TokenHash, new_token};
use tokio::net::TcpListener;
use tokio::sync::{Semaphore, broadcast};
use tokio_util::sync::CancellationToken;

/// Why the server could not start or stopped with an error.
#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    /// The port could not be bound.
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        /// The address.
        addr: SocketAddr,
        /// Why.
        source: std::io::Error,
    },
    /// The admin (or overlay) token file could not be written.
    #[error("cannot write the token file {path}: {source}")]
    AdminToken {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// Serving failed.
    #[error("the protocol server failed: {0}")]
    Serve(std::io::Error),
}

/// The parts of the daemon the server talks to.
#[derive(Clone)]
pub struct Services {
    /// Everything that is not transport or authentication.
    pub backend: Arc<dyn Backend>,
    /// The paired clients.
    pub clients: Arc<dyn ClientRegistry>,
    /// The event bus: events to push, and where pairing codes are published.
    pub bus: EventBus,
    /// The daemon's clock (when a client paired and was last seen).
    pub clock: SharedClock,
}

/// A server bound to its port, not yet serving.
pub struct ProtocolServer {
    shared: Arc<Shared>,
    listeners: Vec<TcpListener>,
    port: u16,
    allowed_extension_ids: Vec<String>,
}

impl ProtocolServer {
    /// Binds 127.0.0.1 and ::1 (never another address) on the configured port (0: a free one,
    /// the same on both), writes a fresh `admin.token` and reads (or mints) the overlay token,
    /// which no log line shows.
    pub async fn bind(config: ServerConfig, services: Services) -> Result<Self, ServerError> {
        let (listeners, port) = bind_loopback(config.port).await?;
        let admin_token = new_token();
        let path = admin_token_path(&config.data_dir);
        admin::write_admin_token(&config.data_dir, &admin_token)
            .map_err(|source| ServerError::AdminToken { path, source })?;
        let overlay_path = config.data_dir.join(admin::OVERLAY_TOKEN_FILE);
        let overlay = OverlayToken::load(config.data_dir.clone(), port).map_err(|source| {
            ServerError::AdminToken {
                path: overlay_path,
                source,
            }
        })?;
        let limits = config.limits.clone();
        let (revoked, _) = broadcast::channel(64);
        let (overlay_rotated, _) = broadcast::channel(4);
        let shared = Shared {
            backend: services.backend,
            registry: services.clients,
            bus: services.bus,
            pairings: Mutex::new(
                Pairings::new(
                    limits.pairing_ttl,
                    limits.pairing_tries,
                    limits.max_pending_pairings,
                )
                .with_budget(limits.pairing_budget, limits.pairing_window),
            ),
            admin_hash: TokenHash::of(&admin_token),
            overlay,
            overlay_rotated,
            identified_slots: Arc::new(Semaphore::new(limits.max_connections)),
            pairing_log: Mutex::new(log_limit::LogLimit::default()),
            daemon_version: config.daemon_version,
            limits,
            revoked,
            connections: Arc::default(),
            clock: services.clock,
        };
        let server = ProtocolServer {
            shared: Arc::new(shared),
            listeners,
            port,
            allowed_extension_ids: config.allowed_extension_ids,
        };
        tracing::info!(
            port,
            "protocol server listening on ws://127.0.0.1:{port}/ws (the overlay's address: `vault-raider overlay`)"
        );
        Ok(server)
    }

    /// How many protocol connections are open now (counted as they open and close).
    pub fn connections(&self) -> Arc<std::sync::atomic::AtomicUsize> {
        Arc::clone(&self.shared.connections)
    }

    /// The port it listens on.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The addresses it listens on (127.0.0.1, and ::1 where the system has it).
    pub fn local_addrs(&self) -> Vec<SocketAddr> {
        self.listeners
            .iter()
            .filter_map(|l| l.local_addr().ok())
            .collect()
    }

    /// The overlay's address with its current token. It holds a secret: never log it.
    pub fn overlay_url(&self) -> String {
        self.shared.overlay.url()
    }

    /// The overlay token, which follows rotations (the tray's "Open overlay" keeps it).
    pub fn overlay_token(&self) -> OverlayToken {
        self.shared.overlay.clone()
    }

    /// Serves `/ws` and `extra_routes` (the overlay's files, icons) until `shutdown` is
    /// cancelled; then stops accepting, lets in-flight calls finish, sends every client a close
    /// frame and returns once all connections are gone. The Host guard covers every route.
    pub async fn serve(
        self,
        extra_routes: Router,
        shutdown: CancellationToken,
    ) -> Result<(), ServerError> {
        // A child: the server also stops itself (a listener failed) without stopping the daemon.
        let stop = shutdown.child_token();
        let (events, _) = broadcast::channel(BUS_CAPACITY);
        let fanout = tokio::spawn(fanout::run(
            self.shared.bus.subscribe(),
            events.clone(),
            stop.clone(),
        ));
        http::raise_file_limit();
        let limits = self.shared.limits.clone();
        let unidentified = waiting::WaitingRoom::new(limits.max_unidentified);
        // Every WebSocket task until it has returned (and let go of the daemon's services), so
        // shutdown waits for them all; twice the pools, for connections still closing.
        let live_capacity = 2 * (limits.max_unidentified + limits.max_connections);
        let live = Arc::new(Semaphore::new(live_capacity));
        let guard = Arc::new(Guard::new(self.port, self.allowed_extension_ids));
        let app = App {
            shared: Arc::clone(&self.shared),
            guard: Arc::clone(&guard),
            unidentified: Arc::clone(&unidentified),
            live: Arc::clone(&live),
            next_connection: Arc::new(AtomicU64::new(1)),
            events,
            stop: stop.clone(),
        };
        let router = Router::new()
            .route("/ws", get(upgrade))
            .with_state(app)
            .merge(extra_routes)
            .layer(middleware::from_fn_with_state(guard, check_host));

        let http_limits = http::HttpLimits {
            max_connections: limits.max_tcp_connections,
            header_read_timeout: limits.header_read_timeout,
        };
        let servers = self
            .listeners
            .into_iter()
            .map(|listener| http::serve(listener, router.clone(), http_limits, stop.clone()));
        let served = futures_util::future::try_join_all(servers).await;
        // Also when a listener failed: every connection must be told to close.
        stop.cancel();
        let all = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        unidentified.drained().await;
        let _ = live.acquire_many(all(live_capacity)).await;
        let _ = self
            .shared
            .identified_slots
            .acquire_many(all(limits.max_connections))
            .await;
        let _ = fanout.await;
        tracing::info!("protocol server stopped");
        served.map(|_| ()).map_err(ServerError::Serve)
    }
}

/// Binds the server and serves until `shutdown` is cancelled (see [`ProtocolServer`]).
pub async fn serve(
    config: ServerConfig,
    services: Services,
    extra_routes: Router,
    shutdown: CancellationToken,
) -> Result<(), ServerError> {
    ProtocolServer::bind(config, services)
        .await?
        .serve(extra_routes, shutdown)
        .await
}

/// 127.0.0.1 on `port` (required), then ::1 on the same port (skipped where there is no IPv6).
async fn bind_loopback(port: u16) -> Result<(Vec<TcpListener>, u16), ServerError> {
    let v4 = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
    let v4_listener = TcpListener::bind(v4)
        .await
        .map_err(|source| ServerError::Bind { addr: v4, source })?;
    let port = v4_listener
        .local_addr()
        .map_err(|source| ServerError::Bind { addr: v4, source })?
        .port();
    let mut listeners = vec![v4_listener];
    let v6 = SocketAddr::from((Ipv6Addr::LOCALHOST, port));
    match TcpListener::bind(v6).await {
        Ok(listener) => listeners.push(listener),
        Err(e) => tracing::warn!(error = %e, "not listening on [::1]:{port}"),
    }
    Ok((listeners, port))
}

/// What the `/ws` handler needs.
#[derive(Clone)]
struct App {
    shared: Arc<Shared>,
    guard: Arc<Guard>,
    unidentified: Arc<waiting::WaitingRoom>,
    live: Arc<Semaphore>,
    next_connection: Arc<AtomicU64>,
    events: broadcast::Sender<fanout::Outgoing>,
    stop: CancellationToken,
}

/// Refuses (403) any request whose Host is not this daemon (DNS rebinding).
async fn check_host(State(guard): State<Arc<Guard>>, request: Request, next: Next) -> Response {
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|value| value.to_str().ok());
    match guard.check_host(host) {
        Ok(()) => next.run(request).await,
        Err(rejection) => {
            tracing::warn!(%rejection, "refused a request");
            (StatusCode::FORBIDDEN, rejection.to_string()).into_response()
        }
    }
}

/// The WebSocket upgrade: Origin check (403), a place in the pool of connections that have not
/// identified (the longest waiting is evicted when it is full; 503 if no place frees), then the
/// connection.
async fn upgrade(
    State(app): State<App>,
    headers: HeaderMap,
    upgrade: Result<WebSocketUpgrade, axum::extract::ws::rejection::WebSocketUpgradeRejection>,
) -> Response {
    let origin = match headers.get(header::ORIGIN).map(|value| value.to_str()) {
        None => None,
        Some(Ok(origin)) => Some(origin.to_string()),
        Some(Err(_)) => {
            return (StatusCode::FORBIDDEN, "the Origin header is not text").into_response();
        }
    };
    if let Err(rejection) = app.guard.check_origin(origin.as_deref()) {
        tracing::warn!(%rejection, "refused a WebSocket upgrade");
        return (StatusCode::FORBIDDEN, rejection.to_string()).into_response();
    }
    let upgrade = match upgrade {
        Ok(upgrade) => upgrade,
        Err(rejection) => return rejection.into_response(),
    };
    if app.stop.is_cancelled() {
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            "the daemon is shutting down",
        )
            .into_response();
    }
    let Ok(live) = Arc::clone(&app.live).try_acquire_owned() else {
        return (StatusCode::SERVICE_UNAVAILABLE, "too many connections").into_response();
    };
    let number = app.next_connection.fetch_add(1, Ordering::Relaxed);
    let Some(unidentified) = app.unidentified.enter(number).await else {
        tracing::debug!("refused a connection: too many connections have not identified");
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            "too many connections are waiting to identify",
        )
            .into_response();
    };
    let context = connection::ConnectionContext {
        shared: Arc::clone(&app.shared),
        events: app.events.subscribe(),
        stop: app.stop.clone(),
        number,
        origin,
        unidentified,
    };
    // The transport limit is above the protocol's so an oversized frame is read whole and
    // refused with 1009 by the connection rather than failing inside the codec.
    let transport_limit = app.shared.limits.max_frame_bytes.saturating_mul(4);
    upgrade
        .max_message_size(transport_limit)
        .max_frame_size(transport_limit)
        .on_upgrade(move |socket| async move {
            connection::serve(socket, context).await;
            drop(live);
        })
}
