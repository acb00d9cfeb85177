//! What the daemon is doing with Bungie's manifest (the game's item definitions), as `sync.status`
//! reports it: the version, the state, and how far a download has got. Download progress arrives
//! once per read, so reports are passed on when the state changes and otherwise at most every
//! [`PROGRESS_EVERY`].

use std::time::{Duration, Instant};

/// The least time between two progress reports of one state.
pub const PROGRESS_EVERY: Duration = Duration::from_millis(250);

/// What is happening to the manifest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ManifestState {
    /// The installed version is Bungie's current one.
    Current,
    /// A new version is downloading.
    Downloading,
    /// Downloaded; being unpacked, checked and swapped in.
    Installing,
    /// The last update failed; the installed version stays in use.
    Failed,
}

/// The manifest's status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ManifestStatus {
    /// The version in use, or the one being installed.
    pub version: Option<String>,
    /// What is happening.
    pub state: ManifestState,
    /// Bytes downloaded so far.
    pub bytes: u64,
    /// The download's size, when announced.
    pub total_bytes: Option<u64>,
}

/// The latest status and when it was last passed on.
#[derive(Debug, Default)]
pub struct ManifestReports {
    latest: Option<ManifestStatus>,
    passed_on: Option<Instant>,
}

impl ManifestReports {
    /// Takes a new status at `now`; true when it should be passed on (a new state, a new
    /// version, the end of a download, or [`PROGRESS_EVERY`] since the last one).
    pub fn take(&mut self, status: ManifestStatus, now: Instant) -> bool {
        let changed = self.latest.as_ref().is_none_or(|latest| {
            latest.state != status.state
                || latest.version != status.version
                || status
                    .total_bytes
                    .is_some_and(|total| status.bytes >= total)
        });
        let due = self
            .passed_on
            .is_none_or(|at| now.duration_since(at) >= PROGRESS_EVERY);
        let unchanged = self.latest.as_ref() == Some(&status);
        self.latest = Some(status);
        if unchanged || !(changed || due) {
            return false;
        }
        self.passed_on = Some(now);
        true
    }

    /// The latest status, if any.
    pub fn latest(&self) -> Option<ManifestStatus> {
        self.latest.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn downloading(bytes: u64) -> ManifestStatus {
        ManifestStatus {
            version: Some("v2".into()),
            state: ManifestState::Downloading,
            bytes,
            total_bytes: Some(1000),
        }
    }

    #[test]
    fn progress_is_passed_on_at_most_every_quarter_second_and_every_change_of_state_at_once() {
        let mut reports = ManifestReports::default();
        let start = Instant::now();
        assert!(reports.take(downloading(0), start));
        assert!(!reports.take(downloading(10), start + Duration::from_millis(10)));
        assert!(!reports.take(downloading(20), start + Duration::from_millis(200)));
        assert!(reports.take(downloading(30), start + Duration::from_millis(260)));
        // The last byte, and the next state, at once.
        assert!(reports.take(downloading(1000), start + Duration::from_millis(270)));
        let installing = ManifestStatus {
            state: ManifestState::Installing,
            ..downloading(1000)
        };
        assert!(reports.take(installing.clone(), start + Duration::from_millis(280)));
        // The same status again is nothing new.
        assert!(!reports.take(installing.clone(), start + Duration::from_secs(5)));
        assert_eq!(reports.latest(), Some(installing));
    }
}
