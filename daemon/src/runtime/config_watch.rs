//! Notices a change of the config file while the daemon runs, so that fixing the application's
//! credentials (after `not_configured` or `app_rejected`) takes effect without the player
//! restarting anything. The file is looked at every few seconds (its size and modification
//! time); a change that loads to a different configuration is handed back, one that does not
//! load is logged once and the running configuration kept.

use crate::config::Config;
use std::path::PathBuf;
use std::time::{Duration, SystemTime};

/// How often the file is looked at.
pub const LOOK_EVERY: Duration = Duration::from_secs(2);

/// What the file looked like: its size and modification time (`None`: absent).
fn fingerprint(path: &std::path::Path) -> Option<(u64, Option<SystemTime>)> {
    let meta = std::fs::metadata(path).ok()?;
    Some((meta.len(), meta.modified().ok()))
}

/// Where the configuration comes from: the file, the environment it was loaded with, and the
/// command line's overrides applied after both.
pub struct ConfigSource {
    /// The config file.
    pub path: PathBuf,
    /// The environment variables the configuration was loaded with.
    pub env: Vec<(String, String)>,
    /// Applies the command line's flags.
    pub overrides: Box<dyn Fn(Config) -> Config + Send + Sync>,
}

impl ConfigSource {
    /// Loads the configuration as the daemon would start with it now.
    pub fn load(&self) -> Result<Config, crate::config::ConfigError> {
        Config::load(Some(&self.path), &self.env).map(|c| (self.overrides)(c))
    }

    /// Resolves with the new configuration once the file changes to one that loads and differs
    /// from `current`; never resolves otherwise.
    pub async fn changed(&self, current: &Config) -> Config {
        let mut seen = fingerprint(&self.path);
        loop {
            tokio::time::sleep(LOOK_EVERY).await;
            let now = fingerprint(&self.path);
            if now == seen {
                continue;
            }
            seen = now;
            match self.load() {
                Ok(config) if &config != current => return config,
                Ok(_) => {}
                Err(error) => tracing::warn!(
                    %error,
                    "the config file changed but cannot be used; keeping the running configuration"
                ),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn a_change_that_loads_is_handed_back_and_a_broken_one_is_not() {
        let dir = tempfile::tempdir().expect("a directory");
        let path = dir.path().join("config.toml");
        std::fs::write(&path, "port = 7420\n").expect("write");
        let source = ConfigSource {
            path: path.clone(),
            env: Vec::new(),
            overrides: Box::new(|c| c),
        };
        let current = source.load().expect("loads");
        let watching = tokio::spawn(async move { source.changed(&current).await });
        tokio::time::sleep(LOOK_EVERY / 2).await;
        // A broken file is not handed back.
        std::fs::write(&path, "port = \"not a port\"\napi_key = [").expect("write");
        tokio::time::sleep(LOOK_EVERY * 3).await;
        assert!(
            !watching.is_finished(),
            "a broken config is never handed back"
        );
        // A good one is.
        std::fs::write(
            &path,
            "port = 7420\napi_key = \"new-key\"\nclient_id = \"1\"\n",
        )
        .expect("write");
        let new = tokio::time::timeout(LOOK_EVERY * 3, watching)
            .await
            .expect("the change is noticed")
            .expect("the watch ends with it");
        assert_eq!(new.api_key.as_deref(), Some("new-key"));
    }
}
