//! The menu follower: keeps a `watch` channel of the [`MenuModel`] current from the store and the
//! bus (new characters, loadouts of both kinds and pairing codes appear without a restart, read
//! again only when the bus says something changed; the sync line ages).

use super::model::{MenuModel, PairingEntry, character_entries, status_line};
use super::notifier::read_source;
use super::source::DesktopSource;
use crate::clock::SharedClock;
use crate::events::{DaemonEvent, SessionState};
use crate::store::model::{GameLoadout, Loadout};
use chrono::{DateTime, Utc};
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{broadcast, watch};

/// How often the menu is redrawn (the sync line ages, codes expire).
pub const TICK: Duration = Duration::from_secs(1);

/// How much of a client's name (it comes from outside) the menu shows.
const MAX_CLIENT_NAME: usize = 40;

/// What the follower knows between ticks.
#[derive(Default)]
struct Known {
    account: Option<String>,
    characters: Vec<super::model::CharacterEntry>,
    session: Option<SessionState>,
    last_sync: Option<DateTime<Utc>>,
    pairings: Vec<(PairingEntry, DateTime<Utc>)>,
    vault: Option<(u32, u32)>,
    farming: Option<crate::store::model::CharacterId>,
}

impl Known {
    fn model(&mut self, paused: bool, now: DateTime<Utc>) -> MenuModel {
        self.pairings.retain(|(_, expires)| *expires > now);
        let (status, sign_in) = status_line(self.session, self.last_sync, now);
        MenuModel {
            account: self
                .account
                .clone()
                .unwrap_or_else(|| "Not signed in".to_string()),
            status,
            sign_in,
            characters: self.characters.clone(),
            pairings: self.pairings.iter().map(|(p, _)| p.clone()).collect(),
            paused,
            vault: self.vault,
            farming: self.farming,
        }
    }

    fn on_event(&mut self, event: DaemonEvent, now: DateTime<Utc>) -> bool {
        match event {
            DaemonEvent::SessionChanged(state) => {
                self.session = Some(state);
                true
            }
            DaemonEvent::SyncStatus { last_sync, .. } => {
                if let Some(t) = last_sync {
                    self.last_sync = Some(t);
                }
                true
            }
            DaemonEvent::PairingRequested {
                pairing_id,
                client,
                code,
                expires_in,
            } => {
                let expires = now
                    + chrono::Duration::seconds(i64::try_from(expires_in).unwrap_or(i64::MAX / 2));
                self.pairings.push((
                    PairingEntry {
                        pairing_id,
                        client: client.chars().take(MAX_CLIENT_NAME).collect(),
                        code,
                    },
                    expires,
                ));
                false
            }
            DaemonEvent::AutomationChanged(state) => {
                self.farming = state.farming;
                true
            }
            DaemonEvent::Inventory { .. }
            | DaemonEvent::StoreReset { .. }
            | DaemonEvent::LoadoutsChanged { .. } => true,
            DaemonEvent::OperationProgress { .. }
            | DaemonEvent::ActivityStarted { .. }
            | DaemonEvent::ActivityCompleted(_)
            | DaemonEvent::PairingLocked { .. }
            | DaemonEvent::PostmasterGuarded(_)
            | DaemonEvent::StoreRepaired { .. }
            | DaemonEvent::DiskFull { .. }
            | DaemonEvent::ProgressChanged { .. }
            | DaemonEvent::LoadoutsTouched { .. } => false,
        }
    }

    async fn reread(&mut self, source: &Arc<dyn DesktopSource>) {
        let read = read_source(source, |s| {
            let characters = s.characters()?;
            let mut postmaster = HashMap::new();
            for c in &characters {
                postmaster.insert(c.id, s.postmaster_count(c.id)?);
            }
            Ok((
                s.account_name()?,
                characters,
                with_game_loadouts(s.loadouts()?, s.game_loadouts()?),
                s.last_sync()?,
                postmaster,
                s.vault_usage()?,
                s.farming()?,
            ))
        })
        .await;
        match read {
            Ok((account, characters, loadouts, last_sync, postmaster, vault, farming)) => {
                self.farming = farming;
                self.account = account;
                self.characters = character_entries(&characters, &loadouts, &postmaster);
                self.last_sync = self.last_sync.max(last_sync);
                self.vault = vault;
            }
            Err(e) => tracing::warn!(error = %e, "the tray menu could not read the store"),
        }
    }
}

/// The daemon's loadouts followed by the in-game slots, named "… (in game)" in the menu.
fn with_game_loadouts(mut loadouts: Vec<Loadout>, game: Vec<GameLoadout>) -> Vec<Loadout> {
    loadouts.extend(game.into_iter().map(|g| Loadout {
        id: g.id(),
        name: format!("{} (in game)", g.name),
        character_id: g.character_id,
        class: g.class,
        items: g.items,
        created_at: Loadout::NEVER_SAVED,
        updated_at: Loadout::NEVER_SAVED,
    }));
    loadouts
}

/// Keeps `model` current until the bus closes or nobody watches the model any more. `clock`
/// gives the time (a parameter so tests can set it).
pub async fn follow_menu(
    mut events: broadcast::Receiver<DaemonEvent>,
    source: Arc<dyn DesktopSource>,
    mut paused: watch::Receiver<bool>,
    model: watch::Sender<MenuModel>,
    clock: SharedClock,
) {
    let mut known = Known::default();
    known.reread(&source).await;
    // Everything the menu shows reaches the bus (inventory changes, loadouts of both kinds,
    // syncs, pairings): the store is read again only after one of them, never on a timer.
    let mut dirty = false;
    let mut tick = tokio::time::interval(TICK);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut paused_open = true;
    loop {
        tokio::select! {
            event = events.recv() => match event {
                Ok(event) => dirty |= known.on_event(event, clock()),
                Err(broadcast::error::RecvError::Lagged(_)) => dirty = true,
                Err(broadcast::error::RecvError::Closed) => return,
            },
            changed = paused.changed(), if paused_open => paused_open = changed.is_ok(),
            _ = tick.tick() => {
                if dirty {
                    known.reread(&source).await;
                    dirty = false;
                }
            }
            () = model.closed() => return,
        }
        let next = known.model(*paused.borrow(), clock());
        model.send_if_modified(|current| {
            let changed = *current != next;
            if changed {
                *current = next;
            }
            changed
        });
    }
}
