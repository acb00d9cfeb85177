//! `vault-raider run`: the daemon against Bungie.net (or `--bungie-url`), until Ctrl-C.

use super::args::RunArgs;
use crate::config::Config;
use crate::runtime::bungie_setup::uses_os_secret_store;
use crate::runtime::{DaemonOptions, run_daemon};

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

/// Runs the daemon until Ctrl-C, with the pointer file the other commands find it by.
pub async fn run(args: RunArgs, base: &Config) -> anyhow::Result<()> {
    let config = run_config(&args, base);
    let data_dir = config
        .data_dir()
        .ok_or_else(|| anyhow::anyhow!("no data directory: pass --data-dir"))?;
    println!("Vault Raider daemon");
    println!("  Bungie.net:           {}", config.bungie_url);
    println!("  Data directory:       {}", data_dir.display());
    let options = DaemonOptions {
        use_os_secret_store: uses_os_secret_store(&config),
        config,
        data_dir,
        unattended_login: false,
        write_pointer: true,
        desktop: true,
    };
    run_daemon(options, super::stop_signal::stop_requested()).await
}
