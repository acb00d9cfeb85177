//! The game clock task: advances the world to the wall clock about once a second, so characters
//! play activities, drops arrive and the player moves items in game (when `clock` is on).

use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::task::JoinHandle;

use super::state::lock;
use crate::sim::world::World;

/// How often the world is advanced.
const TICK: Duration = Duration::from_secs(1);

/// Spawns the clock; abort the handle to stop it.
pub fn spawn(world: Arc<Mutex<World>>) -> JoinHandle<()> {
    tokio::spawn(async move {
        let mut interval = tokio::time::interval(TICK);
        interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            interval.tick().await;
            let events = lock(&world).tick(chrono::Utc::now());
            for event in events {
                tracing::debug!(?event, "game clock");
            }
        }
    })
}
