//! [`DaemonTasks`]: the daemon's background tasks and the one way they stop. One
//! [`CancellationToken`] for the daemon; each task is handed a child of it and is tracked, so
//! [`DaemonTasks::shutdown`] cancels them all and returns only once every one has ended.

use std::future::Future;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;

/// The daemon's tasks (session loop, watchers, protocol server) and their stop token.
#[derive(Debug, Default)]
pub struct DaemonTasks {
    stop: CancellationToken,
    tracker: TaskTracker,
}

impl DaemonTasks {
    /// No tasks yet.
    pub fn new() -> DaemonTasks {
        DaemonTasks::default()
    }

    /// Spawns `task`, handing it a child of the daemon's token: it must return once that token
    /// is cancelled. Tracked: [`DaemonTasks::shutdown`] waits for it.
    pub fn spawn<F, Fut>(&self, task: F) -> JoinHandle<Fut::Output>
    where
        F: FnOnce(CancellationToken) -> Fut,
        Fut: Future + Send + 'static,
        Fut::Output: Send + 'static,
    {
        self.tracker.spawn(task(self.stop.child_token()))
    }

    /// A child of the daemon's token, for a part that keeps its own tasks (the desktop): the
    /// daemon's one cancel stops it too.
    pub fn child_token(&self) -> CancellationToken {
        self.stop.child_token()
    }

    /// Cancels every task's token and waits until each task has ended.
    pub async fn shutdown(&self) {
        self.stop.cancel();
        self.tracker.close();
        self.tracker.wait().await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::time::Duration;

    #[tokio::test]
    async fn every_task_has_ended_when_shutdown_returns() {
        let tasks = DaemonTasks::new();
        let ended = Arc::new(AtomicBool::new(false));
        let flag = ended.clone();
        // Would run for ever; on cancellation it takes a while to wind down, then says so.
        tasks.spawn(|stop| async move {
            loop {
                tokio::select! {
                    () = stop.cancelled() => break,
                    () = tokio::time::sleep(Duration::from_millis(5)) => {}
                }
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
            flag.store(true, Ordering::SeqCst);
        });
        let answer = tasks.spawn(|stop| async move {
            stop.cancelled().await;
            42
        });
        tokio::time::sleep(Duration::from_millis(20)).await;
        assert!(!ended.load(Ordering::SeqCst));
        tokio::time::timeout(Duration::from_secs(10), tasks.shutdown())
            .await
            .expect("shutdown returns");
        assert!(ended.load(Ordering::SeqCst), "shutdown waited for the task");
        assert!(answer.is_finished());
        assert_eq!(answer.await.expect("the task's result"), 42);
    }

    #[tokio::test]
    async fn a_task_spawned_after_shutdown_is_told_to_stop_at_once() {
        let tasks = DaemonTasks::new();
        tasks.shutdown().await;
        let late = tasks.spawn(|stop| async move { stop.is_cancelled() });
        assert!(late.await.expect("the task's result"));
    }
}
