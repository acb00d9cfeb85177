//! Keeps the manifest current while the daemon runs: checked every hour, and whenever a sync meets
//! an item whose definition is unknown (a new season's gear). A new version is installed with the
//! manifest store's atomic swap, then the sync engine re-syncs: items are re-resolved against the
//! new definitions and the changed ones pushed to every client.

use super::bungie_setup::update_manifest;
use crate::bungie::Client;
use crate::bungie::manifest::ManifestStore;
use crate::sync::engine::SyncEngine;
use std::sync::Arc;
use std::time::Duration;

/// How often the manifest is checked without a reason.
pub const HOURLY: Duration = Duration::from_secs(3600);

/// Checks the manifest hourly and when the sync engine asks, until `shutdown` is cancelled.
pub async fn watch(
    client: Arc<Client>,
    manifest: Arc<ManifestStore>,
    sync: Arc<SyncEngine>,
    shutdown: tokio_util::sync::CancellationToken,
) {
    loop {
        tokio::select! {
            _ = tokio::time::sleep(HOURLY) => {}
            _ = sync.manifest_wanted().notified() => {}
            () = shutdown.cancelled() => return,
        }
        if shutdown.is_cancelled() {
            return;
        }
        let before = manifest.version();
        match update_manifest(&client, &manifest, &|status| sync.report_manifest(status)).await {
            Ok(()) if manifest.version() != before => {
                tracing::info!(version = ?manifest.version(), "installed a new manifest; re-syncing");
                sync.wake();
            }
            Ok(()) => tracing::debug!("the manifest is current"),
            Err(error) => tracing::warn!(%error, "the manifest check failed; the next one retries"),
        }
    }
}
