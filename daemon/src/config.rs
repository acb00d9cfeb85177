//! The configuration: a TOML file in the platform config directory
//! (`~/.config/vault-raider/config.toml` on Linux) plus environment overrides
//! (`BUNGIE_API_KEY`, `BUNGIE_CLIENT_ID`, `BUNGIE_CLIENT_SECRET`, `VAULT_RAIDER_DATA_DIR`).
//!
//! A bad file is an error that names the key and the problem; it never panics. The library never
//! reads the environment itself: [`Config::load`] takes the variables as a parameter.

use serde::Deserialize;
use std::path::{Path, PathBuf};

/// The id of our own browser extension (fixed by the `key` in its manifest).
pub const OUR_EXTENSION_ID: &str = "kihckelfkjonpclbnijcicclgdclolim";

/// The default port of the companion protocol server.
pub const DEFAULT_PORT: u16 = 7420;
/// The default redirect URL: the daemon's own sign-in callback, on a port of its own (never the
/// protocol port), served only while a sign-in waits for it.
pub const DEFAULT_REDIRECT_URL: &str = "https://127.0.0.1:7443/callback";

/// The real Bungie.net.
pub const BUNGIE_URL: &str = "https://www.bungie.net";
/// Bungie's stats host, which serves post-game carnage reports.
pub const STATS_URL: &str = "https://stats.bungie.net";

/// Which desktop notifications are wanted.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct NotificationSettings {
    /// "Activity completed" with its result.
    pub activity: bool,
    /// A client asked to pair (shows the code).
    pub pairing: bool,
    /// A loadout was equipped or failed.
    pub loadout: bool,
    /// A postmaster is almost full.
    pub postmaster: bool,
    /// The Bungie session ended.
    pub signed_out: bool,
    /// Bungie maintenance began or ended.
    pub maintenance: bool,
    /// A bounty or a quest step was completed.
    pub progress: bool,
}

impl Default for NotificationSettings {
    fn default() -> Self {
        NotificationSettings {
            activity: true,
            pairing: true,
            loadout: true,
            postmaster: true,
            signed_out: true,
            maintenance: true,
            progress: true,
        }
    }
}

/// Everything the daemon can be configured with.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// Where Bungie.net is (a simulator's base URL in tests).
    pub bungie_url: String,
    /// Where Bungie's stats host is (post-game carnage reports). Unset: `https://stats.bungie.net`
    /// with the real Bungie.net, else `bungie_url` (a simulator serves both).
    pub stats_url: Option<String>,
    /// The application's API key from bungie.net/en/Application.
    pub api_key: Option<String>,
    /// The application's OAuth client id.
    pub client_id: Option<String>,
    /// The application's OAuth client secret (confidential client).
    pub client_secret: Option<String>,
    /// The redirect URL registered with the application.
    pub redirect_url: String,
    /// The port of the companion protocol server (loopback only).
    pub port: u16,
    /// Where the store, tokens, certificates and caches live.
    pub data_dir: Option<PathBuf>,
    /// Browser extensions allowed to connect (by id); each kind of id (Chromium ids, Firefox
    /// UUIDs) narrows its own kind, and a kind with none listed admits every extension of it.
    pub allowed_extension_ids: Vec<String>,
    /// Which notifications to show.
    pub notifications: NotificationSettings,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            bungie_url: BUNGIE_URL.to_string(),
            stats_url: None,
            api_key: None,
            client_id: None,
            client_secret: None,
            redirect_url: DEFAULT_REDIRECT_URL.to_string(),
            port: DEFAULT_PORT,
            data_dir: None,
            allowed_extension_ids: vec![OUR_EXTENSION_ID.to_string()],
            notifications: NotificationSettings::default(),
        }
    }
}

/// What is wrong with a configuration.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file exists but cannot be read.
    #[error("cannot read the config file {path}: {source}")]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The file is not valid TOML or has a bad key or value.
    #[error("config file {path}: {message}")]
    Parse {
        /// The file.
        path: PathBuf,
        /// The parser's message, naming the key and the problem.
        message: String,
    },
    /// A value that parses but makes no sense.
    #[error("config key `{key}`: {problem}")]
    Invalid {
        /// The key.
        key: &'static str,
        /// What is wrong with it.
        problem: String,
    },
}

impl Config {
    /// The default location of the config file, if the platform has a config directory:
    /// `~/.config/vault-raider/config.toml` on Linux,
    /// `%APPDATA%\vault-raider\vault-raider\config\config.toml` on Windows (the roaming profile:
    /// small, follows the user).
    pub fn default_path() -> Option<PathBuf> {
        directories::ProjectDirs::from("gg", "vault-raider", "vault-raider")
            .map(|dirs| dirs.config_dir().join("config.toml"))
    }

    /// Reads `path` (a missing file means the defaults), then applies `env` overrides, then checks.
    pub fn load(path: Option<&Path>, env: &[(String, String)]) -> Result<Config, ConfigError> {
        let mut config = match path {
            Some(path) if path.exists() => {
                let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
                    path: path.to_path_buf(),
                    source,
                })?;
                Config::parse(&text).map_err(|message| ConfigError::Parse {
                    path: path.to_path_buf(),
                    message,
                })?
            }
            _ => Config::default(),
        };
        config.apply_env(env);
        config.validate()?;
        Ok(config)
    }

    /// Parses TOML text; the error names the key and the problem.
    pub fn parse(text: &str) -> Result<Config, String> {
        toml::from_str(text).map_err(|e| e.to_string().trim().to_string())
    }

    /// Applies the environment overrides.
    pub fn apply_env(&mut self, env: &[(String, String)]) {
        for (key, value) in env {
            match key.as_str() {
                "BUNGIE_API_KEY" => self.api_key = Some(value.clone()),
                "BUNGIE_CLIENT_ID" => self.client_id = Some(value.clone()),
                "BUNGIE_CLIENT_SECRET" => self.client_secret = Some(value.clone()),
                "VAULT_RAIDER_DATA_DIR" => self.data_dir = Some(PathBuf::from(value)),
                _ => {}
            }
        }
    }

    /// The stats host's root: `stats_url`, or the one that goes with `bungie_url`.
    pub fn stats_root(&self) -> String {
        match &self.stats_url {
            Some(url) => url.clone(),
            None if self.bungie_url.trim_end_matches('/') == BUNGIE_URL => STATS_URL.to_string(),
            None => self.bungie_url.clone(),
        }
    }

    /// Checks values that parse but cannot work.
    pub fn validate(&self) -> Result<(), ConfigError> {
        if let Some(stats) = &self.stats_url {
            let url = url::Url::parse(stats).map_err(|e| ConfigError::Invalid {
                key: "stats_url",
                problem: format!("not a URL ({e})"),
            })?;
            if !matches!(url.scheme(), "http" | "https") {
                return Err(ConfigError::Invalid {
                    key: "stats_url",
                    problem: "must start with https:// (or http:// for a local simulator)".into(),
                });
            }
        }
        let url = url::Url::parse(&self.bungie_url).map_err(|e| ConfigError::Invalid {
            key: "bungie_url",
            problem: format!("not a URL ({e})"),
        })?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(ConfigError::Invalid {
                key: "bungie_url",
                problem: "must start with https:// (or http:// for a local simulator)".into(),
            });
        }
        let redirect = url::Url::parse(&self.redirect_url).map_err(|e| ConfigError::Invalid {
            key: "redirect_url",
            problem: format!("not a URL ({e})"),
        })?;
        if redirect.scheme() == "http" {
            return Err(ConfigError::Invalid {
                key: "redirect_url",
                problem: "Bungie refuses http:// redirect URLs; use https://".into(),
            });
        }
        if self.port == 0 {
            return Err(ConfigError::Invalid {
                key: "port",
                problem: "must be between 1 and 65535".into(),
            });
        }
        if let Some(id) = self.allowed_extension_ids.iter().find(|id| {
            id.is_empty()
                || !id.chars().all(|c| {
                    c.is_ascii_alphanumeric()
                        || c == '@'
                        || c == '.'
                        || c == '-'
                        || c == '_'
                        || c == '{'
                        || c == '}'
                })
        }) {
            return Err(ConfigError::Invalid {
                key: "allowed_extension_ids",
                problem: format!("{id:?} is not an extension id"),
            });
        }
        Ok(())
    }

    /// The data directory: the configured one, else the platform's local data directory:
    /// `~/.local/share/vault-raider` on Linux, `%LOCALAPPDATA%\vault-raider\vault-raider\data` on
    /// Windows (the store, manifest and icons are large and belong to this machine, so they stay
    /// out of the roaming profile). The daemon's pointer file, which the command line reads, lives
    /// in the default one.
    pub fn data_dir(&self) -> Option<PathBuf> {
        self.data_dir.clone().or_else(|| {
            directories::ProjectDirs::from("gg", "vault-raider", "vault-raider")
                .map(|dirs| dirs.data_local_dir().to_path_buf())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unknown_key_is_named() {
        let err = Config::parse("prot = 1\n").unwrap_err();
        assert!(err.contains("prot"), "{err}");
    }

    #[test]
    fn the_stats_host_follows_the_site_unless_set() {
        let real = Config::default();
        assert_eq!(real.stats_root(), STATS_URL);
        let sim = Config::parse("bungie_url = \"http://127.0.0.1:7421\"\n").unwrap();
        assert_eq!(sim.stats_root(), "http://127.0.0.1:7421");
        let set = Config::parse("stats_url = \"https://stats.example\"\n").unwrap();
        assert_eq!(set.stats_root(), "https://stats.example");
        let bad = Config::parse("stats_url = \"ftp://x\"\n").unwrap();
        assert!(
            bad.validate()
                .unwrap_err()
                .to_string()
                .contains("stats_url")
        );
    }

    #[test]
    fn a_wrong_type_names_the_key() {
        let err = Config::parse("port = \"seven\"\n").unwrap_err();
        assert!(err.contains("port"), "{err}");
    }

    #[test]
    fn environment_overrides_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        std::fs::write(&path, "api_key = \"from-file\"\nport = 7500\n").unwrap();
        let env = vec![
            ("BUNGIE_API_KEY".to_string(), "from-env".to_string()),
            ("VAULT_RAIDER_DATA_DIR".to_string(), "/tmp/vr".to_string()),
        ];
        let config = Config::load(Some(&path), &env).unwrap();
        assert_eq!(config.api_key.as_deref(), Some("from-env"));
        assert_eq!(config.port, 7500);
        assert_eq!(config.data_dir(), Some(PathBuf::from("/tmp/vr")));
    }

    #[test]
    fn the_default_redirect_is_the_daemons_own_callback_off_the_protocol_port() {
        let config = Config::default();
        let redirect = url::Url::parse(&config.redirect_url).unwrap();
        assert_eq!(redirect.scheme(), "https");
        assert_eq!(redirect.host_str(), Some("127.0.0.1"));
        assert_ne!(redirect.port(), Some(config.port));
        assert_ne!(redirect.port(), Some(7421), "the simulator's default port");
    }

    #[test]
    fn an_http_redirect_is_refused_with_its_key() {
        let config = Config {
            redirect_url: "http://127.0.0.1:7420/callback".into(),
            ..Config::default()
        };
        let err = config.validate().unwrap_err().to_string();
        assert!(err.contains("redirect_url"), "{err}");
    }

    #[test]
    fn a_missing_file_means_defaults() {
        let config = Config::load(Some(Path::new("/nonexistent/vr.toml")), &[]).unwrap();
        assert_eq!(config, Config::default());
    }
}
