//! `vault-raider run`: the daemon against Bungie.net (or `--bungie-url`), until Ctrl-C.

use super::args::RunArgs;
use crate::config::Config;
use crate::runtime::bungie_setup::uses_os_secret_store;
use crate::runtime::config_watch::ConfigSource;
use crate::runtime::{DaemonOptions, run_daemon_until};
use std::path::PathBuf;

/// The configuration with the command line's overrides applied (flags win over the file).
pub fn run_config(args: &RunArgs, base: &Config) -> Config {
    let mut config = base.clone();
    if let Some(url) = &args.bungie_url {
        config.bungie_url = url.clone();
    }
    if let Some(port) = args.port {
        config.port = port;
    }
    if let Some(dir) = &args.data_dir {
        config.data_dir = Some(dir.clone());
    }
    config
}

/// Runs the daemon until Ctrl-C (or the tray's Quit), with the pointer file the other commands
/// find it by. When the config file (`config_path`) changes to a configuration that loads and
/// differs, the daemon starts again with it in the same process: credentials fixed after
/// `not_configured` or `app_rejected` take effect with no restart by the player (clients
/// reconnect; the store, tokens and pairings stay).
pub async fn run(
    args: RunArgs,
    base: &Config,
    config_path: Option<PathBuf>,
    env: Vec<(String, String)>,
) -> anyhow::Result<()> {
    let mut config = run_config(&args, base);
    let source = config_path.map(|path| ConfigSource {
        path,
        env,
        overrides: Box::new(move |c| run_config(&args, &c)),
    });
    let stop = super::stop_signal::stop_requested();
    tokio::pin!(stop);
    println!("Vault Raider daemon");
    loop {
        let data_dir = config
            .data_dir()
            .ok_or_else(|| anyhow::anyhow!("no data directory: pass --data-dir"))?;
        println!("  Bungie.net:           {}", config.bungie_url);
        println!("  Data directory:       {}", data_dir.display());
        let options = DaemonOptions {
            use_os_secret_store: uses_os_secret_store(&config),
            config: config.clone(),
            data_dir,
            unattended_login: false,
            write_pointer: true,
            desktop: true,
        };
        let changed = async {
            match &source {
                Some(source) => source.changed(&config).await,
                None => std::future::pending().await,
            }
        };
        let until = async {
            tokio::select! {
                _ = &mut stop => None,
                new = changed => Some(new),
            }
        };
        match run_daemon_until(options, until).await? {
            Some(new) => {
                tracing::info!("the config file changed: the daemon starts again with it");
                println!("The configuration changed; starting again with it.");
                config = new;
            }
            None => return Ok(()),
        }
    }
}
