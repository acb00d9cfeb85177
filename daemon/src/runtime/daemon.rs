//! [`run_daemon`]: start every part of the daemon, run until shutdown, stop them in order.

use super::adapters::{BungieActions, StoreLoadouts, StoreRecorder};
use super::backend::DaemonBackend;
use super::bungie_setup::{connect_daemon, sign_in_unattended};
use super::desktop_actions::DaemonDesktop;
use super::error::RuntimeResult;
use super::pointer::{DaemonPointer, POINTER_FILE};
use super::registry::StoreClients;
use super::session_loop::SessionLoop;
use super::sign_in::SignIns;
use super::tasks::DaemonTasks;
use crate::bungie::auth::{Session, SessionStatus};
use crate::bungie::manifest::ManifestStore;
use crate::config::Config;
use crate::desktop::DesktopOptions;
use crate::events::SessionState;
use crate::events::{DaemonEvent, EventBus};
use crate::moves::Executor;
use crate::server::config::ServerConfig;
use crate::server::{ProtocolServer, Services};
use crate::store::Store;
use crate::sync::engine::SyncEngine;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicI32, AtomicUsize};
use tokio_util::sync::CancellationToken;

/// How to run the daemon.
#[derive(Debug, Clone)]
pub struct DaemonOptions {
    /// The configuration (Bungie URL and credentials, port, notifications…).
    pub config: Config,
    /// Where the store, tokens, manifest and icons live.
    pub data_dir: PathBuf,
    /// Sign in through a simulator that approves at once when signed out (demo mode).
    pub unattended_login: bool,
    /// Try the OS secret store for tokens (off in demo mode, which keeps them in its data directory).
    pub use_os_secret_store: bool,
    /// Write the pointer file the command line finds the daemon by (off in tests).
    pub write_pointer: bool,
    /// Start the tray and desktop notifications (off in tests).
    pub desktop: bool,
}

/// The parts of a running daemon that other parts (server, tray) reach.
pub struct Daemon {
    /// The store.
    pub store: Arc<Store>,
    /// The event bus.
    pub bus: EventBus,
    /// The sync engine.
    pub sync: Arc<SyncEngine>,
    /// The Bungie client.
    pub client: Arc<crate::bungie::Client>,
    /// The manifest.
    pub manifest: Arc<ManifestStore>,
    /// How many protocol clients are connected.
    pub clients_connected: Arc<AtomicUsize>,
    /// The Bungie session.
    pub session: Arc<Session>,
    /// The sign-ins in progress (and the callback listener while one waits).
    pub sign_ins: Arc<SignIns>,
}

/// A daemon that is running: its parts, its address, and how to stop it.
pub struct RunningDaemon {
    /// The parts.
    pub daemon: Daemon,
    /// The protocol port.
    pub port: u16,
    /// The overlay's address with the token it had at start (shown once on the terminal banner,
    /// never logged; `vault-raider overlay` gives the current one).
    pub overlay_url: String,
    /// The data directory (holding `admin.token`).
    pub data_dir: PathBuf,
    write_pointer: bool,
    /// Cancelled when the player asks the daemon to quit (the tray's "Quit").
    pub quit: CancellationToken,
    desktop: Option<crate::desktop::DesktopHandle>,
    /// Every task the daemon started (the session loop, the watchers beside it — manifest,
    /// automation, in-game loadouts, daily copies — and the protocol server), each stopped by a
    /// child of the daemon's token: each holds the store, so shutdown waits for them all before
    /// the data directory is free again.
    tasks: DaemonTasks,
    serving: tokio::task::JoinHandle<Result<(), crate::server::ServerError>>,
}

impl RunningDaemon {
    /// Stops polling, lets in-flight requests finish, closes every client, and waits for it all.
    pub async fn shutdown(self) {
        tracing::info!("shutting down");
        if let Some(desktop) = self.desktop {
            desktop.shutdown().await;
        }
        self.daemon.sign_ins.shutdown().await;
        self.tasks.shutdown().await;
        match self.serving.await {
            Ok(Err(e)) => tracing::warn!(error = %e, "the protocol server stopped with an error"),
            Err(e) => tracing::warn!(error = %e, "the protocol server task failed"),
            Ok(Ok(())) => {}
        }
        if self.write_pointer {
            remove_pointer(&self.data_dir);
        }
    }
}

/// Starts every part of the daemon and returns once it serves. It serves at once, signed in or
/// not: the session loop starts syncing when a session exists and stops while there is none.
pub async fn start_daemon(options: DaemonOptions) -> RuntimeResult<RunningDaemon> {
    crate::private_dir::prepare(&options.data_dir)?;
    // The one clock every part below reads the time from.
    let clock = crate::clock::system();
    let (store, repair) = super::store_open::open_store(&options.data_dir, &clock)?;
    let store = Arc::new(store);
    let bus = EventBus::new();
    let (bungie, configured) = connect_daemon(
        &options.config,
        &options.data_dir,
        options.use_os_secret_store,
        clock.clone(),
    )?;
    if options.unattended_login && configured {
        sign_in_unattended(&bungie).await?;
    }
    let manifest = Arc::new(ManifestStore::open(options.data_dir.join("manifest"))?);
    let clients_connected = Arc::new(AtomicUsize::new(0));
    let defs: Arc<dyn crate::sync::convert::Definitions + Send + Sync> = manifest.clone();
    let account = store.account()?;
    let signed_in = matches!(
        *bungie.session.status().borrow(),
        SessionStatus::SignedIn { .. }
    );
    let initial = match (configured, signed_in) {
        (false, _) => SessionState::NotConfigured,
        (true, true) => SessionState::SignedIn,
        (true, false) => SessionState::SignedOut(None),
    };
    if !configured {
        tracing::warn!("{}", initial.message());
    }
    let membership_type = Arc::new(AtomicI32::new(
        account.as_ref().map_or(0, |a| a.membership_type),
    ));
    let sync = Arc::new(
        SyncEngine::new(
            bungie.client.clone(),
            store.clone(),
            defs.clone(),
            bus.clone(),
            account,
            initial,
            clients_connected.clone(),
        )
        .with_clock(clock.clone()),
    );
    let executor = Arc::new(Executor::new(
        BungieActions {
            client: bungie.client.clone(),
            membership_type: membership_type.clone(),
        },
        StoreRecorder {
            store: store.clone(),
            bus: bus.clone(),
            sync: sync.clone(),
            labels: defs,
        },
        StoreLoadouts {
            store: store.clone(),
            bus: bus.clone(),
        },
        clock.clone(),
    ));
    let sign_ins = Arc::new(SignIns::new(
        bungie.session.clone(),
        &options.config.redirect_url,
        options.data_dir.clone(),
        configured,
    ));
    let retry = Arc::new(tokio::sync::Notify::new());
    let automation = Arc::new(super::automation::Automation::new(
        store.clone(),
        executor.clone(),
        bus.clone(),
    ));
    let backend = Arc::new(DaemonBackend {
        store: store.clone(),
        sync: sync.clone(),
        executor: executor.clone(),
        session: bungie.session.clone(),
        sign_ins: sign_ins.clone(),
        membership_type: membership_type.clone(),
        bus: bus.clone(),
        retry: retry.clone(),
        automation: automation.clone(),
        manifest: manifest.clone(),
        caches: Default::default(),
        clock: clock.clone(),
    });
    let services = Services {
        backend,
        clients: Arc::new(StoreClients(store.clone())),
        bus: bus.clone(),
        clock: clock.clone(),
    };
    let server = ProtocolServer::bind(
        ServerConfig::from_config(&options.config, options.data_dir.clone()),
        services,
    )
    .await?;
    sync.count_clients_with(server.connections());
    let port = server.port();
    let overlay_url = server.overlay_url();
    if options.write_pointer {
        write_pointer(&options.data_dir, port);
    }
    let quit = CancellationToken::new();
    // The daemon's one token: every task below runs under a child of it, the desktop's included.
    let tasks = DaemonTasks::new();
    let desktop = options.desktop.then(|| {
        let actions = Arc::new(DaemonDesktop {
            executor: executor.clone(),
            store: store.clone(),
            sync: sync.clone(),
            overlay: server.overlay_token(),
            quit: quit.clone(),
            sign_ins: sign_ins.clone(),
            automation: automation.clone(),
        });
        crate::desktop::start(
            &bus,
            actions,
            store.clone(),
            DesktopOptions::new(options.config.notifications.clone()).with_clock(clock.clone()),
            tasks.child_token(),
        )
    });
    if let Some(repair) = &repair {
        // After the desktop subscribed: the player hears of it once, as a notification.
        bus.publish(DaemonEvent::StoreRepaired {
            message: repair.describe(),
        });
    }
    let daemon = Daemon {
        store,
        bus,
        sync: sync.clone(),
        client: bungie.client.clone(),
        manifest,
        clients_connected: server.connections(),
        session: bungie.session.clone(),
        sign_ins,
    };
    let session_loop = SessionLoop {
        session: bungie.session.clone(),
        client: bungie.client.clone(),
        store: daemon.store.clone(),
        sync: sync.clone(),
        manifest: daemon.manifest.clone(),
        bus: daemon.bus.clone(),
        membership_type,
        retry,
    };
    if configured {
        tasks.spawn(|stop| session_loop.run(stop));
    }
    tasks.spawn(|stop| automation.run(stop));
    let (store, data_dir) = (daemon.store.clone(), options.data_dir.clone());
    let daily_clock = clock.clone();
    tasks.spawn(|stop| super::daily_copies::run(store, data_dir, daily_clock, stop));
    let (store, bus) = (daemon.store.clone(), daemon.bus.clone());
    tasks.spawn(|stop| super::loadouts_watch::watch(store, bus, stop));
    if configured {
        let (client, manifest) = (bungie.client.clone(), daemon.manifest.clone());
        let sync = sync.clone();
        tasks.spawn(|stop| super::manifest_watch::watch(client, manifest, sync, stop));
    }
    let routes = extra_routes(&daemon, &options.data_dir);
    let serving = tasks.spawn(|stop| server.serve(routes, stop));
    tracing::info!(
        rev = daemon.store.rev()?,
        port,
        state = initial.as_str(),
        "the daemon is running"
    );
    Ok(RunningDaemon {
        daemon,
        port,
        overlay_url,
        data_dir: options.data_dir,
        write_pointer: options.write_pointer,
        quit,
        desktop,
        tasks,
        serving,
    })
}

/// Starts the daemon, prints where it is, and runs until `shutdown` resolves.
pub async fn run_daemon(
    options: DaemonOptions,
    shutdown: impl std::future::Future<Output = ()>,
) -> RuntimeResult<()> {
    run_daemon_until(options, async {
        shutdown.await;
        None::<()>
    })
    .await
    .map(|_| ())
}

/// [`run_daemon`] until `until` resolves, handing back what it resolved with (`None` as well
/// when the player quit from the tray): how `vault-raider run` learns it should start again.
pub async fn run_daemon_until<T>(
    options: DaemonOptions,
    until: impl std::future::Future<Output = Option<T>>,
) -> RuntimeResult<Option<T>> {
    let running = start_daemon(options).await?;
    println!("  Protocol:             ws://127.0.0.1:{}/ws", running.port);
    println!("  Overlay:              {}", running.overlay_url);
    let quit = running.quit.clone();
    let outcome = tokio::select! {
        outcome = until => outcome,
        () = quit.cancelled() => {
            tracing::info!("quit from the tray");
            None
        }
    };
    running.shutdown().await;
    Ok(outcome)
}

/// The routes served beside `/ws`: the overlay's files and item icons (fetched through the
/// Bungie client, so its pacing and back-off apply, and cached in `<data_dir>/icons`).
fn extra_routes(daemon: &Daemon, data_dir: &std::path::Path) -> axum::Router {
    struct BungieIcons(Arc<crate::bungie::Client>);
    impl crate::server::icons::IconFetcher for BungieIcons {
        fn fetch(
            &self,
            path: String,
        ) -> futures_util::future::BoxFuture<'_, Result<Vec<u8>, crate::bungie::BungieError>>
        {
            Box::pin(async move { self.0.download(&path, &mut |_, _| {}).await })
        }
    }
    let icons = crate::server::icons::IconCache::new(
        data_dir.join("icons"),
        Arc::new(BungieIcons(daemon.client.clone())),
    );
    crate::server::overlay::routes().merge(crate::server::icons::routes(Arc::new(icons)))
}

/// The pointer file's path: the platform data directory, where the command line looks first.
fn pointer_path() -> Option<PathBuf> {
    Config::default()
        .data_dir()
        .map(|dir| dir.join(POINTER_FILE))
}

/// Tells the command line where this daemon is (port and data directory). Best-effort.
fn write_pointer(data_dir: &std::path::Path, port: u16) {
    let Some(path) = pointer_path() else { return };
    let pointer = DaemonPointer {
        port,
        data_dir: data_dir.to_path_buf(),
        pid: std::process::id(),
    };
    let written = pointer.write_to(&path);
    if let Err(e) = written {
        tracing::warn!(error = %e, path = %path.display(), "could not write the daemon pointer file");
    }
}

/// Removes the pointer file if it still names this process.
fn remove_pointer(data_dir: &std::path::Path) {
    let Some(path) = pointer_path() else { return };
    let ours = std::fs::read(&path)
        .ok()
        .and_then(|bytes| serde_json::from_slice::<DaemonPointer>(&bytes).ok())
        .is_some_and(|p| p.pid == std::process::id() && p.data_dir == data_dir);
    if ours && let Err(e) = std::fs::remove_file(&path) {
        tracing::warn!(error = %e, "the daemon pointer could not be removed");
    }
}
