//! `vault-raider sim`: the simulated Bungie.net alone, until Ctrl-C.

use super::args::SimArgs;
use vault_raider_sim::{SimConfig, start};

/// Turns the command-line flags into the simulator's configuration.
pub fn sim_config(args: &SimArgs) -> SimConfig {
    SimConfig {
        port: args.port,
        api_key: args.api_key.clone(),
        client_id: args.client_id.clone(),
        client_secret: args.client_secret.clone(),
        redirect_url: args.redirect_url.clone(),
        auto_approve: args.auto_approve,
        profile: args.profile.clone(),
        vendors: args.vendors.clone(),
        clan: args.clan.is_on(),
        large: args.large,
        seed: args.seed,
        pacing: args.pacing.is_on(),
        clock: args.clock.is_on(),
        move_scope: args.scopes.split(',').any(|s| s == "move"),
        other_api_keys: args.other_api_keys.clone(),
        separate_accounts: args.accounts == super::args::AccountLayout::Separate,
        realism: args.realism.resolve(false).0,
        manifest_size_mb: args.realism.resolve(false).1,
        pgcr_delay: args.realism.pgcr_delay(),
        ..SimConfig::default()
    }
}

/// Runs the simulator and prints where it is and how to use it.
pub async fn run(args: SimArgs) -> anyhow::Result<()> {
    let config = sim_config(&args);
    let sim = start(config.clone()).await?;
    let base = sim.base_url();
    println!("Simulated Bungie.net running at {base}");
    println!("  Platform:      {base}/Platform/");
    println!(
        "  Authorize:     {base}/en/OAuth/Authorize?client_id={}&response_type=code&state=…",
        config.client_id
    );
    println!("  API key:       {}", config.api_key);
    println!("  Client id:     {}", config.client_id);
    println!("  Client secret: {}", config.client_secret);
    println!("  Redirect URL:  {}", config.redirect_url);
    println!("  Test controls: {base}/sim/state, {base}/sim/faults, {base}/sim/calls");
    println!(
        "Point the daemon at it: vault-raider run --bungie-url {base} (with BUNGIE_API_KEY, BUNGIE_CLIENT_ID, BUNGIE_CLIENT_SECRET set as above)"
    );
    println!("Press Ctrl-C to stop.");
    super::stop_signal::stop_requested().await;
    sim.shutdown().await;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::args::{Cli, Command};
    use clap::Parser;
    use std::time::Duration;

    fn parsed(flags: &[&str]) -> SimConfig {
        let cli = Cli::try_parse_from(["vault-raider", "sim"].iter().chain(flags))
            .expect("the flags parse");
        let Command::Sim(args) = cli.command else {
            panic!("not `sim`");
        };
        sim_config(&args)
    }

    #[test]
    fn the_flags_reach_the_simulator() {
        let plain = parsed(&[]);
        assert_eq!(plain.pgcr_delay, SimConfig::default().pgcr_delay);
        assert!(plain.realism.profile_lag.is_zero());
        let given = parsed(&["--pgcr-delay", "3", "--profile-lag", "2", "--large"]);
        assert_eq!(given.pgcr_delay, Duration::from_secs(3));
        assert_eq!(given.realism.profile_lag, Duration::from_secs(2));
        assert!(given.large);
    }
}
