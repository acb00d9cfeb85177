//! The notifier: follows the event bus and raises desktop notifications for what a player wants to
//! know (activities, pairing codes, loadouts, full postmasters, sign-outs, maintenance), each kind
//! switchable, bursts coalesced, "Pause notifications" honoured. A missing bus or notification
//! server is said once in the log; the daemon carries on.

use super::coalesce::{COALESCE_WINDOW, coalesce};
use super::error::DesktopError;
use super::postmaster::PostmasterWatch;
use super::sink::NoticeSink;
use super::source::DesktopSource;
use super::text::{
    Notice, NoticeKind, activity_notice, character_label, disk_full_notice, guard_notice,
    pairing_locked_notice, pairing_notice, postmaster_notice, session_notice,
    store_repaired_notice,
};
use crate::config::NotificationSettings;
use crate::events::{DaemonEvent, SessionState};
use std::sync::Arc;
use tokio::sync::{broadcast, mpsc, watch};
use tokio::time::Instant;

/// Whether `settings` wants notices of `kind`.
pub fn wanted(settings: &NotificationSettings, kind: NoticeKind) -> bool {
    match kind {
        NoticeKind::Activity => settings.activity,
        NoticeKind::Pairing => settings.pairing,
        NoticeKind::Loadout => settings.loadout,
        NoticeKind::Postmaster => settings.postmaster,
        NoticeKind::SignedOut => settings.signed_out,
        NoticeKind::Maintenance => settings.maintenance,
        NoticeKind::Storage => true,
        NoticeKind::Progress => settings.progress,
    }
}

/// Runs a blocking read of the source off the async threads.
pub async fn read_source<T: Send + 'static>(
    source: &Arc<dyn DesktopSource>,
    read: impl FnOnce(&dyn DesktopSource) -> Result<T, DesktopError> + Send + 'static,
) -> Result<T, DesktopError> {
    let source = source.clone();
    tokio::task::spawn_blocking(move || read(source.as_ref()))
        .await
        .map_err(DesktopError::ReadStopped)?
}

/// What the notifier needs besides its inputs.
pub struct Notifier {
    /// Which kinds are wanted.
    pub settings: NotificationSettings,
    /// `true` while notifications are paused.
    pub paused: watch::Receiver<bool>,
    /// The store.
    pub source: Arc<dyn DesktopSource>,
    /// Where notices are shown.
    pub sink: Arc<dyn NoticeSink>,
    /// Where the sink reports a clicked notification button.
    pub clicked: super::sink::ClickedActions,
}

/// The notifier's memory between events.
struct State {
    session: Option<SessionState>,
    postmaster: PostmasterWatch,
    pending: Vec<Notice>,
    deadline: Option<Instant>,
    check_postmaster: bool,
    sink_works: bool,
}

impl Notifier {
    /// Runs until the bus closes: `events` from the bus, `extra` notices from the tray (loadout
    /// results). The postmasters are read once at the start (a postmaster already almost full
    /// is told then).
    pub async fn run(
        self,
        mut events: broadcast::Receiver<DaemonEvent>,
        mut extra: mpsc::UnboundedReceiver<Notice>,
    ) {
        let mut state = State {
            session: None,
            postmaster: PostmasterWatch::new(),
            pending: Vec::new(),
            deadline: None,
            check_postmaster: false,
            sink_works: true,
        };
        self.check_postmasters(&mut state).await;
        let mut extra_open = true;
        loop {
            let deadline = state.deadline;
            tokio::select! {
                event = events.recv() => match event {
                    Ok(event) => self.on_event(&mut state, event).await,
                    Err(broadcast::error::RecvError::Lagged(_)) => self.mark_postmaster(&mut state),
                    Err(broadcast::error::RecvError::Closed) => break,
                },
                notice = extra.recv(), if extra_open => match notice {
                    Some(notice) => self.push(&mut state, notice),
                    None => extra_open = false,
                },
                () = sleep_until(deadline), if deadline.is_some() => self.flush(&mut state).await,
            }
        }
    }

    fn push(&self, state: &mut State, notice: Notice) {
        if !wanted(&self.settings, notice.kind) || *self.paused.borrow() {
            return;
        }
        state.pending.push(notice);
        state
            .deadline
            .get_or_insert_with(|| Instant::now() + COALESCE_WINDOW);
    }

    fn mark_postmaster(&self, state: &mut State) {
        state.check_postmaster = true;
        state
            .deadline
            .get_or_insert_with(|| Instant::now() + COALESCE_WINDOW);
    }

    async fn on_event(&self, state: &mut State, event: DaemonEvent) {
        match event {
            DaemonEvent::ActivityCompleted(activity) => {
                if !wanted(&self.settings, NoticeKind::Activity) {
                    return;
                }
                let characters = read_source(&self.source, |s| s.characters())
                    .await
                    .unwrap_or_default();
                let label = character_label(&characters, activity.character_id);
                self.push(state, activity_notice(&activity, &label));
            }
            DaemonEvent::PairingRequested {
                client,
                code,
                expires_in,
                ..
            } => self.push(state, pairing_notice(&client, &code, expires_in)),
            DaemonEvent::PairingLocked { retry_after_secs } => {
                self.push(state, pairing_locked_notice(retry_after_secs));
            }
            DaemonEvent::SessionChanged(now) => {
                if let Some(notice) = session_notice(state.session, now) {
                    self.push(state, notice);
                }
                state.session = Some(now);
            }
            DaemonEvent::Inventory { .. } | DaemonEvent::StoreReset { .. } => {
                self.mark_postmaster(state)
            }
            DaemonEvent::PostmasterGuarded(report) => {
                let characters = read_source(&self.source, |s| s.characters())
                    .await
                    .unwrap_or_default();
                let label = character_label(&characters, report.character_id);
                self.push(state, guard_notice(&label, &report));
            }
            DaemonEvent::StoreRepaired { message } => {
                self.push(state, store_repaired_notice(&message));
            }
            DaemonEvent::DiskFull { message } => self.push(state, disk_full_notice(&message)),
            DaemonEvent::ProgressChanged {
                character_id,
                changed,
                completed,
                ..
            } => {
                if completed.is_empty() || !wanted(&self.settings, NoticeKind::Progress) {
                    return;
                }
                let characters = read_source(&self.source, |s| s.characters())
                    .await
                    .unwrap_or_default();
                let label = character_label(&characters, character_id);
                for entry in changed.iter().filter(|e| completed.contains(&e.id)) {
                    self.push(state, super::progress_text::progress_notice(entry, &label));
                }
            }
            DaemonEvent::OperationProgress { .. }
            | DaemonEvent::ActivityStarted { .. }
            | DaemonEvent::SyncStatus { .. }
            | DaemonEvent::AutomationChanged(_)
            | DaemonEvent::LoadoutsTouched { .. }
            | DaemonEvent::LoadoutsChanged { .. } => {}
        }
    }

    /// Reads every character's postmaster and queues a notice for each that crossed the mark
    /// (the watch is kept current even when the notices are off or paused).
    async fn check_postmasters(&self, state: &mut State) {
        let counts = read_source(&self.source, |s| {
            let characters = s.characters()?;
            let mut counts = Vec::with_capacity(characters.len());
            for c in &characters {
                counts.push((c.id, s.postmaster_count(c.id)?));
            }
            Ok((characters, counts))
        })
        .await;
        match counts {
            Ok((characters, counts)) => {
                for (id, count) in counts {
                    if state.postmaster.observe(id, count) {
                        let label = character_label(&characters, id);
                        self.push(state, postmaster_notice(&label, count));
                    }
                }
            }
            Err(e) => tracing::warn!(error = %e, "the postmasters could not be read"),
        }
    }

    async fn flush(&self, state: &mut State) {
        if std::mem::take(&mut state.check_postmaster) {
            self.check_postmasters(state).await;
        }
        state.deadline = None;
        let pending = std::mem::take(&mut state.pending);
        if *self.paused.borrow() {
            return;
        }
        for notice in coalesce(pending) {
            match self.sink.show(&notice, self.clicked.clone()).await {
                Ok(()) if !state.sink_works => {
                    tracing::info!("desktop notifications work again");
                    state.sink_works = true;
                }
                Ok(()) => {}
                Err(e) if state.sink_works => {
                    tracing::warn!(
                        error = %e,
                        "desktop notifications cannot be shown (no session bus or no notification server); carrying on without them"
                    );
                    state.sink_works = false;
                }
                Err(e) => tracing::debug!(error = %e, "a notification was not shown"),
            }
        }
    }
}

async fn sleep_until(deadline: Option<Instant>) {
    match deadline {
        Some(deadline) => tokio::time::sleep_until(deadline).await,
        None => std::future::pending().await,
    }
}
