//! `vault-raider demo`: the simulator and the daemon in one process, signed in to a sample account
//! through the simulator's real OAuth flow (auto-approved).

use super::args::DemoArgs;
use crate::bungie::auth::store::TOKEN_FILE;
use crate::config::Config;
use crate::runtime::{DaemonOptions, run_daemon};
use vault_raider_sim::{SimConfig, start};

/// Runs the demo until Ctrl-C (or `--exit-after`).
pub async fn run(args: DemoArgs, base: &Config) -> anyhow::Result<()> {
    let sim_config = SimConfig {
        port: args.sim_port,
        auto_approve: true,
        profile: args.profile.clone(),
        vendors: args.vendors.clone(),
        clan: args.clan.is_on(),
        large: args.large,
        seed: args.seed,
        pacing: args.pacing.is_on(),
        clock: args.clock.is_on(),
        redirect_url: args
            .redirect_url
            .clone()
            .unwrap_or_else(|| format!("https://127.0.0.1:{}/callback", args.port)),
        realism: args.realism.resolve(true).0,
        manifest_size_mb: args.realism.resolve(true).1,
        pgcr_delay: args.realism.pgcr_delay(),
        separate_accounts: args.accounts == super::args::AccountLayout::Separate,
        ..SimConfig::default()
    };
    let sim = start(sim_config.clone()).await?;
    let mut config = base.clone();
    config.bungie_url = sim.base_url();
    config.api_key = Some(sim_config.api_key.clone());
    config.client_id = Some(sim_config.client_id.clone());
    config.client_secret = Some(sim_config.client_secret.clone());
    config.redirect_url = sim_config.redirect_url.clone();
    config.port = args.port;
    let (data_dir, _temp) = match &args.data_dir {
        Some(dir) => (dir.clone(), None),
        None => {
            let temp = tempfile::Builder::new()
                .prefix("vault-raider-demo-")
                .tempdir()?;
            (temp.path().to_path_buf(), Some(temp))
        }
    };
    // The simulator is new on every run and knows none of the tokens a previous run stored: sign in
    // afresh rather than start with tokens it rejects (which would leave the demo signed out).
    match std::fs::remove_file(data_dir.join(TOKEN_FILE)) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
            anyhow::bail!("cannot remove the previous run's {TOKEN_FILE}: {e}")
        }
        _ => {}
    }
    println!("Vault Raider demo");
    println!(
        "  Simulated Bungie.net: {} (controls at {}/sim/state)",
        sim.base_url(),
        sim.base_url()
    );
    println!("  Data directory:       {}", data_dir.display());
    let options = DaemonOptions {
        config,
        data_dir,
        unattended_login: true,
        use_os_secret_store: false,
        write_pointer: true,
        desktop: true,
    };
    let exit_after = args.exit_after;
    let shutdown = async move {
        match exit_after {
            Some(seconds) => {
                tokio::select! {
                    _ = tokio::time::sleep(std::time::Duration::from_secs(seconds)) => {}
                    _ = super::stop_signal::stop_requested() => {}
                }
            }
            None => super::stop_signal::stop_requested().await,
        }
    };
    let result = run_daemon(options, shutdown).await;
    sim.shutdown().await;
    Ok(result?)
}
