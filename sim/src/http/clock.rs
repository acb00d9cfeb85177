//! The game clock task: advances the world about once a second, so characters play activities,
//! drops arrive and the player moves items in game (when `clock` is on). Game time is the wall
//! time at start plus tokio's elapsed time, so tests drive it with `tokio::time::pause()`.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, Utc};
use tokio::task::JoinHandle;

use super::state::lock;
use crate::world::World;

/// How often the world is advanced.
const TICK: Duration = Duration::from_secs(1);

/// Spawns the clock, with game time starting at `start`; abort the handle to stop it.
pub fn spawn(world: Arc<Mutex<World>>, start: DateTime<Utc>) -> JoinHandle<()> {
    tokio::spawn(async move {
        let began = tokio::time::Instant::now();
        let mut interval = tokio::time::interval(TICK);
        interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            interval.tick().await;
            let elapsed =
                chrono::TimeDelta::from_std(began.elapsed()).unwrap_or(chrono::TimeDelta::MAX);
            let now = start.checked_add_signed(elapsed).unwrap_or(start);
            let events = lock(&world).tick(now);
            for event in events {
                tracing::debug!(?event, "game clock");
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn history_counts(world: &Mutex<World>) -> Vec<serde_json::Value> {
        let state = lock(world).state_json();
        let characters = state["characters"].as_array().cloned().unwrap_or_default();
        characters
            .iter()
            .map(|c| c["historyCount"].clone())
            .collect()
    }

    #[tokio::test(start_paused = true)]
    async fn two_hours_of_game_time_finish_some_activities() {
        let world = Arc::new(Mutex::new(World::sample(3, false)));
        let before = history_counts(&world);
        let clock = spawn(Arc::clone(&world), Utc::now());
        tokio::time::sleep(Duration::from_secs(2 * 3600)).await;
        clock.abort();
        assert_ne!(
            history_counts(&world),
            before,
            "characters played in two hours"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn the_clock_stops_when_aborted() {
        let world = Arc::new(Mutex::new(World::sample(3, false)));
        let clock = spawn(Arc::clone(&world), Utc::now());
        clock.abort();
        assert!(clock.await.is_err_and(|e| e.is_cancelled()));
        let before = lock(&world).state_json();
        tokio::time::sleep(Duration::from_secs(3600)).await;
        assert_eq!(lock(&world).state_json(), before);
    }
}
