//! The loadouts watch: after any change to a character's loadouts (an in-game slot a sync or a
//! game action changed, a daemon loadout saved or deleted), every client hears the character's
//! whole list at once (`loadouts.changed`), so no one polls for them.

use crate::events::{DaemonEvent, EventBus};
use crate::store::Store;
use crate::store::model::{Change, CharacterId};
use std::collections::BTreeSet;
use std::sync::Arc;
use tokio::sync::broadcast;

/// Says [`DaemonEvent::LoadoutsChanged`] for each character whose loadouts changed, until `stop`
/// turns true.
pub async fn watch(store: Arc<Store>, bus: EventBus, stop: tokio_util::sync::CancellationToken) {
    let mut events = bus.subscribe();
    loop {
        let event = tokio::select! {
            () = stop.cancelled() => return,
            event = events.recv() => event,
        };
        let touched: BTreeSet<CharacterId> = match event {
            Ok(DaemonEvent::Inventory { changes, .. }) => changes
                .iter()
                .filter_map(|c| match &c.change {
                    Change::GameLoadout { character_id, .. } => Some(*character_id),
                    _ => None,
                })
                .collect(),
            Ok(DaemonEvent::LoadoutsTouched { character_id }) => BTreeSet::from([character_id]),
            Ok(_) | Err(broadcast::error::RecvError::Lagged(_)) => continue,
            Err(broadcast::error::RecvError::Closed) => return,
        };
        for character_id in touched {
            publish(&store, &bus, character_id);
        }
    }
}

/// Reads a character's loadouts of both kinds and says them.
fn publish(store: &Store, bus: &EventBus, character_id: CharacterId) {
    let daemon = store.loadouts(Some(character_id));
    let game = store.game_loadouts(Some(character_id));
    match (daemon, game) {
        (Ok(daemon), Ok(game)) => bus.publish(DaemonEvent::LoadoutsChanged {
            character_id,
            daemon,
            game,
        }),
        (Err(e), _) | (_, Err(e)) => {
            tracing::warn!(error = %e, "the loadouts could not be read to tell the clients");
        }
    }
}
