//! The game clock task: advances the world about once a second, so characters play activities,
//! drops arrive and the player moves items in game (when `clock` is on). Game time is the wall
//! time at start plus tokio's elapsed time, so tests drive it with `tokio::time::pause()`.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, Utc};

use super::state::lock;
use crate::world::World;

/// How often the world is advanced.
const TICK: Duration = Duration::from_secs(1);

/// Runs the clock, with game time starting at `start`, for ever: the caller runs it until its
/// stop token is cancelled (`run_until_cancelled`).
pub async fn run(world: Arc<Mutex<World>>, start: DateTime<Utc>) {
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
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio_util::sync::CancellationToken;
    use tokio_util::task::TaskTracker;

    /// The clock on a task of its own under `stop`, as the simulator runs it.
    fn spawn(world: &Arc<Mutex<World>>, stop: &CancellationToken, tasks: &TaskTracker) {
        tasks.spawn(
            stop.clone()
                .run_until_cancelled_owned(run(Arc::clone(world), Utc::now())),
        );
    }

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
        let (stop, tasks) = (CancellationToken::new(), TaskTracker::new());
        spawn(&world, &stop, &tasks);
        tokio::time::sleep(Duration::from_secs(2 * 3600)).await;
        stop.cancel();
        assert_ne!(
            history_counts(&world),
            before,
            "characters played in two hours"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn the_clock_stops_when_its_token_is_cancelled() {
        let world = Arc::new(Mutex::new(World::sample(3, false)));
        let (stop, tasks) = (CancellationToken::new(), TaskTracker::new());
        spawn(&world, &stop, &tasks);
        stop.cancel();
        tasks.close();
        tasks.wait().await;
        let before = lock(&world).state_json();
        tokio::time::sleep(Duration::from_secs(3600)).await;
        assert_eq!(lock(&world).state_json(), before);
    }
}
