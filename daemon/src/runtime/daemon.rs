//! [`run_daemon`]: start every part of the daemon, run until shutdown, stop them in order.

use super::bungie_setup::{connect, select_account, sign_in_unattended, update_manifest};
use crate::bungie::manifest::ManifestStore;
use crate::config::Config;
use crate::events::EventBus;
use crate::store::Store;
use crate::sync::engine::SyncEngine;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::AtomicUsize;

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
}

/// Starts the daemon's parts and runs until `shutdown` resolves.
pub async fn run_daemon(
    options: DaemonOptions,
    shutdown: impl std::future::Future<Output = ()>,
) -> anyhow::Result<()> {
    std::fs::create_dir_all(&options.data_dir)?;
    let store = Arc::new(Store::open(&options.data_dir.join("store.redb"))?);
    let bus = EventBus::new();
    let bungie = connect(
        &options.config,
        &options.data_dir,
        options.use_os_secret_store,
    )?;
    if options.unattended_login {
        sign_in_unattended(&bungie).await?;
    }
    let account = select_account(&bungie.client, &store).await?;
    let manifest = Arc::new(ManifestStore::open(options.data_dir.join("manifest"))?);
    if let Err(e) = update_manifest(&bungie.client, &manifest, &mut |_| {}).await {
        tracing::warn!(error = %e, "the manifest could not be updated; using the installed one");
    }
    let clients_connected = Arc::new(AtomicUsize::new(0));
    let defs: Arc<dyn crate::sync::convert::Definitions + Send + Sync> = manifest.clone();
    let sync = Arc::new(SyncEngine::new(
        bungie.client.clone(),
        store.clone(),
        defs,
        bus.clone(),
        account,
        clients_connected.clone(),
    ));
    let daemon = Daemon {
        store,
        bus,
        sync: sync.clone(),
        client: bungie.client.clone(),
        manifest,
        clients_connected,
    };
    let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
    let poller = tokio::spawn(sync.clone().run(stop_rx));
    tracing::info!(rev = daemon.store.rev()?, "the daemon is running");
    shutdown.await;
    tracing::info!("shutting down");
    let _ = stop_tx.send(true);
    let _ = poller.await;
    drop(daemon);
    Ok(())
}
