//! The session loop: follows the Bungie session and starts or stops the sync loop with it. A
//! sign-in (by any route) picks the account, starts a fresh store when it is another Bungie.net
//! account (announced with `reset`), installs the manifest and starts polling; a sign-out stops
//! polling at once and reports why. Nothing here calls Bungie while signed out.

use super::bungie_setup::{select_account, update_manifest};
use super::error::{RuntimeError, RuntimeResult};
use crate::bungie::Client;
use crate::bungie::auth::{EndReason, Session, SessionStatus};
use crate::bungie::manifest::ManifestStore;
use crate::events::{AppProblem, DaemonEvent, EventBus, SessionState, SignOutReason};
use crate::store::Store;
use crate::sync::engine::SyncEngine;
use crate::sync::schedule;
use std::sync::Arc;
use std::sync::atomic::{AtomicI32, Ordering};
use tokio::sync::Notify;
use tokio_util::sync::CancellationToken;

/// What the session loop drives.
pub struct SessionLoop {
    /// The Bungie session it follows.
    pub session: Arc<Session>,
    /// The Bungie client (memberships, manifest).
    pub client: Arc<Client>,
    /// The store.
    pub store: Arc<Store>,
    /// The sync engine whose poll loop it starts and stops.
    pub sync: Arc<SyncEngine>,
    /// The manifest.
    pub manifest: Arc<ManifestStore>,
    /// The event bus (`reset` announcements).
    pub bus: EventBus,
    /// The followed account's membership type, read by the move executor.
    pub membership_type: Arc<AtomicI32>,
    /// Told to try again now (a failed activation waits for it or its back-off).
    pub retry: Arc<Notify>,
}

/// A running poll loop and how to stop it.
struct Poller {
    stop: CancellationToken,
    task: tokio::task::JoinHandle<()>,
    /// The Bungie.net account it polls for.
    bungie_membership_id: i64,
}

impl Poller {
    async fn stop(self) {
        self.stop.cancel();
        let _ = self.task.await;
    }
}

/// The session state a sign-out reports.
pub fn signed_out_state(why: EndReason) -> SessionState {
    match why {
        EndReason::NotSignedIn => SessionState::SignedOut(None),
        EndReason::Expired => SessionState::SignedOut(Some(SignOutReason::Expired)),
        EndReason::Revoked => SessionState::SignedOut(Some(SignOutReason::Revoked)),
        EndReason::LoggedOut => SessionState::SignedOut(Some(SignOutReason::LoggedOut)),
        EndReason::KeyMismatch => SessionState::AppRejected(AppProblem::KeyMismatch),
    }
}

impl SessionLoop {
    /// Runs until `shutdown` is cancelled, then stops the poll loop (whose token is a child of it).
    pub async fn run(self, shutdown: CancellationToken) {
        let mut status = self.session.status();
        let mut poller: Option<Poller> = None;
        let mut failures: u32 = 0;
        loop {
            let now = status.borrow_and_update().clone();
            let mut retry_in = None;
            match now {
                SessionStatus::SignedIn {
                    bungie_membership_id,
                } => {
                    if poller
                        .as_ref()
                        .is_some_and(|p| p.bungie_membership_id != bungie_membership_id)
                        && let Some(old) = poller.take()
                    {
                        old.stop().await;
                    }
                    if poller.is_none() {
                        match self.activate(bungie_membership_id).await {
                            Ok(()) => {
                                failures = 0;
                                poller = Some(self.start_polling(bungie_membership_id, &shutdown));
                            }
                            Err(error) => {
                                failures = failures.saturating_add(1);
                                tracing::warn!(%error, "could not start following the account");
                                let state = match &error {
                                    RuntimeError::Bungie(bungie) => SyncEngine::state_for(bungie),
                                    _ => None,
                                };
                                match state {
                                    Some(state @ SessionState::AppRejected(_)) => {
                                        self.sync.set_state(state, Some(error.to_string()), None);
                                    }
                                    Some(state) => {
                                        self.sync.set_state(state, Some(error.to_string()), None);
                                        retry_in = Some(schedule::retry_interval(failures));
                                    }
                                    None => retry_in = Some(schedule::retry_interval(failures)),
                                }
                            }
                        }
                    }
                }
                SessionStatus::SignedOut { why, .. } => {
                    if let Some(old) = poller.take() {
                        old.stop().await;
                    }
                    self.sync.set_state(signed_out_state(why), None, None);
                }
            }
            let backoff = async {
                match retry_in {
                    Some(wait) => tokio::time::sleep(wait).await,
                    None => std::future::pending().await,
                }
            };
            tokio::select! {
                changed = status.changed() => if changed.is_err() { break },
                _ = self.retry.notified() => {}
                _ = backoff => {}
                () = shutdown.cancelled() => break,
            }
            if shutdown.is_cancelled() {
                break;
            }
        }
        if let Some(old) = poller.take() {
            old.stop().await;
        }
    }

    fn start_polling(&self, bungie_membership_id: i64, shutdown: &CancellationToken) -> Poller {
        let stop = shutdown.child_token();
        let task = tokio::spawn(self.sync.clone().run(stop.clone()));
        Poller {
            stop,
            task,
            bungie_membership_id,
        }
    }

    /// Makes the store and the engine follow the signed-in Bungie.net account.
    async fn activate(&self, bungie_membership_id: i64) -> RuntimeResult<()> {
        match self.store.bungie_account()? {
            Some(previous) if previous != bungie_membership_id => {
                let rev = self.store.reset_game_data(false)?;
                tracing::info!(
                    rev,
                    "signed in to another Bungie.net account: the store starts afresh"
                );
                self.sync.set_account(None);
                self.bus.publish(DaemonEvent::StoreReset { rev });
            }
            _ => {}
        }
        self.store.set_bungie_account(bungie_membership_id)?;
        let account = select_account(&self.client, &self.store).await?;
        self.membership_type
            .store(account.membership_type, Ordering::Relaxed);
        if self.sync.account().as_ref() != Some(&account) {
            self.sync.set_account(Some(account));
        }
        if let Err(e) = update_manifest(&self.client, &self.manifest, &|status| {
            self.sync.report_manifest(status)
        })
        .await
        {
            tracing::warn!(error = %e, "the manifest could not be updated; using the installed one");
        }
        Ok(())
    }
}
