//! A notice sink that records what would have been shown instead of sending it over D-Bus, for
//! the notifier's tests on a paused clock.

use std::sync::{Arc, Mutex};
use std::time::Duration;
use vault_raider::desktop::{BoxFuture, Notice, NoticeSink};

/// Records what would have been shown, and clicks every button a notice offers (as a player
/// would); `sign_ins` counts the sign-ins the daemon was then asked for.
#[derive(Default, Clone)]
pub struct Recorder(
    pub Arc<Mutex<Vec<Notice>>>,
    pub Arc<std::sync::atomic::AtomicUsize>,
);

impl Recorder {
    /// The sign-ins the daemon was asked for (by a notice's button).
    pub fn sign_ins(&self) -> usize {
        self.1.load(std::sync::atomic::Ordering::SeqCst)
    }

    /// The summaries shown so far, in order.
    pub fn summaries(&self) -> Vec<String> {
        let shown = self.0.lock().unwrap_or_else(|p| p.into_inner());
        shown.iter().map(|n| n.summary.clone()).collect()
    }
}

impl NoticeSink for Recorder {
    fn show<'a>(
        &'a self,
        notice: &'a Notice,
        clicked: vault_raider::desktop::sink::ClickedActions,
    ) -> BoxFuture<'a, Result<(), vault_raider::desktop::NoticeError>> {
        if let Some(action) = notice.action {
            let _ = clicked.send(action.into());
        }
        self.0
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(notice.clone());
        Box::pin(async { Ok(()) })
    }
}

impl Recorder {
    /// What was shown, once it holds `count` notices (or after 10 s of the test's clock).
    pub async fn shown(&self, count: usize) -> Vec<Notice> {
        for _ in 0..200 {
            let now = self.0.lock().unwrap_or_else(|p| p.into_inner()).clone();
            if now.len() >= count {
                return now;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        self.0.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }
}
